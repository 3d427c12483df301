#include "rum.h"

#include <algorithm>

namespace wlc::sim::backends {
namespace {

using nlohmann::json;

constexpr const char* kAssetRegid =
    "regid.2018-05.com.cisco.WLC_9500C,1.0_85665885-b865-4e32-8184-5510412fcb54";

json ClassToJson(const Policy::Class& c) {
  return {{"first_report_days", c.first_report_days},
          {"reporting_frequency_days", c.reporting_frequency_days},
          {"report_on_change_days", c.report_on_change_days}};
}

Policy::Class ClassFromJson(const json& j) {
  Policy::Class c;
  c.first_report_days = j.value("first_report_days", 0);
  c.reporting_frequency_days = j.value("reporting_frequency_days", 0);
  c.report_on_change_days = j.value("report_on_change_days", 0);
  return c;
}

int64_t ToInt(const json& j) {
  if (j.is_number_integer()) return j.get<int64_t>();
  if (j.is_number()) return static_cast<int64_t>(j.get<double>());
  if (j.is_string()) return std::stoll(j.get<std::string>());  // throws on junk: caught by caller
  throw std::invalid_argument("not a number");
}

}  // namespace

json MakeRumReportJson(const Udi& udi, int64_t report_id, const std::string& entitlement_tag,
                       int64_t count, int64_t start_time, int64_t end_time) {
  json sudi = {{"udi_pid", udi.pid}, {"udi_serial_number", udi.sn}};
  return {{"version", "2.0"},
          {"asset_identification",
           {{"report_id", report_id},
            {"asset", {{"name", kAssetRegid}}},
            {"instance", {{"sudi", sudi}}}}},
          {"signature", {{"signing_type", "builtin"}, {"key", kAssetRegid}, {"value", ""}}},
          {"meta",
           {{"entitlement_tag", entitlement_tag},
            {"utility_enabled", false},
            {"ha_udi", json::array({{{"role", "Active"}, {"sudi", sudi}}})}}},
          {"measurements",
           json::array({{{"log_time", end_time},
                         {"metric_name", "ENTITLEMENT"},
                         {"start_time", start_time},
                         {"end_time", end_time},
                         {"sample_interval", end_time - start_time},
                         {"num_samples", 1},
                         {"value", {{"type", "COUNT"}, {"value", std::to_string(count)}}}}})}};
}

json WrapRumReport(const json& report) {
  json sudi = json::object();
  try {
    sudi = report.at("asset_identification").at("instance").at("sudi");
  } catch (const std::exception&) {
  }
  return {{"payload", report.dump()},
          {"signature",
           {{"sudi", sudi}, {"signing_type", "builtin"}, {"key", kAssetRegid}, {"value", ""}}}};
}

bool ParseRumReport(const json& in, RumReport* out, std::string* error) {
  try {
    json j = in;
    if (j.is_object() && j.contains("payload")) j = json::parse(j.at("payload").get<std::string>());
    const json& ai = j.at("asset_identification");
    const json& sudi = ai.at("instance").at("sudi");
    Udi udi{sudi.at("udi_pid").get<std::string>(), sudi.at("udi_serial_number").get<std::string>()};
    if (udi.pid.empty() || udi.sn.empty()) throw std::invalid_argument("empty UDI");
    RumReport r;
    r.udi = udi.Key();
    r.report_id = ToInt(ai.at("report_id"));
    r.entitlement_tag = j.at("meta").at("entitlement_tag").get<std::string>();
    const json& ms = j.at("measurements");
    if (!ms.is_array() || ms.empty()) throw std::invalid_argument("no measurements");
    r.start_time = ToInt(ms.front().at("start_time"));
    r.end_time = ToInt(ms.front().at("end_time"));
    for (const json& m : ms) {
      r.start_time = std::min(r.start_time, ToInt(m.at("start_time")));
      r.end_time = std::max(r.end_time, ToInt(m.at("end_time")));
    }
    r.count = ToInt(ms.back().at("value").at("value"));
    *out = r;
    return true;
  } catch (const std::exception& e) {
    if (error) *error = std::string("malformed RUM report: ") + e.what();
    return false;
  }
}

json PolicyToJson(const Policy& p) {
  return {{"name", p.name},
          {"ack_required", p.ack_required},
          {"unenforced_perpetual", ClassToJson(p.unenforced_perpetual)},
          {"unenforced_subscription", ClassToJson(p.unenforced_subscription)},
          {"enforced", ClassToJson(p.enforced)},
          {"export", ClassToJson(p.export_controlled)}};
}

json AckToJson(const Ack& a) {
  Udi udi;
  ParseUdi(a.udi, &udi);
  return {{"ack_id", a.ack_id},
          {"sudi", {{"udi_pid", udi.pid}, {"udi_serial_number", udi.sn}}},
          {"udi", a.udi},
          {"piid", a.piid},
          {"timestamp", a.timestamp},
          {"smart_account", a.account},
          {"virtual_account", a.virtual_account},
          {"acknowledged_report_ids", a.acknowledged_report_ids},
          {"duplicate_report_ids", a.duplicate_report_ids},
          {"policy", PolicyToJson(a.policy)}};
}

bool AckFromJson(const json& j, Ack* out) {
  try {
    Ack a;
    a.ack_id = j.at("ack_id").get<std::string>();
    a.udi = j.at("udi").get<std::string>();
    a.piid = j.value("piid", "");
    a.timestamp = j.value("timestamp", int64_t{0});
    a.account = j.value("smart_account", "");
    a.virtual_account = j.value("virtual_account", "");
    a.acknowledged_report_ids = j.at("acknowledged_report_ids").get<std::vector<int64_t>>();
    a.duplicate_report_ids = j.value("duplicate_report_ids", std::vector<int64_t>{});
    if (j.contains("policy")) {
      const json& p = j.at("policy");
      a.policy.name = p.value("name", "");
      a.policy.ack_required = p.value("ack_required", true);
      if (p.contains("unenforced_perpetual"))
        a.policy.unenforced_perpetual = ClassFromJson(p["unenforced_perpetual"]);
      if (p.contains("unenforced_subscription"))
        a.policy.unenforced_subscription = ClassFromJson(p["unenforced_subscription"]);
      if (p.contains("enforced")) a.policy.enforced = ClassFromJson(p["enforced"]);
      if (p.contains("export")) a.policy.export_controlled = ClassFromJson(p["export"]);
    }
    *out = a;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

json MakeUsageBundle(const std::vector<json>& rum_reports) {
  return {{"bundle_type", "RUM_USAGE"}, {"bundle_version", "1.0"}, {"rum_reports", rum_reports}};
}

bool ParseUsageBundle(const std::string& body, std::vector<RumReport>* out, std::string* error) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "usage bundle is not a JSON object";
    return false;
  }
  if (j.value("bundle_type", "") != "RUM_USAGE") {
    *error = "bundle_type must be RUM_USAGE";
    return false;
  }
  auto it = j.find("rum_reports");
  if (it == j.end() || !it->is_array() || it->empty()) {
    *error = "rum_reports must be a non-empty array";
    return false;
  }
  out->clear();
  for (const json& r : *it) {
    RumReport rep;
    if (!ParseRumReport(r, &rep, error)) return false;
    out->push_back(rep);
  }
  return true;
}

json MakeAckBundle(const std::vector<Ack>& acks) {
  json list = json::array();
  for (const Ack& a : acks) list.push_back(AckToJson(a));
  return {{"bundle_type", "RUM_ACK"}, {"bundle_version", "1.0"}, {"acks", list}};
}

}  // namespace wlc::sim::backends
