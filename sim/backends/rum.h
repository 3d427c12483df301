// JSON forms of RUM reports, ACKs, policies and the offline (air-gapped)
// usage / ACK bundles. Formats: backends/README.md "RUM reports and ACKs".
// No function throws.
#ifndef WLC_SIM_BACKENDS_RUM_H_
#define WLC_SIM_BACKENDS_RUM_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "state.h"

namespace wlc::sim::backends {

// A RUM report as the 9800 writes it (slup-reference §5.6), one measurement:
// {"version":"2.0","asset_identification":{"report_id":..,"asset":{..},
//  "instance":{"sudi":{..}}},"meta":{"entitlement_tag":..},"measurements":[..]}.
nlohmann::json MakeRumReportJson(const Udi& udi, int64_t report_id,
                                 const std::string& entitlement_tag, int64_t count,
                                 int64_t start_time, int64_t end_time);
// The transport wrapper {"payload":"<report as a JSON string>","signature":{..}}.
nlohmann::json WrapRumReport(const nlohmann::json& report);

// Accepts a report or its {"payload": ...} wrapper. False with *error.
bool ParseRumReport(const nlohmann::json& j, RumReport* out, std::string* error);

nlohmann::json PolicyToJson(const Policy& p);
nlohmann::json AckToJson(const Ack& ack);
bool AckFromJson(const nlohmann::json& j, Ack* out);

// Offline usage bundle (REST upload body):
// {"bundle_type":"RUM_USAGE","bundle_version":"1.0","rum_reports":[...]}.
nlohmann::json MakeUsageBundle(const std::vector<nlohmann::json>& rum_reports);
bool ParseUsageBundle(const std::string& body, std::vector<RumReport>* out, std::string* error);

// ACK bundle: {"bundle_type":"RUM_ACK","bundle_version":"1.0","acks":[...]}.
nlohmann::json MakeAckBundle(const std::vector<Ack>& acks);

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_RUM_H_
