#include "envelope.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <random>

namespace wlc::sim::backends {
namespace {

using nlohmann::json;

std::string Sha256Base64(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  unsigned char out[64];
  int n = EVP_EncodeBlock(out, digest, sizeof(digest));
  return std::string(reinterpret_cast<char*>(out), n);
}

json Sudi(const Udi& udi) { return {{"udi_pid", udi.pid}, {"udi_serial_number", udi.sn}}; }

std::string Nonce() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  return std::to_string(rng());
}

json BaseData(const Udi& udi, int64_t timestamp) {
  return {{"sudi", Sudi(udi)}, {"timestamp", timestamp}, {"nonce", Nonce()}};
}

}  // namespace

const std::vector<std::string>& AgentCapabilities() {
  static const std::vector<std::string> k = {"UTILITY",  "DLC",          "AppHA",       "MULTITIER",
                                             "EXPORT_2", "OK_TRY_AGAIN", "POLICY_USAGE"};
  return k;
}

const std::vector<std::string>& ServerCapabilities() {
  static const std::vector<std::string> k = {"DLC", "AppHA", "EXPORT_2", "POLICY_USAGE", "UTILITY"};
  return k;
}

bool ParseSlupRequest(const std::string& body, SlupRequest* out, std::string* error) {
  try {
    json outer = json::parse(body);
    json inner = json::parse(outer.at("request").get<std::string>());
    const json& h = inner.at("header");
    SlupRequest r;
    r.request_type = h.at("request_type").get<std::string>();
    const json& sudi = h.at("sudi");
    r.udi.pid = sudi.at("udi_pid").get<std::string>();
    r.udi.sn = sudi.at("udi_serial_number").get<std::string>();
    r.header_piid = h.value("product_instance_identifier", "");
    r.version = h.value("version", "");
    r.id_cert_serial_number = h.value("id_cert_serial_number", "");
    if (h.contains("connect_info")) r.agent_version = h["connect_info"].value("version", "");
    const json& rd = inner.at("request_data");
    r.data = rd.is_string() ? json::parse(rd.get<std::string>()) : rd;
    if (!r.data.is_object()) throw std::invalid_argument("request_data is not an object");
    *out = std::move(r);
    return true;
  } catch (const std::exception& e) {
    if (error) *error = std::string("malformed SLUP request: ") + e.what();
    return false;
  }
}

std::string SerializeSlupResponse(const SlupResponse& r) {
  json header = {{"version", "1.3"},
                 {"locale", "en_US.UTF-8"},
                 {"timestamp", r.timestamp},
                 {"nonce", nullptr},
                 {"request_type", r.request_type},
                 {"sudi", Sudi(r.udi)},
                 {"agent_actions", nullptr},
                 {"connect_info",
                  {{"name", r.server_name},
                   {"version", "1.3"},
                   {"production", true},
                   {"capabilities", r.server_capabilities},
                   {"additional_info", ""}}},
                 {"signing_cert_serial_number", "3"},
                 {"id_cert_serial_number", "59152896"},
                 {"product_instance_identifier", ""}};
  json inner = {{"header", header},
                {"status_code", r.status_code},
                {"failure_reason", r.failure_reason},
                {"retry_time_seconds", r.retry_time_seconds},
                {"response_data", r.data.is_null() ? std::string() : r.data.dump()}};
  std::string response = inner.dump();
  json outer = {{"signature",
                 {{"type", "SHA256"},
                  {"value", Sha256Base64(response)},
                  {"piid", nullptr},
                  {"cert_sn", nullptr}}},
                {"response", response},
                {"sch_response", nullptr}};
  return outer.dump();
}

std::string SerializeSlupRequest(const SlupRequest& r) {
  json header = {{"request_type", r.request_type},
                 {"sudi", Sudi(r.udi)},
                 {"version", r.version},
                 {"locale", "en_US.UTF-8"},
                 {"signing_cert_serial_number", "3"},
                 {"id_cert_serial_number", r.id_cert_serial_number},
                 {"product_instance_identifier", r.header_piid},
                 {"connect_info",
                  {{"name", "C_agent"},
                   {"version", r.agent_version},
                   {"production", true},
                   {"additional_info", ""},
                   {"capabilities", AgentCapabilities()}}}};
  json inner = {{"header", header}, {"request_data", r.data.dump()}};
  std::string request = inner.dump();
  json outer = {
      {"request", request},
      {"signature",
       {{"type", "SHA256"}, {"key", r.id_cert_serial_number}, {"value", Sha256Base64(request)}}}};
  return outer.dump();
}

bool ParseSlupResponse(const std::string& body, SlupResponse* out, std::string* error) {
  try {
    json outer = json::parse(body);
    json inner = json::parse(outer.at("response").get<std::string>());
    const json& h = inner.at("header");
    SlupResponse r;
    r.request_type = h.value("request_type", "");
    if (h.contains("sudi") && h["sudi"].is_object()) {
      r.udi.pid = h["sudi"].value("udi_pid", "");
      r.udi.sn = h["sudi"].value("udi_serial_number", "");
    }
    r.timestamp = h.value("timestamp", int64_t{0});
    if (h.contains("connect_info") && h["connect_info"].is_object()) {
      r.server_name = h["connect_info"].value("name", "");
      r.server_capabilities = h["connect_info"].value("capabilities", std::vector<std::string>{});
    }
    r.status_code = inner.at("status_code").get<std::string>();
    r.failure_reason = inner.value("failure_reason", "");
    r.retry_time_seconds = inner.value("retry_time_seconds", 0);
    std::string data = inner.value("response_data", "");
    r.data = data.empty() ? json() : json::parse(data);
    *out = std::move(r);
    return true;
  } catch (const std::exception& e) {
    if (error) *error = std::string("malformed SLUP response: ") + e.what();
    return false;
  }
}

SlupRequest MakeTrustRequest(const Udi& udi, const std::string& id_token, bool force,
                             const std::vector<Udi>& ha_peers, int64_t timestamp) {
  SlupRequest r;
  r.request_type = kIdTokenTrust;
  r.udi = udi;
  r.data = BaseData(udi, timestamp);
  r.data["id_token"] = id_token;
  r.data["force"] = force;
  json ha = json::array({{{"role", "Active"}, {"sudi", Sudi(udi)}}});
  for (const Udi& p : ha_peers) ha.push_back({{"role", "Standby"}, {"sudi", Sudi(p)}});
  r.data["ha_udi"] = ha;
  return r;
}

SlupRequest MakeUsageRequest(const Udi& udi, const std::string& piid,
                             const std::vector<json>& rum_reports, int64_t timestamp) {
  SlupRequest r;
  r.request_type = kLicenseUsage;
  r.udi = udi;
  r.data = BaseData(udi, timestamp);
  r.data["product_instance_identifier"] = piid;
  r.data["rum_reports"] = rum_reports;
  return r;
}

SlupRequest MakePollRequest(const Udi& udi, const std::string& piid, const std::string& poll_id,
                            int64_t timestamp) {
  SlupRequest r;
  r.request_type = kPollReq;
  r.udi = udi;
  r.data = BaseData(udi, timestamp);
  r.data["product_instance_identifier"] = "";
  r.data["original_request_type"] = kLicenseUsage;
  r.data["original_piid"] = piid;
  r.data["poll_id"] = poll_id;
  return r;
}

}  // namespace wlc::sim::backends
