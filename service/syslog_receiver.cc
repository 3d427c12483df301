#include "service/syslog_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "adapters/common/input_limits.h"

namespace wlc::service {
namespace {

using limits::kMaxSyslogLineBytes;  // RFC 3164 §4.1

// The host fields of a syslog line: RFC 3164 "<PRI>Mmm dd hh:mm:ss HOST ...", RFC 5424
// "<PRI>1 TIME HOST APP ... [origin ip="X"] ...".
std::vector<std::string> HostsInLine(absl::string_view line) {
  std::vector<std::string> hosts;
  const size_t close = line.find('>');
  if (!absl::StartsWith(line, "<") || close == absl::string_view::npos) return hosts;
  std::vector<absl::string_view> words =
      absl::StrSplit(line.substr(close + 1), ' ', absl::SkipEmpty());
  if (!words.empty() && words[0] == "1") {  // RFC 5424
    if (words.size() > 2) hosts.emplace_back(words[2]);
  } else if (words.size() > 3) {  // RFC 3164: month day time host
    hosts.emplace_back(absl::StripSuffix(words[3], ":"));
  }
  if (size_t p = line.find("origin ip=\""); p != absl::string_view::npos) {
    absl::string_view rest = line.substr(p + 11);
    hosts.emplace_back(rest.substr(0, rest.find('"')));
  }
  return hosts;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SyslogReceiver>> SyslogReceiver::Start(const std::string& listen,
                                                                      size_t lines_per_sender,
                                                                      size_t max_bytes) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535 ||
      inet_pton(AF_INET, listen.substr(0, colon).c_str(), &addr.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("syslog_listen: \"", listen, "\" is not IPv4:port"));
  }
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) close(fd);
    return absl::UnavailableError(absl::StrCat("syslog_listen ", listen, ": ", why));
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::unique_ptr<SyslogReceiver> r(
      new SyslogReceiver(fd, ntohs(addr.sin_port), lines_per_sender, max_bytes));
  r->thread_ = std::thread([p = r.get()] { p->Run(); });
  return r;
}

SyslogReceiver::SyslogReceiver(int fd, int port, size_t per_sender, size_t max_bytes)
    : fd_(fd), port_(port), per_sender_(per_sender), max_bytes_(max_bytes) {}

SyslogReceiver::~SyslogReceiver() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  close(fd_);
}

void SyslogReceiver::Run() {
  char buf[8192];
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n = recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n <= 0) continue;
    char ip[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
    Accept(ip, std::string(buf, static_cast<size_t>(n)));
  }
}

void SyslogReceiver::Accept(const std::string& source, std::string line) {
  if (line.size() > kMaxSyslogLineBytes) line.resize(kMaxSyslogLineBytes);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (!absl::StrContains(line, "%SMART_LIC-") && !absl::StrContains(line, "%PKI-")) return;
  std::set<std::string> keys = {source};
  for (std::string& h : HostsInLine(line)) keys.insert(std::move(h));
  absl::MutexLock lock(&mu_);
  const uint64_t seq = next_seq_++;
  for (const std::string& key : keys) {
    auto& ring = lines_[key];
    ring.emplace_back(seq, line);
    order_.emplace_back(seq, key);
    bytes_ += line.size() + key.size();
    ++live_;
    if (ring.size() > per_sender_) {
      bytes_ -= ring.front().second.size() + key.size();
      --live_;
      ring.pop_front();  // its entry in order_ is now stale
    }
  }
  // Over budget: the oldest kept lines go, whoever sent them.
  while (bytes_ > max_bytes_ && !order_.empty()) {
    auto [old_seq, key] = std::move(order_.front());
    order_.pop_front();
    DropIfFront(key, old_seq);
  }
  // Stale entries (lines a sender's own limit dropped) are compacted away once they outnumber
  // the live ones; live entries met on the way keep their place in age order.
  if (order_.size() > 2 * live_ + 64) {
    std::deque<std::pair<uint64_t, std::string>> kept;
    for (auto& entry : order_) {
      auto it = lines_.find(entry.second);
      if (it == lines_.end()) continue;
      for (const auto& [s, text] : it->second) {
        if (s == entry.first) {
          kept.push_back(std::move(entry));
          break;
        }
      }
    }
    order_.swap(kept);
  }
}

void SyslogReceiver::DropIfFront(const std::string& key, uint64_t seq) {
  auto it = lines_.find(key);
  if (it == lines_.end() || it->second.empty() || it->second.front().first != seq) return;
  bytes_ -= it->second.front().second.size() + key.size();
  --live_;
  it->second.pop_front();
  if (it->second.empty()) lines_.erase(it);
}

std::vector<std::string> SyslogReceiver::Lines(const std::vector<std::string>& keys) const {
  std::map<uint64_t, std::string> merged;  // by arrival, once each
  absl::MutexLock lock(&mu_);
  for (const std::string& key : keys) {
    auto it = lines_.find(key);
    if (it == lines_.end()) continue;
    for (const auto& [seq, text] : it->second) merged.emplace(seq, text);
  }
  std::vector<std::string> out;
  for (auto& [seq, text] : merged) out.push_back(std::move(text));
  return out;
}

}  // namespace wlc::service
