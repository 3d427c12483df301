#include "service/config.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "adapters/common/cli_grammar.h"
#include "adapters/common/input_limits.h"
#include "adapters/common/version.h"
#include "nlohmann/json.hpp"

namespace wlc::service {
namespace {

using nlohmann::json;

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     size_t max_bytes = limits::kMaxConfigFileBytes) {
  return limits::ReadFileAtMost(path, max_bytes);
}

// One JSON object within the limits of its kind. Errors name `what` and a byte position, never
// the text (credentials files hold secrets).
absl::StatusOr<json> ParseObject(absl::string_view text, size_t max_bytes,
                                 const std::string& what) {
  absl::StatusOr<json> j = limits::ParseJson(text, max_bytes, what);
  if (!j.ok()) return j.status();
  if (!j->is_object()) return absl::InvalidArgumentError(what + ": not a JSON object");
  return j;
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string Resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return base_dir + "/" + path;
}

absl::Status CheckKeys(const json& obj, const std::set<std::string>& allowed,
                       const std::string& where) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (allowed.count(it.key()) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": unknown key '", limits::QuotePrefix(it.key()),
                       "' (allowed: ", absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status GetString(const json& obj, const char* key, const std::string& where, std::string* out,
                       bool required) {
  if (!obj.contains(key)) {
    if (required)
      return absl::InvalidArgumentError(absl::StrCat(where, ": '", key, "' is required"));
    return absl::OkStatus();
  }
  if (!obj[key].is_string()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": '", key, "' must be a string"));
  }
  *out = obj[key].get<std::string>();
  return absl::OkStatus();
}

absl::Status GetInt(const json& obj, const char* key, int lo, int hi, int* out) {
  if (!obj.contains(key)) return absl::OkStatus();
  if (!obj[key].is_number_integer() || obj[key].get<long long>() < lo ||
      obj[key].get<long long>() > hi) {
    return absl::InvalidArgumentError(
        absl::StrCat("config: '", key, "' must be an integer ", lo, "..", hi));
  }
  *out = obj[key].get<int>();
  return absl::OkStatus();
}

bool IsName(const std::string& s) {
  if (s.empty() || s.size() > limits::kMaxNameLength) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  }
  return true;
}

absl::Status ParseAddress(const std::string& where, const std::string& address,
                          ControllerConfig* c) {
  std::string host = address;
  size_t colon = address.rfind(':');
  if (colon != std::string::npos) {
    host = address.substr(0, colon);
    int port;
    if (!absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 1 || port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": address '", address, "' has no valid port"));
    }
    c->port = port;
  }
  if (absl::Status s = adapters::cli::CheckHost(where + ": address", host); !s.ok()) return s;
  c->host = host;
  return absl::OkStatus();
}

absl::StatusOr<upstream::UpstreamConfig> ParseUpstream(const std::string& name, const json& u,
                                                       const std::string& base_dir) {
  const std::string where = absl::StrCat("upstream '", name, "'");
  if (!IsName(name) || !u.is_object())
    return absl::InvalidArgumentError(where + ": must be an object");
  if (absl::Status s = CheckKeys(u,
                                 {"kind", "base_url", "token_url", "account", "virtual_account",
                                  "credentials_file", "ca_file", "insecure_skip_verify"},
                                 where);
      !s.ok()) {
    return s;
  }
  upstream::UpstreamConfig c;
  c.name = name;
  if (absl::Status s = GetString(u, "kind", where, &c.kind, true); !s.ok()) return s;
  if (c.kind != "cssm" && c.kind != "onprem") {
    return absl::InvalidArgumentError(where + ": kind must be cssm or onprem");
  }
  for (auto [key, out] :
       std::vector<std::pair<const char*, std::string*>>{{"base_url", &c.base_url},
                                                         {"account", &c.account},
                                                         {"virtual_account", &c.virtual_account}}) {
    if (absl::Status s = GetString(u, key, where, out, true); !s.ok()) return s;
  }
  if (absl::Status s = GetString(u, "token_url", where, &c.token_url, false); !s.ok()) return s;
  for (const std::string* url : {&c.base_url, &c.token_url}) {
    if (!url->empty()) {
      if (absl::Status s = adapters::cli::CheckUrl(where + ": URL", *url, /*require_https=*/true);
          !s.ok()) {
        return s;
      }
    }
  }
  std::string creds_file;
  if (absl::Status s = GetString(u, "credentials_file", where, &creds_file, true); !s.ok())
    return s;
  absl::StatusOr<std::string> creds_text =
      ReadFile(Resolve(base_dir, creds_file), limits::kMaxSecretsFileBytes);
  if (absl::IsInvalidArgument(creds_text.status())) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": credentials_file is larger than ",
                                                   limits::kMaxSecretsFileBytes, " bytes"));
  }
  if (!creds_text.ok())
    return absl::NotFoundError(absl::StrCat(where, ": cannot read credentials_file ", creds_file));
  // Never quote the file: it holds the client secret.
  absl::StatusOr<json> creds_parsed =
      ParseObject(*creds_text, limits::kMaxSecretsFileBytes, where + ": credentials_file");
  if (!creds_parsed.ok()) return creds_parsed.status();
  const json& creds = *creds_parsed;
  if (absl::Status s =
          CheckKeys(creds, {"client_id", "client_secret"}, where + " credentials_file");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = GetString(creds, "client_id", where, &c.client_id, true); !s.ok()) return s;
  if (absl::Status s = GetString(creds, "client_secret", where, &c.client_secret, true); !s.ok())
    return s;
  c.tls.name = name;
  std::string ca;
  if (absl::Status s = GetString(u, "ca_file", where, &ca, false); !s.ok()) return s;
  if (!ca.empty()) c.tls.ca_file = Resolve(base_dir, ca);
  if (u.contains("insecure_skip_verify")) {
    if (!u["insecure_skip_verify"].is_boolean()) {
      return absl::InvalidArgumentError(where + ": 'insecure_skip_verify' must be a boolean");
    }
    c.tls.insecure_skip_verify = u["insecure_skip_verify"].get<bool>();
  }
  return c;
}

