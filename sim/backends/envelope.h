// The SLUP message envelopes of `show license history message`
// (slup-reference §3.5): a request {"request":"<json string>","signature":{..}}
// whose inner object holds "header" and "request_data" (again a JSON string),
// and a response {"signature":{..},"response":"<json string>","sch_response":null}.
// Exact field lists: backends/README.md "SLUP envelopes". No function throws.
#ifndef WLC_SIM_BACKENDS_ENVELOPE_H_
#define WLC_SIM_BACKENDS_ENVELOPE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "state.h"

namespace wlc::sim::backends {

// request_type values.
inline constexpr const char* kIdTokenTrust = "ID_TOKEN_TRUST";
inline constexpr const char* kLicenseUsage = "LICENSE_USAGE";
inline constexpr const char* kPollReq = "POLL_REQ";

// status_code values.
inline constexpr const char* kStatusOk = "OK";
inline constexpr const char* kStatusOkPoll = "OK_POLL";
inline constexpr const char* kStatusOkTryAgain = "OK_TRY_AGAIN";
inline constexpr const char* kStatusFailed = "FAILED";

// failure_reason of a down-rev SSM On-Prem (< 8-202102).
inline constexpr const char* kReportingNotSupported = "REPORTING_NOT_SUPPORTED";

struct SlupRequest {
  std::string request_type;
  Udi udi;                  // header.sudi
  std::string header_piid;  // header.product_instance_identifier
  std::string version = "1.3";
  std::string agent_version = "5.0.9_rel/42";
  std::string id_cert_serial_number = "59152896";
  nlohmann::json data = nlohmann::json::object();  // request_data, parsed
};

struct SlupResponse {
  std::string request_type;
  Udi udi;
  std::string status_code;
  std::string failure_reason;
  int retry_time_seconds = 0;
  std::string server_name = "SSM";  // connect_info.name
  std::vector<std::string> server_capabilities;
  int64_t timestamp = 0;  // epoch ms
  nlohmann::json data;    // response_data, parsed; null when "" on the wire
};

// Server side.
bool ParseSlupRequest(const std::string& body, SlupRequest* out, std::string* error);
std::string SerializeSlupResponse(const SlupResponse& r);

// Client side (controllers, tests).
std::string SerializeSlupRequest(const SlupRequest& r);
bool ParseSlupResponse(const std::string& body, SlupResponse* out, std::string* error);

// request_data builders. `timestamp` is the device clock (epoch ms).
// Trust for `udi` plus optional HA peers (`license smart trust idtoken <t> all`).
SlupRequest MakeTrustRequest(const Udi& udi, const std::string& id_token, bool force,
                             const std::vector<Udi>& ha_peers, int64_t timestamp);
// Usage upload; `rum_reports` are RUM reports or their {"payload"} wrappers.
SlupRequest MakeUsageRequest(const Udi& udi, const std::string& piid,
                             const std::vector<nlohmann::json>& rum_reports, int64_t timestamp);
SlupRequest MakePollRequest(const Udi& udi, const std::string& piid, const std::string& poll_id,
                            int64_t timestamp);

// Capabilities of the agent and of CSSM as the reference shows them.
const std::vector<std::string>& AgentCapabilities();
const std::vector<std::string>& ServerCapabilities();

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_ENVELOPE_H_
