// TransportAdapter: everything the service knows about one licensing transport. An adapter turns
// a desired transport into a validated, version-gated plan (RESTCONF operations plus the CLI a
// reviewer would type), applies it with read-back verification, and establishes trust the way
// its transport needs. The registry (registry.h), keyed by the proto enum, is the only list of
// transports.
//
// Thread safety: adapters are stateless and const; one instance serves all requests.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "adapters/device/restconf_client.h"
#include "adapters/device/smartlic_client.h"
#include "wlc/licensing/v1/model.pb.h"
#include "wlc/licensing/v1/service.pb.h"

namespace wlc::adapters {

namespace v1 = ::wlc::licensing::v1;

// What the service knows about a controller before it talks to it (from the inventory).
struct DeviceInfo {
  std::string name;
  std::string software_version;  // e.g. "17.12.1"; empty = unknown (no version gates applied)
  std::string platform_pid;      // e.g. "C9800-CL-K9"; empty = unknown
};

// One request's view of one controller: where it is, how to reach it, and by when.
struct DeviceContext {
  DeviceInfo info;
  device::DeviceEndpoint endpoint;
  // Owns the profile `endpoint.credentials` points to when it is the service's per-target copy
  // (an ad-hoc target bound to its allowed addresses); null when it is the config's own.
  std::shared_ptr<const device::CredentialsProfile> owned_credentials;
  std::string address;  // host:port, for the model
  const device::RestconfClient* restconf = nullptr;
  const device::SmartlicClient* smartlic = nullptr;
  absl::Time deadline = absl::InfiniteFuture();
  // Upper bound of one device call (the request deadline may be longer).
  absl::Duration call_timeout = absl::Seconds(10);
  // How often to poll for asynchronous outcomes (trust).
  absl::Duration poll_interval = absl::Milliseconds(200);

  // Timeout for the next device call: min(call_timeout, time left), at least 1 ms.
  absl::Duration Remaining() const;
};

class TransportAdapter {
 public:
  virtual ~TransportAdapter() = default;

  virtual v1::TransportType type() const = 0;

  // Checks the desired transport against the adapter's rules and the controller's version.
  // INVALID_ARGUMENT for a malformed value, FAILED_PRECONDITION for a version gate.
  virtual absl::Status Validate(const DeviceInfo& device, const v1::Transport& desired) const = 0;

  // Reads the current configuration and returns the plan (no change on the device).
  virtual absl::StatusOr<v1::TransportPlan> PlanTransport(const DeviceContext& ctx,
                                                          const v1::Transport& desired) const = 0;

  // Applies the plan step by step, verifies by reading back, and restores the previous
  // configuration when a step or the read-back fails, within a time reserve kept for it; a
  // failure carries the response (what was restored, what is left changed) as a status payload
  // (adapters/common/apply.h, ApplyPlanned).
  virtual absl::StatusOr<v1::ApplyTransportResponse> ApplyTransport(
      const DeviceContext& ctx, const v1::Transport& desired) const = 0;

  // Installs a trust code with an id token and waits (until ctx.deadline) for the outcome.
  // FAILED_PRECONDITION when trust is installed and !force, or when the controller rejects the
  // token (the controller's reason is in the message); DEADLINE_EXCEEDED when still pending.
  virtual absl::StatusOr<v1::Trust> EstablishTrust(const DeviceContext& ctx,
                                                   const std::string& id_token,
                                                   v1::TrustScope scope, bool force) const = 0;
};

}  // namespace wlc::adapters
