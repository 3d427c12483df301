// The fleet fan-out of the core, the one every face uses (gRPC fleet RPCs, Watch, the RESTCONF
// face's list of all controllers, the metrics refresh): resolve a selector to targets once, then
// run one operation per target with bounded concurrency and a deadline each, emitting every
// result as soon as it is known. One slow or broken controller costs its own deadline and one
// slot, never the rest. Framework-free: the faces convert the emitted results; tests call it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/config.h"
#include "service/handler.h"
#include "service/in_flight_limit.h"
#include "wlc/licensing/v1/fleet.pb.h"

namespace wlc::service {

// A parsed Kubernetes-style label selector: "site=paris,role!=lab,tier".
class LabelSelector {
 public:
  // INVALID_ARGUMENT naming the bad term.
  static absl::StatusOr<LabelSelector> Parse(const std::string& text);
  bool Matches(const std::map<std::string, std::string>& labels) const;

 private:
  struct Term {
    std::string key;
    enum { kEquals, kNotEquals, kExists } op;
    std::string value;
  };
  std::vector<Term> terms_;
};

// The union of names, label matches and ad-hoc targets (validated like inventory entries), in a
// stable order without duplicates. INVALID_ARGUMENT for an empty selector or a bad term,
// NOT_FOUND for a name not in the inventory. An ad-hoc target must not carry an inventory name,
// and its address must be allowed by its credentials profile's allowed_targets
// (PERMISSION_DENIED otherwise, before any connection); resolved targets have `ad_hoc` set, so
// their connections are checked against the profile's networks too. Only operators may send
// ad-hoc targets at all (the faces check the role).
absl::StatusOr<std::vector<ControllerConfig>> ResolveSelector(const v1::Selector& selector,
                                                              const LicensingHandler& handler);

struct FleetRunOptions {
  // Controllers of this fan-out worked on at once.
  int concurrency = 64;
  // Each controller's own deadline, counted from when it starts...
  absl::Duration per_controller = absl::Seconds(60);
  // ... and never past the request's (controllers not started by then are DEADLINE_EXCEEDED).
  absl::Time deadline = absl::InfiniteFuture();
  // The global bound (null: none, for tests).
  InFlightLimit* limit = nullptr;
};

// The selector in one short line, for audit lines (at most ~512 characters).
std::string DescribeSelector(const v1::Selector& selector);

// Defaults and bounds for the request's options (concurrency 1..1024), and the core's limit.
FleetRunOptions RunOptionsFrom(const v1::FleetOptions& options, const LicensingHandler& handler);

// One operation on one controller, in one of two shapes. `done`/the return value is the
// controller's result with code/message and the model; RunFleet sets controller and duration.
//   async:    starts and returns at once; `done` runs exactly once on any thread (it never
//             blocks). Reads: thousands in flight on a few event-loop threads.
//   blocking: runs on one of the fan-out's worker threads (at most `concurrency` of them):
//             writes, trust, plans and diagnoses, whose adapters wait between steps.
using ResultCallback = std::function<void(v1::ControllerResult)>;
struct ControllerOp {
  std::function<void(const ControllerConfig& target, absl::Time deadline, ResultCallback done)>
      start;
  std::function<v1::ControllerResult(const ControllerConfig& target, absl::Time deadline)> run;
};

// Runs `op` for every target, at most options.concurrency at once (and within options.limit),
// and calls `emit` once per target, on the calling thread, in completion order. When
// `cancelled()` turns true (polled at least every 50 ms) nothing more starts: the controllers in
// flight finish and are emitted, the others are emitted CANCELLED ("nothing was sent to it") and
// counted in the summary's `cancelled`. The summary counts successes, failures by code, changed
// controllers (apply), and for diagnoses the healthy ones and the controllers per cause.
v1::FleetSummary RunFleet(const std::vector<ControllerConfig>& targets,
                          const FleetRunOptions& options, const ControllerOp& op,
                          const std::function<void(const v1::ControllerResult&)>& emit,
                          const std::function<bool()>& cancelled);

// Fills code/message of a result from a status (message redacted).
void SetStatus(const absl::Status& status, v1::ControllerResult* result);

// The core's operations as fleet operations (service/handler.h says what each does).
// Reads accept answers up to `max_age` old (service/shared_reads.h).
ControllerOp ReadStateOp(const LicensingHandler& handler,
                         absl::Duration max_age = absl::ZeroDuration());  // async
// A request's max_age_ms as a duration (at most one hour).
absl::Duration MaxAge(uint32_t max_age_ms);
ControllerOp PlanOp(const LicensingHandler& handler, v1::Transport desired);
ControllerOp ApplyOp(const LicensingHandler& handler, v1::Transport desired, bool dry_run,
                     Caller caller);
ControllerOp TrustOp(const LicensingHandler& handler, LicensingHandler::TrustRequest request,
                     Caller caller);
ControllerOp RelayOp(const LicensingHandler& handler, std::string upstream, Caller caller);
ControllerOp DiagnoseOp(const LicensingHandler& handler, LicensingHandler::DiagnoseOptions options);

}  // namespace wlc::service
