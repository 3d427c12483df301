// licensingd's configuration: a strict JSON file (unknown keys are errors) with the inventory of
// controllers and the names of credentials profiles. Each profile lives in its own file (a mounted
// Secret), so the config itself holds no secret.
//
//   {
//     "grpc_listen": "127.0.0.1:50051",
//     "device_timeout_seconds": 10,          // per device call
//     "request_deadline_seconds": 60,        // cap for one RPC when the client sets none
//     "trust_poll_interval_ms": 200,
//     "fleet_max_in_flight": 4096,           // controllers worked on at once, all fan-outs
//     "read_cache_entries": 1024,            // state reads kept for requests with a max_age
//     "southbound_connections_per_controller": 1,   // requests in flight to one controller
//     "southbound_pool_size": 0,              // kept-alive connections (LRU); 0: max_connections
//     "credentials_profiles": {"lab": "profiles/lab.json"},   // relative to this file
//     "upstreams": {                          // optional: Cisco APIs for relay and token minting
//       "cssm": {"kind": "cssm", "base_url": "https://swapi.cisco.com",
//                "token_url": "https://cloudsso.cisco.com/oauth2/default/v1/token",
//                "account": "acme.com", "virtual_account": "WLC",
//                "credentials_file": "cssm-api.json", "ca_file": "ca.pem"}},
//     "inventory_file": "inventory.json",     // instead of "controllers": re-read on change
//     "tokens_file": "tokens.json",           // bearer tokens and roles (service/auth.h)
//     "grpc_tls_cert_file": "...", "grpc_tls_key_file": "...", "grpc_tls_client_ca_file": "...",
//     "restconf_listen": "127.0.0.1:8443", "restconf_tls_cert_file": "...",
//     "restconf_tls_key_file": "...",
//     "metrics_listen": "127.0.0.1:9464", "metrics_refresh_seconds": 60,   // Prometheus
//     "metrics_tls_cert_file": "...", "metrics_tls_key_file": "...",   // HTTPS for /metrics,
//     /probe "metrics_tls_client_ca_file": "...",    // mTLS: scrapers need a certificate from this
//     CA "metrics_require_token": false,         // true: /metrics, /probe need a bearer token of
//                                             // tokens_file (any role); needs tokens_file
//     "probe_max_concurrent_reads": 16,       // /probe device reads at once (1..1024); one per
//                                             // controller, shared by concurrent probes of it
//     "syslog_listen": "0.0.0.0:5514",        // UDP syslog from controllers, for Diagnose
//     "diagnose_resolve": {"smartreceiver.cisco.com:443": "10.0.0.9:443"},  // probe overrides
//     "controllers": [
//       {"name": "wlc-1", "address": "127.1.0.1:8443", "credentials_profile": "lab",
//        "software_version": "17.12.1", "platform": "C9800-CL-K9", "labels": {"site": "lab"}}
//     ]
//   }
//
// Profile file: {"username": "...", "password": "...", "ca_file": "ca.pem",
//                "insecure_skip_verify": false,   (ca_file relative to the profile file)
//                "allowed_targets": ["10.20.0.0/16", "*.wlc.example.net"]}
//   allowed_targets: where ad-hoc targets (FleetService selectors' `targets`, operators only)
//   may take this profile — CIDRs (checked on the address actually connected to) and host
//   patterns. None by default: the profile is only ever sent to the inventory's controllers.
// Upstream credentials file: {"client_id": "...", "client_secret": "..."}
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/device/credentials.h"
#include "adapters/upstream/upstream_client.h"
#include "nlohmann/json.hpp"

namespace wlc::service {

struct ControllerConfig {
  std::string name;
  std::string host;
  int port = 443;
  std::string credentials_profile;
  std::string software_version;
  std::string platform;
  std::map<std::string, std::string> labels;
  // Named in a request (an ad-hoc target), not in the inventory: its profile goes only where
  // the profile's allowed_targets let it (adapters/device/address_allowlist.h).
  bool ad_hoc = false;

