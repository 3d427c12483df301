#include "observability/metrics.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace wlc::metrics {
namespace {

using prometheus::Histogram;

// Device reads take ~10 ms on a LAN and up to the device timeout through a slow WAN.
const Histogram::BucketBoundaries& DeviceBuckets() {
  static const auto* b =
      new Histogram::BucketBoundaries{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  return *b;
}
// Fleet RPCs may run for minutes.
const Histogram::BucketBoundaries& RpcBuckets() {
  static const auto* b =
      new Histogram::BucketBoundaries{0.005, 0.025, 0.1, 0.25, 1, 2.5, 5, 10, 30, 60, 300};
  return *b;
}

prometheus::Gauge& BuildInfo(prometheus::Registry& registry, const std::string& version) {
  return prometheus::BuildGauge()
      .Name("wlc_licensing_build_info")
      .Help("licensingd build information (always 1).")
      .Register(registry)
      .Add({{"version", version}, {"cplusplus", std::to_string(__cplusplus)}});
}

}  // namespace

std::string BuildVersion() { return WLC_VERSION; }

std::string ErrorKind(absl::StatusCode code) {
  return absl::AsciiStrToLower(absl::StatusCodeToString(code));
}

ServiceMetrics::ServiceMetrics(prometheus::Registry& registry, const std::string& version)
    : rpcs_(prometheus::BuildCounter()
                .Name("wlc_licensing_grpc_server_handled_total")
                .Help("gRPC calls completed by the service, by service, method and status code.")
                .Register(registry)),
      rpc_seconds_(prometheus::BuildHistogram()
                       .Name("wlc_licensing_grpc_server_handling_seconds")
                       .Help("Time from the start of a gRPC call to its status, by method.")
                       .Register(registry)),
      rpcs_in_flight_(prometheus::BuildGauge()
                          .Name("wlc_licensing_grpc_server_in_flight_requests")
                          .Help("gRPC calls currently being served.")
                          .Register(registry)
                          .Add({})),
      device_seconds_(prometheus::BuildHistogram()
                          .Name("wlc_licensing_device_request_duration_seconds")
                          .Help("Latency of southbound controller operations, by operation.")
                          .Register(registry)),
      device_in_flight_(prometheus::BuildGauge()
                            .Name("wlc_licensing_device_requests_in_flight")
                            .Help("Southbound controller operations currently running.")
                            .Register(registry)
                            .Add({})),
      call_seconds_(prometheus::BuildHistogram()
                        .Name("wlc_licensing_device_call_duration_seconds")
                        .Help("Latency of each HTTPS call to a controller (api restconf, "
                              "smartlic) or an upstream (api upstream), by api and method.")
                        .Register(registry)),
      calls_(prometheus::BuildCounter()
                 .Name("wlc_licensing_device_calls_total")
                 .Help("HTTPS calls to controllers and upstreams completed, by api, method and "
                       "outcome code (ok, not_found, unavailable, deadline_exceeded, ...).")
                 .Register(registry)),
      call_retries_(prometheus::BuildCounter()
                        .Name("wlc_licensing_device_call_retries_total")
                        .Help("Retries of HTTPS calls to controllers and upstreams, by api, method "
                              "and cause (reset, eof, truncated, http_500, http_502, http_503, "
                              "http_504, lock_denied, in_use, resource_denied).")
                        .Register(registry)),
      calls_in_flight_(prometheus::BuildGauge()
                           .Name("wlc_licensing_device_calls_in_flight")
                           .Help("HTTPS calls to controllers and upstreams currently running.")
                           .Register(registry)
                           .Add({})),
      errors_(prometheus::BuildCounter()
                  .Name("wlc_licensing_errors_total")
                  .Help("Errors by kind (device errors by status code name, probe and refresh "
                        "errors by name).")
                  .Register(registry)),
      inventory_reloads_(prometheus::BuildCounter()
                             .Name("wlc_licensing_inventory_reloads_total")
                             .Help("Changes of the inventory file seen, by outcome: applied, "
                                   "invalid (kept the previous inventory), empty (refused: it "
                                   "would leave no controllers and does not say allow_empty).")
                             .Register(registry)),
      refresh_timestamp_(prometheus::BuildGauge()
                             .Name("wlc_licensing_fleet_refresh_timestamp_seconds")
                             .Help("When the fleet series on /metrics were last refreshed.")
                             .Register(registry)
                             .Add({})),
      refresh_duration_(prometheus::BuildGauge()
                            .Name("wlc_licensing_fleet_refresh_duration_seconds")
                            .Help("How long the last fleet refresh took.")
                            .Register(registry)
                            .Add({})),
      refresh_controllers_(prometheus::BuildGauge()
                               .Name("wlc_licensing_fleet_controllers")
                               .Help("Controllers in the inventory at the last fleet refresh.")
                               .Register(registry)
                               .Add({})),
      refresh_failed_(prometheus::BuildGauge()
                          .Name("wlc_licensing_fleet_controllers_unreachable")
                          .Help("Controllers the last fleet refresh could not read.")
                          .Register(registry)
                          .Add({})),
      probes_rejected_(prometheus::BuildCounter()
                           .Name("wlc_licensing_probe_rejected_total")
                           .Help("/probe scrapes answered 503 without a device read, by reason "
                                 "(busy: no free read slot within the scrape budget).")
                           .Register(registry)),
      probes_shared_(prometheus::BuildCounter()
                         .Name("wlc_licensing_probe_shared_reads_total")
                         .Help("/probe scrapes answered from the read already in flight for "
                               "their controller (no device read of their own).")
                         .Register(registry)
                         .Add({})) {
  BuildInfo(registry, version).Set(1);
  // Pre-create the common error kinds so that rate() sees them from zero.
  for (const char* kind : {"unavailable", "deadline_exceeded", "unauthenticated"})
    errors_.Add({{"kind", kind}});
  for (const char* outcome : {"applied", "invalid", "empty"})
    inventory_reloads_.Add({{"outcome", outcome}});
  probes_rejected_.Add({{"reason", "busy"}});
}

void ServiceMetrics::InventoryReloaded(const std::string& outcome) {
  inventory_reloads_.Add({{"outcome", outcome}}).Increment();
}

void ServiceMetrics::ObserveRpc(const std::string& full_method, const std::string& code,
                                absl::Duration took) {
  absl::string_view m = full_method;
  if (!m.empty() && m[0] == '/') m.remove_prefix(1);
  absl::string_view service = m, method = "";
  if (size_t slash = m.find('/'); slash != absl::string_view::npos) {
    service = m.substr(0, slash);
    method = m.substr(slash + 1);
  }
  prometheus::Labels labels = {{"grpc_service", std::string(service)},
                               {"grpc_method", std::string(method)}};
  rpc_seconds_.Add(labels, RpcBuckets()).Observe(absl::ToDoubleSeconds(took));
  labels["grpc_code"] = code;
  rpcs_.Add(labels).Increment();
}

void ServiceMetrics::DeviceRequestFinished(const std::string& operation, absl::Duration took,
                                           const absl::Status& status) {
  device_in_flight_.Decrement();
  device_seconds_.Add({{"operation", operation}}, DeviceBuckets())
      .Observe(absl::ToDoubleSeconds(took));
  if (!status.ok()) CountError(ErrorKind(status.code()));
}

void ServiceMetrics::CallStarted(const device::DeviceCall&) { calls_in_flight_.Increment(); }

void ServiceMetrics::CallFinished(const device::DeviceCall& call, absl::Duration took,
                                  const absl::Status& outcome) {
  calls_in_flight_.Decrement();
  prometheus::Labels labels = {{"api", std::string(device::DeviceApiName(call.api))},
                               {"method", std::string(call.method)}};
  call_seconds_.Add(labels, DeviceBuckets()).Observe(absl::ToDoubleSeconds(took));
  labels["code"] = ErrorKind(outcome.code());
  calls_.Add(labels).Increment();
}

void ServiceMetrics::CallRetried(const device::DeviceCall& call, absl::string_view cause) {
  call_retries_
      .Add({{"api", std::string(device::DeviceApiName(call.api))},
            {"method", std::string(call.method)},
            {"cause", std::string(cause)}})
      .Increment();
}

void ServiceMetrics::CountError(const std::string& kind) {
  errors_.Add({{"kind", kind}}).Increment();
}

void ServiceMetrics::ProbeRejected(const std::string& reason) {
  probes_rejected_.Add({{"reason", reason}}).Increment();
}

void ServiceMetrics::FleetRefreshed(absl::Time at, absl::Duration took, size_t controllers,
                                    size_t failed) {
  refresh_timestamp_.Set(absl::ToUnixMillis(at) / 1000.0);
  refresh_duration_.Set(absl::ToDoubleSeconds(took));
  refresh_controllers_.Set(static_cast<double>(controllers));
  refresh_failed_.Set(static_cast<double>(failed));
}

}  // namespace wlc::metrics
