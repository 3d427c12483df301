// Moving RUM reports and ACKs for controllers that cannot reach Cisco themselves.
//
// Collect: POST /smartlic-service/close-reports closes the open measurement windows, then
// GET /smartlic-service/all-reports returns the controller's unreported reports as the usage
// file `license smart save usage unreported` writes:
// one <RUMReport><![CDATA[json]]></RUMReport> per report. Import: POST /smartlic-service/import
// with the ACK (base64). The controller's report ids are the only record: a run interrupted at
// any step is simply repeated — the upstream answers the same report set with the same poll id
// and ACK, and reports already acknowledged are no longer "unreported".
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/transport_adapter.h"
#include "adapters/upstream/upstream_client.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

struct CollectedUsage {
  std::vector<uint64_t> report_ids;
  std::vector<nlohmann::json> reports;  // one element per <RUMReport> block
};

absl::StatusOr<CollectedUsage> CollectUnreportedUsage(const DeviceContext& ctx);

// {"bundle_type":"RUM_USAGE","bundle_version":"1.0","rum_reports":[...]} (CSSM offline upload).
nlohmann::json MakeUsageBundle(const std::vector<nlohmann::json>& reports);

// Imports one ACK (an element of an ACK bundle's "acks") into the controller; returns the
// report ids it acknowledged there.
absl::StatusOr<std::vector<uint64_t>> ImportAck(const DeviceContext& ctx,
                                                const nlohmann::json& ack);

// Collect -> upload -> poll (until ctx.deadline) -> import.
absl::StatusOr<v1::RelayUsageResponse> RelayUsage(const DeviceContext& ctx,
                                                  upstream::UpstreamClient& upstream);

// Splits the <RUMReport><![CDATA[...]]></RUMReport> blocks of a usage file (a controller's, at
// most limits::kMaxBundleBytes, each report within the JSON limits). INTERNAL for a malformed file.
absl::StatusOr<std::vector<nlohmann::json>> ParseUsageFile(const std::string& content);

// The "acks" of an ACK bundle {"bundle_type":"RUM_ACK","acks":[...]} (a client's text, at most
// limits::kMaxBundleBytes and limits::kMaxJsonDepth). INVALID_ARGUMENT for anything else.
absl::StatusOr<std::vector<nlohmann::json>> ParseAckBundle(absl::string_view text);
// The product instance an ACK names ("udi"), or "" when it names none.
std::string AckUdi(const nlohmann::json& ack);

}  // namespace wlc::adapters