// The Prometheus face's security and probe bound (after tokens_file, which it depends on).
absl::Status ParseMetricsFace(const json& j, const std::string& base_dir, Config* cfg) {
  for (auto [key, out] : std::vector<std::pair<const char*, std::string*>>{
           {"metrics_tls_cert_file", &cfg->metrics_tls_cert_file},
           {"metrics_tls_key_file", &cfg->metrics_tls_key_file},
           {"metrics_tls_client_ca_file", &cfg->metrics_tls_client_ca_file}}) {
    if (absl::Status s = GetString(j, key, "config", out, false); !s.ok()) return s;
    if (!out->empty()) *out = Resolve(base_dir, *out);
  }
  if (cfg->metrics_tls_cert_file.empty() != cfg->metrics_tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "config: metrics_tls_cert_file and metrics_tls_key_file go together");
  }
  if (!cfg->metrics_tls_client_ca_file.empty() && cfg->metrics_tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "config: metrics_tls_client_ca_file (mTLS) needs metrics_tls_cert_file and "
        "metrics_tls_key_file");
  }
  if (j.contains("metrics_require_token")) {
    if (!j["metrics_require_token"].is_boolean()) {
      return absl::InvalidArgumentError("config: 'metrics_require_token' must be a boolean");
    }
    cfg->metrics_require_token = j["metrics_require_token"].get<bool>();
  }
  if (cfg->metrics_require_token && cfg->tokens_file.empty()) {
    return absl::InvalidArgumentError(
        "config: metrics_require_token needs tokens_file (the tokens Prometheus may present)");
  }
  return GetInt(j, "probe_max_concurrent_reads", 1, 1024, &cfg->probe_max_concurrent_reads);
}

}  // namespace

absl::StatusOr<ControllerConfig> ParseControllerEntry(const json& c, const Config& cfg,
                                                      std::string where) {
  if (!c.is_object()) return absl::InvalidArgumentError(where + ": must be an object");
  if (absl::Status s = CheckKeys(
          c, {"name", "address", "credentials_profile", "software_version", "platform", "labels"},
          where);
      !s.ok()) {
    return s;
  }
  ControllerConfig cc;
  if (absl::Status s = GetString(c, "name", where, &cc.name, true); !s.ok()) return s;
  if (!IsName(cc.name))
    return absl::InvalidArgumentError(where + ": name must be 1..64 of [A-Za-z0-9._-]");
  where = absl::StrCat("controller '", cc.name, "'");
  std::string address;
  if (absl::Status s = GetString(c, "address", where, &address, true); !s.ok()) return s;
  if (absl::Status s = ParseAddress(where, address, &cc); !s.ok()) return s;
  if (absl::Status s = GetString(c, "credentials_profile", where, &cc.credentials_profile, true);
      !s.ok())
    return s;
  if (cfg.profiles.count(cc.credentials_profile) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": unknown credentials_profile '",
                                                   limits::QuotePrefix(cc.credentials_profile),
                                                   "'"));
  }
  if (absl::Status s = GetString(c, "software_version", where, &cc.software_version, false);
      !s.ok())
    return s;
  if (!cc.software_version.empty()) {
    if (auto v = adapters::ParseIosXeVersion(cc.software_version); !v.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", v.status().message()));
    }
  }
  if (absl::Status s = GetString(c, "platform", where, &cc.platform, false); !s.ok()) return s;
  if (c.contains("labels")) {
    if (!c["labels"].is_object())
      return absl::InvalidArgumentError(where + ": 'labels' must be an object");
    for (auto it = c["labels"].begin(); it != c["labels"].end(); ++it) {
      if (!IsName(it.key()) || !it.value().is_string() ||
          it.value().get_ref<const std::string&>().size() > limits::kMaxLabelLength) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": label '", limits::QuotePrefix(it.key()),
            "' must be a name with a string value of at most ", limits::kMaxLabelLength, " bytes"));
      }
      cc.labels[it.key()] = it.value().get<std::string>();
    }
  }
  return cc;
}

