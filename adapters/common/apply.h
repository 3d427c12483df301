// The apply sequence every transport adapter shares: save what the plan may change
// (apply_restore.h), check that the deadline leaves time to apply and to restore, run the steps
// with the deadline minus the restore reserve, read back and check that the controller now
// shows what was asked; when a step or the read-back fails, put the saved configuration back
// with the reserve as the restore's own deadline.
#pragma once

#include <functional>
#include <optional>
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
//
// Codes: the adapter's validation codes (nothing sent); DEADLINE_EXCEEDED "not enough time left
// to apply and restore" before any change; a failing step's or read-back's own code, its message
// extended with what was restored and what is left changed. Every failure after planning carries
// the ApplyTransportResponse (plan, changed, restore) as a payload: ApplyResponseOf() reads it.
absl::StatusOr<v1::ApplyTransportResponse> ApplyPlanned(
    const DeviceContext& ctx, const TransportAdapter& adapter, const v1::Transport& desired,
    const std::function<bool(const v1::Transport& applied)>& matches);

// The absl::Status payload key of a failed apply's response (a serialized
// ApplyTransportResponse), named as its google.protobuf.Any type URL.
inline constexpr char kApplyResponseTypeUrl[] =
    "type.googleapis.com/wlc.licensing.v1.ApplyTransportResponse";

// `status` with `response` attached as the kApplyResponseTypeUrl payload.
absl::Status WithApplyResponse(absl::Status status, const v1::ApplyTransportResponse& response);

// The response a failed apply carries, if any (and if it parses).
std::optional<v1::ApplyTransportResponse> ApplyResponseOf(const absl::Status& status);

// Lines that only config-ios-cli-rpc can carry (no YANG leaf): `ip http client source-interface`
// and `ip http client secure-trustpoint` from `desired.http_client`.
std::vector<std::string> HttpClientLines(const v1::Transport& desired);

// Checks the http_client fields' grammar and that the trustpoint fits the platform: 9800-CL has
// no SUDI (use its TP-self-signed-… trustpoint); 9800-40/80/L use CISCO_IDEVID_SUDI.
absl::Status ValidateHttpClient(const DeviceInfo& device, const v1::HttpClient& http_client);

}  // namespace wlc::adapters
