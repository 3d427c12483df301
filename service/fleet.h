// Fleet fan-out: resolve a selector to controllers, then run one operation per controller with
// bounded concurrency and a deadline each, emitting every result as soon as it is known. One slow
// or broken controller costs its own deadline and one worker, never the rest. Framework-free:
// the gRPC face streams the emitted results; tests call it directly.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/config.h"
#include "service/handler.h"
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
  int concurrency = 64;
  absl::Duration per_controller = absl::Seconds(60);
};

// Defaults and bounds for the request's options (concurrency 1..1024).
// The selector in one short line, for audit lines (at most ~512 characters).
std::string DescribeSelector(const v1::Selector& selector);

FleetRunOptions RunOptionsFrom(const v1::FleetOptions& options, const Config& config);

using ControllerOp =
    std::function<v1::ControllerResult(const ControllerConfig& target, absl::Time deadline)>;

// Runs `op` for every target; `emit` is called once per target (serialized, any thread);
// targets not started when `cancelled()` turns true are reported CANCELLED.
v1::FleetSummary RunFleet(const std::vector<ControllerConfig>& targets,
                          const FleetRunOptions& options, const ControllerOp& op,
                          const std::function<void(const v1::ControllerResult&)>& emit,
                          const std::function<bool()>& cancelled);

// Fills code/message of a result from a status (message redacted).
void SetStatus(const absl::Status& status, v1::ControllerResult* result);

}  // namespace wlc::service
