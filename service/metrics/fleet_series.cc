#include "service/metrics/fleet_series.h"

#include <utility>

#include "absl/time/clock.h"
#include "service/fleet.h"
#include "service/metrics/licensing_series.h"

namespace wlc::service::metrics {

absl::StatusOr<v1::ControllerLicensing> ReadController(const service::LicensingHandler& handler,
                                                       const service::ControllerConfig& target,
                                                       absl::Time deadline,
                                                       ServiceMetrics* metrics) {
  const absl::Time start = absl::Now();
  if (metrics != nullptr) metrics->DeviceRequestStarted();
  absl::StatusOr<v1::ControllerLicensing> read = handler.GetLicensingState(target, deadline);
  if (metrics != nullptr) {
    metrics->DeviceRequestFinished("get_licensing_state", absl::Now() - start, read.status());
  }
  return read;
}

namespace {

// The core's asynchronous read, timed in `metrics` like ReadController.
service::ControllerOp TimedRead(const service::LicensingHandler& handler, ServiceMetrics* metrics) {
  service::ControllerOp op = service::ReadStateOp(handler);
  if (metrics == nullptr) return op;
  op.start = [read = op.start, metrics](const service::ControllerConfig& target,
                                        absl::Time deadline, service::ResultCallback done) {
    const absl::Time start = absl::Now();
    metrics->DeviceRequestStarted();
    read(target, deadline, [metrics, start, done = std::move(done)](v1::ControllerResult r) {
      metrics->DeviceRequestFinished(
          "get_licensing_state", absl::Now() - start,
          absl::Status(static_cast<absl::StatusCode>(r.code()), r.message()));
      done(std::move(r));
    });
  };
  return op;
}

}  // namespace

FleetSeries::FleetSeries(const service::LicensingHandler* handler, ServiceMetrics* metrics,
                         Options options)
    : handler_(handler), metrics_(metrics), options_(options) {}

FleetSeries::~FleetSeries() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void FleetSeries::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void FleetSeries::Loop() {
  for (;;) {
    RefreshOnce();
    absl::MutexLock lock(&mu_);
    auto stopped = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stop_; };
    mu_.AwaitWithTimeout(absl::Condition(&stopped), options_.interval);
    if (stop_) return;
  }
}

void FleetSeries::RefreshOnce() {
  const absl::Time start = absl::Now();
  std::shared_ptr<const std::vector<service::ControllerConfig>> inventory = handler_->Inventory();
  auto registry = std::make_shared<prometheus::Registry>();
  LicensingSeries series(*registry);
  service::FleetRunOptions run;
  run.concurrency = options_.concurrency;
  run.per_controller = options_.per_controller;
  run.limit = handler_->fleet_limit();
  const v1::FleetSummary summary = service::RunFleet(
      *inventory, run, TimedRead(*handler_, metrics_),
      [&](const v1::ControllerResult& r) {
        prometheus::Labels labels = {{"controller", r.controller()}};
        const absl::Duration took = absl::Milliseconds(r.duration_ms());
        if (r.code() == 0) {
          series.AddRead(r.licensing(), labels, absl::Now(), took);
        } else {
          series.AddFailure(absl::Status(static_cast<absl::StatusCode>(r.code()), r.message()),
                            labels, took);
        }
      },
      [this] {
        absl::MutexLock lock(&mu_);
        return stop_;
      });
  const size_t failed = summary.failed();
  {
    absl::MutexLock lock(&mu_);
    current_ = std::move(registry);
  }
  if (metrics_ != nullptr)
    metrics_->FleetRefreshed(absl::Now(), absl::Now() - start, inventory->size(), failed);
}

std::vector<prometheus::MetricFamily> FleetSeries::Collect() const {
  std::shared_ptr<prometheus::Registry> registry;
  {
    absl::MutexLock lock(&mu_);
    registry = current_;
  }
  if (registry == nullptr) return {};
  return registry->Collect();
}

}  // namespace wlc::service::metrics
