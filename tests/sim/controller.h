// One simulated Catalyst 9800-CL: identity, configuration, licensing state,
// fault settings and a short syslog-like event list. Kept compact (well under
// 50 KiB idle): no sockets, threads or timers live here.
//
// Not thread-safe: the Fleet serializes access.
#ifndef WLC_TESTS_SIM_CONTROLLER_H_
#define WLC_TESTS_SIM_CONTROLLER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util.h"

namespace wlcsim {

struct Faults {
  uint32_t latency_ms = 0;      // delay every answer
  uint16_t status = 0;          // != 0: answer every request with this code
  bool silent = false;          // accept, read, never answer
  bool malformed_json = false;  // answer 200 with a truncated JSON body
  bool reset = false;           // close (RST) right after accept

  bool Any() const { return latency_ms || status || silent || malformed_json || reset; }
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

struct RumReport {
  uint64_t report_id = 0;
  int64_t start_time = 0;
  int64_t end_time = 0;
};

struct Event {
  int64_t time = 0;
  std::string message;
};

struct Controller {
  // Identity.
  std::string name;    // "wlc-00001"
  std::string serial;  // 11 chars, deterministic from the index
  std::string pid;     // "C9800-CL-K9"
  std::string version_text;
  Version version;
  uint32_t address = 0;  // IPv4, host byte order

  // Configuration.
  nlohmann::json smart = nlohmann::json::object();  // native license/smart (smart_config.h)
  CliOnlyConfig cli;

  // Dynamic licensing state.
  uint32_t joined_aps = 0;
  bool trust_installed = false;
  uint16_t trust_pending = 0;  // id-token-trust RPCs not yet completed
  int64_t trust_time_ms = 0;  // Unix ms: millisecond resolution tells two installs in one second apart
  RegistrationState registration = RegistrationState::kNotRegistered;
  int64_t registration_time_ms = 0;  // start-time or fail-time
  std::string registration_fail_message;
  int64_t ack_time = 0;  // 0 = no ACK yet
  int64_t ack_deadline = 0;
  std::vector<RumReport> closed_reports;  // closed and not yet acknowledged
  std::vector<Event> events;              // newest last, bounded

  Faults faults;

  std::string Udi() const { return "P:" + pid + ",S:" + serial; }
  void AddEvent(int64_t now, std::string message);

  // {"transport-type": ..., ...}: the GET body member of native license/smart.
  nlohmann::json NativeSmart() const;
  // Content of cisco-smart-license:licensing/state.
  nlohmann::json LicensingState() const;
  // Everything, for the control API.
  nlohmann::json DebugState() const;
};

// Deterministic 11-char serial ("9" + 10 base-36 digits) for a fleet index.
std::string SerialForIndex(uint32_t index);
// "wlc-00001" for index 0.
std::string NameForIndex(uint32_t index);
// Dotted quad of a host-order IPv4 address.
std::string FormatIpv4(uint32_t address);

inline constexpr size_t kMaxEvents = 32;

// Parses {"latency_ms":N,"silent":b,"status":N,"malformed_json":b,"reset":b}
// (all optional; absent = off) into *faults. Unknown keys or bad types fail
// with a message in *error.
bool ParseFaults(const nlohmann::json& j, Faults* faults, std::string* error);

}  // namespace wlcsim

#endif  // WLC_TESTS_SIM_CONTROLLER_H_
