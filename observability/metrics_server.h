// MetricsServer: the Prometheus face, on its own HTTP listener (civetweb, as prometheus-cpp's
// Exposer; IPv4 only in Debian's build).
//
//   GET /metrics                 the service's registry (ServiceMetrics) + the fleet series
//   GET /probe?target=<name>     one inventory controller read during the scrape
//                                (blackbox/snmp exporter multi-target pattern), answered from a
//                                registry of its own; the deadline is
//                                X-Prometheus-Scrape-Timeout-Seconds minus a margin (else the
//                                config's device_timeout_seconds).
//                                400 without target, 404 for a name not in the inventory; an
//                                unreachable controller is a 200 with wlc_licensing_up 0.
//   GET /                        a short HTML page with links.
//
// Start() returns INVALID_ARGUMENT for a bad address and UNAVAILABLE when the port cannot be
// bound; civetweb's exceptions stay inside this file. Thread-safe; the destructor stops the
// listener (civetweb takes about 2 s to do so).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "observability/metrics.h"
#include "prometheus/collectable.h"
#include "service/handler.h"

namespace wlc::metrics {

namespace v1 = ::wlc::licensing::v1;

// The device deadline for a scrape: the header's timeout minus min(0.5 s, a quarter of it);
// `fallback` when the header is absent or not a positive number.
absl::Duration ScrapeBudget(const char* timeout_header, absl::Duration fallback);

class MetricsServer {
 public:
  // `collectables` are served on /metrics (e.g. the service registry and FleetSeries).
  MetricsServer(const service::LicensingHandler* handler, ServiceMetrics* metrics,
                std::vector<std::weak_ptr<prometheus::Collectable>> collectables);
  ~MetricsServer();

  // `listen` is "host:port" (port 0 = ephemeral).
  absl::Status Start(const std::string& listen);
  int port() const { return port_; }

  // The /probe body for one controller (text format), for tests and the HTTP handler.
  std::string Probe(const service::ControllerConfig& target, absl::Time deadline) const;
  // The /metrics body.
  std::string Metrics() const;

 private:
  class Impl;
  const service::LicensingHandler* handler_;
  ServiceMetrics* metrics_;
  std::vector<std::weak_ptr<prometheus::Collectable>> collectables_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace wlc::metrics
