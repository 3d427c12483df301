#include "adapters/common/findings.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/native_license.h"
#include "adapters/common/version.h"
#include "adapters/registry.h"

namespace wlc::adapters {
namespace {

constexpr char kRef[] = "docs/slup-reference.md ";

v1::Finding MakeFinding(v1::Severity severity, const std::string& code, const std::string& summary,
                        const std::string& evidence, std::vector<std::string> remedy,
                        const std::string& reference) {
  v1::Finding f;
  f.set_severity(severity);
  f.set_code(code);
  f.set_summary(summary);
  f.set_evidence(evidence);
  for (std::string& r : remedy) f.add_remedy(std::move(r));
  f.set_reference(absl::StrCat(kRef, reference));
  return f;
}

Verdict Fail(v1::Severity severity, const std::string& code, const std::string& summary,
             const std::string& evidence, std::vector<std::string> remedy,
             const std::string& reference) {
  return Verdict::Failed(
      MakeFinding(severity, code, summary, evidence, std::move(remedy), reference));
}

bool IsCl(const std::string& pid) { return absl::StartsWith(pid, "C9800-CL"); }

std::string UtcTime(int64_t unix_seconds) {
  return absl::FormatTime(absl::FromUnixSeconds(unix_seconds), absl::UTCTimeZone());
}

}  // namespace

// --- The state's findings ---

bool TrustInstalled(const v1::Trust& trust) {
  for (const v1::TrustCode& c : trust.codes()) {
    if (c.installed()) return true;
  }
  return false;
}

std::optional<v1::Finding> AckDeadlineFinding(absl::Time now, const v1::Usage& usage) {
  if (!usage.has_ack_deadline() || usage.ack_deadline().seconds() <= 0) return std::nullopt;
  const absl::Time deadline = absl::FromUnixSeconds(usage.ack_deadline().seconds());
  const std::string evidence = "rum-ack next-report-deadline " + FormatYangTime(deadline);
  if (deadline < now) {
    return MakeFinding(v1::SEVERITY_CRITICAL, "ACK_OVERDUE",
                       "the usage-report ACK deadline has passed", evidence,
                       {"license smart sync all", "or import an ACK: license smart import <file>",
                        "or: LicensingService.RelayUsage"},
                       "§5.3");
  }
  if (deadline - now < absl::Hours(24 * 14)) {
    return MakeFinding(v1::SEVERITY_WARNING, "ACK_DEADLINE_NEAR",
                       "the usage-report ACK deadline is within 14 days", evidence,
                       {"license smart sync all", "or: LicensingService.RelayUsage"}, "§5.3");
  }
  return std::nullopt;
}

v1::Finding SlrCarriedOverFinding() {
  return MakeFinding(
      v1::SEVERITY_INFO, "SLR_CARRIED_OVER",
      "a Specific License Reservation carried over from before SLUP authorizes the usage",
      "authorization-state auth-state-authorized-reservation",
      {"report usage only when licence consumption changes (transport off: save usage / "
       "import)",
       "a new SLR cannot be requested under SLUP"},
      "§1.7");
}

v1::Finding TrustMissingFinding(const v1::Trust& trust) {
  return MakeFinding(
      v1::SEVERITY_WARNING, "TRUST_MISSING",
      "no trust code is installed, so the controller cannot report to CSSM / SSM On-Prem",
      trust.last_failure_reason().empty()
          ? "trust-code is-installed=false"
          : "last trust attempt failed: " + trust.last_failure_reason(),
      {"license smart trust idtoken <token> all", "or: LicensingService.EstablishTrust"}, "§2");
}

v1::Health HealthOf(const google::protobuf::RepeatedPtrField<v1::Finding>& findings) {
  v1::Health health = v1::HEALTH_HEALTHY;
  for (const v1::Finding& f : findings) {
    if (f.severity() == v1::SEVERITY_CRITICAL) health = v1::HEALTH_CRITICAL;
    if (f.severity() == v1::SEVERITY_WARNING && health == v1::HEALTH_HEALTHY) {
      health = v1::HEALTH_WARNING;
    }
  }
  return health;
}

void AssessStatus(absl::Time now, v1::ControllerLicensing* lic) {
  v1::Status* status = lic->mutable_status();
  status->clear_findings();
  if (TransportTraitsOf(lic->transport().type()).NeedsTrust() && !TrustInstalled(lic->trust())) {
    *status->add_findings() = TrustMissingFinding(lic->trust());
  }
  if (lic->reservation().installed()) *status->add_findings() = SlrCarriedOverFinding();
  if (std::optional<v1::Finding> ack = AckDeadlineFinding(now, lic->usage())) {
    *status->add_findings() = *std::move(ack);
  }
  status->set_health(HealthOf(status->findings()));
}

// --- Diagnose's rules ---

Verdict Verdict::Passed(std::string detail) {
  Verdict v;
  v.detail = std::move(detail);
  return v;
}

Verdict Verdict::Failed(v1::Finding finding) {
  Verdict v;
  v.finding = std::move(finding);
  return v;
}

v1::Finding UnreadableFinding(const absl::Status& read_status) {
  const std::string evidence = std::string(read_status.message());
  if (absl::IsUnauthenticated(read_status) || absl::IsPermissionDenied(read_status)) {
    return MakeFinding(v1::SEVERITY_CRITICAL, "CONTROLLER_CREDENTIALS_REJECTED",
                       "the controller refuses the service's credentials", evidence,
                       {"username <user> privilege 15 secret <password>",
                        "fix the credentials profile of this controller in the service config"},
                       "§4 (RESTCONF access)");
  }
  if (absl::IsFailedPrecondition(read_status)) {
    return MakeFinding(
        v1::SEVERITY_CRITICAL, "VERSION_NOT_SLUP",
        "the controller's IOS-XE has no Smart Licensing Using Policy", evidence,
        {"upgrade to IOS-XE 17.3.2 or later (17.9.1+ for RESTCONF configuration of every "
         "transport)"},
        "§1.1");
  }
  return MakeFinding(
      v1::SEVERITY_CRITICAL, "CONTROLLER_UNREACHABLE",
      "the service cannot read the controller over RESTCONF", evidence,
      {"restconf", "ip http secure-server",
       "check the address/port in the inventory and any ACL between service and controller"},
      "§4");
}

v1::Health UnreadableHealth(const absl::Status& read_status) {
  const bool answered = absl::IsUnauthenticated(read_status) ||
                        absl::IsPermissionDenied(read_status) ||
                        absl::IsFailedPrecondition(read_status);
  return answered ? v1::HEALTH_CRITICAL : v1::HEALTH_UNREACHABLE;
}

bool Fn72578Affected(const std::string& version) {
  absl::StatusOr<IosXeVersion> v = ParseIosXeVersion(version);
  if (!v.ok()) return false;
  auto in = [&](IosXeVersion lo, IosXeVersion hi) { return *v >= lo && !(hi < *v); };
  return in({17, 3, 2}, {17, 3, 6}) || in({17, 4, 1}, {17, 4, 1}) || in({17, 5, 1}, {17, 5, 1}) ||
         in({17, 6, 1}, {17, 6, 4}) || in({17, 7, 1}, {17, 7, 1});
}

Verdict VersionVerdict(const std::string& version) {
  if (Fn72578Affected(version)) {
    return Fail(v1::SEVERITY_WARNING, "VERSION_FN72578",
                "this release is affected by FN72578: unacknowledged RUM reports pile up (high CPU "
                "in SAGetRUMIds/SAUtilRepSave)",
                "IOS-XE " + version,
                {"upgrade to 17.3.7, 17.6.5 or 17.9.1+",
                 "meanwhile keep reports acknowledged (LicensingService.RelayUsage)"},
                "§4.11");
  }
  return Verdict::Passed("IOS-XE " + version + " (SLUP, not in FN72578's range)");
}

Verdict TransportVerdict(const TransportTraits& traits, const std::string& url) {
  const std::string name = v1::TransportType_Name(traits.type());
  switch (traits.reporting()) {
    case TransportTraits::Reporting::kOffline:
      return Fail(v1::SEVERITY_WARNING, "TRANSPORT_OFF",
                  "transport off: the controller sends no usage reports by itself",
                  "transport-type off",
                  {"license smart transport smart", "license smart url default",
                   "or keep it air-gapped: LicensingService.ExportUsage / ImportAcknowledgements"},
                  "§1.6");
    case TransportTraits::Reporting::kLegacy:
      return Fail(v1::SEVERITY_WARNING, "TRANSPORT_LEGACY",
                  "a legacy transport (callhome/automatic) is configured; SLUP reporting expects "
                  "smart, cslu or off",
                  "transport-type " + name,
                  {"license smart transport smart", "license smart url default"}, "§1.1");
    default:
      return Verdict::Passed(absl::StrCat(name, " to ", url));
  }
}

std::optional<Verdict> TransportUrlVerdict(const TransportTraits& traits,
                                           const v1::Transport& transport, const std::string& url) {
  if (traits.MisdirectedTo(url)) {
    return Fail(v1::SEVERITY_CRITICAL, "URL_TRANSPORT_MISMATCH",
                "smart transport points at a CSLU/SSM On-Prem URL (the server answers with an "
                "empty response)",
                "license smart transport smart with license smart url smart " + url,
                {"license smart transport cslu", "license smart url cslu " + url}, "§6.7 #10");
  }
  if (traits.GuessesUnsetUrl() && transport.url().empty()) {
    return Fail(v1::SEVERITY_WARNING, "CSLU_URL_MISSING",
                "cslu transport without a URL: the controller looks for the host name cslu-local",
                "no license smart url cslu (default " + traits.DefaultUrl() + ")",
                {"license smart url cslu http://<cslu-host>:8182/cslu/v1/pi",
                 "or add a DNS entry for cslu-local"},
                "§1.3");
  }
  if (!url.empty()) return Verdict::Passed(url);
  return std::nullopt;
}

Verdict HttpClientTrustpointVerdict(const TransportTraits& traits, const RunningConfig& rc,
                                    const std::string& pid, const EndpointProbe& probe) {
  if (!traits.NeedsTrust()) {
    return Verdict::Passed("not needed for " + v1::TransportType_Name(traits.type()));
  }
  if (rc.secure_trustpoint.empty()) {
    const std::string fitting =
        IsCl(pid) || pid.empty() ? "TP-self-signed-<number>" : "CISCO_IDEVID_SUDI";
    const bool asked = probe.ran && probe.client_cert_requested;
    return Fail(asked ? v1::SEVERITY_CRITICAL : v1::SEVERITY_WARNING, "HTTP_CLIENT_TRUSTPOINT",
                "no `ip http client secure-trustpoint`: the controller offers no client "
                "certificate and " +
                    traits.PeerName() + " asks for one (mutual TLS)",
                asked ? "no ip http client secure-trustpoint; " + probe.host +
                            " asks for a client certificate"
                      : "no ip http client secure-trustpoint in the running config",
                {"ip http client secure-trustpoint " + fitting,
                 "ip http client source-interface <interface>",
                 "or: LicensingService.ApplyTransport with transport.http_client"},
                "§4.9");
  }
  if (IsCl(pid) && rc.secure_trustpoint == "CISCO_IDEVID_SUDI") {
    return Fail(v1::SEVERITY_CRITICAL, "HTTP_CLIENT_TRUSTPOINT_PLATFORM",
                "a 9800-CL has no SUDI: CISCO_IDEVID_SUDI cannot be its client certificate",
                "ip http client secure-trustpoint CISCO_IDEVID_SUDI on " + pid,
                {"ip http client secure-trustpoint TP-self-signed-<number>",
                 "show crypto pki trustpoints  (to find the name)"},
                "§4.9");
  }
  if (!IsCl(pid) && !pid.empty() && absl::StartsWith(rc.secure_trustpoint, "TP-self-signed")) {
    return Fail(v1::SEVERITY_WARNING, "HTTP_CLIENT_TRUSTPOINT_PLATFORM",
                "a hardware 9800 should present its SUDI (CISCO_IDEVID_SUDI)",
                "ip http client secure-trustpoint " + rc.secure_trustpoint + " on " + pid,
                {"ip http client secure-trustpoint CISCO_IDEVID_SUDI"}, "§4.9");
  }
  return Verdict::Passed("ip http client secure-trustpoint " + rc.secure_trustpoint);
}

Verdict SlaRevocationVerdict(const RunningConfig& rc) {
  if (rc.sla_revocation == "none") {
    return Verdict::Passed("SLA-TrustPoint revocation-check none");
  }
  return Fail(v1::SEVERITY_WARNING, "SLA_CRL_CHECK",
              "SLA-TrustPoint checks revocation: the controller must fetch SSM On-Prem's CRL, "
              "which usually fails (%PKI-3-CRL_FETCH_FAIL)",
              "crypto pki trustpoint SLA-TrustPoint revocation-check " +
                  (rc.sla_revocation.empty() ? std::string("crl (default)") : rc.sla_revocation),
              {"crypto pki trustpoint SLA-TrustPoint", " revocation-check none",
               "or: LicensingService.ApplyTransport with transport.sla_revocation_check_none"},
              "§1.4");
}

Verdict ClockSkewVerdict(absl::Time controller_time, absl::Time service_time) {
  const int64_t skew = absl::ToInt64Seconds(controller_time - service_time);
  if (std::llabs(skew) >= 3600) {
    return Fail(
        v1::SEVERITY_CRITICAL, "CLOCK_SKEW",
        "the controller's clock is off by an hour or more: trust installation fails",
        absl::StrCat("controller clock ", absl::FormatTime(controller_time, absl::UTCTimeZone()),
                     ", ", skew, " s from the service's"),
        {"ntp server <ntp-server-ip>", "show clock", "show ntp associations"}, "§2.3");
  }
  if (std::llabs(skew) >= 300) {
    return Fail(v1::SEVERITY_WARNING, "CLOCK_SKEW",
                "the controller's clock drifts (under an hour: trust still works)",
                absl::StrCat(skew, " s from the service's clock"), {"ntp server <ntp-server-ip>"},
                "§2.3");
  }
  return Verdict::Passed(absl::StrCat(skew, " s from the service's clock"));
}

Verdict TrustVerdict(const TransportTraits& traits, const v1::Trust& trust,
                     const std::string& url) {
  if (!traits.NeedsTrust()) {
    return Verdict::Passed("not needed for " + v1::TransportType_Name(traits.type()));
  }
  if (TrustInstalled(trust)) return Verdict::Passed("trust code installed");
  const std::string& failure = trust.last_failure_reason();
  if (failure.empty()) return Verdict::Failed(TrustMissingFinding(trust));
  const std::string lower = absl::AsciiStrToLower(failure);
  const std::string evidence = "last trust attempt failed: " + failure;
  if (absl::StrContains(lower, "expired")) {
    return Fail(v1::SEVERITY_CRITICAL, "TRUST_TOKEN_EXPIRED",
                "the id token used for trust has expired", evidence,
                {"generate a new token in CSSM (Inventory > General > New Token)",
                 "license smart trust idtoken <new-token> all",
                 "or: LicensingService.EstablishTrust with mint_from_upstream"},
                "§2.2");
  }
  if (absl::StrContains(lower, "already") && absl::StrContains(lower, "install")) {
    return Fail(v1::SEVERITY_WARNING, "TRUST_NEEDS_FORCE",
                "a trust code is already installed for this UDI; a new one needs force", evidence,
                {"license smart trust idtoken <token> all force",
                 "or: LicensingService.EstablishTrust with force"},
                "§2.1");
  }
  if (absl::StrContains(lower, "used") || absl::StrContains(lower, "revoked") ||
      absl::StrContains(lower, "invalid") || absl::StrContains(lower, "unknown")) {
    return Fail(v1::SEVERITY_CRITICAL, "TRUST_TOKEN_REJECTED",
                "CSSM/SSM On-Prem rejected the id token (used up, revoked or not this account's)",
                evidence,
                {"generate a new token for the right virtual account",
                 "license smart trust idtoken <new-token> all",
                 "or: LicensingService.EstablishTrust with mint_from_upstream"},
                "§4.9 #1");
  }
  if (absl::StrContains(lower, "time") || absl::StrContains(lower, "clock")) {
    return Fail(
        v1::SEVERITY_CRITICAL, "CLOCK_SKEW",
        "trust failed on a timestamp mismatch: the controller's clock is off by an hour or more",
        evidence, {"ntp server <ntp-server-ip>", "then retry the trust"}, "§2.3");
  }
  return CommFailureVerdict(failure, evidence, traits.PeerName(), url);
}

Verdict CommFailureVerdict(const std::string& reason, const std::string& evidence,
                           const std::string& peer, const std::string& url) {
  const std::string lower = absl::AsciiStrToLower(reason);
  std::string host = url;
  std::string port = absl::StartsWith(url, "http://") ? "80" : "443";
  if (size_t p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (size_t colon = host.rfind(':');
      colon != std::string::npos && host.find(']') == std::string::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (absl::StrContains(lower, "resolve")) {
    return Fail(v1::SEVERITY_CRITICAL, "CONTROLLER_DNS_FAILED",
                "the controller cannot resolve the " + peer + " host name", evidence,
                {"ip domain lookup", "ip name-server <dns-server-ip>",
                 host.empty() ? "ping <server>" : "ping " + host},
                "§4.1");
  }
  if (absl::StrContains(lower, "client certificate")) {
    return Fail(v1::SEVERITY_CRITICAL, "HTTP_CLIENT_TRUSTPOINT",
                "the TLS session to " + peer +
                    " fails: it asks for a client certificate and the "
                    "controller offers none that fits",
                evidence,
                {"ip http client secure-trustpoint <TP-self-signed-… on 9800-CL, "
                 "CISCO_IDEVID_SUDI on 9800-40/80/L>",
                 "ip http client source-interface <interface>",
                 "or: LicensingService.ApplyTransport with transport.http_client"},
                "§4.9");
  }
  if (absl::StrContains(lower, "empty response")) {
    return Fail(v1::SEVERITY_CRITICAL, "URL_TRANSPORT_MISMATCH",
                "the server answers nothing the controller understands: the URL does not fit the "
                "transport (e.g. smart transport pointed at SSM On-Prem)",
                evidence,
                {"license smart transport cslu",
                 "license smart url cslu https://<onprem>/cslu/v1/pi/<tenant>",
                 "or: LicensingService.ApplyTransport with the intended transport"},
                "§6.7 #10");
  }
  if (absl::StrContains(lower, "not support") || absl::StrContains(lower, "down rev")) {
    return Fail(v1::SEVERITY_CRITICAL, "ONPREM_TOO_OLD",
                "SSM On-Prem is older than 8-202102 and cannot take SLUP usage reports", evidence,
                {"upgrade SSM On-Prem to 8-202102 or later"}, "§4.11");
  }
  if (absl::StrContains(lower, "trust code")) {
    // Reported by TRUST_MISSING with the remedy; nothing new to add here.
    return Verdict::Passed("reporting waits for trust: " + reason);
  }
  return Fail(
      v1::SEVERITY_CRITICAL, "ENDPOINT_UNREACHABLE_FROM_CONTROLLER",
      "the controller cannot reach " + peer +
          " (firewall, routing, source interface or the "
          "server is down)",
      evidence,
      {host.empty() ? "telnet <server> 443"
                    : "telnet " + host + " " + port + " /source-interface <interface>",
       "ip http client source-interface <interface>", "check firewalls/ACLs for TCP " + port},
      "§4.2");
}

Verdict LastReportVerdict(const v1::ControllerLicensing& lic, const std::string& peer,
                          const std::string& url) {
  const std::string& reason = lic.status().last_communication_failure().reason();
  if (!reason.empty()) {
    return CommFailureVerdict(reason, "last report failed: " + reason, peer, url);
  }
  if (lic.usage().has_last_report_time()) {
    return Verdict::Passed("last report sent " + UtcTime(lic.usage().last_report_time().seconds()));
  }
  return Verdict::Passed("no report attempted yet");
}

Verdict AckDeadlineVerdict(absl::Time now, const v1::Usage& usage) {
  if (std::optional<v1::Finding> ack = AckDeadlineFinding(now, usage)) {
    return Verdict::Failed(*std::move(ack));
  }
  if (usage.has_ack_deadline() && usage.ack_deadline().seconds() > 0) {
    return Verdict::Passed("next ACK deadline " + UtcTime(usage.ack_deadline().seconds()));
  }
  return Verdict::Passed("no ACK deadline set");
}

Verdict RumBacklogVerdict(absl::Time now, const v1::Usage& usage, const std::string& version) {
  // Reports closed but never acknowledged: many of them (FN72578: at 1,000 the controller
  // suffers), or old ones (waiting longer than the 90-day ACK cycle of the default policy).
  int backlog = 0;
  absl::Time oldest = absl::InfiniteFuture();
  for (const auto& r : usage.rum_reports()) {
    if (r.state() == v1::RUM_REPORT_STATE_ACKNOWLEDGED || r.state() == v1::RUM_REPORT_STATE_OPEN) {
      continue;
    }
    ++backlog;
    if (r.has_end_time() && r.end_time().seconds() > 0) {
      oldest = std::min(oldest, absl::FromUnixSeconds(r.end_time().seconds()));
    }
  }
  const bool stale = oldest != absl::InfiniteFuture() && now - oldest > absl::Hours(24 * 90);
  const std::string evidence =
      absl::StrCat(backlog, " closed reports without an ACK",
                   oldest == absl::InfiniteFuture()
                       ? ""
                       : absl::StrCat(", the oldest ended ",
                                      absl::FormatTime("%Y-%m-%d", oldest, absl::UTCTimeZone()),
                                      " (", absl::ToInt64Hours(now - oldest) / 24, " days ago)"));
  if (backlog >= 1000 || ((backlog >= 50 || stale) && Fn72578Affected(version))) {
    return Fail(backlog >= 1000 ? v1::SEVERITY_CRITICAL : v1::SEVERITY_WARNING, "RUM_BACKLOG",
                "unacknowledged RUM reports pile up (FN72578: high CPU and memory)", evidence,
                {"LicensingService.RelayUsage (collect, upload, import the ACK)",
                 "or: license smart factory reset, then reload (clears the reports)"},
                "§4.11");
  }
  if (backlog >= 50 || stale) {
    return Fail(
        v1::SEVERITY_WARNING, "RUM_BACKLOG",
        "usage reports wait for an ACK longer than the 90-day ACK cycle", evidence,
        {"LicensingService.RelayUsage (collect, upload, import the ACK)",
         "air-gapped: LicensingService.ExportUsage, upload to CSSM, ImportAcknowledgements"},
        "§5.3");
  }
  return Verdict::Passed(evidence);
}

Verdict PolicyVerdict(const v1::Policy& policy) {
  if (policy.type().empty() && policy.name().empty()) {
    return Fail(v1::SEVERITY_WARNING, "POLICY_MISSING", "no licensing policy is installed",
                "licensing/state policy absent",
                {"license smart sync all", "or import a policy file: license smart import <file>"},
                "§4.11");
  }
  return Verdict::Passed("policy " + policy.name());
}

std::optional<Verdict> SyslogVerdict(const std::string& line, const std::string& peer,
                                     const std::string& url) {
  if (absl::StrContains(line, "%PKI-3-CRL_FETCH_FAIL")) {
    return Fail(v1::SEVERITY_CRITICAL, "SLA_CRL_CHECK",
                "the controller cannot fetch the CRL for SLA-TrustPoint", line,
                {"crypto pki trustpoint SLA-TrustPoint", " revocation-check none"}, "§1.4");
  }
  if (absl::StrContains(line, "%SMART_LIC-4-REPORTING_NOT_SUPPORTED")) {
    return CommFailureVerdict("not supported", line, peer, url);
  }
  if (absl::StrContains(line, "%SMART_LIC-3-COMM_FAILED")) {
    const size_t colon = line.rfind(" : ");
    return CommFailureVerdict(colon == std::string::npos ? line : line.substr(colon + 3), line,
                              peer, url);
  }
  return std::nullopt;
}

Verdict EndpointDnsVerdict(const EndpointProbe& probe) {
  if (!probe.dns.ok()) {
    return Fail(v1::SEVERITY_INFO, "ENDPOINT_UNRESOLVED_FROM_SERVICE",
                "the service cannot resolve the transport's server either (the controller may "
                "still: it uses its own DNS)",
                std::string(probe.dns.message()),
                {"ip name-server <dns-server-ip>", "ping " + probe.host}, "§4.1");
  }
  return Verdict::Passed(probe.host + " -> " + probe.address);
}

Verdict EndpointTcpVerdict(const EndpointProbe& probe) {
  if (!probe.tcp.ok()) {
    return Fail(v1::SEVERITY_WARNING, "ENDPOINT_UNREACHABLE_FROM_SERVICE",
                "the service cannot open TCP to the transport's server",
                std::string(probe.tcp.message()),
                {absl::StrCat("telnet ", probe.host, " ", probe.port),
                 "check firewalls/ACLs for TCP " + std::to_string(probe.port)},
                "§4.2");
  }
  return Verdict::Passed("TCP " + probe.address + " open");
}

std::optional<Verdict> EndpointTlsVerdict(const EndpointProbe& probe) {
  if (!probe.https) return std::nullopt;
  if (!probe.tls.ok()) {
    return Fail(v1::SEVERITY_WARNING, "ENDPOINT_TLS_FAILED",
                "TLS with the transport's server fails from the service",
                std::string(probe.tls.message()),
                {"check the server's certificate and any TLS-inspecting proxy"}, "§4.4");
  }
  return Verdict::Passed(probe.client_cert_requested
                             ? "TLS up; the server asks for a client certificate (mutual TLS)"
                             : "TLS up; no client certificate asked");
}

}  // namespace wlc::adapters
