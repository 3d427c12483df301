// Runs a TransportPlan's steps in order against a controller. When a step fails after an
// earlier one changed the device, the `license smart` config saved before the first step is
// put back (PUT of the saved container) so the controller is never left half-configured.
// Lines sent through config-ios-cli-rpc that have no YANG read-back (proxy, url smart) cannot be
// restored that way; the error says so.
#pragma once

#include "absl/status/status.h"
#include "adapters/transport_adapter.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

// `saved_native_smart` is the content of "Cisco-IOS-XE-native:smart" read before the plan.
// Returns the failing step's status, its message extended with the step number and whether
// the restore succeeded.
absl::Status ExecutePlan(const DeviceContext& ctx, const v1::TransportPlan& plan,
                         const nlohmann::json& saved_native_smart);

// Builds the step that sends `lines` through Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc.
v1::PlanStep CliRpcStep(const std::string& description, const std::vector<std::string>& lines);

// Builds a PATCH of native license/smart with `smart` as the container content.
v1::PlanStep NativeSmartPatchStep(const std::string& description, const nlohmann::json& smart,
                                  const std::vector<std::string>& cli_lines);

}  // namespace wlc::adapters
