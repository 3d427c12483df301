#include "syslog.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>

#include "controller.h"
#include "util.h"

namespace wlc::sim {

SyslogForwarder& SyslogForwarder::Get() {
  static SyslogForwarder* f = new SyslogForwarder();  // never destroyed: used until exit
  return *f;
}

SyslogForwarder::~SyslogForwarder() { Stop(); }

void SyslogForwarder::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

bool SyslogForwarder::ParseTarget(const std::string& text, Target* t, std::string* error) {
  *t = Target{};
  if (text.empty()) return true;
  std::string rest;
  if (text.rfind("udp://", 0) == 0) {
    rest = text.substr(6);
  } else if (text.rfind("tcp://", 0) == 0) {
    t->tcp = true;
    rest = text.substr(6);
  } else {
    *error = "syslog target must be udp://A.B.C.D:PORT or tcp://A.B.C.D:PORT, got " + text;
    return false;
  }
  size_t colon = rest.rfind(':');
  in_addr a{};
  if (colon == std::string::npos || inet_pton(AF_INET, rest.substr(0, colon).c_str(), &a) != 1) {
    *error = "bad syslog address in " + text;
    return false;
  }
  std::string port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) == 0 || std::stoul(port) > 65535) {
    *error = "bad syslog port in " + text;
    return false;
  }
  t->ip = ntohl(a.s_addr);
  t->port = static_cast<uint16_t>(std::stoul(port));
  t->text = text;
  return true;
}

bool SyslogForwarder::SetFleetTarget(const std::string& target, std::string* error) {
  Target t;
  if (!ParseTarget(target, &t, error)) return false;
  std::lock_guard<std::mutex> lock(mu_);
  fleet_ = t;
  return true;
}

bool SyslogForwarder::SetControllerTarget(uint32_t index, const std::string& target,
                                          std::string* error) {
  Target t;
  if (!ParseTarget(target, &t, error)) return false;
  std::lock_guard<std::mutex> lock(mu_);
  if (t.port == 0) {
    per_controller_.erase(index);
  } else {
    per_controller_[index] = t;
  }
  return true;
}

bool SyslogForwarder::SetFormat(const std::string& format, std::string* error) {
  if (format != "rfc3164" && format != "rfc5424") {
    *error = "--syslog-format must be rfc3164 or rfc5424";
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  rfc5424_ = format == "rfc5424";
  return true;
}

nlohmann::json SyslogForwarder::Describe() {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json per = nlohmann::json::object();
  for (const auto& [i, t] : per_controller_) per[NameForIndex(i)] = t.text;
  return {{"target", fleet_.text},
          {"format", rfc5424_ ? "rfc5424" : "rfc3164"},
          {"controllers", per},
          {"sent", sent_},
          {"dropped", dropped_}};
}

std::string SyslogForwarder::Format(bool rfc5424, const std::string& hostname,
                                    const std::string& address, uint64_t seq, int64_t time_ms,
                                    const std::string& message) {
  int severity = 6;
  std::string facility = "SYS";
  // %FAC-SEV-MNEMONIC: text
  size_t d1 = message.find('-');
  if (!message.empty() && message[0] == '%' && d1 != std::string::npos && d1 + 2 < message.size() &&
      message[d1 + 1] >= '0' && message[d1 + 1] <= '7') {
    severity = message[d1 + 1] - '0';
    facility = message.substr(1, d1 - 1);
  }
  int pri = 23 * 8 + severity;  // local7
  std::time_t t = static_cast<std::time_t>(time_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  if (rfc5424) {
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
    char ms[8];
    std::snprintf(ms, sizeof(ms), ".%03dZ", static_cast<int>(time_ms % 1000));
    return "<" + std::to_string(pri) + ">1 " + buf + ms + " " + hostname + " wlcsim - " + facility +
           " [origin ip=\"" + address + "\"] " + message;
  }
  std::strftime(buf, sizeof(buf), "%b %e %H:%M:%S", &tm);
  char cisco[64];
  std::strftime(cisco, sizeof(cisco), "%b %e %H:%M:%S", &tm);
  char ms[8];
  std::snprintf(ms, sizeof(ms), ".%03d", static_cast<int>(time_ms % 1000));
  return "<" + std::to_string(pri) + ">" + buf + " " + address + " " + std::to_string(seq) + ": " +
         hostname + ": *" + cisco + ms + " UTC: " + message;
}

void SyslogForwarder::Emit(const Controller& c, int64_t time_ms, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  const Target* t = &fleet_;
  if (!per_controller_.empty()) {
    auto it = per_controller_.find(c.index);
    if (it != per_controller_.end()) t = &it->second;
  }
  if (t->port == 0) return;
  if (queue_.size() >= 100000) {
    ++dropped_;
    return;
  }
  queue_.push_back(Item{*t, Format(rfc5424_, c.name, FormatIpv4(c.address), ++seq_, time_ms, message)});
  if (!worker_.joinable()) worker_ = std::thread([this] { Run(); });
  cv_.notify_one();
}

void SyslogForwarder::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) break;
    Item item = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    SendOne(item);
    lock.lock();
    ++sent_;
  }
  if (udp_fd_ >= 0) close(udp_fd_);
  for (auto& [k, fd] : tcp_fds_) close(fd);
}

void SyslogForwarder::SendOne(const Item& item) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(item.target.ip);
  sa.sin_port = htons(item.target.port);
  if (!item.target.tcp) {
    if (udp_fd_ < 0) udp_fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (udp_fd_ >= 0) {
      sendto(udp_fd_, item.line.data(), item.line.size(), 0, reinterpret_cast<sockaddr*>(&sa),
             sizeof(sa));
    }
    return;
  }
  std::string line = item.line + "\n";
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto it = tcp_fds_.find(item.target.text);
    int fd = it == tcp_fds_.end() ? -1 : it->second;
    if (fd < 0) {
      fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0) return;
      if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) != 0) {
        close(fd);
        return;  // collector down: the line is lost, like on a device
      }
      tcp_fds_[item.target.text] = fd;
    }
    if (send(fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size()))
      return;
    close(fd);
    tcp_fds_.erase(item.target.text);
  }
}

}  // namespace wlc::sim
