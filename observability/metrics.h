// ServiceMetrics: licensingd's own health on /metrics (prometheus-cpp). Every family is built
// once, at start-up, on the registry given to the constructor, then the object is injected
// wherever something is measured (gRPC interceptor, /probe, fleet refresher, and as the
// DeviceCallObserver of every outgoing HTTPS client the core builds). Names use base units
// (`_seconds`, `_total`); labels are low-cardinality: gRPC service/method/code, a device
// operation name, a device call's api/method/code, an error kind (an absl status code name).
// Never a controller name or a path here: per-controller series live in
// service/metrics/licensing_series.h.
//
// Thread-safe: prometheus-cpp metrics are atomic, Family::Add is locked.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "adapters/device/device_call_observer.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace wlc::metrics {

// The project version licensingd was built as (CMake PROJECT_VERSION).
std::string BuildVersion();

// "deadline_exceeded", "unavailable", ... (lower-case absl code names); "ok" for OK.
std::string ErrorKind(absl::StatusCode code);

class ServiceMetrics final : public device::DeviceCallObserver {
 public:
  // Registers every family on `registry` (which must outlive this object).
  // `version` goes into wlc_licensing_build_info.
  explicit ServiceMetrics(prometheus::Registry& registry,
                          const std::string& version = BuildVersion());

  // One finished gRPC call: `full_method` is "/pkg.Service/Method", `code` a grpc code name.
  void ObserveRpc(const std::string& full_method, const std::string& code, absl::Duration took);
  void RpcStarted() { rpcs_in_flight_.Increment(); }
  void RpcFinished() { rpcs_in_flight_.Decrement(); }

  // One read of a controller for /probe or the fleet refresh (an operation of several device
  // calls): latency histogram by operation, in-flight gauge (DeviceRequestStarted/Finished) and,
  // when `status` is not OK, errors_total{kind}.
  void DeviceRequestStarted() { device_in_flight_.Increment(); }
  void DeviceRequestFinished(const std::string& operation, absl::Duration took,
                             const absl::Status& status);

  // DeviceCallObserver: one HTTPS call to a controller or an upstream, whoever asked for it:
  // device_calls_in_flight, device_call_duration_seconds{api,method} and
  // device_calls_total{api,method,code} (code: ErrorKind of the outcome, "ok" included). Not
  // counted in errors_total, which keeps counting failed operations only.
  void CallStarted(const device::DeviceCall& call) override;
  void CallFinished(const device::DeviceCall& call, absl::Duration took,
                    const absl::Status& outcome) override;
  // device_call_retries_total{api,method,cause}: a call sends its request again (cause from the
  // closed set of device_call_observer.h).
  void CallRetried(const device::DeviceCall& call, absl::string_view cause) override;
  // Errors that are not device calls (e.g. kind="probe_unknown_target", "refresh_overrun").
  void CountError(const std::string& kind);

  // A change of the inventory file: "applied", "invalid" or "empty" (InventoryWatcher).
  void InventoryReloaded(const std::string& outcome);

  // The background fleet refresh (fleet_refresher.h).
  void FleetRefreshed(absl::Time at, absl::Duration took, size_t controllers, size_t failed);

  // /probe under the ProbeLimiter (probe_limiter.h): a scrape answered 503 (`reason` "busy": no
  // free read slot within its budget), and a scrape that shared the read in flight for its
  // controller instead of starting one.
  void ProbeRejected(const std::string& reason);
  void ProbeShared() { probes_shared_.Increment(); }

 private:
  prometheus::Family<prometheus::Counter>& rpcs_;
  prometheus::Family<prometheus::Histogram>& rpc_seconds_;
  prometheus::Gauge& rpcs_in_flight_;
  prometheus::Family<prometheus::Histogram>& device_seconds_;
  prometheus::Gauge& device_in_flight_;
  prometheus::Family<prometheus::Histogram>& call_seconds_;
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Counter>& call_retries_;
  prometheus::Gauge& calls_in_flight_;
  prometheus::Family<prometheus::Counter>& errors_;
  prometheus::Family<prometheus::Counter>& inventory_reloads_;
  prometheus::Gauge& refresh_timestamp_;
  prometheus::Gauge& refresh_duration_;
  prometheus::Gauge& refresh_controllers_;
  prometheus::Gauge& refresh_failed_;
  prometheus::Family<prometheus::Counter>& probes_rejected_;
  prometheus::Counter& probes_shared_;
};

}  // namespace wlc::metrics
