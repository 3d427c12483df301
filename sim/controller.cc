#include "controller.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "licensing.h"
#include "sim_clock.h"
#include "smart_config.h"

namespace wlc::sim {
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

EventSink g_event_sink = nullptr;

json TimeOrNone(int64_t t) { return t == 0 ? json("<none>") : json(FormatDateTime(t)); }

}  // namespace

void SetEventSink(EventSink sink) { g_event_sink = sink; }

const char* EntitlementTag(Entitlement e) {
  return e == Entitlement::kNetworkAdvantage ? kNetworkAdvantageTag : kDnaAdvantageTag;
}
const char* EntitlementName(Entitlement e) {
  return e == Entitlement::kNetworkAdvantage ? "air-network-advantage" : "air-dna-advantage";
}

const char* RumStateYang(RumState s) {
  switch (s) {
    case RumState::kOpen:
      return "rum-report-state-open";
    case RumState::kClosed:
      return "rum-report-state-closed";
    case RumState::kPending:
      return "rum-report-state-pending";
    case RumState::kUnacknowledged:
      return "rum-report-state-unacknowledged";
    case RumState::kAcknowledged:
      return "rum-report-state-acknowledged";
  }
  return "rum-report-state-invalid";
}

const char* RumStateCli(RumState s) {
  switch (s) {
    case RumState::kOpen:
      return "OPEN";
    case RumState::kClosed:
      return "CLOSED";
    case RumState::kPending:
      return "PENDING";
    case RumState::kUnacknowledged:
      return "UNACK";
    case RumState::kAcknowledged:
      return "ACK";
  }
  return "INVALID";
}

int64_t Controller::DeviceNowMs() const { return SimNowMs() + clock_offset_s * 1000; }

void Controller::AddEvent(std::string message) {
  int64_t now = DeviceNowMs();
  if (g_event_sink != nullptr) g_event_sink(*this, now, message);
  if (events.size() >= kMaxEvents) events.erase(events.begin());
  events.push_back(Event{now, std::move(message)});
}

int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

uint32_t RequestStats::InFlight(int64_t now_ms) {
  auto answered = [now_ms](int64_t due) { return due <= now_ms; };
  due_ms.erase(std::remove_if(due_ms.begin(), due_ms.end(), answered), due_ms.end());
  return static_cast<uint32_t>(due_ms.size());
}

void RequestStats::Record(bool get, int64_t now_ms, int64_t delay_ms) {
  ++total;
  gets += get;
  max_in_flight = std::max(max_in_flight, InFlight(now_ms) + 1);
  if (delay_ms > 0) due_ms.push_back(now_ms + delay_ms);
}

HistoryEntry& Controller::History(HistoryKind kind) {
  if (history.empty()) history.resize(kHistoryKinds);
  return history[static_cast<size_t>(kind)];
}

const std::string* Controller::File(const std::string& path) const {
  for (const auto& [p, content] : files)
    if (p == path) return &content;
  return nullptr;
}

void Controller::PutFile(const std::string& path, std::string content) {
  for (auto& [p, old] : files) {
    if (p == path) {
      old = std::move(content);
      return;
    }
  }
  files.emplace_back(path, std::move(content));
}

namespace {
uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
}  // namespace

std::string ApSerial(uint32_t index, uint32_t slot) {
  uint64_t n = Mix((static_cast<uint64_t>(index) << 32) | slot);
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string out = "FGL";
  for (int i = 0; i < 8; ++i) {
    out += kDigits[n % 36];
    n /= 36;
  }
  return out;
}

