// The apply sequence every transport adapter shares: save the `license smart` container, plan,
// run the steps (restoring the saved container when a later step fails), read back, and check
// that the controller now shows what was asked.
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "adapters/transport_adapter.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

// The content of "Cisco-IOS-XE-native:smart" (an empty object when the container is absent).
absl::StatusOr<nlohmann::json> ReadNativeSmart(const DeviceContext& ctx);

// `matches(applied)` decides whether the read-back transport is the desired one; on mismatch
// the result is ABORTED. Values with no YANG read-back (proxy, http client, url smart) are
// copied from `desired` into `applied`.
absl::StatusOr<v1::ApplyTransportResponse> ApplyPlanned(
    const DeviceContext& ctx, const TransportAdapter& adapter, const v1::Transport& desired,
    const std::function<bool(const v1::Transport& applied)>& matches);

// Lines that only config-ios-cli-rpc can carry (no YANG leaf): `ip http client source-interface`
// and `ip http client secure-trustpoint` from `desired.http_client`.
std::vector<std::string> HttpClientLines(const v1::Transport& desired);

// Checks the http_client fields' grammar and that the trustpoint fits the platform: 9800-CL has
// no SUDI (use its TP-self-signed-… trustpoint); 9800-40/80/L use CISCO_IDEVID_SUDI.
absl::Status ValidateHttpClient(const DeviceInfo& device, const v1::HttpClient& http_client);

}  // namespace wlc::adapters
