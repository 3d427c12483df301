#include "service/metrics/fleet_series.h"

#include <utility>

#include "absl/time/clock.h"
#include "service/metrics/licensing_series.h"
#include "service/fleet.h"

namespace wlc::service::metrics {

absl::StatusOr<v1::ControllerLicensing> ReadController(const service::LicensingHandler& handler,
                                                       const service::ControllerConfig& target,
                                                       absl::Time deadline,
                                                       ServiceMetrics* metrics) {
  v1::GetLicensingStateRequest request;
  request.set_controller(target.name);
  const absl::Time start = absl::Now();
  if (metrics != nullptr) metrics->DeviceRequestStarted();
  absl::StatusOr<v1::GetLicensingStateResponse> response =
      handler.GetLicensingState(request, deadline, &target);
  if (metrics != nullptr) {
    metrics->DeviceRequestFinished("get_licensing_state", absl::Now() - start, response.status());
  }
  if (!response.ok()) return response.status();
  return std::move(*response->mutable_licensing());
}

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
  absl::Mutex series_mu;
  service::FleetRunOptions run;
  run.concurrency = options_.concurrency;
  run.per_controller = options_.per_controller;
  size_t failed = 0;
  service::RunFleet(
      *inventory, run,
      [&](const service::ControllerConfig& target, absl::Time deadline) {
        const absl::Time t0 = absl::Now();
        absl::StatusOr<v1::ControllerLicensing> read =
            ReadController(*handler_, target, deadline, metrics_);
        const absl::Duration took = absl::Now() - t0;
        prometheus::Labels labels = {{"controller", target.name}};
        absl::MutexLock lock(&series_mu);
        v1::ControllerResult result;
        if (read.ok()) {
          series.AddRead(*read, labels, absl::Now(), took);
        } else {
          series.AddFailure(read.status(), labels, took);
          service::SetStatus(read.status(), &result);
          ++failed;
        }
        return result;
      },
      [](const v1::ControllerResult&) {},
      [this] {
        absl::MutexLock lock(&mu_);
        return stop_;
      });
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
