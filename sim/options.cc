#include "options.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli_config.h"
#include "smart_config.h"
#include "util.h"

namespace wlc::sim {
namespace {

using nlohmann::json;

bool ParseUint(const std::string& text, uint64_t max, uint64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n > max) return false;
  *out = n;
  return true;
}

bool ApplyOverride(const json& entry, Controller* c, std::string* error) {
  bool consumed = false;
  // The profile first (keys iterate sorted): the other keys override it.
  if (entry.contains("profile") &&
      !ApplyRealismKey("profile", entry["profile"], &c->realism, &consumed, error)) {
    return false;
  }
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "index" || k == "profile") continue;
    if (!ApplyRealismKey(k, v, &c->realism, &consumed, error)) return false;
    if (consumed) continue;
    if (k == "version" && v.is_string()) {
      auto version = ParseVersion(v.get<std::string>());
      if (!version) {
        *error = "bad version " + v.dump();
        return false;
      }
      c->version = *version;
      c->version_text = v.get<std::string>();
    } else if (k == "pid" && v.is_string() && !v.get<std::string>().empty()) {
      c->pid = v.get<std::string>();
    } else if (k == "aps" && v.is_number_unsigned() && v.get<uint64_t>() <= 1000000) {
      c->joined_aps = v.get<uint32_t>();
    } else if (k == "transport" && v.is_string()) {
      std::string t = v.get<std::string>();
      CliOutcome r = ApplyConfigClis("license smart transport " + (t == "Off" ? "off" : t), c);
      if (!r.ok) {
        *error = "bad transport " + v.dump();
        return false;
      }
    } else if (k == "url_cslu" && v.is_string()) {
      CliOutcome r = ApplyConfigClis("license smart url cslu " + v.get<std::string>(), c);
      if (!r.ok) {
        *error = "bad url_cslu " + v.dump();
        return false;
      }
    } else if (k == "url_default" && v.is_boolean()) {
      if (v.get<bool>()) SetUrlDefault(&c->smart);
    } else if (k == "trust_installed" && v.is_boolean()) {
      c->trust_installed = v.get<bool>();
      c->trust_time_ms = c->trust_installed ? NowMillis() : 0;
    } else if (k == "faults") {
      if (!ParseFaults(v, &c->faults, error)) return false;
    } else if (k == "ha" && v.is_boolean()) {
      c->ha = v.get<bool>();
    } else if (k == "slr" && v.is_boolean()) {
      c->slr_installed = v.get<bool>();
    } else if (k == "clock_offset_s" && v.is_number_integer() &&
               std::llabs(v.get<int64_t>()) <= 10LL * 365 * 86400) {
      c->clock_offset_s = v.get<int64_t>();
    } else if (k == "cli" && v.is_string()) {
      CliOutcome r = ApplyConfigClis(v.get<std::string>(), c);
      if (!r.ok) {
        *error = "bad cli line " + r.bad_line;
        return false;
      }
    } else {
      *error = "unknown or mistyped key \"" + k + "\": " + v.dump() +
               " (known: index, version, pid, aps, transport, url_cslu, url_default, "
               "trust_installed, faults, ha, clock_offset_s, slr, cli, profile and the "
               "realism keys of --help)";
      return false;
    }
  }
  return true;
}

}  // namespace

