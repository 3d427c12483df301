// Diagnose: the troubleshooting procedure of slup-reference §4 as checks over what the service
// can observe of one controller — its licensing state and running configuration over RESTCONF,
// its clock (HTTP Date), the licensing syslog lines it sent, and the service's own probe of the
// transport endpoint. Each problem becomes a Finding with severity, cause, evidence, the exact
// remedy and the reference section; every check that ran is listed, so a healthy controller
// shows what was verified.
//
// Observe() gathers (network); Diagnose() concludes (pure: the same observations give the same
// diagnosis, which is what the unit tests rely on). Diagnose runs one section per concern —
// reachability, release, transport, running config, clock, trust, reporting, syslog, endpoint —
// in that order; each asks the rules of findings.h, and what depends on the transport comes from
// its traits (TransportTraitsOf in registry.h), so nothing here switches on the transport type.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "adapters/common/endpoint_probe.h"
#include "adapters/transport_adapter.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::adapters {

struct Observations {
  DeviceInfo info;
  // Reading the licensing state; not OK = the controller could not be read (nothing below is).
  absl::Status read_status;
  v1::ControllerLicensing licensing;
  // `get-modelled-config-clis` output (17.9.1+); empty optional when unavailable, with why.
  std::optional<std::string> running_config;
  std::string running_config_note;
  std::optional<absl::Time> controller_time;
  absl::Time service_time = absl::UnixEpoch();
  // Licensing syslog lines the controller sent (oldest first); syslog_known = a receiver runs.
  std::vector<std::string> syslog;
  bool syslog_known = false;
  EndpointProbe endpoint;
};

struct ObserveOptions {
  bool probe_endpoint = true;
  std::map<std::string, std::string> resolve;  // "host:port" -> "ip:port" for the probe
  absl::Duration probe_timeout = absl::Seconds(3);
  // Recent syslog lines from this controller (may be empty: no receiver configured).
  std::function<std::vector<std::string>()> syslog;
  // How to probe an endpoint URL (default: ProbeEndpoint with `resolve` and `probe_timeout`);
  // the service shares one probe per URL across a fleet (see LicensingHandler).
  std::function<EndpointProbe(const std::string& url)> probe;
};

// Reads what the service can see of the controller. Never fails: a failed state read is
// `read_status` (and nothing else is read); every other miss is recorded with why. The endpoint
// probed is where the transport sends (TransportTraits::EndpointUrl, with `url smart` from the
// running config).
Observations Observe(const DeviceContext& ctx, const ObserveOptions& options);
// The checks that ran and the findings, most severe first, with the health they add up to; when
// the controller could not be read, only that check and its cause, health CRITICAL for an answer
// of "no" (credentials, release) and UNREACHABLE otherwise.
v1::Diagnosis Diagnose(const Observations& observations);

}  // namespace wlc::adapters
