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
  // Memory is bounded whatever arrives: lines are cut at 1,024 bytes (RFC 3164's limit), each
  // sender keeps its last `lines_per_sender`, and when all kept lines exceed `max_bytes` the
  // oldest go first (a sender spraying made-up host names only pushes out old lines).
  static absl::StatusOr<std::unique_ptr<SyslogReceiver>> Start(const std::string& listen,
                                                               size_t lines_per_sender = 50,
                                                               size_t max_bytes = 32 << 20);
  ~SyslogReceiver();
  int port() const { return port_; }
  // Lines filed under any of `keys` (address, hostname), oldest first, without duplicates.
  std::vector<std::string> Lines(const std::vector<std::string>& keys) const;
  // Bytes of the lines kept (with their keys): never above max_bytes.
  size_t BytesKept() const {
    absl::MutexLock lock(&mu_);
    return bytes_;
  }
  // Files one datagram as if it came from `source` (the receiving thread uses it; so do tests).
  void Accept(const std::string& source, std::string line);

 private:
  SyslogReceiver(int fd, int port, size_t per_sender, size_t max_bytes);
  void Run();

  const int fd_;
  const int port_;
  const size_t per_sender_;
  const size_t max_bytes_;
  std::thread thread_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t next_seq_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, std::deque<std::pair<uint64_t, std::string>>> lines_ ABSL_GUARDED_BY(mu_);
  // Every (line, key) kept, oldest first, and their bytes: the global budget.
  std::deque<std::pair<uint64_t, std::string>> order_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  size_t live_ ABSL_GUARDED_BY(mu_) = 0;  // (line, key) pairs kept
  void DropIfFront(const std::string& key, uint64_t seq) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
};

}  // namespace wlc::service
