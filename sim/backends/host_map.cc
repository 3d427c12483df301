#include "host_map.h"

#include <arpa/inet.h>

#include <cctype>

namespace wlc::sim::backends {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string StripBrackets(const std::string& host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    return host.substr(1, host.size() - 2);
  return host;
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  std::string h = StripBrackets(host);
  return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

}  // namespace

bool HostMap::IsLoopbackLiteral(const std::string& host) {
  std::string h = StripBrackets(host);
  unsigned char v4[4];
  if (inet_pton(AF_INET, h.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  if (inet_pton(AF_INET6, h.c_str(), v6) == 1) {
    for (int i = 0; i < 15; ++i) {
      if (v6[i] != 0) return false;
    }
    return v6[15] == 1;
  }
  return false;
}

void HostMap::Set(const std::string& host, const HostEndpoint& endpoint) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_[Lower(host)] = endpoint;
}

void HostMap::Remove(const std::string& host) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(Lower(host));
}

void HostMap::SetDnsFailure(const std::string& host, bool failing) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failing) {
    dns_failures_.insert(Lower(host));
  } else {
    dns_failures_.erase(Lower(host));
  }
}

ResolveStatus HostMap::Resolve(const std::string& host, uint16_t url_port,
                               HostEndpoint* out) const {
  std::string key = Lower(host);
  std::lock_guard<std::mutex> lock(mu_);
  if (dns_failures_.count(key)) return ResolveStatus::kDnsFailure;
  auto it = entries_.find(key + ":" + std::to_string(url_port));
  if (it == entries_.end()) it = entries_.find(key);
  if (it != entries_.end()) {
    *out = it->second;
    if (out->port == 0) out->port = url_port;
    return IsLoopbackLiteral(out->address) ? ResolveStatus::kOk : ResolveStatus::kUnreachable;
  }
  if (IsLoopbackLiteral(key)) {
    *out = HostEndpoint{StripBrackets(key), url_port};
    return ResolveStatus::kOk;
  }
  return IsIpLiteral(key) ? ResolveStatus::kUnreachable : ResolveStatus::kDnsFailure;
}

}  // namespace wlc::sim::backends
