#include "service/fleet.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "adapters/common/apply.h"
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

FleetRunOptions RunOptionsFrom(const v1::FleetOptions& options, const LicensingHandler& handler) {
  FleetRunOptions run;
  run.concurrency = options.concurrency() == 0 ? 64 : std::min<int>(options.concurrency(), 1024);
  run.per_controller = options.per_controller_timeout_ms() == 0
                           ? absl::Seconds(handler.config().request_deadline_seconds)
                           : absl::Milliseconds(options.per_controller_timeout_ms());
  run.limit = handler.fleet_limit();
  return run;
}

void SetStatus(const absl::Status& status, v1::ControllerResult* result) {
  result->set_code(static_cast<int>(status.code()));
  if (!status.ok()) result->set_message(log::Redact(status.message()));
}

namespace {

// The blocking operations' threads: exactly as many as the fan-out runs at once, so a task
// never waits for a thread.
class Workers {
 public:
  explicit Workers(size_t n) {
    for (size_t i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~Workers() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  void Submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
  }

 private:
  void Loop() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

void Count(const v1::ControllerResult& r, v1::FleetSummary* summary) {
  if (r.code() == 0) {
    summary->set_succeeded(summary->succeeded() + 1);
  } else {
    summary->set_failed(summary->failed() + 1);
    (*summary->mutable_failures_by_code())[absl::StatusCodeToString(
        static_cast<absl::StatusCode>(r.code()))]++;
  }
  if (r.has_apply() && r.apply().changed()) summary->set_changed(summary->changed() + 1);
  if (r.has_diagnosis()) {
    if (r.diagnosis().healthy()) summary->set_healthy(summary->healthy() + 1);
    for (const v1::Finding& f : r.diagnosis().findings()) {
      if (f.severity() >= v1::SEVERITY_WARNING)
        (*summary->mutable_controllers_by_cause())[f.code()]++;
    }
  }
}

v1::ControllerResult NotStarted(const ControllerConfig& target, const absl::Status& why) {
  v1::ControllerResult r;
  r.set_controller(target.name);
  SetStatus(why, &r);
  return r;
}

}  // namespace

v1::FleetSummary RunFleet(const std::vector<ControllerConfig>& targets,
                          const FleetRunOptions& options, const ControllerOp& op,
                          const std::function<void(const v1::ControllerResult&)>& emit,
                          const std::function<bool()>& cancelled) {
  const absl::Time start = absl::Now();
  v1::FleetSummary summary;
  summary.set_total(targets.size());
  const size_t concurrency =
      std::min<size_t>(std::max(1, options.concurrency), std::max<size_t>(1, targets.size()));
  // Blocking operations get their threads; asynchronous ones need none.
  std::optional<Workers> workers;
  if (!op.start) workers.emplace(concurrency);

  // Results of controllers that finished, waiting for the calling thread to emit them. The
  // completion notifies under the lock, so nothing touches these after the last one is taken.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<v1::ControllerResult> finished;
  auto complete = [&](const ControllerConfig& target, absl::Time t0, v1::ControllerResult r) {
    r.set_controller(target.name);
    r.set_duration_ms(static_cast<uint32_t>(absl::ToInt64Milliseconds(absl::Now() - t0)));
    std::lock_guard<std::mutex> lock(mu);
    finished.push_back(std::move(r));
    cv.notify_one();
  };
  auto launch = [&](const ControllerConfig& target) {
    const absl::Time t0 = absl::Now();
    const absl::Time deadline = std::min(t0 + options.per_controller, options.deadline);
    if (op.start) {
      op.start(target, deadline,
               [&complete, &target, t0](v1::ControllerResult r) { complete(target, t0, r); });
    } else {
      workers->Submit([&op, &complete, &target, t0, deadline] {
        complete(target, t0, op.run(target, deadline));
      });
    }
  };

  size_t next = 0, in_flight = 0, done = 0;
  bool stopped = false;
  auto emit_one = [&](const v1::ControllerResult& r) {
    Count(r, &summary);
    emit(r);
    ++done;
  };
  while (done < targets.size()) {
    // Start what the concurrency, the global limit and the request's deadline allow.
    while (!stopped && next < targets.size() && in_flight < concurrency) {
      if (cancelled()) {
        stopped = true;
        break;
      }
      if (absl::Now() >= options.deadline) {
        emit_one(NotStarted(targets[next++],
                            absl::DeadlineExceededError(
                                "the request's deadline passed before this controller; nothing "
                                "was sent to it")));
        continue;
      }
      if (options.limit != nullptr && !options.limit->TryAcquire()) break;
      ++in_flight;
      launch(targets[next++]);
    }
    if (stopped) {
      for (; next < targets.size(); ++next) {
        emit_one(NotStarted(targets[next],
                            absl::CancelledError("the fleet request was cancelled before this "
                                                 "controller; nothing was sent to it")));
        summary.set_cancelled(summary.cancelled() + 1);
      }
      if (done == targets.size()) break;
    }
    std::deque<v1::ControllerResult> ready;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_for(lock, std::chrono::milliseconds(in_flight == 0 ? 5 : 50),
                  [&] { return !finished.empty(); });
      ready.swap(finished);
    }
    for (const v1::ControllerResult& r : ready) {
      if (options.limit != nullptr) options.limit->Release();
      --in_flight;
      emit_one(r);
    }
  }
  summary.set_duration_ms(static_cast<uint32_t>(absl::ToInt64Milliseconds(absl::Now() - start)));
  return summary;
}

namespace {

template <typename T>
v1::ControllerResult ResultOf(const absl::StatusOr<T>& value,
                              const std::function<void(const T&, v1::ControllerResult*)>& fill) {
  v1::ControllerResult r;
  SetStatus(value.status(), &r);
  if (value.ok()) fill(*value, &r);
  return r;
}

}  // namespace

absl::Duration MaxAge(uint32_t max_age_ms) {
  return std::min(absl::Milliseconds(max_age_ms), absl::Hours(1));
}

ControllerOp ReadStateOp(const LicensingHandler& handler, absl::Duration max_age) {
  ControllerOp op;
  op.start = [&handler, max_age](const ControllerConfig& target, absl::Time deadline,
                                 ResultCallback done) {
    handler.GetLicensingStateAsync(
        target, deadline,
        [done = std::move(done)](absl::StatusOr<v1::ControllerLicensing> lic) {
          v1::ControllerResult r;
          SetStatus(lic.status(), &r);
          if (lic.ok()) *r.mutable_licensing() = *std::move(lic);
          done(std::move(r));
        },
        max_age);
  };
  return op;
}

ControllerOp PlanOp(const LicensingHandler& handler, v1::Transport desired) {
  ControllerOp op;
  op.run = [&handler, desired](const ControllerConfig& target, absl::Time deadline) {
    return ResultOf<v1::TransportPlan>(
        handler.PlanTransport(target, desired, deadline),
        [](const v1::TransportPlan& v, v1::ControllerResult* r) { *r->mutable_plan() = v; });
  };
  return op;
}

ControllerOp ApplyOp(const LicensingHandler& handler, v1::Transport desired, bool dry_run,
                     Caller caller) {
  ControllerOp op;
  op.run = [&handler, desired, dry_run, caller](const ControllerConfig& target,
                                                absl::Time deadline) {
    absl::StatusOr<v1::ApplyTransportResponse> applied =
        handler.ApplyTransport(target, desired, dry_run, deadline, caller);
    v1::ControllerResult result = ResultOf<v1::ApplyTransportResponse>(
        applied, [](const v1::ApplyTransportResponse& v, v1::ControllerResult* r) {
          *r->mutable_apply() = v;
        });
    // A failed apply still says what it changed, restored and left changed.
    if (std::optional<v1::ApplyTransportResponse> detail =
            adapters::ApplyResponseOf(applied.status())) {
      *result.mutable_apply() = std::move(*detail);
    }
    return result;
  };
  return op;
}

ControllerOp TrustOp(const LicensingHandler& handler, LicensingHandler::TrustRequest request,
                     Caller caller) {
  ControllerOp op;
  op.run = [&handler, request, caller](const ControllerConfig& target, absl::Time deadline) {
    return ResultOf<v1::Trust>(
        handler.EstablishTrust(target, request, deadline, caller),
        [](const v1::Trust& v, v1::ControllerResult* r) { *r->mutable_trust() = v; });
  };
  return op;
}

ControllerOp RelayOp(const LicensingHandler& handler, std::string upstream, Caller caller) {
  ControllerOp op;
  op.run = [&handler, upstream, caller](const ControllerConfig& target, absl::Time deadline) {
    return ResultOf<v1::RelayUsageResponse>(
        handler.RelayUsage(target, upstream, deadline, caller),
        [](const v1::RelayUsageResponse& v, v1::ControllerResult* r) { *r->mutable_relay() = v; });
  };
  return op;
}

ControllerOp DiagnoseOp(const LicensingHandler& handler,
                        LicensingHandler::DiagnoseOptions options) {
  ControllerOp op;
  op.run = [&handler, options](const ControllerConfig& target, absl::Time deadline) {
    return ResultOf<v1::Diagnosis>(
        handler.Diagnose(target, options, deadline),
        [](const v1::Diagnosis& v, v1::ControllerResult* r) { *r->mutable_diagnosis() = v; });
  };
  return op;
}

}  // namespace wlc::service
