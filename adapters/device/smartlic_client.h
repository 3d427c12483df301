// SmartlicClient: the IOS-XE SLP REST API (`https://<controller>/smartlic-service/*`, basic auth)
// that moves RUM reports and ACKs as base64 data: all-reports (unreported reports, closing the
// open ones), list, days/<n>, close-reports, import. Answers are JSON
// {"status":"SUCCESS"|"FAILURE", ...}; HTTP codes map like RESTCONF
// (RestconfClient::StatusFromHttp), and a FAILURE body's message is quoted.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "adapters/device/device_call_observer.h"
#include "adapters/device/https_client.h"
#include "adapters/device/restconf_client.h"
#include "nlohmann/json.hpp"

namespace wlc::device {

class SmartlicClient {
 public:
  // Every Get and Post is reported to `observer` (null: none) as DeviceApi::kSmartlic; it must
  // outlive this client.
  explicit SmartlicClient(HttpsClient* http, DeviceCallObserver* observer = nullptr)
      : http_(http), observer_(observer) {}

  // GET /smartlic-service/<path>.
  absl::StatusOr<nlohmann::json> Get(const DeviceEndpoint& device, const std::string& path,
                                     absl::Duration timeout) const;
  // POST /smartlic-service/<path> with a JSON body.
  absl::StatusOr<nlohmann::json> Post(const DeviceEndpoint& device, const std::string& path,
                                      const nlohmann::json& body, absl::Duration timeout) const;

 private:
  absl::StatusOr<nlohmann::json> Call(const DeviceEndpoint& device, const std::string& method,
                                      const std::string& path, const std::string& body,
                                      absl::Duration timeout) const;
  HttpsClient* http_;
  DeviceCallObserver* observer_;
};

}  // namespace wlc::device
