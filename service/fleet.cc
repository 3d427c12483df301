#include "service/fleet.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "adapters/common/cli_grammar.h"
#include "adapters/common/input_limits.h"
#include "observability/logging.h"

namespace wlc::service {

absl::StatusOr<LabelSelector> LabelSelector::Parse(const std::string& text) {
  if (absl::Status s = limits::CheckLength("label selector", text, limits::kMaxSelectorLength);
      !s.ok()) {
    return s;
  }
  LabelSelector sel;
  for (absl::string_view raw : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    absl::string_view term = absl::StripAsciiWhitespace(raw);
    if (sel.terms_.size() == limits::kMaxSelectorTerms) {
      return absl::InvalidArgumentError(
          absl::StrCat("label selector has more than ", limits::kMaxSelectorTerms, " terms"));
    }
    Term t;
    size_t ne = term.find("!=");
    size_t eq = term.find('=');
    if (ne != absl::string_view::npos) {
      t.key = std::string(absl::StripAsciiWhitespace(term.substr(0, ne)));
      t.value = std::string(absl::StripAsciiWhitespace(term.substr(ne + 2)));
      t.op = Term::kNotEquals;
    } else if (eq != absl::string_view::npos) {
      t.key = std::string(absl::StripAsciiWhitespace(term.substr(0, eq)));
      absl::string_view v = term.substr(eq + 1);
      absl::ConsumePrefix(&v, "=");  // "==" is accepted as "="
      t.value = std::string(absl::StripAsciiWhitespace(v));
      t.op = Term::kEquals;
    } else {
      t.key = std::string(term);
      t.op = Term::kExists;
    }
    if (t.key.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("label selector term '", limits::QuotePrefix(term), "' has no key"));
    }
    if (t.key.size() > limits::kMaxLabelLength || t.value.size() > limits::kMaxLabelLength) {
      return absl::InvalidArgumentError(
          absl::StrCat("label selector term '", limits::QuotePrefix(term),
                       "': keys and values have at most ", limits::kMaxLabelLength, " bytes"));
    }
    for (char c : t.key + t.value) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
          c != '/') {
        return absl::InvalidArgumentError(absl::StrCat("label selector term '",
                                                       limits::QuotePrefix(term),
                                                       "': keys and values are [A-Za-z0-9._/-]"));
      }
    }
    sel.terms_.push_back(std::move(t));
  }
  return sel;
}

bool LabelSelector::Matches(const std::map<std::string, std::string>& labels) const {
  for (const Term& t : terms_) {
    auto it = labels.find(t.key);
    switch (t.op) {
      case Term::kExists:
        if (it == labels.end()) return false;
        break;
      case Term::kEquals:
        if (it == labels.end() || it->second != t.value) return false;
        break;
      case Term::kNotEquals:
        if (it != labels.end() && it->second == t.value) return false;
        break;
    }
  }
  return true;
}

absl::StatusOr<std::vector<ControllerConfig>> ResolveSelector(const v1::Selector& selector,
                                                              const LicensingHandler& handler) {
  if (!selector.all() && selector.names().empty() && selector.labels().empty() &&
      selector.targets().empty()) {
    return absl::InvalidArgumentError(
        "selector is empty: give names, labels, targets or all (an empty selector selects "
        "nothing)");
  }
  std::vector<ControllerConfig> out;
  std::set<std::string> seen;
  std::shared_ptr<const std::vector<ControllerConfig>> inventory = handler.Inventory();
  auto add = [&](const ControllerConfig& c) {
    if (seen.insert(c.name).second) out.push_back(c);
  };
  for (const std::string& name : selector.names()) {
    absl::StatusOr<ControllerConfig> c = handler.Lookup(name);
    if (!c.ok()) return c.status();
    add(*c);
  }
  if (selector.all() || !selector.labels().empty()) {
    absl::StatusOr<LabelSelector> labels = LabelSelector::Parse(selector.labels());
    if (!labels.ok()) return labels.status();
    for (const ControllerConfig& c : *inventory) {
      if (labels->Matches(c.labels)) add(c);
    }
  }
  for (const v1::AdHocTarget& t : selector.targets()) {
    // Validated exactly like an inventory entry (name, address grammar, known profile, version).
    nlohmann::json entry = {{"name", t.name()},
                            {"address", t.address()},
                            {"credentials_profile", t.credentials_profile()}};
    if (!t.software_version().empty()) entry["software_version"] = t.software_version();
    if (!t.platform().empty()) entry["platform"] = t.platform();
    absl::StatusOr<ControllerConfig> c = ParseControllerEntry(entry, handler.config(), "target");
    if (!c.ok()) return c.status();
    if (handler.Lookup(c->name).ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "target '", c->name, "' has the name of an inventory controller: select it by name"));
    }
    // Refused before any connection: the profile goes only where its allowed_targets say.
    const device::CredentialsProfile& profile =
        handler.config().profiles.at(c->credentials_profile);
    if (profile.allowed_targets.empty()) {
      return absl::PermissionDeniedError(absl::StrCat(
          "target '", c->name, "': credentials profile '", c->credentials_profile,
          "' has no allowed_targets, so it is only sent to the inventory's controllers"));
    }
    if (absl::Status s = profile.allowed_targets.CheckTarget(c->host); !s.ok()) {
      return absl::PermissionDeniedError(
          absl::StrCat("target '", c->name, "' (", c->host, "): ", s.message(), " (profile '",
                       c->credentials_profile, "'); nothing was sent"));
    }
    c->ad_hoc = true;
    add(*c);
  }
  return out;
}

