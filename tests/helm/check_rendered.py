#!/usr/bin/env python3
"""Checks the objects `helm template` rendered for one ci/*-values.yaml scenario.

Usage: check_rendered.py <rendered.yaml> <scenario> <source dir>
With python3-yaml; without it, a few grep-level checks only.
"""
import json
import re
import sys

path, scenario, src = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


try:
    import yaml
except ImportError:
    yaml = None

if yaml is None:
    for needle in ("readOnlyRootFilesystem: true", "runAsNonRoot: true", "livenessProbe:",
                   "readinessProbe:", "app.kubernetes.io/name: wlc-licensing"):
        check(needle in text, f"rendered output lacks '{needle}'")
else:
    docs = [d for d in yaml.safe_load_all(text) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
        labels = d["metadata"].get("labels", {})
        for key in ("app.kubernetes.io/name", "app.kubernetes.io/instance",
                    "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "helm.sh/chart"):
            check(key in labels, f"{d['kind']}/{d['metadata']['name']}: no label {key}")
        check(d["metadata"]["name"].startswith("wlc-licensing") or d["metadata"]["name"] == "default",
              f"{d['kind']}: name {d['metadata']['name']} not from _helpers.tpl")

    (dep,) = by_kind["Deployment"]
    pod = dep["spec"]["template"]["spec"]
    psc = pod["securityContext"]
    check(psc.get("runAsNonRoot") is True, "pod securityContext: runAsNonRoot")
    check(psc.get("seccompProfile", {}).get("type") == "RuntimeDefault", "pod seccompProfile")
    check(pod.get("automountServiceAccountToken") is False, "automountServiceAccountToken")
    (c,) = pod["containers"]
    sc = c["securityContext"]
    check(sc.get("readOnlyRootFilesystem") is True, "container readOnlyRootFilesystem")
    check(sc.get("allowPrivilegeEscalation") is False, "container allowPrivilegeEscalation")
    check("ALL" in sc.get("capabilities", {}).get("drop", []), "container drops ALL capabilities")
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    check({"grpc", "metrics"} <= set(ports), f"container ports {ports}")
    tls = scenario == "full"
    for probe in ("livenessProbe", "readinessProbe"):
        pr = c.get(probe, {})
        if tls:
            check(pr.get("tcpSocket", {}).get("port") == "grpc", f"{probe}: tcpSocket with gRPC TLS")
        else:
            check(pr.get("grpc", {}).get("port") == ports.get("grpc"), f"{probe}: grpc probe on the gRPC port")
    check(c["args"][:1] == ["--config"], "args --config")
    mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
    check(all(m.get("readOnly") for p, m in mounts.items() if p != "/tmp"), "config mounts read-only")
    check("/tmp" in mounts, "a writable /tmp (emptyDir) for the read-only root")
    check(("replicas" in dep["spec"]) != (scenario == "full"), "replicas only without HPA")

    (svc,) = by_kind["Service"]
    names = {p["name"] for p in svc["spec"]["ports"]}
    want = {"grpc", "metrics"} | ({"restconf", "syslog"} if scenario == "full" else set())
    check(names == want, f"Service ports {names}, want {want}")

    cms = {cm["metadata"]["name"]: cm for cm in by_kind["ConfigMap"]}
    cfg = json.loads(cms["wlc-licensing-config"]["data"]["config.json"])
    inv = json.loads(cms["wlc-licensing-inventory"]["data"]["inventory.json"])
    config_cc = open(f"{src}/service/config.cc", encoding="utf-8").read()
    # The config's top-level key list (the CheckKeys call that starts with grpc_listen).
    block = config_cc[config_cc.index('{"grpc_listen",'):]
    block = block[:block.index('"config")')]
    allowed = set(re.findall(r'"([a-z_]+)"', block))
    check(set(cfg) <= allowed, f"config keys not accepted by licensingd: {set(cfg) - allowed}")
    if scenario == "full":
        check(cfg.get("syslog_listen") == "0.0.0.0:5514", "syslog receiver configured")
        udp = [p for p in svc["spec"]["ports"] if p["name"] == "syslog"]
        check(udp and udp[0]["protocol"] == "UDP", "syslog Service port is UDP")
    check(cfg.get("metrics_listen", "").endswith(f":{ports.get('metrics')}"), "metrics_listen port")
    check(cfg.get("grpc_listen", "").endswith(f":{ports.get('grpc')}"), "grpc_listen port")
    check(cfg.get("inventory_file") == "/etc/wlc-licensing/inventory/inventory.json", "inventory_file")
    check(isinstance(inv.get("controllers"), list), "inventory controllers")
    for p in cfg.get("credentials_profiles", {}).values():
        check(p.startswith("/etc/wlc-licensing/secrets/"), f"profile {p} not in the Secret mount")

    if scenario == "full":
        for kind in ("HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
                     "ServiceMonitor", "PrometheusRule"):
            check(kind in by_kind, f"no {kind}")
        check("wlc-licensing-dashboard" in cms, "no dashboard ConfigMap")
        if "wlc-licensing-dashboard" in cms:
            dash = json.loads(cms["wlc-licensing-dashboard"]["data"]["wlc-licensing.json"])
            check(dash.get("uid") == "wlc-licensing", "dashboard JSON")
        if "PrometheusRule" in by_kind:
            rules = by_kind["PrometheusRule"][0]["spec"]["groups"][0]["rules"]
            check(len(rules) >= 7, "PrometheusRule rules")
        if "ServiceMonitor" in by_kind:
            eps = by_kind["ServiceMonitor"][0]["spec"]["endpoints"]
            probes = [e for e in eps if e.get("path") == "/probe"]
            check(len(probes) == len(inv["controllers"]), "one /probe endpoint per controller")
            check(all(e["params"]["target"] for e in probes), "probe target params")
            # metrics.tls + requireToken: every endpoint scrapes over mTLS with the token.
            for e in eps:
                where = f"ServiceMonitor endpoint {e.get('path')}"
                check(e.get("scheme") == "https", f"{where}: scheme https")
                tc = e.get("tlsConfig", {})
                check(tc.get("ca", {}).get("secret", {}).get("name") == "wlc-credentials",
                      f"{where}: tlsConfig.ca from existingSecret")
                check(tc.get("cert", {}).get("secret", {}).get("name") == "prometheus-wlc-client"
                      and tc.get("keySecret", {}).get("name") == "prometheus-wlc-client",
                      f"{where}: client certificate for mTLS")
                check(tc.get("serverName") == "wlc-licensing.licensing.svc", f"{where}: serverName")
                auth = e.get("authorization", {})
                check(auth.get("type") == "Bearer" and
                      auth.get("credentials") == {"name": "prometheus-wlc-token", "key": "token"},
                      f"{where}: authorization Bearer from the token Secret")
        check(cfg.get("metrics_require_token") is True, "metrics_require_token")
        check(cfg.get("probe_max_concurrent_reads") == 8, "probe_max_concurrent_reads")
        for key, file in (("metrics_tls_cert_file", "metrics.crt"), ("metrics_tls_key_file", "metrics.key"),
                          ("metrics_tls_client_ca_file", "prometheus-ca.pem")):
            check(cfg.get(key) == f"/etc/wlc-licensing/secrets/{file}", f"{key} in the Secret mount")
        check(cfg.get("device_timeout_seconds") == 15, "values.config merged into the config")
        check("tokens_file" in cfg and "grpc_tls_client_ca_file" in cfg, "tokens and mTLS files")
        vols = {v["name"]: v for v in pod["volumes"]}
        check(vols.get("secrets", {}).get("secret", {}).get("secretName") == "wlc-credentials",
              "existingSecret mounted")
    elif scenario == "no-secret":
        check("PodDisruptionBudget" not in by_kind, "PDB disabled")
        check("ServiceAccount" not in by_kind, "ServiceAccount not created")
        check(pod["serviceAccountName"] == "default", "default ServiceAccount")
    else:
        check("PodDisruptionBudget" in by_kind, "PDB on by default")
        for kind in ("ServiceMonitor", "PrometheusRule", "HorizontalPodAutoscaler", "NetworkPolicy"):
            check(kind not in by_kind, f"{kind} must be opt-in")
    if scenario != "full":
        check("metrics_require_token" not in cfg and "metrics_tls_cert_file" not in cfg,
              "metrics face open by default")
        check(cfg.get("probe_max_concurrent_reads") == 16, "probe_max_concurrent_reads default")

for f in failures:
    print(f"FAIL [{scenario}]: {f}")
if failures:
    sys.exit(1)
print(f"[{scenario}] rendered objects: ok")