absl::StatusOr<std::vector<ControllerConfig>> ParseControllers(const json& list,
                                                               const Config& cfg) {
  if (!list.is_array()) return absl::InvalidArgumentError("'controllers' must be a list");
  std::vector<ControllerConfig> out;
  std::set<std::string> names;
  int index = 0;
  for (const json& c : list) {
    absl::StatusOr<ControllerConfig> cc =
        ParseControllerEntry(c, cfg, absl::StrCat("controllers[", index++, "]"));
    if (!cc.ok()) return cc.status();
    if (!names.insert(cc->name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("controller '", cc->name, "': duplicate name"));
    }
    out.push_back(std::move(*cc));
  }
  return out;
}

absl::StatusOr<InventoryFile> ReadInventoryFile(const std::string& path, const Config& cfg) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<json> parsed = ParseObject(*text, limits::kMaxConfigFileBytes, path);
  if (!parsed.ok()) return parsed.status();
  const json& j = *parsed;
  if (absl::Status s = CheckKeys(j, {"controllers", "allow_empty"}, path); !s.ok()) return s;
  InventoryFile file;
  if (j.contains("allow_empty")) {
    if (!j["allow_empty"].is_boolean()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": 'allow_empty' must be a boolean"));
    }
    file.allow_empty = j["allow_empty"].get<bool>();
  }
  absl::StatusOr<std::vector<ControllerConfig>> list =
      ParseControllers(j.value("controllers", json::array()), cfg);
  if (!list.ok())
    return absl::Status(list.status().code(), absl::StrCat(path, ": ", list.status().message()));
  file.controllers = std::move(*list);
  return file;
}

absl::StatusOr<std::vector<ControllerConfig>> LoadInventory(const std::string& path,
                                                            const Config& cfg) {
  absl::StatusOr<InventoryFile> file = ReadInventoryFile(path, cfg);
  if (!file.ok()) return file.status();
  return std::move(file->controllers);
}

std::string ControllerConfig::Address() const { return absl::StrCat(host, ":", port); }
std::string ControllerConfig::BaseUrl() const { return absl::StrCat("https://", host, ":", port); }

absl::StatusOr<device::CredentialsProfile> LoadProfile(const std::string& name,
                                                       const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, limits::kMaxSecretsFileBytes);
  if (!text.ok()) return text.status();
  const std::string where = absl::StrCat("credentials profile '", name, "' (", path, ")");
  // Never quote the file: it holds a password.
  absl::StatusOr<json> parsed = ParseObject(*text, limits::kMaxSecretsFileBytes, where);
  if (!parsed.ok()) return parsed.status();
  json& j = *parsed;
  if (absl::Status s = CheckKeys(
          j, {"username", "password", "ca_file", "insecure_skip_verify", "allowed_targets"}, where);
      !s.ok()) {
    return s;
  }
  device::CredentialsProfile p;
  p.name = name;
  if (absl::Status s = GetString(j, "username", where, &p.username, true); !s.ok()) return s;
  if (absl::Status s = GetString(j, "password", where, &p.password, true); !s.ok()) return s;
  std::string ca;
  if (absl::Status s = GetString(j, "ca_file", where, &ca, false); !s.ok()) return s;
  if (!ca.empty()) {
    p.ca_file = Resolve(DirName(path), ca);
    if (!ReadFile(p.ca_file).ok())
      return absl::NotFoundError(absl::StrCat(where, ": ca_file ", p.ca_file, " is not readable"));
  }
  if (j.contains("insecure_skip_verify")) {
    if (!j["insecure_skip_verify"].is_boolean()) {
      return absl::InvalidArgumentError(where + ": 'insecure_skip_verify' must be a boolean");
    }
    p.insecure_skip_verify = j["insecure_skip_verify"].get<bool>();
  }
  if (j.contains("allowed_targets")) {
    std::vector<std::string> entries;
    if (!j["allowed_targets"].is_array()) {
      return absl::InvalidArgumentError(where + ": 'allowed_targets' must be a list of strings");
    }
    for (const json& e : j["allowed_targets"]) {
      if (!e.is_string()) {
        return absl::InvalidArgumentError(where + ": 'allowed_targets' must be a list of strings");
      }
      entries.push_back(e.get<std::string>());
    }
    absl::StatusOr<device::AddressAllowList> list = device::AddressAllowList::Parse(entries);
    if (!list.ok())
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", list.status().message()));
    p.allowed_targets = std::move(*list);
  }
  return p;
}

