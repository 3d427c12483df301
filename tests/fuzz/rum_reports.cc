// RUM reports and bundles: a controller's usage file (<RUMReport><![CDATA[json]]></RUMReport>
// blocks) through adapters::ParseUsageFile and MakeUsageBundle, and a client's ACK bundle
// through adapters::ParseAckBundle and AckUdi (what ImportAcknowledgements does first).
#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/common/usage_relay.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<nlohmann::json>> reports = wlc::adapters::ParseUsageFile(input);
  if (reports.ok()) {
    // The bundle is dumped as ExportUsage does.
    wlc::adapters::MakeUsageBundle(*reports).dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace);
  }
  absl::StatusOr<std::vector<nlohmann::json>> acks = wlc::adapters::ParseAckBundle(input);
  if (acks.ok()) {
    for (const nlohmann::json& ack : *acks) wlc::adapters::AckUdi(ack);
  }
  return 0;
}
