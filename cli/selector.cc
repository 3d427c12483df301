#include "cli/selector.h"

#include <set>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/fleet_interrupt.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

std::vector<FlagSpec> SelectorFlags() {
  return {
      {"selector", "LABELS", "label selector over the inventory, e.g. 'site=paris,role!=lab'"},
      {"names", "A,B", "comma-separated controller names"},
      {"all", "", "every controller of the inventory"},
      {"concurrency", "N", "controllers worked on at once (service default 64)"},
      {"per-controller-timeout", "SECONDS", "deadline per controller (service default)"},
  };
}

bool HasSelector(const ParsedArgs& args) {
  return args.Has("selector") || args.Has("names") || args.Has("all");
}

absl::StatusOr<v1::Selector> SelectorFromArgs(const ParsedArgs& args) {
  v1::Selector s;
  if (args.Has("names")) {
    for (absl::string_view name : absl::StrSplit(args.Get("names"), ',')) {
      name = absl::StripAsciiWhitespace(name);
      if (name.empty()) return absl::InvalidArgumentError("--names: empty controller name");
      s.add_names(std::string(name));
    }
  }
  s.set_labels(args.Get("selector"));
  s.set_all(args.Has("all"));
  return s;
}

absl::StatusOr<v1::FleetOptions> FleetOptionsFromArgs(const ParsedArgs& args) {
  v1::FleetOptions o;
  o.set_request_id(FleetRequestId());  // so Ctrl-C can interrupt it (fleet_interrupt.h)
  if (args.Has("concurrency")) {
    uint32_t n = 0;
    if (!absl::SimpleAtoi(args.Get("concurrency"), &n) || n == 0 || n > 1024) {
      return absl::InvalidArgumentError("--concurrency: a number from 1 to 1024");
    }
    o.set_concurrency(n);
  }
  if (args.Has("per-controller-timeout")) {
    double seconds = 0;
    if (!absl::SimpleAtod(args.Get("per-controller-timeout"), &seconds) || seconds <= 0 ||
        seconds > 3600) {
      return absl::InvalidArgumentError("--per-controller-timeout: seconds, up to 3600");
    }
    o.set_per_controller_timeout_ms(static_cast<uint32_t>(seconds * 1000));
  }
  return o;
}

bool LabelsMatch(const std::map<std::string, std::string>& labels, const std::string& selector) {
  for (absl::string_view term : absl::StrSplit(selector, ',', absl::SkipWhitespace())) {
    term = absl::StripAsciiWhitespace(term);
    size_t ne = term.find("!=");
    size_t eq = term.find('=');
    if (ne != absl::string_view::npos) {
      std::string key(absl::StripAsciiWhitespace(term.substr(0, ne)));
      std::string value(absl::StripAsciiWhitespace(term.substr(ne + 2)));
      auto it = labels.find(key);
      if (it != labels.end() && it->second == value) return false;
    } else if (eq != absl::string_view::npos) {
      std::string key(absl::StripAsciiWhitespace(term.substr(0, eq)));
      absl::string_view value = term.substr(eq + 1);
      if (absl::StartsWith(value, "=")) value.remove_prefix(1);  // "==" reads as "="
      auto it = labels.find(key);
      if (it == labels.end() || it->second != absl::StripAsciiWhitespace(value)) return false;
    } else if (labels.count(std::string(term)) == 0) {
      return false;
    }
  }
  return true;
}

int ExpectedCount(const v1::Selector& selector, const v1::ListControllersResponse& inventory) {
  std::set<std::string> chosen(selector.names().begin(), selector.names().end());
  for (const v1::ControllerSummary& c : inventory.controllers()) {
    std::map<std::string, std::string> labels(c.labels().begin(), c.labels().end());
    if (selector.all() || (!selector.labels().empty() && LabelsMatch(labels, selector.labels()))) {
      chosen.insert(c.name());
    }
  }
  for (const v1::AdHocTarget& t : selector.targets()) chosen.insert(t.name());
  return static_cast<int>(chosen.size());
}

}  // namespace wlc::cli