std::string ApMac(uint32_t index, uint32_t slot) {
  // Locally administered, unique per (controller, slot) for slot < 65536.
  char buf[24];
  std::snprintf(buf, sizeof(buf), "02:%02x:%02x:%02x:%02x:%02x", (index >> 16) & 255,
                (index >> 8) & 255, index & 255, (slot >> 8) & 255, slot & 255);
  return buf;
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
  bool slup = IsSlup(*this);
  if (!slup && joined_aps > 0) {
    // Legacy Smart Licensing, unregistered: the evaluation period counts down.
    info["authorization"] = {{"authorization-state", "auth-state-eval"},
                             {"authorization-eval", {{"seconds-left", "7776000"}}}};
  } else if (slr_installed) {
    // Carried over from before SLUP: the reservation keeps authorizing the usage.
    info["authorization"] = {{"authorization-state", "auth-state-authorized-reservation"},
                             {"authorization-authorized-reservation",
                              {{"reservation-time", "2020-05-01T10:00:00+00:00"}}}};
  } else {
    info["authorization"] = {{"authorization-state", "auth-state-none"},
                             {"authorization-none", json::object()}};
  }
  json utility = {{"enabled", HasEmpty(smart, "utility", "enable")},
                  {"reporting", "utility-reporting-type-none"}};
  if (slup && (last_push != 0 || next_push != 0)) {
    // The YANG's when-condition compares with 'utility-reporting-none', which
    // is not an enum value, so reporting-times is allowed here; SLP usage
    // pushes fill it (device-model.md §2.2 leaves this open).
    json times = json::object();
    if (last_push != 0) {
      times["last-report-time"] = FormatDateTime(last_push);
      times["last-report-success"] = last_push_ok;
      if (!last_push_ok && !push_fail_message.empty()) times["fail-message"] = push_fail_message;
    }
    if (next_push != 0) times["next-report-time"] = FormatDateTime(next_push);
    utility["reporting-times"] = times;
  }
  info["utility"] = utility;

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
  info["evaluation"] = {{"eval-in-use", !slup && joined_aps > 0},
                        {"eval-expired", false},
                        {"eval-period-left", {{"time-left", 7776000}}}};
  json udi = {{"pid", pid}, {"sn", serial}};
  info["udi"] = udi;
  if (joined_aps > 0) {
    // The YANG lists only licences in use (count >= 1).
    info["usage"] = json::array({Usage(kNetworkAdvantageTag, "air-network-advantage", joined_aps),
                                 Usage(kDnaAdvantageTag, "air-dna-advantage", joined_aps)});
  }
  if (!slup) {
    return {{"always-enabled", false},
            {"smart-enabled", true},
            {"version", "4.1.12_rel/96"},
            {"state-info", info}};
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
  json trust_list = json::array({trust});
  if (ha) {
    json sb_udi = {{"pid", pid}, {"sn", standby_serial}};
    json sb = {{"key_udi", StandbyUdi()}, {"is-installed", standby_trust_installed}};
    if (standby_trust_installed) sb["time-installed"] = FormatDateTimeMillis(standby_trust_time_ms);
    sb["udi"] = sb_udi;
    trust_list.push_back(sb);
  }
  info["trust-code"] = trust_list;
  json keys = json::array();
  for (const RumReport& r : reports) {
    if (r.state == RumState::kOpen || r.state == RumState::kAcknowledged) continue;
    keys.push_back({{"rum-report-key", Udi() + ":" + std::to_string(r.report_id)},
                    {"report-id", std::to_string(r.report_id)},  // RFC 7951: uint64 is a string
                    {"udi", udi},
                    {"report-start-time", FormatDateTime(r.start_time)},
                    {"report-end-time", FormatDateTime(r.end_time)},
                    {"report-state", RumStateYang(r.state)}});
  }
  if (!keys.empty()) info["rum-reports-closed-keys"] = keys;
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
    events_json.push_back({{"time", FormatDateTimeMillis(e.time_ms)}, {"message", e.message}});
  }
  json faults_json = {{"latency_ms", faults.latency_ms},
                      {"status", faults.status},
                      {"status_path", faults.status_path},
                      {"status_skip", faults.status_skip},
                      {"status_count", faults.status_count},
                      {"latency_path", faults.latency_path},
                      {"silent", faults.silent},
                      {"malformed_json", faults.malformed_json},
                      {"reset", faults.reset},
                      {"tls_failure", faults.tls_failure},
                      {"force_401", faults.force_401},
                      {"dns_failure", faults.dns_failure},
                      {"backend_down", faults.backend_down}};
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
          {"ha", ha},
          {"standby_udi", ha ? json(StandbyUdi()) : json(nullptr)},
          {"clock_offset_s", clock_offset_s},
          {"device_time", FormatDateTimeMillis(DeviceNowMs())},
          {"slup", IsSlup(*this)},
          {"reload_required", reload_required},
          {"trust_installed", trust_installed},
          {"standby_trust_installed", standby_trust_installed},
          {"trust_pending", trust_pending > 0},
          {"native_smart", NativeSmart()},
          {"cli", cli_json},
          {"licensing_state", LicensingState()},
          {"faults", faults_json},
          {"usage", UsageJson()},
          {"history", HistoryJson()},
          {"files", [this] {
             json f = json::array();
             for (const auto& [p, content] : files) f.push_back({{"path", p}, {"size", content.size()}});
             return f;
           }()},
          {"events", events_json}};
}