std::string DescribeSelector(const v1::Selector& selector) {
  std::vector<std::string> parts;
  if (selector.all()) parts.push_back("all");
  for (const std::string& name : selector.names()) parts.push_back(name);
  if (!selector.labels().empty()) parts.push_back(absl::StrCat("labels:", selector.labels()));
  for (const v1::AdHocTarget& t : selector.targets()) {
    parts.push_back(absl::StrCat("target:", t.name(), "@", t.address()));
  }
  std::string text = absl::StrJoin(parts, ",");
  // An audit line names the request, it does not repeat a huge one.
  constexpr size_t kMax = 512;
  if (text.size() > kMax)
    text = absl::StrCat(text.substr(0, kMax), "... (", parts.size(), " terms)");
  return text;
}

FleetRunOptions RunOptionsFrom(const v1::FleetOptions& options, const Config& config) {
  FleetRunOptions run;
  run.concurrency = options.concurrency() == 0 ? 64 : std::min<int>(options.concurrency(), 1024);
  run.per_controller = options.per_controller_timeout_ms() == 0
                           ? absl::Seconds(config.request_deadline_seconds)
                           : absl::Milliseconds(options.per_controller_timeout_ms());
  return run;
}

void SetStatus(const absl::Status& status, v1::ControllerResult* result) {
  result->set_code(static_cast<int>(status.code()));
  if (!status.ok()) result->set_message(log::Redact(status.message()));
}

v1::FleetSummary RunFleet(const std::vector<ControllerConfig>& targets,
                          const FleetRunOptions& options, const ControllerOp& op,
                          const std::function<void(const v1::ControllerResult&)>& emit,
                          const std::function<bool()>& cancelled) {
  const absl::Time start = absl::Now();
  std::atomic<size_t> next{0};
  std::mutex mu;
  v1::FleetSummary summary;
  summary.set_total(targets.size());
  auto record = [&](const v1::ControllerResult& r) {
    std::lock_guard<std::mutex> lock(mu);
    if (r.code() == 0) {
      summary.set_succeeded(summary.succeeded() + 1);
    } else {
      summary.set_failed(summary.failed() + 1);
      (*summary.mutable_failures_by_code())[absl::StatusCodeToString(
          static_cast<absl::StatusCode>(r.code()))]++;
    }
    emit(r);
  };
  auto worker = [&] {
    for (size_t i = next++; i < targets.size(); i = next++) {
      v1::ControllerResult r;
      if (cancelled()) {
        r.set_controller(targets[i].name);
        SetStatus(absl::CancelledError("the fleet request was cancelled before this controller"),
                  &r);
      } else {
        const absl::Time t0 = absl::Now();
        r = op(targets[i], t0 + options.per_controller);
        r.set_controller(targets[i].name);
        r.set_duration_ms(static_cast<uint32_t>(absl::ToInt64Milliseconds(absl::Now() - t0)));
      }
      record(r);
    }
  };
  const size_t n = std::min<size_t>(std::max(1, options.concurrency), targets.size());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) threads.emplace_back(worker);
  if (n > 0) worker();
  for (std::thread& t : threads) t.join();
  summary.set_duration_ms(static_cast<uint32_t>(absl::ToInt64Milliseconds(absl::Now() - start)));
  return summary;
}

}  // namespace wlc::service
