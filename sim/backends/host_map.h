// HostMap: the simulator's DNS. Controllers "resolve" smartreceiver.cisco.com,
// cslu-local, the On-Prem name etc. to the mocks' 127.0.0.1:<port>. The
// mapped port replaces the URL's port (mocks listen on ephemeral ports).
// A per-name DNS-failure fault makes resolution fail. Unmapped loopback IP
// literals resolve to themselves; any other unmapped name or address fails
// (nothing ever leaves the loopback range). Thread-safe.
#ifndef WLC_SIM_BACKENDS_HOST_MAP_H_
#define WLC_SIM_BACKENDS_HOST_MAP_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace wlc::sim::backends {

struct HostEndpoint {
  std::string address;  // IPv4/IPv6 literal on loopback
  uint16_t port = 0;
};

enum class ResolveStatus {
  kOk,
  kDnsFailure,   // the name is mapped but its DNS-failure fault is on, or unmapped
  kUnreachable,  // an IP literal outside 127.0.0.0/8 / ::1 (never dialled)
};

class HostMap {
 public:
  // `host` is case-insensitive; a "host:port" key overrides "host" for that port.
  void Set(const std::string& host, const HostEndpoint& endpoint);
  void Remove(const std::string& host);
  void SetDnsFailure(const std::string& host, bool failing);

  // Resolves `host` (as written in a URL) with `url_port`.
  ResolveStatus Resolve(const std::string& host, uint16_t url_port, HostEndpoint* out) const;

  static bool IsLoopbackLiteral(const std::string& host);

 private:
  mutable std::mutex mu_;
  std::map<std::string, HostEndpoint> entries_;
  std::set<std::string> dns_failures_;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_HOST_MAP_H_