  std::string Address() const;  // host:port
  std::string BaseUrl() const;  // https://host:port
};

struct Config {
  std::string grpc_listen = "127.0.0.1:50051";
  int device_timeout_seconds = 10;
  int request_deadline_seconds = 60;
  int trust_poll_interval_ms = 200;
  // Controllers worked on at once by every fan-out together (gRPC fleet RPCs, Watch, RESTCONF's
  // list, the metrics refresh); each request's own `concurrency` is within it.
  int fleet_max_in_flight = 4096;
  // Successful state reads kept for requests that accept an age (max_age); 0 = none.
  int read_cache_entries = 1024;
  // Kept-alive southbound connections (and requests in flight); a warm fleet refresh keeps one
  // per controller, so size it to the inventory (each is a file descriptor).
  // 0 = auto: the start-up inventory + 512, at least 4,096, at most 16,384.
  int southbound_max_connections = 0;
  // HTTPS client pools (each one event-loop thread); controllers are spread over them.
  // 0 = one per ~1,000 controllers of the start-up inventory (2..16).
  int southbound_shards = 0;
  // Connections (so requests in flight) to one controller at once (1..64); requests beyond it
  // wait in FIFO order with their deadline running. 1 leaves a hardened controller's second
  // slot (`ip http max-connections 2`) to its own WebUI.
  int southbound_connections_per_controller = 1;
  // Kept-alive connections in all pools together; beyond it the least recently used idle one is
  // closed (the next call to that controller pays a handshake). 0 = southbound_max_connections.
  int southbound_pool_size = 0;
  std::map<std::string, device::CredentialsProfile> profiles;
  std::vector<ControllerConfig> controllers;
  std::map<std::string, upstream::UpstreamConfig> upstreams;
  // Controllers from a separate file (a mounted ConfigMap), re-read when it changes.
  std::string inventory_file;
  // Northbound security: bearer tokens (service/auth.h) and TLS / mTLS for gRPC.
  std::string tokens_file;
  bool allow_anonymous_writes = false;
  std::string grpc_tls_cert_file, grpc_tls_key_file, grpc_tls_client_ca_file;
  // RESTCONF face (service/restconf): empty = off.
  std::string restconf_listen;
  std::string restconf_tls_cert_file, restconf_tls_key_file;
  // Prometheus face (service/metrics/metrics_server.h): /metrics and /probe; empty = off.
  std::string metrics_listen;
  // Its security and the bound on /probe's live reads (service/metrics/probe_limiter.h).
  std::string metrics_tls_cert_file, metrics_tls_key_file, metrics_tls_client_ca_file;
  bool metrics_require_token = false;
  int probe_max_concurrent_reads = 16;
  // UDP syslog receiver (`logging host`), empty = none: Diagnose then skips the syslog check.
  std::string syslog_listen;
  // Diagnose's endpoint probe: "host:port" -> "ip:port", like curl --resolve.
  std::map<std::string, std::string> diagnose_resolve;
  int metrics_refresh_seconds = 60;  // fleet series on /metrics are refreshed this often
};

// INVALID_ARGUMENT with the offending key or value (never a secret); NOT_FOUND for missing files.
absl::StatusOr<Config> LoadConfig(const std::string& path);
absl::StatusOr<Config> ParseConfig(const std::string& text, const std::string& base_dir);
// One inventory entry (`where` names it in errors); its profile must exist in `config`.
absl::StatusOr<ControllerConfig> ParseControllerEntry(const nlohmann::json& entry,
                                                      const Config& config, std::string where);
// An inventory file: {"controllers": [...], "allow_empty": false}. `allow_empty` says that a
// file without controllers is meant: a live reload that would leave the service with no
// controllers is refused without it (service/inventory_watcher.h).
struct InventoryFile {
  std::vector<ControllerConfig> controllers;
  bool allow_empty = false;
};
absl::StatusOr<InventoryFile> ReadInventoryFile(const std::string& path, const Config& config);
// The controllers of ReadInventoryFile.
absl::StatusOr<std::vector<ControllerConfig>> LoadInventory(const std::string& path,
                                                            const Config& config);
absl::StatusOr<device::CredentialsProfile> LoadProfile(const std::string& name,
                                                       const std::string& path);

}  // namespace wlc::service
