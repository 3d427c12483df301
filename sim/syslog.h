// Forwards controller event lines (%SMART_LIC-..., %PKI-..., ...) to syslog
// collectors, like `logging host <ip> [transport udp|tcp port N]` on IOS-XE:
// a fleet-wide target (--syslog) and per-controller targets (control API).
// One worker thread sends; Emit() only queues (bounded, drops when full), so
// it is safe to call with the fleet mutex held.
//
// Line formats (facility local7, severity from the %FAC-SEV-MNEMONIC digit):
//   rfc3164 (default): <PRI>Mmm dd hh:mm:ss <address> <seq>: <hostname>: *Mmm dd hh:mm:ss.mmm UTC: <msg>
//   rfc5424:           <PRI>1 <RFC 3339 time> <hostname> wlcsim - <FAC> [origin ip="<address>"] <msg>
// UDP: one datagram per line. TCP: newline-framed (RFC 6587 non-transparent).
#ifndef WLC_SIM_SYSLOG_H_
#define WLC_SIM_SYSLOG_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <unordered_map>

namespace wlc::sim {

class Controller;

class SyslogForwarder {
 public:
  static SyslogForwarder& Get();

  // "udp://127.0.0.1:514", "tcp://127.0.0.1:601", or "" (off). False with *error.
  bool SetFleetTarget(const std::string& target, std::string* error);
  bool SetControllerTarget(uint32_t index, const std::string& target, std::string* error);
  bool SetFormat(const std::string& format, std::string* error);  // rfc3164 | rfc5424
  nlohmann::json Describe();

  void Emit(const Controller& c, int64_t time_ms, const std::string& message);
  static std::string Format(bool rfc5424, const std::string& hostname, const std::string& address,
                            uint64_t seq, int64_t time_ms, const std::string& message);
  void Stop();

 private:
  struct Target {
    bool tcp = false;
    uint32_t ip = 0;  // host order
    uint16_t port = 0;
    std::string text;
  };
  struct Item {
    Target target;
    std::string line;
  };
  SyslogForwarder() = default;
  ~SyslogForwarder();
  static bool ParseTarget(const std::string& text, Target* t, std::string* error);
  void Run();
  void SendOne(const Item& item);

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  Target fleet_;
  std::unordered_map<uint32_t, Target> per_controller_;
  bool rfc5424_ = false;
  bool stop_ = false;
  uint64_t seq_ = 0, sent_ = 0, dropped_ = 0;
  std::thread worker_;
  // Worker-only state.
  int udp_fd_ = -1;
  std::unordered_map<std::string, int> tcp_fds_;
};

}  // namespace wlc::sim

#endif  // WLC_SIM_SYSLOG_H_
