// Runs a TransportPlan's steps in order against a controller and stops at the first failure.
// Saving and restoring the previous configuration around it is apply.h's job (apply_restore.h).
#pragma once

#include "absl/status/status.h"
#include "adapters/transport_adapter.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

// Returns OK, or the failing step's code with the message "step <i> of <n> (<description>)
// failed: <reason>". *sent counts the steps the controller may have applied: the completed ones,
// plus the failing one unless the controller rejected it outright. A config-ios-cli-rpc step
// that fails may have applied its first lines; a timed-out or broken call may have been applied
// after the answer was lost. Only a YANG data operation answered with a client error (4xx: the
// datastore validates the whole edit first) certainly changed nothing.
absl::Status ExecutePlan(const DeviceContext& ctx, const v1::TransportPlan& plan, int* sent);

// Builds the step that sends `lines` through Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc.
v1::PlanStep CliRpcStep(const std::string& description, const std::vector<std::string>& lines);

// Builds a PATCH of native license/smart with `smart` as the container content.
v1::PlanStep NativeSmartPatchStep(const std::string& description, const nlohmann::json& smart,
                                  const std::vector<std::string>& cli_lines);

}  // namespace wlc::adapters
