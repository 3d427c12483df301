// One simulated Catalyst 9800-CL: identity, configuration, licensing state,
// fault settings and a short syslog-like event list. Kept compact (well under
// 50 KiB idle): no sockets, threads or timers live here.
//
// Not thread-safe: the Fleet serializes access.
#ifndef WLC_SIM_CONTROLLER_H_
#define WLC_SIM_CONTROLLER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "realism.h"
#include "util.h"

namespace wlc::sim {

struct Faults {
  uint32_t latency_ms = 0;      // delay every answer
  uint16_t status = 0;          // != 0: answer every request with this code
  bool silent = false;          // accept, read, never answer
  bool malformed_json = false;  // answer 200 with a truncated JSON body
  bool reset = false;           // close (RST) right after accept
  bool tls_failure = false;     // abort the TLS handshake (fatal alert)
  bool force_401 = false;       // answer 401 even to good credentials
  bool dns_failure = false;     // the controller cannot resolve its licensing server
  bool backend_down = false;    // the licensing server refuses the controller's connections
  // With `status`: only requests whose path contains this text fail (e.g. "cli-rpc", to fail
  // step 2 of a change while step 1 goes through). Empty = every request.
  std::string status_path;
  // With `status`: the first `status_skip` matching requests pass; then `status_count` fail
  // and the status fault clears itself (0 = every one fails, for as long as it is set).
  uint32_t status_skip = 0;
  uint32_t status_count = 0;
  // With `latency_ms`: only requests whose path contains this text are delayed. Empty = all.
  std::string latency_path;

  bool Any() const {
    return latency_ms || status || silent || malformed_json || reset || tls_failure || force_401 ||
           dns_failure || backend_down;
  }
};

// Lines accepted by config-ios-cli-rpc that have no readable YANG leaf.
struct CliOnlyConfig {
  std::string proxy_address;
  uint16_t proxy_port = 0;
  std::string url_smart;  // `license smart url smart <url>`; "" = default URL
  std::string http_client_source_interface;
  std::string http_client_secure_trustpoint;
  std::string sla_trustpoint_revocation_check;  // "", "none" or "crl"
};

enum class RegistrationState : uint8_t { kNotRegistered, kInProgress, kFailed };

// Entitlements a 9800 reports (slup-reference §3.4): one of each per joined AP.
enum class Entitlement : uint8_t { kNetworkAdvantage = 0, kDnaAdvantage = 1 };
inline constexpr int kEntitlements = 2;
const char* EntitlementTag(Entitlement e);
const char* EntitlementName(Entitlement e);

// YANG rum-report-state-enum: closed = not yet sent or pulled; pending = sent
// to the transport's server, no ACK yet; unacknowledged = pulled through the
// data model / SLP REST API / save usage, no ACK yet.
enum class RumState : uint8_t { kOpen, kClosed, kPending, kUnacknowledged, kAcknowledged };
const char* RumStateYang(RumState s);  // "rum-report-state-closed", ...
const char* RumStateCli(RumState s);   // "OPEN", "CLOSED", "PENDING", "UNACK", "ACK"

// One RUM report: one entitlement, one measurement window with a constant AP
// count. The AP UDIs are not stored: AP slot k of a controller has a
// deterministic UDI (ApSerial), and a window that changed the count from
// prev_count to count added slots [prev_count, count) or removed
// [count, prev_count).
struct RumReport {
  uint64_t report_id = 0;
  int64_t start_time = 0;  // device clock, Unix s
  int64_t end_time = 0;    // 0 while open
  uint32_t count = 0;
  uint32_t prev_count = 0;
  Entitlement entitlement = Entitlement::kNetworkAdvantage;
  RumState state = RumState::kClosed;
  uint8_t close_reason = 0;  // index into kCloseReasons
};
inline constexpr const char* kCloseReasons[] = {"", "CurrentUsageRequested", "ProductReload",
                                                "UsageChanged", "FactoryReset"};

// The last request/response of one message category (`show license history
// message`, slup-reference §3.5). Kept only once something was exchanged.
struct HistoryEntry {
  int64_t request_ms = 0;
  int64_t response_ms = 0;  // 0 = no response (empty RESPONSE)
  std::string request;
  std::string response;
};
enum class HistoryKind : uint8_t { kTrust, kUsage, kPoll, kImportAck, kImportTrust, kImportPolicy };
inline constexpr int kHistoryKinds = 6;

// Counters of `show license tech support` "Communication Statistics".
struct CommStats {
  uint32_t total = 0, success = 0, fail = 0, ongoing = 0;
  std::string last_response;  // OK, OK_POLL, NO REPLY, FAILED, ...
  int64_t last_response_ms = 0;
  std::string failure_reason;
};

struct Event {
  int64_t time_ms = 0;  // device clock
  std::string message;
};

// The RESTCONF/SLP requests a controller received (control API /controllers/<name>/requests).
// A request is in flight from its arrival until its answer is due (arrival + latency_ms fault),
// so max_in_flight measures concurrency under the latency fault; without one it is 1 (never 0
// once a request came).
struct RequestStats {
  uint64_t total = 0, gets = 0;
  uint32_t max_in_flight = 0;
  std::vector<int64_t> due_ms;  // steady-clock ms when each delayed answer is due
  // Counts a request arriving at `now_ms` whose answer is delayed by `delay_ms`.
  void Record(bool get, int64_t now_ms, int64_t delay_ms);
  uint32_t InFlight(int64_t now_ms);
};
// Milliseconds of the steady clock (RequestStats' time base).
int64_t SteadyNowMs();

struct Controller {
  // Identity.
  std::string name;    // "wlc-00001"
  std::string serial;  // 11 chars, deterministic from the index
  std::string pid;     // "C9800-CL-K9"
  std::string version_text;
  Version version;
  uint32_t address = 0;  // IPv4, host byte order
  uint32_t index = 0;
  bool ha = false;  // HA pair: a standby with its own UDI
  std::string standby_serial;

