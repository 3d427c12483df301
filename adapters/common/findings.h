// The findings rules: every rule that decides a licensing finding (a cause with severity,
// evidence, remedy and the slup-reference section), in one place. The state's findings
// (AssessStatus, run by every read), Diagnose (diagnose.h, which decides which rules run and
// names the checks) and the metrics (trust_installed, health and findings series) all come from
// here. Transport-specific questions go to the transport's traits (TransportTraits), never to a
// switch on the type.
//
// All functions are pure and thread-safe: the same input gives the same finding, word for word.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "adapters/common/endpoint_probe.h"
#include "adapters/common/running_config.h"
#include "adapters/transport_adapter.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::adapters {

// --- The state's findings (no network checks) ---

// Whether some trust code of the controller is installed: the one answer for the state's
// findings, Diagnose, the metrics' trust_installed and Watch's trust events.
bool TrustInstalled(const v1::Trust& trust);

// The ACK deadline judged at `now`: ACK_OVERDUE (critical) once passed, ACK_DEADLINE_NEAR
// (warning) within 14 days; none when no deadline is set or it is further away.
std::optional<v1::Finding> AckDeadlineFinding(absl::Time now, const v1::Usage& usage);
// SLR_CARRIED_OVER (info): a Specific License Reservation from before SLUP.
v1::Finding SlrCarriedOverFinding();
// TRUST_MISSING (warning): no trust code although the transport needs one; the evidence quotes the
// last trust failure when there was one.
v1::Finding TrustMissingFinding(const v1::Trust& trust);

// The worst severity as a health: critical, else warning, else healthy (info counts as healthy).
v1::Health HealthOf(const google::protobuf::RepeatedPtrField<v1::Finding>& findings);

// Health and findings from the state alone, in this order: TRUST_MISSING (when the transport's
// traits say it needs trust and none is installed), SLR_CARRIED_OVER, the ACK deadline.
void AssessStatus(absl::Time now, v1::ControllerLicensing* licensing);

// --- Diagnose's rules (slup-reference §4), each deciding one check ---

// A rule's conclusion on one check: the finding when the check fails, else what passed.
struct Verdict {
  std::optional<v1::Finding> finding;
  std::string detail;  // when it passed

  static Verdict Passed(std::string detail);
  static Verdict Failed(v1::Finding finding);
};

// Why the controller could not be read (read_status not OK): CONTROLLER_CREDENTIALS_REJECTED,
// VERSION_NOT_SLUP or CONTROLLER_UNREACHABLE; and the health that follows — an answer of "no"
// (credentials, release) is critical, silence or a broken answer unreachable.
v1::Finding UnreadableFinding(const absl::Status& read_status);
v1::Health UnreadableHealth(const absl::Status& read_status);

// Releases hit by FN72578 (RUM reports pile up: high CPU in SAGetRUMIds / SAUtilRepSave).
bool Fn72578Affected(const std::string& version);
// VERSION_FN72578 for an affected release; `version` is not empty.
Verdict VersionVerdict(const std::string& version);

// TRANSPORT_OFF or TRANSPORT_LEGACY by how the transport reports; `url` is where it sends.
Verdict TransportVerdict(const TransportTraits& traits, const std::string& url);
// URL_TRANSPORT_MISMATCH (the URL's server does not speak the transport) or CSLU_URL_MISSING
// (no URL, so the controller guesses one); nothing to check when the transport sends nowhere.
std::optional<Verdict> TransportUrlVerdict(const TransportTraits& traits,
                                           const v1::Transport& transport, const std::string& url);

// HTTP_CLIENT_TRUSTPOINT (none configured for an HTTPS peer: critical when the probed server asks
// for a client certificate) or HTTP_CLIENT_TRUSTPOINT_PLATFORM (one that does not fit the
// platform: a 9800-CL has no SUDI, hardware should use it). `platform_pid` may be empty.
Verdict HttpClientTrustpointVerdict(const TransportTraits& traits, const RunningConfig& config,
                                    const std::string& platform_pid, const EndpointProbe& probe);
// SLA_CRL_CHECK unless SLA-TrustPoint has `revocation-check none`; for transports that reach
// SSM On-Prem (TransportTraits::ReachesOnPrem).
Verdict SlaRevocationVerdict(const RunningConfig& config);

// CLOCK_SKEW: critical at an hour or more (trust fails), warning from 5 minutes.
Verdict ClockSkewVerdict(absl::Time controller_time, absl::Time service_time);

// The trust check: passed when the transport needs none or a code is installed; else the last
// failure's cause (TRUST_TOKEN_EXPIRED, TRUST_NEEDS_FORCE, TRUST_TOKEN_REJECTED, CLOCK_SKEW or a
// communication failure, see CommFailureVerdict), else TRUST_MISSING. `url` is where the
// transport sends.
Verdict TrustVerdict(const TransportTraits& traits, const v1::Trust& trust, const std::string& url);

// A controller-side communication failure reason ("Unable to resolve server hostname/domain
// name", "Received empty response from server", ...) as its cause: CONTROLLER_DNS_FAILED,
// HTTP_CLIENT_TRUSTPOINT, URL_TRANSPORT_MISMATCH, ONPREM_TOO_OLD or
// ENDPOINT_UNREACHABLE_FROM_CONTROLLER; passed ("reporting waits for trust") when the reason is
// the missing trust code, which TRUST_MISSING reports. `peer` names the server, `url` is where
// the controller sends (for the remedies).
Verdict CommFailureVerdict(const std::string& reason, const std::string& evidence,
                           const std::string& peer, const std::string& url);

// The last report: its communication failure (CommFailureVerdict), else when it was sent.
Verdict LastReportVerdict(const v1::ControllerLicensing& licensing, const std::string& peer,
                          const std::string& url);
// AckDeadlineFinding, else the next deadline (or that none is set).
Verdict AckDeadlineVerdict(absl::Time now, const v1::Usage& usage);
// RUM_BACKLOG: closed reports without an ACK — 1,000 or more (critical), or 50 or more or older
// than the 90-day ACK cycle (warning; FN72578's wording on an affected release).
Verdict RumBacklogVerdict(absl::Time now, const v1::Usage& usage, const std::string& version);
// POLICY_MISSING when the state shows no policy.
Verdict PolicyVerdict(const v1::Policy& policy);

// One licensing syslog line: %PKI-3-CRL_FETCH_FAIL (SLA_CRL_CHECK, critical),
// %SMART_LIC-4-REPORTING_NOT_SUPPORTED and %SMART_LIC-3-COMM_FAILED (CommFailureVerdict on the
// reason after " : "); none for any other line.
std::optional<Verdict> SyslogVerdict(const std::string& line, const std::string& peer,
                                     const std::string& url);

// The service's own probe of the endpoint (probe.ran): DNS (ENDPOINT_UNRESOLVED_FROM_SERVICE,
// info: the controller has its own DNS), then TCP (ENDPOINT_UNREACHABLE_FROM_SERVICE) once DNS
// worked, then TLS (ENDPOINT_TLS_FAILED) once TCP worked and the URL is https (none otherwise).
Verdict EndpointDnsVerdict(const EndpointProbe& probe);
Verdict EndpointTcpVerdict(const EndpointProbe& probe);
std::optional<Verdict> EndpointTlsVerdict(const EndpointProbe& probe);

}  // namespace wlc::adapters
