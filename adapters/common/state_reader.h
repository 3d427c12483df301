// Reads one controller's licensing into the model: the native `license smart` config, the
// `cisco-smart-license:licensing/state` oper tree and (17.10.1+) the joined-AP count.
// Transport-independent; adapters add their own interpretation on top.
#pragma once

#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "adapters/transport_adapter.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

// Device errors pass through with their codes (UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED...).
// Blocks; never call it from an HTTPS client callback.
absl::StatusOr<v1::ControllerLicensing> ReadLicensing(const DeviceContext& ctx);
// The same read without blocking a thread: the GETs run one after the other on the HTTPS
// client's event loop, and `done` runs exactly once there (it must not block), or at once on the
// caller's thread when the version rules the read out. This is what lets thousands of controllers
// be read at once without a thread each.
using LicensingCallback = std::function<void(absl::StatusOr<v1::ControllerLicensing>)>;
void ReadLicensingAsync(DeviceContext ctx, LicensingCallback done);

// Fills trust, usage, platform and the oper transport type from the content of
// "cisco-smart-license:state". Exposed for tests.
void ApplyLicensingState(const nlohmann::json& state, v1::ControllerLicensing* out);

// The content of "cisco-smart-license:state" (GET licensing/state).
absl::StatusOr<nlohmann::json> GetLicensingState(const DeviceContext& ctx);

// Whether some trust code of the controller is installed: the one answer for the state's
// findings, Diagnose, the metrics' trust_installed and Watch's trust events.
bool TrustInstalled(const v1::Trust& trust);
// Whether the transport reports over HTTPS to CSSM or SSM On-Prem, so needs a trust code.
bool NeedsTrust(v1::TransportType type);

// Rules shared by AssessStatus and Diagnose (one wording each): the ACK deadline judged at
// `now` (none when no deadline is set or it is more than 14 days away), and a carried-over SLR.
std::optional<v1::Finding> AckDeadlineFinding(absl::Time now, const v1::Usage& usage);
v1::Finding SlrCarriedOverFinding();
// No trust code although the transport (smart, SSM On-Prem) needs one; the evidence quotes the last
// trust failure when there was one.
v1::Finding TrustMissingFinding(const v1::Trust& trust);
// The worst severity as a health: critical, else warning, else healthy (info counts as healthy).
v1::Health HealthOf(const google::protobuf::RepeatedPtrField<v1::Finding>& findings);

// Health and findings from the state alone (no network checks).
void AssessStatus(absl::Time now, v1::ControllerLicensing* licensing);

}  // namespace wlc::adapters