  // Configuration.
  nlohmann::json smart = nlohmann::json::object();  // native license/smart (smart_config.h)
  CliOnlyConfig cli;

  // Dynamic licensing state.
  uint32_t joined_aps = 0;
  int64_t clock_offset_s = 0;  // skew of the controller clock against the fleet clock
  bool trust_installed = false;
  bool standby_trust_installed = false;
  int64_t standby_trust_time_ms = 0;
  uint16_t trust_pending = 0;  // id-token-trust RPCs not yet completed
  bool trust_all_ha = false;   // the trust request on the wire is "all"
  std::string piid;            // product instance id from the licensing server
  int64_t trust_time_ms = 0;
  // A Specific License Reservation carried over from before SLUP (fleet file "slr": true).
  bool slr_installed =
      false;  // Unix ms: millisecond resolution tells two installs in one second apart
  RegistrationState registration = RegistrationState::kNotRegistered;
  int64_t registration_time_ms = 0;  // start-time or fail-time
  std::string registration_fail_message;
  int64_t ack_time = 0;  // 0 = no ACK yet (device clock, Unix s)
  int64_t ack_deadline = 0;
  std::vector<RumReport> reports;  // oldest first; open ones included
  std::vector<Event> events;       // newest last, bounded

  // Usage cycle (all times device clock, Unix s; 0 = not scheduled).
  uint64_t last_report_id = 0;
  uint32_t snapshot_count = 0;  // AP count in the open reports
  bool usage_started = false;   // a licence was ever consumed
  int64_t usage_start = 0;
  int64_t last_snapshot = 0, next_snapshot = 0;
  uint32_t snap_added = 0, snap_deleted = 0;
  int64_t last_push = 0, next_push = 0;
  bool last_push_ok = false;
  std::string push_fail_message;
  int64_t last_file_write = 0;
  int64_t poll_due = 0;           // next ACK poll
  std::string poll_id;            // from the OK_POLL answer
  bool upstream_busy = false;     // a usage push or poll is on the wire
  int64_t next_reminder = 0;      // next REPORTING_REQUIRED
  int64_t rum_blocked_until = 0;  // after a factory reset
  bool reload_required = false;
  bool policy_installed = false;  // a policy came with an ACK (else Cisco default)
  int64_t policy_time = 0;
  uint32_t sched_gen = 0;  // Fleet's schedule heap generation

  CommStats stats[3];                                      // trust, usage, poll
  std::vector<HistoryEntry> history;                       // empty or kHistoryKinds entries
  std::vector<std::pair<std::string, std::string>> files;  // bootflash: path -> content

  Faults faults;
  RequestStats requests;
  Realism realism;             // IOS-XE server behaviour (realism.h); off by default
  RealismState realism_state;  // datastore lock, RNG
  RealismCounters realism_counters;

  std::string Udi() const { return "P:" + pid + ",S:" + serial; }
  std::string StandbyUdi() const { return "P:" + pid + ",S:" + standby_serial; }
  // The controller's own clock (fleet clock + skew).
  int64_t DeviceNowMs() const;
  int64_t DeviceNowS() const { return DeviceNowMs() / 1000; }
  // Appends a syslog-like line (device clock) and forwards it to the sink.
  void AddEvent(std::string message);
  HistoryEntry& History(HistoryKind kind);
  const std::string* File(const std::string& path) const;
  void PutFile(const std::string& path, std::string content);

  // {"transport-type": ..., ...}: the GET body member of native license/smart.
  nlohmann::json NativeSmart() const;
  // Content of cisco-smart-license:licensing/state.
  nlohmann::json LicensingState() const;
  // Everything, for the control API.
  nlohmann::json DebugState() const;
  // `show license history message`-like JSON of the history entries.
  nlohmann::json HistoryJson() const;
  nlohmann::json UsageJson() const;  // usage cycle timers, stats, RUM list
};

// Identity of AP slot k of the controller with fleet index `index`.
std::string ApSerial(uint32_t index, uint32_t slot);
std::string ApMac(uint32_t index, uint32_t slot);
inline constexpr char kApPid[] = "C9120AXI-E";

// Deterministic 11-char serial ("9" + 10 base-36 digits) for a fleet index.
std::string SerialForIndex(uint32_t index);
// "wlc-00001" for index 0.
std::string NameForIndex(uint32_t index);
// Dotted quad of a host-order IPv4 address.
std::string FormatIpv4(uint32_t address);

inline constexpr size_t kMaxEvents = 32;
// History request/response bodies are cut here (memory per controller).
inline constexpr size_t kMaxHistoryChars = 4096;

// Receives every event line (syslog forwarding). Set once at start-up.
using EventSink = void (*)(const Controller& c, int64_t time_ms, const std::string& message);
void SetEventSink(EventSink sink);

// Parses {"latency_ms":N,"silent":b,"status":N,"malformed_json":b,"reset":b,
// "tls_failure":b,"force_401":b,"dns_failure":b,"backend_down":b}
// (all optional; absent = off) into *faults. Unknown keys or bad types fail
// with a message in *error.
bool ParseFaults(const nlohmann::json& j, Faults* faults, std::string* error);

}  // namespace wlc::sim

#endif  // WLC_SIM_CONTROLLER_H_
