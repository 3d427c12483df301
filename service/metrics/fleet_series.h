// Fleet series on /metrics: every inventory controller's licensing series (licensing_series.h,
// label controller="<name>"), read in the background every `metrics_refresh_seconds` through
// RunFleet (bounded concurrency, one device deadline each), so a scrape never waits for a device.
// Each refresh builds a fresh registry and swaps it in: controllers that left the inventory
// disappear. Collect() serves the last complete refresh.
//
// Thread-safe. The refresher thread starts in Start() and stops (between refreshes or after
// the current one) in the destructor.
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "observability/metrics.h"
#include "prometheus/collectable.h"
#include "prometheus/registry.h"
#include "service/handler.h"

namespace wlc::service::metrics {

// The service's own health registry lives below the faces (observability/metrics.h).
using ::wlc::metrics::ServiceMetrics;

namespace v1 = ::wlc::licensing::v1;

// One read of a controller for metrics, timed in `metrics` (operation "get_licensing_state").
absl::StatusOr<v1::ControllerLicensing> ReadController(const service::LicensingHandler& handler,
                                                       const service::ControllerConfig& target,
                                                       absl::Time deadline,
                                                       ServiceMetrics* metrics);

class FleetSeries final : public prometheus::Collectable {
 public:
  struct Options {
    absl::Duration interval = absl::Seconds(60);
    absl::Duration per_controller = absl::Seconds(10);
    // Controllers read at once. Reads are asynchronous (no thread each), so this is bounded by
    // what the controllers and the global fleet_max_in_flight allow, not by threads: at 16, a
    // 10,000 fleet at IOS-XE's 150 ms per GET took over six minutes a refresh.
    int concurrency = 256;
  };
  FleetSeries(const service::LicensingHandler* handler, ServiceMetrics* metrics, Options options);
  ~FleetSeries() override;

  void Start();
  // One refresh now, on the calling thread (tests; Start() calls it in the background).
  void RefreshOnce();
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  void Loop();

  const service::LicensingHandler* handler_;
  ServiceMetrics* metrics_;
  const Options options_;
  mutable absl::Mutex mu_;
  std::shared_ptr<prometheus::Registry> current_ ABSL_GUARDED_BY(mu_);
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace wlc::service::metrics
