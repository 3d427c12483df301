#include "controller.h"

#include <cstdio>

#include "smart_config.h"

namespace wlcsim {
namespace {

using nlohmann::json;

constexpr char kAgentVersion[] = "5.11.10_rel/42";
// Real 9800 AIR entitlement tags (slup-reference §3.4).
constexpr char kNetworkAdvantageTag[] =
    "regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896";
constexpr char kDnaAdvantageTag[] =
    "regid.2017-08.com.cisco.AIR-DNA-A,1.0_b6308627-3ab0-4a11-a3d9-586911a0d790";

json Usage(const char* tag, const char* name, uint32_t count) {
  return {{"entitlement-tag", tag}, {"short-name", name},
          {"license-name", name},   {"description", name},
          {"count", count},         {"enforcement-mode", "enforcement-in-compliance"},
          {"post-paid", false}};
}

json PolicyDays(int first, int ongoing, int macd) {
  return {
      {"reporting-first-time", first}, {"reporting-ongoing", ongoing}, {"reporting-macd", macd}};
}

bool HasEmpty(const json& config, const char* container, const char* leaf) {
  auto c = config.find(container);
  return c != config.end() && c->is_object() && c->contains(leaf);
}

}  // namespace

void Controller::AddEvent(int64_t now, std::string message) {
  if (events.size() >= kMaxEvents) events.erase(events.begin());
  events.push_back(Event{now, std::move(message)});
}

json Controller::NativeSmart() const { return RenderSmartConfig(smart); }

json Controller::LicensingState() const {
  json info = json::object();

  json reg = json::object();
  switch (registration) {
    case RegistrationState::kNotRegistered:
      reg["registration-state"] = "reg-state-not-registered";
      break;
    case RegistrationState::kInProgress:
      reg["registration-state"] = "reg-state-in-progress";
      reg["registration-in-progress"] = {{"start-time", FormatDateTimeMillis(registration_time_ms)}};
      break;
    case RegistrationState::kFailed:
      reg["registration-state"] = "reg-state-failed";
      reg["registration-failed"] = {{"fail-time", FormatDateTimeMillis(registration_time_ms)},
                                    {"fail-message", registration_fail_message}};
      break;
  }
  reg["export-control-allowed"] = true;
  info["registration"] = reg;
  info["authorization"] = {{"authorization-state", "auth-state-none"},
                           {"authorization-none", json::object()}};
  info["utility"] = {{"enabled", HasEmpty(smart, "utility", "enable")},
                     {"reporting", "utility-reporting-type-none"}};

  std::string transport = SmartTransport(smart);
  std::string state_transport = transport == "Off" ? "off" : transport;
  json t = {{"transport-type", "transport-type-" + state_transport}};
  if (transport == "smart") {
    std::string registration_url = kDefaultSmartUrl;
    std::string utility_url;
    auto url = smart.find("url");
    if (!cli.url_smart.empty()) {
      registration_url = cli.url_smart;
    } else if (url != smart.end() && url->is_object() && url->contains("name")) {
      registration_url = (*url)["name"].get<std::string>();
    }
    if (url != smart.end() && url->is_object() && url->contains("utility")) {
      utility_url = (*url)["utility"].get<std::string>();
    } else {
      utility_url = registration_url;
    }
    t["url-settings"] = {{"url-registration", registration_url}, {"url-utility", utility_url}};
  }
  info["transport"] = t;
  info["privacy"] = {{"hostname", HasEmpty(smart, "privacy", "hostname")},
                     {"version", HasEmpty(smart, "privacy", "version")}};
  info["evaluation"] = {{"eval-in-use", false},
                        {"eval-expired", false},
                        {"eval-period-left", {{"time-left", 7776000}}}};
  json udi = {{"pid", pid}, {"sn", serial}};
  info["udi"] = udi;
  if (joined_aps > 0) {
    // The YANG lists only licences in use (count >= 1).
    info["usage"] = json::array({Usage(kNetworkAdvantageTag, "air-network-advantage", joined_aps),
                                 Usage(kDnaAdvantageTag, "air-dna-advantage", joined_aps)});
  }
  info["policy"] = {{"policy-type", "policy-type-cisco-default"},
                    {"policy-name", "Cisco default"},
                    {"ack-required", true},
                    {"policy-perpetual", PolicyDays(365, 0, 90)},
                    {"policy-subscription", PolicyDays(90, 90, 90)},
                    {"policy-enforced", PolicyDays(0, 0, 0)},
                    {"policy-export", PolicyDays(0, 0, 0)}};
  json trust = {{"key_udi", Udi()}, {"is-installed", trust_installed}};
  if (trust_installed) trust["time-installed"] = FormatDateTimeMillis(trust_time_ms);
  trust["udi"] = udi;
  info["trust-code"] = json::array({trust});
  if (!closed_reports.empty()) {
    json reports = json::array();
    for (const RumReport& r : closed_reports) {
      reports.push_back(
          {{"rum-report-key", Udi() + ":" + std::to_string(r.report_id)},
           {"report-id", std::to_string(r.report_id)},  // RFC 7951: uint64 is a string
           {"udi", udi},
           {"report-start-time", FormatDateTime(r.start_time)},
           {"report-end-time", FormatDateTime(r.end_time)},
           {"report-state", "rum-report-state-closed"}});
    }
    info["rum-reports-closed-keys"] = reports;
  }
  if (ack_time != 0) {
    info["rum-ack"] = {{"last-received-time", FormatDateTime(ack_time)},
                       {"next-report-deadline", FormatDateTime(ack_deadline)}};
  }
  return {{"always-enabled", true},
          {"smart-enabled", true},
          {"version", kAgentVersion},
          {"state-info", info}};
}

json Controller::DebugState() const {
  json events_json = json::array();
  for (const Event& e : events) {
    events_json.push_back({{"time", FormatDateTime(e.time)}, {"message", e.message}});
  }
  json faults_json = {{"latency_ms", faults.latency_ms},
                      {"status", faults.status},
                      {"silent", faults.silent},
                      {"malformed_json", faults.malformed_json},
                      {"reset", faults.reset}};
  json cli_json = {{"proxy_address", cli.proxy_address},
                   {"proxy_port", cli.proxy_port},
                   {"url_smart", cli.url_smart},
                   {"ip_http_client_source_interface", cli.http_client_source_interface},
                   {"ip_http_client_secure_trustpoint", cli.http_client_secure_trustpoint},
                   {"sla_trustpoint_revocation_check", cli.sla_trustpoint_revocation_check}};
  return {{"name", name},
          {"address", FormatIpv4(address)},
          {"pid", pid},
          {"serial", serial},
          {"udi", Udi()},
          {"version", version_text},
          {"joined_aps", joined_aps},
          {"trust_installed", trust_installed},
          {"trust_pending", trust_pending > 0},
          {"native_smart", NativeSmart()},
          {"cli", cli_json},
          {"licensing_state", LicensingState()},
          {"faults", faults_json},
          {"events", events_json}};
}

bool ParseFaults(const json& j, Faults* faults, std::string* error) {
  if (!j.is_object()) {
    *error = "faults must be a JSON object";
    return false;
  }
  Faults f;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "latency_ms" && v.is_number_unsigned() && v.get<uint64_t>() <= 3600000) {
      f.latency_ms = v.get<uint32_t>();
    } else if (k == "status" && v.is_number_unsigned() &&
               (v.get<uint64_t>() == 0 || (v.get<uint64_t>() >= 100 && v.get<uint64_t>() <= 599))) {
      f.status = v.get<uint16_t>();
    } else if (k == "silent" && v.is_boolean()) {
      f.silent = v.get<bool>();
    } else if (k == "malformed_json" && v.is_boolean()) {
      f.malformed_json = v.get<bool>();
    } else if (k == "reset" && v.is_boolean()) {
      f.reset = v.get<bool>();
    } else {
      *error = "bad fault \"" + k + "\": " + v.dump() +
               " (expected latency_ms 0..3600000, status 0|100..599, silent, malformed_json, "
               "reset booleans)";
      return false;
    }
  }
  *faults = f;
  return true;
}

std::string SerialForIndex(uint32_t index) {
  // index * K mod 36^10 with K coprime to 36 is a bijection, so serials are
  // unique for every index while looking random.
  constexpr uint64_t kSpace = 3656158440062976ULL;       // 36^10
  constexpr uint64_t kMultiplier = 1000000000000037ULL;  // odd, not a multiple of 3
  unsigned __int128 v = static_cast<unsigned __int128>(index + 1) * kMultiplier;
  uint64_t n = static_cast<uint64_t>(v % kSpace);
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string out(11, '0');
  out[0] = '9';
  for (int i = 10; i >= 1; --i) {
    out[i] = kDigits[n % 36];
    n /= 36;
  }
  return out;
}

std::string NameForIndex(uint32_t index) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "wlc-%05u", index + 1);
  return buf;
}

std::string FormatIpv4(uint32_t a) {
  char buf[20];
  std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
  return buf;
}

}  // namespace wlcsim
