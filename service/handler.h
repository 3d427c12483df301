// LicensingHandler: the core every face converts to (gRPC, RESTCONF, the Prometheus face; the
// CLI through gRPC). It resolves inventory names to targets, builds each device call's context
// (endpoint, credentials, deadline), picks the adapter from the registry, audits every change
// and returns the licensing model. It keeps no state between calls but the inventory (replaced
// as a whole on reload) and a 30 s cache of Diagnose's endpoint probes.
//
// Contract: a controller is named once. A face turns a name into a target with Lookup (or a
// selector into targets with ResolveSelector, service/fleet.h); every operation takes that
// target and the operation's own parameters, never a proto request, and returns the model.
// Operations never throw; every device call is bounded by min(deadline, now + the config's
// request_deadline_seconds). Changes (ApplyTransport unless dry_run, EstablishTrust, RelayUsage,
// ExportUsage, ImportAcknowledgements) write one audit line each, refused ones included.
//
// Status codes: INVALID_ARGUMENT (bad parameters), NOT_FOUND (unknown controller or upstream),
// FAILED_PRECONDITION (version gates, unknown profile), plus whatever the controller call
// produced (UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED...). Thread-safe: const methods,
// shared immutable config and registry.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

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
#include "service/in_flight_limit.h"
#include "service/running_requests.h"
#include "service/shared_reads.h"
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

  // The inventory as the model's summaries.
  v1::ListControllersResponse ListControllers() const;

  // NOT_FOUND when `name` is not in the inventory, INVALID_ARGUMENT when it is empty or too long.
  absl::StatusOr<ControllerConfig> Lookup(const std::string& name) const;
  // Lookup for a change: a refusal (unknown or bad name) is audited as `action` by `caller`.
  absl::StatusOr<ControllerConfig> LookupForChange(const std::string& name, const Caller& caller,
                                                   absl::string_view action) const;

  // The controller's licensing (three GETs), with address and read time set. Concurrent reads of
  // one controller share one device read in flight; with `max_age` > 0 an answer that old or
  // younger may come from the core's small cache (service/shared_reads.h; its read_time says how
  // old it is).
  absl::StatusOr<v1::ControllerLicensing> GetLicensingState(
      const ControllerConfig& target, absl::Time deadline,
      absl::Duration max_age = absl::ZeroDuration()) const;
  // The same read without a thread: `done` runs exactly once, on an HTTPS client's event loop
  // (or at once, on the caller's thread, when the read cannot start or is cached). It must not
  // block.
  using LicensingCallback = std::function<void(absl::StatusOr<v1::ControllerLicensing>)>;
  void GetLicensingStateAsync(const ControllerConfig& target, absl::Time deadline,
                              LicensingCallback done,
                              absl::Duration max_age = absl::ZeroDuration()) const;
  const SharedReads& shared_reads() const { return shared_reads_; }

  absl::StatusOr<v1::TransportPlan> PlanTransport(const ControllerConfig& target,
                                                  const v1::Transport& desired,
                                                  absl::Time deadline) const;
  // dry_run: the plan only (not audited). Otherwise applies with read-back and restore
  // (adapters/common/apply.h); a failure carries the response as a status payload.
  absl::StatusOr<v1::ApplyTransportResponse> ApplyTransport(const ControllerConfig& target,
                                                            const v1::Transport& desired,
                                                            bool dry_run, absl::Time deadline,
                                                            const Caller& caller) const;
  struct TrustRequest {
    std::string id_token;  // registered as a secret for the call; never logged
    v1::TrustScope scope = v1::TRUST_SCOPE_UNSPECIFIED;  // UNSPECIFIED = LOCAL
    bool force = false;
    // When id_token is empty: mint a single-use token through this upstream.
    std::string mint_from_upstream;
  };
  absl::StatusOr<v1::Trust> EstablishTrust(const ControllerConfig& target,
                                           const TrustRequest& request, absl::Time deadline,
                                           const Caller& caller) const;
  absl::StatusOr<v1::RelayUsageResponse> RelayUsage(const ControllerConfig& target,
                                                    const std::string& upstream,
                                                    absl::Time deadline,
                                                    const Caller& caller) const;
  // Closes the open RUM reports on each named controller (a change: audited) and bundles them.
  absl::StatusOr<v1::ExportUsageResponse> ExportUsage(const std::vector<std::string>& controllers,
                                                      absl::Time deadline,
                                                      const Caller& caller) const;
  // Imports each ACK of `bundle` into the controller it names (by UDI), among `controllers`
  // (empty: the whole inventory).
  absl::StatusOr<v1::ImportAcknowledgementsResponse> ImportAcknowledgements(
      const std::string& bundle, const std::vector<std::string>& controllers, absl::Time deadline,
      const Caller& caller) const;

  // Runs the troubleshooting procedure (adapters/common/diagnose.h). An unreachable controller
  // is a finding in the diagnosis, not an error.
  struct DiagnoseOptions {
    bool skip_endpoint_probe = false;
  };
  absl::StatusOr<v1::Diagnosis> Diagnose(const ControllerConfig& target,
                                         const DiagnoseOptions& options, absl::Time deadline) const;
  // Where Diagnose finds the syslog lines controllers sent (null: no receiver). Set once at
  // start-up, before serving.
  void SetSyslogReceiver(const SyslogReceiver* receiver) { syslog_ = receiver; }

  // The inventory now (replaced while the service runs when the inventory file changes).
  std::shared_ptr<const std::vector<ControllerConfig>> Inventory() const;
  void SetInventory(std::vector<ControllerConfig> controllers);
  const Config& config() const { return *config_; }
  // The bound every fan-out shares (config `fleet_max_in_flight`).
  InFlightLimit* fleet_limit() const { return &fleet_limit_; }
  // The fleet requests clients may interrupt.
  RunningRequests& running_requests() const { return running_; }

 private:
  absl::StatusOr<adapters::DeviceContext> Context(const ControllerConfig& target,
                                                  absl::Time deadline) const;
  // Context of an inventory controller by name.
  absl::StatusOr<adapters::DeviceContext> Context(const std::string& name,
                                                  absl::Time deadline) const;
  absl::StatusOr<upstream::UpstreamClient*> Upstream(const std::string& name) const;

  const Config* config_;
  const SyslogReceiver* syslog_ = nullptr;
  mutable InFlightLimit fleet_limit_;
  mutable RunningRequests running_;
  mutable SharedReads shared_reads_;
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