std::string UsageText() {
  return R"(Usage: wlcsim --state-dir DIR [options]

Simulates a fleet of Cisco Catalyst 9800-CL wireless controllers that speak
RESTCONF (RFC 8040, JSON) over HTTPS with basic auth, for the Smart Licensing
Using Policy surface of the real Cisco YANG models.

Controller i (0-based) is named wlc-<i+1, 5 digits>, listens on address
first-address + i and the one shared port. When ready, wlcsim writes
DIR/ca.pem and DIR/manifest.json and prints "wlcsim ready <manifest path>".
SIGTERM or SIGINT stops it (exit 0).

Options:
  --state-dir DIR         where ca.pem and manifest.json go (required; created)
  --controllers N         number of controllers (default 3)
  --first-address A       IPv4 of the first controller, in 127.0.0.0/8
                          (default 127.1.0.1; next ones 127.1.0.2, ...)
  --port P                shared TCP port of all controllers (default 0 = ephemeral)
  --username U            RESTCONF basic-auth user (default admin)
  --password P            RESTCONF basic-auth password (default: random, see manifest)
  --version V             IOS-XE version of every controller (default 17.12.1)
  --pid PID               product id (default C9800-CL-K9)
  --trust-delay-ms MS     delay before an id-token-trust completes (default 300)
  --aps N                 joined APs per controller (default 10)
  --threads N             io threads (default 1)
  --fleet FILE            JSON list of per-controller overrides, e.g.
                          [{"index":0,"version":"17.9.1","aps":5,"transport":"smart",
                            "url_cslu":"http://10.1.1.1:8182/cslu/v1/pi","url_default":true,
                            "trust_installed":true,"faults":{"latency_ms":200},
                            "ha":true,"clock_offset_s":7200,"slr":true,
                            "cli":"crypto pki trustpoint SLA-TrustPoint\n revocation-check none"}]
                          faults: latency_ms, status, silent, malformed_json, reset,
                          tls_failure, force_401, dns_failure, backend_down,
                          status_path (status only for paths containing it)
  --clock-speed X         simulated seconds per real second (default 1; 3600 = an
                          hour per second). Drives RUM windows, the 8-hourly AP
                          snapshot, report pushes, ACK deadlines and reminders.
                          The control API can jump it: POST /clock {"advance_seconds":N}
  --syslog TARGET         forward every controller's %FAC-SEV-MNEMONIC lines to a
                          collector: udp://A.B.C.D:PORT or tcp://A.B.C.D:PORT
  --syslog-format F       rfc3164 (default, Cisco-style) or rfc5424
  --upstream U            licensing servers the controllers talk to: "local" (an
                          in-process fake CSSM/CSLU/On-Prem, default) or "backends"
                          (the mock back ends of sim/backends, when built in)

IOS-XE server behaviour (all off by default; docs/wlcsim.md). Each flag is also
a fleet-file key per controller (the name with '_' for '-', e.g.
"max_connections":2, "profile":"ios-xe-9800") and a control-API setting
(POST /controllers/<name>/realism {...}):
  --profile NAME          ios-xe-9800: a hardened 9800 on 17.x: p50 150 ms / p99
                          600 ms, 2 connections, 25 requests and 180 s life/idle a
                          connection, datastore lock, 500 ms sync window, 1 % 500s,
                          0.2 % truncated bodies, TLS 1.2 only, RSA-2048 certs.
                          Later flags override single knobs. "none" = all off.
  --latency-p50-ms MS     median answer delay; with --latency-p99-ms a log-normal
  --latency-p99-ms MS     fitted to both (a 9800 answers a small GET in 100-350 ms)
  --max-connections N     `ip http max-connections N`: a connection over N is
                          reset at accept (counted as connections_refused)
  --requests-per-connection N  `ip http timeout-policy ... requests N`: the Nth
                          answer carries Connection: close, then the close
  --connection-life-s S   `... life S`: the first answer after S s closes
  --connection-idle-s S   `... idle S`: a connection idle S s is closed
  --datastore-lock BOOL   a write holds the config datastore until it is answered;
                          a write from another connection meanwhile, or during an
                          injected lock (POST /controllers/<name>/lock
                          {"seconds":N}), gets 409 lock-denied "the configuration
                          database is locked by session N"; nothing is applied
  --sync-ms MS            after each applied change, writes get 409 in-use
                          "sync in progress" for MS ms; nothing is applied
  --error-rate R          share (0..1) of requests answered 500 "Process DBAL
                          response failed" (17.18.1); a write so answered is not applied
  --truncate-rate R       share (0..1) of answers sent with the full Content-Length
                          but half the body, then the connection is closed
  --tls12-only BOOL       the handshake offers TLS 1.2 at most
  --seed N                RNG seed of latency, 500s and truncation (per controller
                          seed and index; same seed, same sequence)
  --rsa-2048 BOOL         RSA-2048 CA and certificates instead of EC P-256
                          (fleet-wide only)
  Counters of every injected behaviour: GET /controllers/<name>/requests.

  --listener-per-address  one listening socket per controller address instead of
                          the shared 0.0.0.0:<port> socket bound to lo (the automatic
                          fallback when SO_BINDTODEVICE is refused; small fleets only)
  --help                  this text

Control API (plain HTTP, URL in the manifest as control_url): see README.md.
)";
}

bool ParseIpv4(const std::string& text, uint32_t* address) {
  in_addr a{};
  if (inet_pton(AF_INET, text.c_str(), &a) != 1) return false;
  *address = ntohl(a.s_addr);
  return true;
}

