#include "cli_config.h"

#include <vector>

#include "licensing.h"
#include "smart_config.h"
#include "util.h"

namespace wlc::sim {
namespace {

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) words.emplace_back(line.substr(start, i - start));
  }
  return words;
}

bool IsHost(const std::string& s) {
  if (s.empty() || s.size() > 253) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool IsName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_' || c == '/' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool ParsePort(const std::string& s, uint16_t* port) {
  if (s.empty() || s.size() > 5) return false;
  uint32_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint32_t>(c - '0');
  }
  if (n < 1 || n > 65535) return false;
  *port = static_cast<uint16_t>(n);
  return true;
}

bool IsHttpUrl(const std::string& s) {
  return (s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) && s.size() > 8 &&
         LooksLikeUri(s);
}

}  // namespace

CliOutcome ApplyConfigClis(std::string_view clis, Controller* controller) {
  CliOutcome out;
  nlohmann::json smart = controller->smart;
  CliOnlyConfig cli = controller->cli;
  bool in_sla_trustpoint = false;
  std::string applied;

  int lineno = 0;
  size_t pos = 0;
  while (pos <= clis.size()) {
    size_t nl = clis.find('\n', pos);
    if (nl == std::string_view::npos) nl = clis.size();
    std::string_view line = clis.substr(pos, nl - pos);
    pos = nl + 1;
    ++lineno;
    auto reject = [&] {
      out.ok = false;
      out.lineno = lineno;
      out.bad_line = std::string(line);
      return out;
    };
    if (HasControlChar(line)) return reject();
    std::vector<std::string> w = Words(line);
    if (w.empty()) continue;
    auto is = [&](std::initializer_list<const char*> prefix) {
      if (w.size() < prefix.size()) return false;
      size_t i = 0;
      for (const char* p : prefix) {
        if (w[i++] != p) return false;
      }
      return true;
    };
    bool ok = true;
    bool stays_in_submode = false;
    if (in_sla_trustpoint && w.size() == 2 && w[0] == "revocation-check" &&
        (w[1] == "none" || w[1] == "crl")) {
      cli.sla_trustpoint_revocation_check = w[1];
      stays_in_submode = true;
    } else if (in_sla_trustpoint && w.size() == 2 && w[0] == "no" && w[1] == "revocation-check") {
      cli.sla_trustpoint_revocation_check.clear();  // back to the default, crl
      stays_in_submode = true;
    } else if (in_sla_trustpoint && w.size() == 1 && w[0] == "exit") {
      // Leaves the trustpoint sub-mode.
    } else if (w.size() == 5 && is({"license", "smart", "proxy", "address"})) {
      ok = IsHost(w[4]);
      if (ok) cli.proxy_address = w[4];
    } else if (w.size() == 5 && is({"license", "smart", "proxy", "port"})) {
      ok = ParsePort(w[4], &cli.proxy_port);
    } else if (w.size() == 5 && is({"no", "license", "smart", "proxy", "address"})) {
      cli.proxy_address.clear();
    } else if (w.size() == 5 && is({"no", "license", "smart", "proxy", "port"})) {
      cli.proxy_port = 0;
    } else if (w.size() == 5 && is({"no", "license", "smart", "url", "smart"})) {
      cli.url_smart.clear();
    } else if (w.size() == 5 && is({"no", "ip", "http", "client", "source-interface"})) {
      cli.http_client_source_interface.clear();
    } else if (w.size() == 5 && is({"no", "ip", "http", "client", "secure-trustpoint"})) {
      cli.http_client_secure_trustpoint.clear();
    } else if (w.size() == 5 && is({"license", "smart", "url", "smart"})) {
      ok = IsHttpUrl(w[4]);
      if (ok) cli.url_smart = w[4];
    } else if (w.size() == 4 && is({"license", "smart", "url", "default"})) {
      SetUrlDefault(&smart);
      cli.url_smart.clear();
    } else if (w.size() == 5 && is({"license", "smart", "url", "cslu"})) {
      ok = IsHttpUrl(w[4]);
      if (ok) {
        if (!smart["url"].is_object()) smart["url"] = nlohmann::json::object();
        smart["url"]["cslu"] = w[4];
      }
    } else if (w.size() == 4 && is({"license", "smart", "transport"})) {
      const std::string& t = w[3];
      ok = t == "smart" || t == "cslu" || t == "off" || t == "callhome" || t == "automatic";
      if (ok) smart["transport-type"] = t == "off" ? "Off" : t;
    } else if (w.size() == 5 && is({"license", "smart", "usage", "interval"})) {
      uint16_t days = 0;
      ok = ParsePort(w[4], &days) && days <= 365;  // YANG range 1..365
      if (ok) {
        if (!smart["usage"].is_object()) smart["usage"] = nlohmann::json::object();
        smart["usage"]["interval"] = days;
      }
    } else if (w.size() == 5 && is({"ip", "http", "client", "source-interface"})) {
      ok = IsName(w[4]);
      if (ok) cli.http_client_source_interface = w[4];
    } else if (w.size() == 5 && is({"ip", "http", "client", "secure-trustpoint"})) {
      ok = IsName(w[4]);
      if (ok) cli.http_client_secure_trustpoint = w[4];
    } else if (w.size() == 4 && is({"crypto", "pki", "trustpoint", "SLA-TrustPoint"})) {
      stays_in_submode = true;
    } else {
      ok = false;
    }
    if (!ok) return reject();
    in_sla_trustpoint = stays_in_submode;
    applied += std::string(line);
    applied += '\n';
  }
  controller->smart = std::move(smart);
  controller->cli = std::move(cli);
  out.ok = true;
  out.result = std::move(applied);
  return out;
}