absl::StatusOr<Config> ParseConfig(const std::string& text, const std::string& base_dir) {
  absl::StatusOr<json> parsed = ParseObject(text, limits::kMaxConfigFileBytes, "config");
  if (!parsed.ok()) return parsed.status();
  json& j = *parsed;
  if (absl::Status s = CheckKeys(j,
                                 {"grpc_listen",
                                  "device_timeout_seconds",
                                  "request_deadline_seconds",
                                  "trust_poll_interval_ms",
                                  "fleet_max_in_flight",
                                  "read_cache_entries",
                                  "southbound_max_connections",
                                  "southbound_shards",
                                  "southbound_connections_per_controller",
                                  "southbound_pool_size",
                                  "credentials_profiles",
                                  "controllers",
                                  "upstreams",
                                  "inventory_file",
                                  "restconf_listen",
                                  "restconf_tls_cert_file",
                                  "restconf_tls_key_file",
                                  "tokens_file",
                                  "allow_anonymous_writes",
                                  "grpc_tls_cert_file",
                                  "grpc_tls_key_file",
                                  "grpc_tls_client_ca_file",
                                  "metrics_listen",
                                  "metrics_refresh_seconds",
                                  "metrics_tls_cert_file",
                                  "metrics_tls_key_file",
                                  "metrics_tls_client_ca_file",
                                  "metrics_require_token",
                                  "probe_max_concurrent_reads",
                                  "syslog_listen",
                                  "diagnose_resolve"},
                                 "config");
      !s.ok()) {
    return s;
  }
  Config cfg;
  if (absl::Status s = GetString(j, "grpc_listen", "config", &cfg.grpc_listen, false); !s.ok())
    return s;
  if (absl::Status s = GetInt(j, "device_timeout_seconds", 1, 600, &cfg.device_timeout_seconds);
      !s.ok())
    return s;
  if (absl::Status s =
          GetInt(j, "request_deadline_seconds", 1, 3600, &cfg.request_deadline_seconds);
      !s.ok())
    return s;
  if (absl::Status s = GetInt(j, "fleet_max_in_flight", 1, 100000, &cfg.fleet_max_in_flight);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = GetInt(j, "read_cache_entries", 0, 1000000, &cfg.read_cache_entries);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = GetInt(j, "southbound_shards", 0, 64, &cfg.southbound_shards); !s.ok()) {
    return s;
  }
  if (absl::Status s =
          GetInt(j, "southbound_max_connections", 0, 100000, &cfg.southbound_max_connections);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = GetInt(j, "southbound_connections_per_controller", 1, 64,
                              &cfg.southbound_connections_per_controller);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = GetInt(j, "southbound_pool_size", 0, 100000, &cfg.southbound_pool_size);
      !s.ok()) {
    return s;
  }
  if (cfg.southbound_max_connections > 0 && cfg.southbound_max_connections < 16) {
    return absl::InvalidArgumentError("southbound_max_connections: 0 (auto) or at least 16");
  }
  if (absl::Status s = GetInt(j, "trust_poll_interval_ms", 10, 60000, &cfg.trust_poll_interval_ms);
      !s.ok())
    return s;
  if (absl::Status s = GetString(j, "metrics_listen", "config", &cfg.metrics_listen, false);
      !s.ok())
    return s;
  if (absl::Status s = GetInt(j, "metrics_refresh_seconds", 1, 86400, &cfg.metrics_refresh_seconds);
      !s.ok())
    return s;
  if (absl::Status s = GetString(j, "syslog_listen", "config", &cfg.syslog_listen, false); !s.ok())
    return s;
  if (j.contains("diagnose_resolve")) {
    const json& r = j["diagnose_resolve"];
    if (!r.is_object()) {
      return absl::InvalidArgumentError(
          "config: 'diagnose_resolve' must map \"host:port\" to \"ip:port\"");
    }
    for (const auto& [key, value] : r.items()) {
      if (!value.is_string() || key.rfind(':') == std::string::npos ||
          value.get<std::string>().rfind(':') == std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat("config: diagnose_resolve[\"", key,
                         "\"] must be \"ip:port\" under a \"host:port\" key"));
      }
      cfg.diagnose_resolve[key] = value.get<std::string>();
    }
  }

  if (j.contains("credentials_profiles")) {
    if (!j["credentials_profiles"].is_object()) {
      return absl::InvalidArgumentError("config: 'credentials_profiles' must map names to files");
    }
    for (auto it = j["credentials_profiles"].begin(); it != j["credentials_profiles"].end(); ++it) {
      if (!IsName(it.key()) || !it.value().is_string()) {
        return absl::InvalidArgumentError(
            absl::StrCat("config: credentials profile '", it.key(),
                         "' needs a name of [A-Za-z0-9._-] and a file path"));
      }
      absl::StatusOr<device::CredentialsProfile> p =
          LoadProfile(it.key(), Resolve(base_dir, it.value().get<std::string>()));
      if (!p.ok()) return p.status();
      cfg.profiles.emplace(it.key(), std::move(*p));
    }
  }
  for (auto [key, out] : std::vector<std::pair<const char*, std::string*>>{
           {"tokens_file", &cfg.tokens_file},
           {"grpc_tls_cert_file", &cfg.grpc_tls_cert_file},
           {"grpc_tls_key_file", &cfg.grpc_tls_key_file},
           {"grpc_tls_client_ca_file", &cfg.grpc_tls_client_ca_file},
           {"restconf_listen", &cfg.restconf_listen},
           {"restconf_tls_cert_file", &cfg.restconf_tls_cert_file},
           {"restconf_tls_key_file", &cfg.restconf_tls_key_file}}) {
    if (absl::Status s = GetString(j, key, "config", out, false); !s.ok()) return s;
    if (std::string(key) != "restconf_listen" && !out->empty()) *out = Resolve(base_dir, *out);
  }
  if (absl::Status s = ParseMetricsFace(j, base_dir, &cfg); !s.ok()) return s;
  if (j.contains("allow_anonymous_writes")) {
    if (!j["allow_anonymous_writes"].is_boolean()) {
      return absl::InvalidArgumentError("config: 'allow_anonymous_writes' must be a boolean");
    }
    cfg.allow_anonymous_writes = j["allow_anonymous_writes"].get<bool>();
  }
  if (j.contains("upstreams")) {
    if (!j["upstreams"].is_object()) {
      return absl::InvalidArgumentError("config: 'upstreams' must map names to objects");
    }
    for (auto it = j["upstreams"].begin(); it != j["upstreams"].end(); ++it) {
      absl::StatusOr<upstream::UpstreamConfig> u = ParseUpstream(it.key(), it.value(), base_dir);
      if (!u.ok()) return u.status();
      cfg.upstreams.emplace(it.key(), std::move(*u));
    }
  }
  if (j.contains("controllers") && j.contains("inventory_file")) {
    return absl::InvalidArgumentError("config: give controllers or inventory_file, not both");
  }
  if (j.contains("controllers")) {
    absl::StatusOr<std::vector<ControllerConfig>> list = ParseControllers(j["controllers"], cfg);
    if (!list.ok())
      return absl::Status(list.status().code(), absl::StrCat("config: ", list.status().message()));
    cfg.controllers = std::move(*list);
  }
  if (j.contains("inventory_file")) {
    if (!j["inventory_file"].is_string()) {
      return absl::InvalidArgumentError("config: 'inventory_file' must be a path");
    }
    cfg.inventory_file = Resolve(base_dir, j["inventory_file"].get<std::string>());
    absl::StatusOr<std::vector<ControllerConfig>> list = LoadInventory(cfg.inventory_file, cfg);
    if (!list.ok()) return list.status();
    cfg.controllers = std::move(*list);
  }
  return cfg;
}

absl::StatusOr<Config> LoadConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<Config> cfg = ParseConfig(*text, DirName(path));
  if (!cfg.ok())
    return absl::Status(cfg.status().code(), absl::StrCat(path, ": ", cfg.status().message()));
  return cfg;
}

}  // namespace wlc::service
