// LicensingHandler: the framework-free core behind every face (gRPC today, RESTCONF and the
// CLI through gRPC). It validates requests, resolves inventory names to endpoints and
// credentials, picks the adapter from the registry and bounds every device call by the request
// deadline. It keeps no state between requests.
//
// Status codes: INVALID_ARGUMENT (bad request), NOT_FOUND (unknown controller), plus whatever the
// controller call produced (UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED,
// FAILED_PRECONDITION...). Thread-safe: const methods only, shared immutable config and registry.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "adapters/common/endpoint_probe.h"
#include "adapters/device/restconf_client.h"
#include "adapters/device/smartlic_client.h"
#include "adapters/registry.h"
#include "adapters/upstream/upstream_client.h"
#include "service/audit.h"
#include "service/config.h"
#include "wlc/licensing/v1/service.pb.h"

namespace wlc::service {

class SyslogReceiver;

namespace v1 = ::wlc::licensing::v1;

class LicensingHandler {
 public:
  // Every device and upstream call the handler makes, for any face, is reported to
  // `device_calls` (null: none; it must outlive the handler).
  LicensingHandler(const Config* config, const adapters::AdapterRegistry* registry,
                   device::HttpsClient* http, device::DeviceCallObserver* device_calls = nullptr);
  // Controllers are spread over several HTTPS clients (each one event loop and connection pool)
  // by a hash of their name: one pool per few thousand kept-alive connections scales better
  // than one pool for the whole fleet. `http` must hold at least one client.
  LicensingHandler(const Config* config, const adapters::AdapterRegistry* registry,
                   std::vector<device::HttpsClient*> http,
                   device::DeviceCallObserver* device_calls = nullptr);

  absl::StatusOr<v1::ListControllersResponse> ListControllers(
      const v1::ListControllersRequest& request) const;
  absl::StatusOr<v1::GetLicensingStateResponse> GetLicensingState(
      const v1::GetLicensingStateRequest& request, absl::Time deadline,
      const ControllerConfig* target = nullptr) const;
  absl::StatusOr<v1::PlanTransportResponse> PlanTransport(
      const v1::PlanTransportRequest& request, absl::Time deadline,
      const ControllerConfig* target = nullptr) const;
  absl::StatusOr<v1::ApplyTransportResponse> ApplyTransport(
      const v1::ApplyTransportRequest& request, absl::Time deadline, const Caller& caller,
      const ControllerConfig* target = nullptr) const;
  absl::StatusOr<v1::EstablishTrustResponse> EstablishTrust(
      const v1::EstablishTrustRequest& request, absl::Time deadline, const Caller& caller,
      const ControllerConfig* target = nullptr) const;
  absl::StatusOr<v1::RelayUsageResponse> RelayUsage(const v1::RelayUsageRequest& request,
                                                    absl::Time deadline, const Caller& caller,
                                                    const ControllerConfig* target = nullptr) const;
  // Closes the open RUM reports on each controller (a change: audited) and bundles them.
  absl::StatusOr<v1::ExportUsageResponse> ExportUsage(const v1::ExportUsageRequest& request,
                                                      absl::Time deadline,
                                                      const Caller& caller) const;
  absl::StatusOr<v1::ImportAcknowledgementsResponse> ImportAcknowledgements(
      const v1::ImportAcknowledgementsRequest& request, absl::Time deadline,
      const Caller& caller) const;

  // Runs the troubleshooting procedure (adapters/common/diagnose.h). An unreachable controller
  // is a finding in the diagnosis, not an error; errors are only NOT_FOUND / INVALID_ARGUMENT.
  absl::StatusOr<v1::DiagnoseResponse> Diagnose(const v1::DiagnoseRequest& request,
                                                absl::Time deadline,
                                                const ControllerConfig* target = nullptr) const;
  // Where Diagnose finds the syslog lines controllers sent (null: no receiver). Set once at
  // start-up, before serving.
  void SetSyslogReceiver(const SyslogReceiver* receiver) { syslog_ = receiver; }

  // The inventory now (replaced while the service runs when the inventory file changes).
  std::shared_ptr<const std::vector<ControllerConfig>> Inventory() const;
  void SetInventory(std::vector<ControllerConfig> controllers);
  // NOT_FOUND when `name` is not in the inventory.
  absl::StatusOr<ControllerConfig> Lookup(const std::string& name) const;
  const Config& config() const { return *config_; }

 private:
  // `target` (an ad-hoc or already resolved controller) wins over the inventory lookup.
  absl::StatusOr<adapters::DeviceContext> Context(const std::string& controller,
                                                  absl::Time deadline,
                                                  const ControllerConfig* target = nullptr) const;
  absl::StatusOr<upstream::UpstreamClient*> Upstream(const std::string& name) const;

  const Config* config_;
  const SyslogReceiver* syslog_ = nullptr;
  // Diagnose's endpoint probes, shared per URL for 30 s: a fleet diagnosis of 10,000
  // controllers on one transport probes CSSM once, not 10,000 times.
  adapters::EndpointProbe ProbeShared(const std::string& url, absl::Duration timeout) const;
  mutable absl::Mutex probe_mu_;
  mutable std::map<std::string, std::pair<absl::Time, adapters::EndpointProbe>> probes_
      ABSL_GUARDED_BY(probe_mu_);
  const adapters::AdapterRegistry* registry_;
  struct Southbound {
    device::RestconfClient restconf;
    device::SmartlicClient smartlic;
  };
  const Southbound& SouthboundFor(const std::string& controller) const;
  std::vector<std::unique_ptr<Southbound>> southbound_;
  std::map<std::string, std::unique_ptr<upstream::UpstreamClient>> upstreams_;
  mutable absl::Mutex inventory_mu_;
  std::shared_ptr<const std::vector<ControllerConfig>> inventory_ ABSL_GUARDED_BY(inventory_mu_);
};

}  // namespace wlc::service
