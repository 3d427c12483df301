// Reads one controller's licensing into the model: the native `license smart` config, the
// `cisco-smart-license:licensing/state` oper tree and (17.10.1+) the joined-AP count.
// Transport-independent: what each transport means is its traits' (registry.h), and the state's
// findings are findings.h's AssessStatus, which ReadLicensing runs.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
// The findings rules (AssessStatus, TrustInstalled, ...) moved to findings.h; included here so
// that their callers keep compiling unchanged.
#include "adapters/common/findings.h"
#include "adapters/transport_adapter.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

// Device errors pass through with their codes (UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED...);
// FAILED_PRECONDITION for a release without SLUP (nothing is read). Blocks; never call it from an
// HTTPS client callback.
absl::StatusOr<v1::ControllerLicensing> ReadLicensing(const DeviceContext& ctx);
// The same read without blocking a thread: the GETs run one after the other on the HTTPS
// client's event loop, and `done` runs exactly once there (it must not block), or at once on the
// caller's thread when the version rules the read out. This is what lets thousands of controllers
// be read at once without a thread each.
using LicensingCallback = std::function<void(absl::StatusOr<v1::ControllerLicensing>)>;
void ReadLicensingAsync(DeviceContext ctx, LicensingCallback done);

// Fills platform, trust (ReadTrustState), reservation, usage and the last communication failure
// from the content of "cisco-smart-license:state". Exposed for tests.
void ApplyLicensingState(const nlohmann::json& state, v1::ControllerLicensing* out);

// The trust part of "cisco-smart-license:state": the one parser of it, for the model and for
// trust.cc, which compares two of them to see a trust attempt's outcome.
struct TrustState {
  v1::Trust trust;        // codes, last_result, last_failure_reason, as the model carries them
  std::string local_udi;  // "P:<pid>,S:<sn>" of state-info/udi; empty when absent
  // trust-code time-installed per key_udi as the controller wrote it (the model's Timestamp
  // keeps whole seconds; the controller writes milliseconds); "" when absent.
  std::map<std::string, std::string> install_time_by_udi;
  // registration-failed fail-time and fail-message while the registration state is failed.
  std::string fail_time;
  std::string fail_message;
};
TrustState ReadTrustState(const nlohmann::json& state);

// The content of "cisco-smart-license:state" (GET licensing/state).
absl::StatusOr<nlohmann::json> GetLicensingState(const DeviceContext& ctx);

}  // namespace wlc::adapters