std::string RunningConfigClis(const Controller& c) {
  std::string out = "hostname " + c.name + "\n";
  if (IsSlup(c)) {
    // IOS-XE creates SLA-TrustPoint with SLUP and fetches CRLs by default.
    out += "crypto pki trustpoint SLA-TrustPoint\n";
    out += " revocation-check " +
           std::string(c.cli.sla_trustpoint_revocation_check == "none" ? "none" : "crl") + "\n";
  }
  const nlohmann::json& s = c.smart;
  auto url = s.find("url");
  bool has_url = url != s.end() && url->is_object();
  auto str = [](const nlohmann::json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (!c.cli.url_smart.empty()) {
    out += "license smart url smart " + c.cli.url_smart + "\n";
  } else if (has_url && url->contains("default")) {
    out += "license smart url default\n";
  }
  if (has_url) {
    if (std::string n = str(*url, "name"); !n.empty()) out += "license smart url " + n + "\n";
    if (std::string u = str(*url, "utility"); !u.empty())
      out += "license smart url utility " + u + "\n";
    if (std::string u = str(*url, "cslu"); !u.empty()) out += "license smart url cslu " + u + "\n";
  }
  std::string transport = SmartTransport(s);
  out += "license smart transport " + (transport == "Off" ? std::string("off") : transport) + "\n";
  if (!c.cli.proxy_address.empty()) {
    out += "license smart proxy address " + c.cli.proxy_address + "\n";
  }
  if (c.cli.proxy_port != 0) {
    out += "license smart proxy port " + std::to_string(c.cli.proxy_port) + "\n";
  }
  auto usage = s.find("usage");
  if (usage != s.end() && usage->is_object()) {
    auto interval = usage->find("interval");
    if (interval != usage->end() && interval->is_number_integer()) {
      out += "license smart usage interval " + std::to_string(interval->get<int64_t>()) + "\n";
    }
  }
  if (!c.cli.http_client_source_interface.empty()) {
    out += "ip http client source-interface " + c.cli.http_client_source_interface + "\n";
  }
  if (!c.cli.http_client_secure_trustpoint.empty()) {
    out += "ip http client secure-trustpoint " + c.cli.http_client_secure_trustpoint + "\n";
  }
  return out;
}

}  // namespace wlc::sim
