// Builds the usual two-step transport plan: one PATCH of native license/smart with the leaves
// that differ from the controller's current config, then one config-ios-cli-rpc step for the
// lines YANG lacks. Shared by every adapter so plans read the same whatever the transport.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/transport_adapter.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

struct PlanParts {
  // Leaves of "Cisco-IOS-XE-native:smart" to merge, with the CLI lines they stand for.
  nlohmann::json native_changes = nlohmann::json::object();
  std::vector<std::string> native_cli;
  std::string native_description;
  // Lines for config-ios-cli-rpc (always sent: no read-back exists; they are idempotent).
  std::vector<std::string> cli_only;
  std::string cli_description;
};

// Adds `license smart usage interval` when the desired interval is set and differs.
void AddUsageInterval(const v1::Transport& desired, const v1::Transport& current, PlanParts* parts);

// INVALID_ARGUMENT unless usage_interval_days is 0 (the policy decides) or 1..365 (the YANG range).
absl::Status ValidateUsageInterval(const v1::Transport& desired);

// Reads the current config, lets `build` fill the parts from it, and returns the plan.
absl::StatusOr<v1::TransportPlan> BuildPlan(
    const DeviceContext& ctx, const v1::Transport& desired,
    const std::function<PlanParts(const v1::Transport& current)>& build);

}  // namespace wlc::adapters