json Controller::UsageJson() const {
  json list = json::array();
  for (const RumReport& r : reports) {
    list.push_back({{"report_id", r.report_id},
                    {"state", RumStateCli(r.state)},
                    {"feature", EntitlementName(r.entitlement)},
                    {"count", r.count},
                    {"added", r.count > r.prev_count ? r.count - r.prev_count : 0},
                    {"deleted", r.prev_count > r.count ? r.prev_count - r.count : 0},
                    {"start_time", FormatDateTime(r.start_time)},
                    {"end_time", TimeOrNone(r.end_time)},
                    {"close_reason", kCloseReasons[r.close_reason]}});
  }
  json stats_json = json::object();
  const char* names[] = {"trust_establishment", "usage_reporting", "result_polling"};
  for (int i = 0; i < 3; ++i) {
    const CommStats& st = stats[i];
    stats_json[names[i]] = {{"total", st.total},
                            {"success", st.success},
                            {"fail", st.fail},
                            {"ongoing_failure", st.ongoing},
                            {"last_response", st.last_response.empty() ? "<none>" : st.last_response},
                            {"last_response_time", st.last_response_ms
                                                       ? json(FormatDateTimeMillis(st.last_response_ms))
                                                       : json("<none>")},
                            {"failure_reason", st.failure_reason.empty() ? "<none>" : st.failure_reason}};
  }
  int64_t deadline = ack_time != 0 ? ack_deadline : 0;
  return {{"reporting_push_interval_days", usage_started ? PushInterval(*this) / kDay : 0},
          {"last_ack_received", TimeOrNone(ack_time)},
          {"next_ack_deadline", TimeOrNone(deadline)},
          {"next_report_push", TimeOrNone(next_push)},
          {"last_report_push", TimeOrNone(last_push)},
          {"last_report_push_ok", last_push_ok},
          {"last_report_fail_message", push_fail_message},
          {"last_report_file_write", TimeOrNone(last_file_write)},
          {"next_ack_poll", TimeOrNone(poll_due)},
          {"rum_blocked_until", TimeOrNone(rum_blocked_until)},
          {"air_entities",
           {{"last_report_time", TimeOrNone(last_snapshot)},
            {"upcoming_report_time", TimeOrNone(next_snapshot)},
            {"aps_active", snapshot_count},
            {"aps_newly_added", snap_added},
            {"aps_deleted", snap_deleted}}},
          {"unacknowledged_reports",
           std::count_if(reports.begin(), reports.end(),
                         [](const RumReport& r) {
                           return r.state != RumState::kOpen && r.state != RumState::kAcknowledged;
                         })},
          {"communication", stats_json},
          {"rum_reports", list}};
}

json Controller::HistoryJson() const {
  static const char* kNames[] = {"Trust Establishment", "Usage Reporting", "Result Polling",
                                 "Import RUM ACK",      "Import TRUST CODE", "Import POLICY"};
  json out = json::object();
  for (int i = 0; i < kHistoryKinds; ++i) {
    if (history.empty() || history[i].request_ms == 0) {
      out[kNames[i]] = json::array();
      continue;
    }
    const HistoryEntry& h = history[i];
    out[kNames[i]] = json::array({{{"request_time", FormatDateTimeMillis(h.request_ms)},
                                   {"request", h.request},
                                   {"response_time", h.response_ms
                                                         ? json(FormatDateTimeMillis(h.response_ms))
                                                         : json(nullptr)},
                                   {"response", h.response}}});
  }
  return out;
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
    } else if (k == "tls_failure" && v.is_boolean()) {
      f.tls_failure = v.get<bool>();
    } else if (k == "force_401" && v.is_boolean()) {
      f.force_401 = v.get<bool>();
    } else if (k == "dns_failure" && v.is_boolean()) {
      f.dns_failure = v.get<bool>();
    } else if (k == "backend_down" && v.is_boolean()) {
      f.backend_down = v.get<bool>();
    } else if (k == "status_path" && v.is_string() && v.get<std::string>().size() <= 200) {
      f.status_path = v.get<std::string>();
    } else if (k == "latency_path" && v.is_string() && v.get<std::string>().size() <= 200) {
      f.latency_path = v.get<std::string>();
    } else if ((k == "status_skip" || k == "status_count") && v.is_number_unsigned() &&
               v.get<uint64_t>() <= 1000000) {
      (k == "status_skip" ? f.status_skip : f.status_count) = v.get<uint32_t>();
    } else {
      *error = "bad fault \"" + k + "\": " + v.dump() +
               " (expected latency_ms 0..3600000, status 0|100..599, and the booleans silent, "
               "malformed_json, reset, tls_failure, force_401, dns_failure, backend_down; status_path and "
               "latency_path text; status_skip, status_count 0..1000000)";
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

}  // namespace wlc::sim