ParseResult ParseOptions(int argc, char** argv, Options* o, std::string* error) {
  std::string profile;
  json knobs = json::object();
  std::optional<bool> rsa;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") return ParseResult::kHelp;
    if (arg == "--listener-per-address") {
      o->listener_per_address = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      *error = "unexpected argument: " + arg;
      return ParseResult::kError;
    }
    std::string name = arg;
    std::string value;
    size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else {
      if (i + 1 >= argc) {
        *error = "missing value for " + arg;
        return ParseResult::kError;
      }
      value = argv[++i];
    }
    uint64_t n = 0;
    auto number = [&](uint64_t max) {
      if (!ParseUint(value, max, &n)) {
        *error = "bad value for " + name + ": " + value + " (0.." + std::to_string(max) + ")";
        return false;
      }
      return true;
    };
    if (name == "--state-dir") {
      o->state_dir = value;
    } else if (name == "--controllers") {
      if (!number(1000000)) return ParseResult::kError;
      o->controllers = static_cast<uint32_t>(n);
    } else if (name == "--first-address") {
      o->first_address = value;
    } else if (name == "--port") {
      if (!number(65535)) return ParseResult::kError;
      o->port = static_cast<uint16_t>(n);
    } else if (name == "--username") {
      o->username = value;
    } else if (name == "--password") {
      o->password = value;
    } else if (name == "--version") {
      o->version = value;
    } else if (name == "--pid") {
      o->pid = value;
    } else if (name == "--trust-delay-ms") {
      if (!number(3600000)) return ParseResult::kError;
      o->trust_delay_ms = static_cast<uint32_t>(n);
    } else if (name == "--aps") {
      if (!number(1000000)) return ParseResult::kError;
      o->aps = static_cast<uint32_t>(n);
    } else if (name == "--threads") {
      if (!number(64)) return ParseResult::kError;
      o->threads = static_cast<uint32_t>(n);
    } else if (name == "--fleet") {
      o->fleet_file = value;
    } else if (name == "--clock-speed") {
      char* end = nullptr;
      double x = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || *end != '\0' || !(x > 0) || x > 1e7) {
        *error = "bad value for --clock-speed: " + value + " (a number in (0, 1e7])";
        return ParseResult::kError;
      }
      o->clock_speed = x;
    } else if (name == "--syslog") {
      o->syslog = value;
    } else if (name == "--syslog-format") {
      o->syslog_format = value;
    } else if (name == "--upstream") {
      if (value != "local" && value != "backends") {
        *error = "--upstream must be local or backends";
        return ParseResult::kError;
      }
      o->upstream = value;
    } else if (name == "--profile") {
      profile = value;
      if (!ProfileRealism(value, &o->realism)) {
        *error = "unknown --profile " + value.substr(0, 40) + " (known: " + kProfileIosXe9800 +
                 ", none)";
        return ParseResult::kError;
      }
    } else if (name == "--rsa-2048") {
      if (value != "true" && value != "false") {
        *error = "--rsa-2048 takes true or false";
        return ParseResult::kError;
      }
      rsa = value == "true";
    } else {
      std::string key = name.substr(2);
      std::replace(key.begin(), key.end(), '-', '_');
      json v = json::parse(value, nullptr, /*allow_exceptions=*/false);
      bool consumed = false;
      Realism probe;
      if (!v.is_discarded() && key != "profile" &&
          ApplyRealismKey(key, v, &probe, &consumed, error) && consumed) {
        knobs[key] = v;
        continue;
      }
      if (!consumed || v.is_discarded()) *error = "unknown flag or bad value: " + name;
      return ParseResult::kError;
    }
  }
  // The profile first, whatever the order on the command line.
  if (!profile.empty()) ProfileRealism(profile, &o->realism);
  for (auto it = knobs.begin(); it != knobs.end(); ++it) {
    bool consumed = false;
    ApplyRealismKey(it.key(), it.value(), &o->realism, &consumed, error);
  }
  o->rsa_2048 = rsa.value_or(profile == kProfileIosXe9800);
  if (o->state_dir.empty()) {
    *error = "--state-dir is required";
    return ParseResult::kError;
  }
  if (o->controllers == 0) {
    *error = "--controllers must be at least 1";
    return ParseResult::kError;
  }
  if (o->threads == 0) o->threads = 1;
  if (!ParseVersion(o->version)) {
    *error = "bad --version (want e.g. 17.12.1): " + o->version;
    return ParseResult::kError;
  }
  if (o->username.empty() || o->username.find(':') != std::string::npos ||
      HasControlChar(o->username) || HasControlChar(o->password)) {
    *error = "bad --username/--password (no ':' in the user, no control characters)";
    return ParseResult::kError;
  }
  return ParseResult::kOk;
}

bool BuildControllers(const Options& options, uint32_t first_address,
                      std::vector<Controller>* controllers, std::string* error) {
  Version version = *ParseVersion(options.version);
  controllers->clear();
  controllers->resize(options.controllers);
  for (uint32_t i = 0; i < options.controllers; ++i) {
    Controller& c = (*controllers)[i];
    c.name = NameForIndex(i);
    c.serial = SerialForIndex(i);
    c.pid = options.pid;
    c.version_text = options.version;
    c.version = version;
    c.address = first_address + i;
    c.joined_aps = options.aps;
    c.index = i;
    c.standby_serial = SerialForIndex(i + 2000000);  // HA standby (used when "ha")
    c.realism = options.realism;
  }
  if (options.fleet_file.empty()) return true;

  std::ifstream in(options.fleet_file);
  if (!in) {
    *error = "cannot read --fleet file " + options.fleet_file;
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  json fleet = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (fleet.is_discarded() || !fleet.is_array()) {
    *error = options.fleet_file + ": expected a JSON array of objects";
    return false;
  }
  for (const json& entry : fleet) {
    auto index = entry.is_object() ? entry.find("index") : entry.end();
    if (!entry.is_object() || index == entry.end() || !index->is_number_unsigned() ||
        index->get<uint64_t>() >= options.controllers) {
      *error = options.fleet_file + ": every entry needs \"index\" in 0.." +
               std::to_string(options.controllers - 1) + ": " + entry.dump();
      return false;
    }
    std::string why;
    if (!ApplyOverride(entry, &(*controllers)[index->get<size_t>()], &why)) {
      *error = options.fleet_file + ": entry " + index->dump() + ": " + why;
      return false;
    }
  }
  return true;
}

}  // namespace wlc::sim
