// SyslogReceiver: the service as a syslog collector (`logging host <service-ip>` on the
// controllers, UDP). Keeps the last licensing lines (%SMART_LIC-*, %PKI-*) per sender in memory
// for Diagnose — a bounded window, lost on restart like any cache; the controllers stay the
// record. Lines are filed under the packet's source address and the host named in the line
// (RFC 3164 HOSTNAME, RFC 5424 HOSTNAME and origin ip), so a controller is found by its address
// or its hostname.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace wlc::service {

class SyslogReceiver {
 public:
  // Binds UDP `listen` ("ip:port", port 0 = ephemeral) and starts the receiving thread.
  static absl::StatusOr<std::unique_ptr<SyslogReceiver>> Start(const std::string& listen,
                                                               size_t lines_per_sender = 50);
  ~SyslogReceiver();
  int port() const { return port_; }
  // Lines filed under any of `keys` (address, hostname), oldest first, without duplicates.
  std::vector<std::string> Lines(const std::vector<std::string>& keys) const;
  // Files one datagram as if it came from `source` (the receiving thread uses it; so do tests).
  void Accept(const std::string& source, std::string line);

 private:
  SyslogReceiver(int fd, int port, size_t per_sender);
  void Run();

  const int fd_;
  const int port_;
  const size_t per_sender_;
  std::thread thread_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t next_seq_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, std::deque<std::pair<uint64_t, std::string>>> lines_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wlc::service
