#include "service/watch.h"

#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "adapters/common/state_reader.h"
#include "service/fleet.h"

namespace wlc::service {
namespace {

// The changes between two reads of one controller, in a fixed order.
std::vector<std::pair<v1::ChangeKind, std::string>> Diff(const v1::ControllerLicensing& before,
                                                         const v1::ControllerLicensing& after) {
  std::vector<std::pair<v1::ChangeKind, std::string>> out;
  if (before.transport().type() != after.transport().type() ||
      before.transport().url() != after.transport().url()) {
    out.push_back({v1::CHANGE_KIND_TRANSPORT_CHANGED,
                   absl::StrCat("transport ", v1::TransportType_Name(before.transport().type()),
                                " -> ", v1::TransportType_Name(after.transport().type()))});
  }
  const bool had_trust = adapters::TrustInstalled(before.trust());
  const bool has_trust = adapters::TrustInstalled(after.trust());
  if (had_trust != has_trust) {
    out.push_back({has_trust ? v1::CHANGE_KIND_TRUST_INSTALLED : v1::CHANGE_KIND_TRUST_LOST,
                   has_trust ? "trust code installed" : "trust code no longer installed"});
  }
  if (after.usage().last_report_time().seconds() > before.usage().last_report_time().seconds()) {
    out.push_back({v1::CHANGE_KIND_REPORT_SUCCEEDED, "usage report sent"});
  }
  if (after.usage().last_ack_time().seconds() > before.usage().last_ack_time().seconds()) {
    out.push_back({v1::CHANGE_KIND_ACK_RECEIVED,
                   absl::StrCat("ACK received ",
                                absl::FormatTime(
                                    absl::RFC3339_sec,
                                    absl::FromUnixSeconds(after.usage().last_ack_time().seconds()),
                                    absl::UTCTimeZone()))});
  }
  if (before.status().health() != after.status().health()) {
    out.push_back({v1::CHANGE_KIND_HEALTH_CHANGED,
                   absl::StrCat("health ", v1::Health_Name(before.status().health()), " -> ",
                                v1::Health_Name(after.status().health()))});
  }
  return out;
}

}  // namespace

std::vector<v1::WatchLicensingResponse> WatchEngine::Observe(const v1::ControllerResult& r,
                                                             absl::Time now) {
  std::vector<v1::WatchLicensingResponse> events;
  auto add = [&](v1::ChangeKind kind, const std::string& detail, const v1::ControllerLicensing* l) {
    v1::WatchLicensingResponse& e = events.emplace_back();
    e.set_controller(r.controller());
    e.set_kind(kind);
    e.mutable_time()->set_seconds(absl::ToUnixSeconds(now));
    e.set_detail(detail);
    if (l != nullptr) *e.mutable_licensing() = *l;
  };
  auto was = reachable_.find(r.controller());
  if (r.code() != 0) {
    if (was == reachable_.end() || was->second)
      add(v1::CHANGE_KIND_UNREACHABLE, r.message(), nullptr);
    reachable_[r.controller()] = false;
    return events;
  }
  auto prev = last_.find(r.controller());
  if (prev == last_.end()) {
    add(v1::CHANGE_KIND_INITIAL, "", &r.licensing());
  } else {
    if (was != reachable_.end() && !was->second) add(v1::CHANGE_KIND_REACHABLE, "", &r.licensing());
    for (const auto& [kind, detail] : Diff(prev->second, r.licensing())) {
      add(kind, detail, &r.licensing());
    }
  }
  reachable_[r.controller()] = true;
  last_[r.controller()] = r.licensing();
  return events;
}

absl::Status Watch(const LicensingHandler& handler, const v1::Selector& selector,
                   const v1::FleetOptions& options, absl::Duration interval,
                   const std::function<void(const v1::WatchLicensingResponse&)>& emit,
                   const std::function<bool()>& cancelled) {
  WatchEngine engine;
  // Watchers of the same controllers share reads: an answer half an interval old will do.
  const ControllerOp read =
      ReadStateOp(handler, options.max_age_ms() > 0 ? MaxAge(options.max_age_ms()) : interval / 2);
  while (!cancelled()) {
    const absl::Time round_start = absl::Now();
    absl::StatusOr<std::vector<ControllerConfig>> targets = ResolveSelector(selector, handler);
    if (!targets.ok()) return targets.status();
    FleetRunOptions run = RunOptionsFrom(options, handler);
    run.per_controller = std::min(run.per_controller, interval);
    RunFleet(
        *targets, run, read,
        [&](const v1::ControllerResult& r) {
          for (const v1::WatchLicensingResponse& e : engine.Observe(r, absl::Now())) emit(e);
        },
        cancelled);
    while (!cancelled() && absl::Now() < round_start + interval) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  return absl::OkStatus();
}

}  // namespace wlc::service
