// TransportTraits: what the service knows about one licensing transport whether or not it can
// configure it — who receives the reports, whether a trust code is needed, where the controller
// sends and by default, how the native `transport-type` names it. TransportAdapter adds the
// operations: it turns a desired transport into a validated, version-gated plan (RESTCONF
// operations plus the CLI a reviewer would type; what the plan holds is the adapter's own
// PlanTransport), applies it with read-back verification, and establishes trust the way its
// transport needs. registry.h is the only list: the AdapterRegistry that main fills
// (RegisterBuiltinAdapters) for the operations, and TransportTraitsOf() for the knowledge of every
// type the model has (callhome and automatic included), which the state's findings, Diagnose and
// the native parsing consult instead of switching on the type.
//
// Thread safety: traits and adapters are stateless and const; one instance serves all requests.
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

class TransportTraits {
 public:
  // How the controller's usage reaches Cisco with this transport.
  enum class Reporting {
    kOnline,   // the controller sends reports itself (smart, CSLU, SSM On-Prem)
    kOffline,  // files carried by hand or relayed by the service (transport off)
    kLegacy,   // callhome / automatic: configured, but not what SLUP reporting expects
    kUnknown,  // a transport-type the service does not know
  };

  virtual ~TransportTraits() = default;

  virtual v1::TransportType type() const = 0;
  // The value of native `transport-type` that selects it ("smart", "cslu", "Off", ...; SSM
  // On-Prem is "cslu" too).
  virtual std::string NativeType() const = 0;
  // Whether a native license/smart with `transport-type` = native_type and `url cslu` = cslu_url
  // (empty when absent) reads as this transport. CSLU and SSM On-Prem share "cslu"; the URL tells
  // them apart.
  virtual bool IsNative(const std::string& native_type, const std::string& /*cslu_url*/) const {
    return native_type == NativeType();
  }
  // Who receives the reports, as messages name it: "CSSM", "CSLU" or "SSM On-Prem".
  virtual std::string PeerName() const { return "CSSM"; }
  virtual Reporting reporting() const = 0;
  // Whether the controller needs a trust code to report (HTTPS to CSSM or SSM On-Prem).
  virtual bool NeedsTrust() const { return false; }
  // The URL the controller sends to when none is configured; empty when there is none.
  virtual std::string DefaultUrl() const { return ""; }
  // The URL the controller sends to: `url_smart` (`license smart url smart`, which only the
  // running config shows; empty when unknown) where the transport uses it, else the model's URL,
  // else DefaultUrl(). Empty when the controller sends nowhere.
  virtual std::string EndpointUrl(const v1::Transport& transport,
                                  const std::string& /*url_smart*/) const {
    return transport.url().empty() ? DefaultUrl() : transport.url();
  }
  // Whether an unset URL leaves the controller guessing a server (CSLU's `cslu-local` in DNS)
  // rather than using a known receiver.
  virtual bool GuessesUnsetUrl() const { return false; }
  // Whether `url` belongs to a server that does not speak this transport's protocol (the smart
  // transport pointed at a CSLU / SSM On-Prem URL).
  virtual bool MisdirectedTo(const std::string& /*url*/) const { return false; }
  // Whether the controller reports to SSM On-Prem through `url`, so it must fetch On-Prem's CRL
  // for SLA-TrustPoint unless the revocation check is off.
  virtual bool ReachesOnPrem(const std::string& /*url*/) const { return false; }
};

class TransportAdapter : public TransportTraits {
 public:
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
