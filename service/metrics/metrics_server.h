// MetricsServer: the Prometheus face, on its own HTTP(S) listener (cpp-httplib, like the RESTCONF
// face: Debian's civetweb loads OpenSSL at run time as the unversioned libssl.so, which only
// libssl-dev provides, so it cannot serve TLS from the runtime image).
//
//   GET /metrics                 the service's registry (ServiceMetrics) + the fleet series
//   GET /probe?target=<name>     one inventory controller read during the scrape
//                                (blackbox/snmp exporter multi-target pattern), answered from a
//                                registry of its own; the deadline is
//                                X-Prometheus-Scrape-Timeout-Seconds minus a margin (else the
//                                config's device_timeout_seconds).
//                                400 without target, 404 for a name not in the inventory; an
//                                unreachable controller is a 200 with wlc_licensing_up 0.
//                                Live reads go through a ProbeLimiter (probe_limiter.h): one read
//                                per controller in flight, shared by concurrent probes of it, and
//                                at most `max_concurrent_probe_reads` reads at once; a probe that
//                                gets no read slot within its budget is a 503 ("busy", counted in
//                                wlc_licensing_probe_rejected_total{reason="busy"}).
//   GET /healthz                 "ok" (open: for kubelet probes).
//   GET /                        a short HTML page with links.
//
// Security (MetricsServerOptions): HTTPS when a certificate and key are set, mutual TLS when a
// client CA is set too (a client without a certificate signed by it fails the handshake). With
// `require_token`, /metrics and /probe need `Authorization: Bearer <token>` of any role known to
// the Authorizer; otherwise 401 with `WWW-Authenticate: Bearer`. A token is never echoed or
// logged.
//
// Start() returns INVALID_ARGUMENT for a bad address, unusable TLS files or require_token without
// an authorizer holding tokens, and UNAVAILABLE when the port cannot be bound; cpp-httplib's
// exceptions stay inside this file. Thread-safe; the destructor stops the listener.
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "observability/metrics.h"
#include "service/metrics/probe_limiter.h"
#include "prometheus/collectable.h"
#include "service/auth.h"
#include "service/handler.h"

namespace httplib {
class Server;
}

namespace wlc::service::metrics {

// The service's own health registry lives below the faces (observability/metrics.h).
using ::wlc::metrics::ServiceMetrics;

namespace v1 = ::wlc::licensing::v1;

// The device deadline for a scrape: the header's timeout minus min(0.5 s, a quarter of it);
// `fallback` when the header is absent or not a positive number.
absl::Duration ScrapeBudget(const char* timeout_header, absl::Duration fallback);

struct MetricsServerOptions {
  // PEM files; HTTPS when cert and key are set, mTLS when client_ca is set as well.
  std::string tls_cert_file, tls_key_file, tls_client_ca_file;
  // /metrics and /probe need a bearer token known to `authorizer` (which must outlive the
  // server and hold tokens).
  bool require_token = false;
  const service::Authorizer* authorizer = nullptr;
  // Live device reads for /probe running at once (ProbeLimiter).
  int max_concurrent_probe_reads = 16;
  // Request threads: probes block for up to their scrape timeout, waiting ones included.
  // Connections beyond this queue until a thread is free.
  int threads = 64;
};

class MetricsServer {
 public:
  // `collectables` are served on /metrics (e.g. the service registry and FleetSeries).
  MetricsServer(const service::LicensingHandler* handler, ServiceMetrics* metrics,
                std::vector<std::weak_ptr<prometheus::Collectable>> collectables,
                MetricsServerOptions options = {});
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // `listen` is "host:port" or "[ipv6]:port" (port 0 = ephemeral).
  absl::Status Start(const std::string& listen);
  int port() const { return port_; }

  // The /probe body for one controller (text format), for tests and the HTTP handler:
  // RESOURCE_EXHAUSTED when the ProbeLimiter has no read slot before `deadline` (counted);
  // a failed read is a body with wlc_licensing_up 0.
  absl::StatusOr<std::string> Probe(const service::ControllerConfig& target,
                                    absl::Time deadline) const;
  // The /metrics body.
  std::string Metrics() const;

 private:
  const service::LicensingHandler* handler_;
  ServiceMetrics* metrics_;
  std::vector<std::weak_ptr<prometheus::Collectable>> collectables_;
  MetricsServerOptions options_;
  mutable ProbeLimiter limiter_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace wlc::service::metrics
