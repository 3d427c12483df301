#!/usr/bin/env python3
"""Every PromQL expression in the Grafana dashboard and the alert rules uses only metric names
that licensingd exports (taken from the metric names in observability/*.cc and service/metrics/*.cc), and the dashboard
is valid JSON with a `controller` template variable.

Usage: promql_names_test.py <source dir>
"""
import glob
import json
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "."

KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
    "offset", "bool", "inf", "nan", "le",
    # aggregation operators (may be followed by "by (...)" before their parenthesis)
    "sum", "count", "avg", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk",
    "quantile", "count_values",
}


def exported_names():
    names = set()
    histograms = set()
    # The service's own families (observability/) and the Prometheus face's series (service/metrics/).
    for path in (glob.glob(os.path.join(SRC, "observability", "*.cc")) +
                 glob.glob(os.path.join(SRC, "service", "metrics", "*.cc"))):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r'"(wlc_licensing_[a-z0-9_]+)"', text):
            names.add(m.group(1))
        for m in re.finditer(r'BuildHistogram\(\)\s*\.Name\("([a-z0-9_]+)"\)', text):
            histograms.add(m.group(1))
    for h in histograms:
        names |= {h + "_bucket", h + "_sum", h + "_count"}
    return names


def metric_names(expr):
    """Identifiers in `expr` that are metric names (not functions, keywords or labels)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)            # string literals
    e = re.sub(r"\{[^}]*\}", "", e)                         # label matchers
    e = re.sub(r"\[[^\]]*\]", "", e)                        # range selectors
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", r"\1", e)
    e = re.sub(r"\$\{?\w+\}?", "", e)                       # dashboard variables
    e = re.sub(r"\b\d+(\.\d+)?([eE][+-]?\d+)?\b", "", e)    # numbers
    out = set()
    for m in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", e):
        word = m.group(0)
        rest = e[m.end():].lstrip()
        if rest.startswith("("):
            continue  # a function or aggregation
        if word.lower() in KEYWORDS:
            continue
        out.add(word)
    return out


def dashboard_exprs(dash):
    exprs = []

    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                if t.get("expr"):
                    exprs.append((p.get("title", "?"), t["expr"]))
            walk(p.get("panels", []))

    walk(dash.get("panels", []))
    return exprs


def alert_exprs(path):
    # A small reader for our own alerts.yml layout (no PyYAML needed): "expr:" scalars,
    # inline or folded (">-") over the following more-indented lines.
    exprs = []
    lines = open(path, encoding="utf-8").read().splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)expr:\s*(.*)$", lines[i])
        if m:
            indent, value = len(m.group(1)), m.group(2).strip()
            if value in (">-", ">", "|", "|-"):
                parts = []
                i += 1
                while i < len(lines) and (not lines[i].strip() or
                                          len(lines[i]) - len(lines[i].lstrip()) > indent):
                    parts.append(lines[i].strip())
                    i += 1
                exprs.append(" ".join(parts))
                continue
            exprs.append(value.strip("'\""))
        i += 1
    return exprs


def main():
    names = exported_names()
    assert "wlc_licensing_report_success" in names, "no metric names found in observability/ and service/metrics/"
    failures = []

    dash_path = os.path.join(SRC, "observability", "grafana", "wlc-licensing.json")
    dash = json.load(open(dash_path, encoding="utf-8"))
    variables = {v["name"] for v in dash.get("templating", {}).get("list", [])}
    if "controller" not in variables:
        failures.append("dashboard: no 'controller' template variable")
    exprs = dashboard_exprs(dash)
    if len(exprs) < 10:
        failures.append(f"dashboard: only {len(exprs)} expressions")
    for title, expr in exprs:
        for n in metric_names(expr) - names:
            failures.append(f"dashboard panel '{title}': unknown metric '{n}' in {expr}")

    rules = alert_exprs(os.path.join(SRC, "observability", "prometheus", "alerts.yml"))
    if len(rules) < 6:
        failures.append(f"alerts.yml: only {len(rules)} expressions")
    for expr in rules:
        for n in metric_names(expr) - names:
            failures.append(f"alerts.yml: unknown metric '{n}' in {expr}")

    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print(f"ok: {len(exprs)} dashboard and {len(rules)} alert expressions use only the "
          f"{len(names)} exported names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
