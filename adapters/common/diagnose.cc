#include "adapters/common/diagnose.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "adapters/common/native_license.h"
#include "adapters/common/state_reader.h"
#include "adapters/common/version.h"
#include "adapters/device/restconf_client.h"

namespace wlc::adapters {
namespace {

constexpr char kCsluLocalUrl[] = "http://cslu-local:8182/cslu/v1/pi";
constexpr char kRef[] = "docs/slup-reference.md ";

bool IsCl(const std::string& pid) { return absl::StartsWith(pid, "C9800-CL"); }

// What `get-modelled-config-clis` says about the settings with no YANG leaf.
struct RunningConfig {
  std::string secure_trustpoint;
  std::string source_interface;
  std::string sla_revocation;  // "none", "crl", ... ; empty = not shown
  bool sla_trustpoint = false;
  std::string url_smart;  // `license smart url smart <url>` (no YANG leaf)
};
RunningConfig ParseRunningConfig(const std::string& text) {
  RunningConfig rc;
  bool in_sla = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    const bool indented = absl::StartsWith(line, " ");
    absl::string_view l = absl::StripLeadingAsciiWhitespace(line);
    if (!indented) in_sla = false;
    if (absl::ConsumePrefix(&l, "ip http client secure-trustpoint ")) {
      rc.secure_trustpoint = std::string(l);
    } else if (!indented && absl::ConsumePrefix(&l, "license smart url smart ")) {
      rc.url_smart = std::string(l);
    } else if (absl::ConsumePrefix(&l, "ip http client source-interface ")) {
      rc.source_interface = std::string(l);
    } else if (!indented && l == "crypto pki trustpoint SLA-TrustPoint") {
      in_sla = true;
      rc.sla_trustpoint = true;
    } else if (in_sla && absl::ConsumePrefix(&l, "revocation-check ")) {
      rc.sla_revocation = std::string(l);
    }
  }
  return rc;
}

// Versions hit by FN72578 (RUM reports pile up: high CPU in SAGetRUMIds / SAUtilRepSave).
bool Fn72578Affected(const std::string& version) {
  absl::StatusOr<IosXeVersion> v = ParseIosXeVersion(version);
  if (!v.ok()) return false;
  auto in = [&](IosXeVersion lo, IosXeVersion hi) { return *v >= lo && !(hi < *v); };
  return in({17, 3, 2}, {17, 3, 6}) || in({17, 4, 1}, {17, 4, 1}) || in({17, 5, 1}, {17, 5, 1}) ||
         in({17, 6, 1}, {17, 6, 4}) || in({17, 7, 1}, {17, 7, 1});
}

std::string PeerName(v1::TransportType t) {
  switch (t) {
    case v1::TRANSPORT_TYPE_CSLU:
      return "CSLU";
    case v1::TRANSPORT_TYPE_ONPREM:
      return "SSM On-Prem";
    default:
      return "CSSM";
  }
}

class Builder {
 public:
  explicit Builder(v1::Diagnosis* d) : d_(d) {}
  // One entry per check name: a check that fails several ways (e.g. two syslog lines) keeps
  // one entry, FAILED, with each detail once.
  void Check(const std::string& name, v1::CheckOutcome outcome, const std::string& detail) {
    for (v1::DiagnosticCheck& c : *d_->mutable_checks()) {
      if (c.name() != name) continue;
      if (outcome == v1::CHECK_OUTCOME_FAILED && c.outcome() != v1::CHECK_OUTCOME_FAILED) {
        c.set_outcome(outcome);
        c.set_detail(detail);
      } else if (outcome == c.outcome() && !absl::StrContains(c.detail(), detail)) {
        c.set_detail(absl::StrCat(c.detail(), "; ", detail));
      }
      return;
    }
    v1::DiagnosticCheck* c = d_->add_checks();
    c->set_name(name);
    c->set_outcome(outcome);
    c->set_detail(detail);
  }
  void Pass(const std::string& name, const std::string& detail) {
    Check(name, v1::CHECK_OUTCOME_PASSED, detail);
  }
  void Skip(const std::string& name, const std::string& why) {
    Check(name, v1::CHECK_OUTCOME_SKIPPED, why);
  }
  // A failed check for a finding built elsewhere (the shared rules of state_reader.h).
  void Fail(const std::string& check, const v1::Finding& f) {
    Fail(check, f.severity(), f.code(), f.summary(), f.evidence(),
         {f.remedy().begin(), f.remedy().end()},
         std::string(absl::StripPrefix(f.reference(), kRef)));
  }
  // A failed check and its finding. A cause already found keeps its first evidence and gains
  // the new one ("also: ...").
  void Fail(const std::string& check, v1::Severity severity, const std::string& code,
            const std::string& summary, const std::string& evidence,
            std::vector<std::string> remedy, const std::string& reference) {
    Check(check, v1::CHECK_OUTCOME_FAILED, code + ": " + evidence);
    for (v1::Finding& f : *d_->mutable_findings()) {
      if (f.code() != code) continue;
      if (!absl::StrContains(f.evidence(), evidence)) {
        f.set_evidence(absl::StrCat(f.evidence(), "; also: ", evidence));
      }
      if (severity > f.severity()) f.set_severity(severity);
      return;
    }
    v1::Finding* f = d_->add_findings();
    f->set_severity(severity);
    f->set_code(code);
    f->set_summary(summary);
    f->set_evidence(evidence);
    for (std::string& r : remedy) f->add_remedy(std::move(r));
    f->set_reference(absl::StrCat(kRef, reference));
  }

 private:
  v1::Diagnosis* d_;
};

// A controller-side communication failure reason ("Unable to resolve server hostname/domain
// name", "Received empty response from server", ...) mapped to its cause.
void ClassifyCommFailure(Builder& b, const std::string& check, const std::string& reason,
                         const std::string& evidence, const std::string& peer,
                         const std::string& url) {
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
    b.Fail(check, v1::SEVERITY_CRITICAL, "CONTROLLER_DNS_FAILED",
           "the controller cannot resolve the " + peer + " host name", evidence,
           {"ip domain lookup", "ip name-server <dns-server-ip>",
            host.empty() ? "ping <server>" : "ping " + host},
           "§4.1");
  } else if (absl::StrContains(lower, "client certificate")) {
    b.Fail(check, v1::SEVERITY_CRITICAL, "HTTP_CLIENT_TRUSTPOINT",
           "the TLS session to " + peer +
               " fails: it asks for a client certificate and the "
               "controller offers none that fits",
           evidence,
           {"ip http client secure-trustpoint <TP-self-signed-… on 9800-CL, CISCO_IDEVID_SUDI on "
            "9800-40/80/L>",
            "ip http client source-interface <interface>",
            "or: LicensingService.ApplyTransport with transport.http_client"},
           "§4.9");
  } else if (absl::StrContains(lower, "empty response")) {
    b.Fail(check, v1::SEVERITY_CRITICAL, "URL_TRANSPORT_MISMATCH",
           "the server answers nothing the controller understands: the URL does not fit the "
           "transport (e.g. smart transport pointed at SSM On-Prem)",
           evidence,
           {"license smart transport cslu",
            "license smart url cslu https://<onprem>/cslu/v1/pi/<tenant>",
            "or: LicensingService.ApplyTransport with the intended transport"},
           "§6.7 #10");
  } else if (absl::StrContains(lower, "not support") || absl::StrContains(lower, "down rev")) {
    b.Fail(check, v1::SEVERITY_CRITICAL, "ONPREM_TOO_OLD",
           "SSM On-Prem is older than 8-202102 and cannot take SLUP usage reports", evidence,
           {"upgrade SSM On-Prem to 8-202102 or later"}, "§4.11");
  } else if (absl::StrContains(lower, "trust code")) {
    // Reported by TRUST_MISSING with the remedy; nothing new to add here.
    b.Pass(check, "reporting waits for trust: " + reason);
  } else {
    b.Fail(check, v1::SEVERITY_CRITICAL, "ENDPOINT_UNREACHABLE_FROM_CONTROLLER",
           "the controller cannot reach " + peer +
               " (firewall, routing, source interface or the "
               "server is down)",
           evidence,
           {host.empty() ? "telnet <server> 443"
                         : "telnet " + host + " " + port + " /source-interface <interface>",
            "ip http client source-interface <interface>", "check firewalls/ACLs for TCP " + port},
           "§4.2");
  }
}

// The URL the smart transport really uses: `url smart` from the running config wins.
std::string EffectiveUrl(const v1::Transport& t, const std::optional<std::string>& running) {
  if (t.type() == v1::TRANSPORT_TYPE_SMART && running) {
    std::string smart = ParseRunningConfig(*running).url_smart;
    if (!smart.empty()) return smart;
  }
  return TransportEndpointUrl(t);
}

}  // namespace

std::string TransportEndpointUrl(const v1::Transport& t) {
  switch (t.type()) {
    case v1::TRANSPORT_TYPE_SMART:
      return t.url_default() || t.url().empty() ? kDefaultSmartUrl : t.url();
    case v1::TRANSPORT_TYPE_CSLU:
    case v1::TRANSPORT_TYPE_ONPREM:
      return t.url().empty() ? kCsluLocalUrl : t.url();
    default:
      return t.url();
  }
}

Observations Observe(const DeviceContext& ctx, const ObserveOptions& options) {
  Observations o;
  o.info = ctx.info;
  absl::StatusOr<v1::ControllerLicensing> lic = ReadLicensing(ctx);
  o.read_status = lic.status();
  if (lic.ok()) o.licensing = *std::move(lic);
  o.service_time = absl::Now();
  if (!o.read_status.ok()) return o;
  if (absl::StatusOr<absl::Time> clock = ctx.restconf->DeviceClock(ctx.endpoint, ctx.Remaining());
      clock.ok()) {
    o.controller_time = *clock;
    o.service_time = absl::Now();
  }
  if (absl::Status s =
          RequireVersion(ctx.info.software_version, kCliRpcMinimum, "get-modelled-config-clis");
      !s.ok()) {
    o.running_config_note = std::string(s.message());
  } else {
    absl::StatusOr<nlohmann::json> out =
        ctx.restconf->Rpc(ctx.endpoint, "Cisco-IOS-XE-cli-rpc:get-modelled-config-clis",
                          {{"datastore", "running"}}, ctx.Remaining());
    if (out.ok() && out->is_object() && out->contains("result") && (*out)["result"].is_string()) {
      o.running_config = (*out)["result"].get<std::string>();
    } else {
      o.running_config_note = out.ok() ? "get-modelled-config-clis gave no result"
                                       : std::string(out.status().message());
    }
  }
  if (options.syslog) {
    o.syslog_known = true;
    o.syslog = options.syslog();
  }
  const std::string url = EffectiveUrl(o.licensing.transport(), o.running_config);
  if (options.probe_endpoint && !url.empty()) {
    o.endpoint = options.probe ? options.probe(url)
                               : ProbeEndpoint(url, options.resolve, options.probe_timeout);
  }
  return o;
}

v1::Diagnosis Diagnose(const Observations& o) {
  v1::Diagnosis d;
  d.set_controller(o.info.name);
  Builder b(&d);
  const v1::ControllerLicensing& lic = o.licensing;
  const v1::Transport& transport = lic.transport();
  const v1::TransportType type = transport.type();
  const std::string peer = PeerName(type);
  const std::string url = EffectiveUrl(transport, o.running_config);

  // 1. Can the service read the controller at all?
  if (!o.read_status.ok()) {
    const std::string evidence = std::string(o.read_status.message());
    if (absl::IsUnauthenticated(o.read_status) || absl::IsPermissionDenied(o.read_status)) {
      b.Fail("controller_reachable", v1::SEVERITY_CRITICAL, "CONTROLLER_CREDENTIALS_REJECTED",
             "the controller refuses the service's credentials", evidence,
             {"username <user> privilege 15 secret <password>",
              "fix the credentials profile of this controller in the service config"},
             "§4 (RESTCONF access)");
    } else if (absl::IsFailedPrecondition(o.read_status)) {
      b.Fail("controller_reachable", v1::SEVERITY_CRITICAL, "VERSION_NOT_SLUP",
             "the controller's IOS-XE has no Smart Licensing Using Policy", evidence,
             {"upgrade to IOS-XE 17.3.2 or later (17.9.1+ for RESTCONF configuration of every "
              "transport)"},
             "§1.1");
    } else {
      b.Fail("controller_reachable", v1::SEVERITY_CRITICAL, "CONTROLLER_UNREACHABLE",
             "the service cannot read the controller over RESTCONF", evidence,
             {"restconf", "ip http secure-server",
              "check the address/port in the inventory and any ACL between service and controller"},
             "§4");
    }
    // Answering with "no" (credentials, release) is reachable; silence or a broken answer is not.
    const bool answered = absl::IsUnauthenticated(o.read_status) ||
                          absl::IsPermissionDenied(o.read_status) ||
                          absl::IsFailedPrecondition(o.read_status);
    d.set_health(answered ? v1::HEALTH_CRITICAL : v1::HEALTH_UNREACHABLE);
    return d;
  }
  b.Pass("controller_reachable", "licensing state read over RESTCONF");

  // 2. Version caveats.
  const std::string& version = o.info.software_version;
  if (version.empty()) {
    b.Skip("version", "software_version unknown in the inventory");
  } else if (Fn72578Affected(version)) {
    b.Fail("version", v1::SEVERITY_WARNING, "VERSION_FN72578",
           "this release is affected by FN72578: unacknowledged RUM reports pile up (high CPU in "
           "SAGetRUMIds/SAUtilRepSave)",
           "IOS-XE " + version,
           {"upgrade to 17.3.7, 17.6.5 or 17.9.1+",
            "meanwhile keep reports acknowledged (LicensingService.RelayUsage)"},
           "§4.11");
  } else {
    b.Pass("version", "IOS-XE " + version + " (SLUP, not in FN72578's range)");
  }

  // 3. Transport.
  switch (type) {
    case v1::TRANSPORT_TYPE_OFFLINE:
      b.Fail("transport", v1::SEVERITY_WARNING, "TRANSPORT_OFF",
             "transport off: the controller sends no usage reports by itself", "transport-type off",
             {"license smart transport smart", "license smart url default",
              "or keep it air-gapped: LicensingService.ExportUsage / ImportAcknowledgements"},
             "§1.6");
      break;
    case v1::TRANSPORT_TYPE_CALLHOME:
    case v1::TRANSPORT_TYPE_AUTOMATIC:
      b.Fail("transport", v1::SEVERITY_WARNING, "TRANSPORT_LEGACY",
             "a legacy transport (callhome/automatic) is configured; SLUP reporting expects smart, "
             "cslu or off",
             "transport-type " + v1::TransportType_Name(type),
             {"license smart transport smart", "license smart url default"}, "§1.1");
      break;
    default:
      b.Pass("transport", absl::StrCat(v1::TransportType_Name(type), " to ", url));
  }
  if (type == v1::TRANSPORT_TYPE_SMART && absl::StrContains(url, "/cslu/v1/pi")) {
    b.Fail("transport_url", v1::SEVERITY_CRITICAL, "URL_TRANSPORT_MISMATCH",
           "smart transport points at a CSLU/SSM On-Prem URL (the server answers with an empty "
           "response)",
           "license smart transport smart with license smart url smart " + url,
           {"license smart transport cslu", "license smart url cslu " + url}, "§6.7 #10");
  } else if ((type == v1::TRANSPORT_TYPE_CSLU || type == v1::TRANSPORT_TYPE_ONPREM) &&
             transport.url().empty()) {
    b.Fail("transport_url", v1::SEVERITY_WARNING, "CSLU_URL_MISSING",
           "cslu transport without a URL: the controller looks for the host name cslu-local",
           "no license smart url cslu (default " + std::string(kCsluLocalUrl) + ")",
           {"license smart url cslu http://<cslu-host>:8182/cslu/v1/pi",
            "or add a DNS entry for cslu-local"},
           "§1.3");
  } else if (!url.empty()) {
    b.Pass("transport_url", url);
  }

  // 4. Configuration with no YANG leaf: ip http client, SLA-TrustPoint.
  const bool reports_online = type == v1::TRANSPORT_TYPE_SMART || type == v1::TRANSPORT_TYPE_CSLU ||
                              type == v1::TRANSPORT_TYPE_ONPREM;
  if (!o.running_config) {
    b.Skip("http_client_trustpoint", o.running_config_note);
    b.Skip("sla_revocation_check", o.running_config_note);
  } else {
    const RunningConfig rc = ParseRunningConfig(*o.running_config);
    const bool https_peer = NeedsTrust(type);
    const std::string fitting = IsCl(o.info.platform_pid) || o.info.platform_pid.empty()
                                    ? "TP-self-signed-<number>"
                                    : "CISCO_IDEVID_SUDI";
    if (!https_peer) {
      b.Pass("http_client_trustpoint", "not needed for " + v1::TransportType_Name(type));
    } else if (rc.secure_trustpoint.empty()) {
      const bool asked = o.endpoint.ran && o.endpoint.client_cert_requested;
      b.Fail("http_client_trustpoint", asked ? v1::SEVERITY_CRITICAL : v1::SEVERITY_WARNING,
             "HTTP_CLIENT_TRUSTPOINT",
             "no `ip http client secure-trustpoint`: the controller offers no client certificate "
             "and " +
                 peer + " asks for one (mutual TLS)",
             asked ? "no ip http client secure-trustpoint; " + o.endpoint.host +
                         " asks for a client certificate"
                   : "no ip http client secure-trustpoint in the running config",
             {"ip http client secure-trustpoint " + fitting,
              "ip http client source-interface <interface>",
              "or: LicensingService.ApplyTransport with transport.http_client"},
             "§4.9");
    } else if (IsCl(o.info.platform_pid) && rc.secure_trustpoint == "CISCO_IDEVID_SUDI") {
      b.Fail("http_client_trustpoint", v1::SEVERITY_CRITICAL, "HTTP_CLIENT_TRUSTPOINT_PLATFORM",
             "a 9800-CL has no SUDI: CISCO_IDEVID_SUDI cannot be its client certificate",
             "ip http client secure-trustpoint CISCO_IDEVID_SUDI on " + o.info.platform_pid,
             {"ip http client secure-trustpoint TP-self-signed-<number>",
              "show crypto pki trustpoints  (to find the name)"},
             "§4.9");
    } else if (!IsCl(o.info.platform_pid) && !o.info.platform_pid.empty() &&
               absl::StartsWith(rc.secure_trustpoint, "TP-self-signed")) {
      b.Fail(
          "http_client_trustpoint", v1::SEVERITY_WARNING, "HTTP_CLIENT_TRUSTPOINT_PLATFORM",
          "a hardware 9800 should present its SUDI (CISCO_IDEVID_SUDI)",
          "ip http client secure-trustpoint " + rc.secure_trustpoint + " on " + o.info.platform_pid,
          {"ip http client secure-trustpoint CISCO_IDEVID_SUDI"}, "§4.9");
    } else {
      b.Pass("http_client_trustpoint", "ip http client secure-trustpoint " + rc.secure_trustpoint);
    }
    if (reports_online && rc.source_interface.empty()) {
      b.Check("http_client_source_interface", v1::CHECK_OUTCOME_PASSED,
              "no ip http client source-interface: fine with a single L3 interface only");
    } else if (!rc.source_interface.empty()) {
      b.Pass("http_client_source_interface",
             "ip http client source-interface " + rc.source_interface);
    }
    if (type == v1::TRANSPORT_TYPE_ONPREM ||
        (type == v1::TRANSPORT_TYPE_SMART && absl::StrContains(url, "/SmartTransport"))) {
      if (rc.sla_revocation != "none") {
        b.Fail("sla_revocation_check", v1::SEVERITY_WARNING, "SLA_CRL_CHECK",
               "SLA-TrustPoint checks revocation: the controller must fetch SSM On-Prem's CRL, "
               "which usually fails (%PKI-3-CRL_FETCH_FAIL)",
               "crypto pki trustpoint SLA-TrustPoint revocation-check " +
                   (rc.sla_revocation.empty() ? std::string("crl (default)") : rc.sla_revocation),
               {"crypto pki trustpoint SLA-TrustPoint", " revocation-check none",
                "or: LicensingService.ApplyTransport with transport.sla_revocation_check_none"},
               "§1.4");
      } else {
        b.Pass("sla_revocation_check", "SLA-TrustPoint revocation-check none");
      }
    }
  }

  // 5. Clock.
  if (o.controller_time) {
    const int64_t skew = absl::ToInt64Seconds(*o.controller_time - o.service_time);
    d.set_clock_skew_seconds(skew);
    d.mutable_controller_time()->set_seconds(absl::ToUnixSeconds(*o.controller_time));
    if (std::llabs(skew) >= 3600) {
      b.Fail("clock_skew", v1::SEVERITY_CRITICAL, "CLOCK_SKEW",
             "the controller's clock is off by an hour or more: trust installation fails",
             absl::StrCat("controller clock ",
                          absl::FormatTime(*o.controller_time, absl::UTCTimeZone()), ", ", skew,
                          " s from the service's"),
             {"ntp server <ntp-server-ip>", "show clock", "show ntp associations"}, "§2.3");
    } else if (std::llabs(skew) >= 300) {
      b.Fail("clock_skew", v1::SEVERITY_WARNING, "CLOCK_SKEW",
             "the controller's clock drifts (under an hour: trust still works)",
             absl::StrCat(skew, " s from the service's clock"), {"ntp server <ntp-server-ip>"},
             "§2.3");
    } else {
      b.Pass("clock_skew", absl::StrCat(skew, " s from the service's clock"));
    }
  } else {
    b.Skip("clock_skew", "the controller's answer had no Date header");
  }
  const absl::Time now = o.controller_time.value_or(o.service_time);

  // 6. Trust.
  const bool installed = TrustInstalled(lic.trust());
  const std::string& trust_failure = lic.trust().last_failure_reason();
  if (!NeedsTrust(type)) {
    b.Pass("trust", "not needed for " + v1::TransportType_Name(type));
  } else if (installed) {
    b.Pass("trust", "trust code installed");
  } else if (!trust_failure.empty()) {
    const std::string lower = absl::AsciiStrToLower(trust_failure);
    const std::string evidence = "last trust attempt failed: " + trust_failure;
    if (absl::StrContains(lower, "expired")) {
      b.Fail("trust", v1::SEVERITY_CRITICAL, "TRUST_TOKEN_EXPIRED",
             "the id token used for trust has expired", evidence,
             {"generate a new token in CSSM (Inventory > General > New Token)",
              "license smart trust idtoken <new-token> all",
              "or: LicensingService.EstablishTrust with mint_from_upstream"},
             "§2.2");
    } else if (absl::StrContains(lower, "already") && absl::StrContains(lower, "install")) {
      b.Fail("trust", v1::SEVERITY_WARNING, "TRUST_NEEDS_FORCE",
             "a trust code is already installed for this UDI; a new one needs force", evidence,
             {"license smart trust idtoken <token> all force",
              "or: LicensingService.EstablishTrust with force"},
             "§2.1");
    } else if (absl::StrContains(lower, "used") || absl::StrContains(lower, "revoked") ||
               absl::StrContains(lower, "invalid") || absl::StrContains(lower, "unknown")) {
      b.Fail("trust", v1::SEVERITY_CRITICAL, "TRUST_TOKEN_REJECTED",
             "CSSM/SSM On-Prem rejected the id token (used up, revoked or not this account's)",
             evidence,
             {"generate a new token for the right virtual account",
              "license smart trust idtoken <new-token> all",
              "or: LicensingService.EstablishTrust with mint_from_upstream"},
             "§4.9 #1");
    } else if (absl::StrContains(lower, "time") || absl::StrContains(lower, "clock")) {
      b.Fail(
          "trust", v1::SEVERITY_CRITICAL, "CLOCK_SKEW",
          "trust failed on a timestamp mismatch: the controller's clock is off by an hour or more",
          evidence, {"ntp server <ntp-server-ip>", "then retry the trust"}, "§2.3");
    } else {
      ClassifyCommFailure(b, "trust", trust_failure, evidence, peer, url);
    }
  } else {
    b.Fail("trust", TrustMissingFinding(lic.trust()));
  }

  // 7. Reporting: communication failures, ACK deadline, RUM backlog, policy.
  const v1::Usage& usage = lic.usage();
  if (const std::string& reason = lic.status().last_communication_failure().reason();
      !reason.empty()) {
    ClassifyCommFailure(b, "last_report", reason, "last report failed: " + reason, peer, url);
  } else if (usage.has_last_report_time()) {
    b.Pass("last_report",
           "last report sent " +
               absl::FormatTime(absl::FromUnixSeconds(usage.last_report_time().seconds()),
                                absl::UTCTimeZone()));
  } else {
    b.Pass("last_report", "no report attempted yet");
  }
  if (std::optional<v1::Finding> ack = AckDeadlineFinding(now, usage)) {
    b.Fail("ack_deadline", *ack);
  } else if (usage.has_ack_deadline() && usage.ack_deadline().seconds() > 0) {
    b.Pass("ack_deadline",
           "next ACK deadline " +
               absl::FormatTime(absl::FromUnixSeconds(usage.ack_deadline().seconds()),
                                absl::UTCTimeZone()));
  } else {
    b.Pass("ack_deadline", "no ACK deadline set");
  }
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
  const std::string backlog_evidence =
      absl::StrCat(backlog, " closed reports without an ACK",
                   oldest == absl::InfiniteFuture()
                       ? ""
                       : absl::StrCat(", the oldest ended ",
                                      absl::FormatTime("%Y-%m-%d", oldest, absl::UTCTimeZone()),
                                      " (", absl::ToInt64Hours(now - oldest) / 24, " days ago)"));
  if (backlog >= 1000 || ((backlog >= 50 || stale) && Fn72578Affected(version))) {
    b.Fail("rum_backlog", backlog >= 1000 ? v1::SEVERITY_CRITICAL : v1::SEVERITY_WARNING,
           "RUM_BACKLOG", "unacknowledged RUM reports pile up (FN72578: high CPU and memory)",
           backlog_evidence,
           {"LicensingService.RelayUsage (collect, upload, import the ACK)",
            "or: license smart factory reset, then reload (clears the reports)"},
           "§4.11");
  } else if (backlog >= 50 || stale) {
    b.Fail("rum_backlog", v1::SEVERITY_WARNING, "RUM_BACKLOG",
           "usage reports wait for an ACK longer than the 90-day ACK cycle", backlog_evidence,
           {"LicensingService.RelayUsage (collect, upload, import the ACK)",
            "air-gapped: LicensingService.ExportUsage, upload to CSSM, ImportAcknowledgements"},
           "§5.3");
  } else {
    b.Pass("rum_backlog", backlog_evidence);
  }
  if (usage.policy().type().empty() && usage.policy().name().empty()) {
    b.Fail("policy", v1::SEVERITY_WARNING, "POLICY_MISSING", "no licensing policy is installed",
           "licensing/state policy absent",
           {"license smart sync all", "or import a policy file: license smart import <file>"},
           "§4.11");
  } else {
    b.Pass("policy", "policy " + usage.policy().name());
  }
  if (lic.reservation().installed()) b.Fail("reservation", SlrCarriedOverFinding());

  // 8. What the controller said in syslog.
  if (!o.syslog_known) {
    b.Skip("syslog", "no syslog receiver configured (syslog_listen)");
  } else {
    bool any = false;
    for (const std::string& line : o.syslog) {
      d.add_syslog(line);
      if (absl::StrContains(line, "%PKI-3-CRL_FETCH_FAIL")) {
        any = true;
        b.Fail("syslog", v1::SEVERITY_CRITICAL, "SLA_CRL_CHECK",
               "the controller cannot fetch the CRL for SLA-TrustPoint", line,
               {"crypto pki trustpoint SLA-TrustPoint", " revocation-check none"}, "§1.4");
      } else if (absl::StrContains(line, "%SMART_LIC-4-REPORTING_NOT_SUPPORTED")) {
        any = true;
        ClassifyCommFailure(b, "syslog", "not supported", line, peer, url);
      } else if (size_t p = line.find("%SMART_LIC-3-COMM_FAILED"); p != std::string::npos) {
        any = true;
        const size_t colon = line.rfind(" : ");
        ClassifyCommFailure(b, "syslog", colon == std::string::npos ? line : line.substr(colon + 3),
                            line, peer, url);
      }
    }
    if (!any) b.Pass("syslog", absl::StrCat(o.syslog.size(), " licensing lines, no failure"));
  }

  // 9. The endpoint from the service's side.
  if (!o.endpoint.ran) {
    b.Skip("endpoint", url.empty() ? "the transport sends nowhere" : "endpoint probe skipped");
  } else if (!o.endpoint.dns.ok()) {
    b.Fail("endpoint_dns", v1::SEVERITY_INFO, "ENDPOINT_UNRESOLVED_FROM_SERVICE",
           "the service cannot resolve the transport's server either (the controller may still: "
           "it uses its own DNS)",
           std::string(o.endpoint.dns.message()),
           {"ip name-server <dns-server-ip>", "ping " + o.endpoint.host}, "§4.1");
  } else {
    b.Pass("endpoint_dns", o.endpoint.host + " -> " + o.endpoint.address);
    if (!o.endpoint.tcp.ok()) {
      b.Fail("endpoint_tcp", v1::SEVERITY_WARNING, "ENDPOINT_UNREACHABLE_FROM_SERVICE",
             "the service cannot open TCP to the transport's server",
             std::string(o.endpoint.tcp.message()),
             {absl::StrCat("telnet ", o.endpoint.host, " ", o.endpoint.port),
              "check firewalls/ACLs for TCP " + std::to_string(o.endpoint.port)},
             "§4.2");
    } else {
      b.Pass("endpoint_tcp", "TCP " + o.endpoint.address + " open");
      if (o.endpoint.https && !o.endpoint.tls.ok()) {
        b.Fail("endpoint_tls", v1::SEVERITY_WARNING, "ENDPOINT_TLS_FAILED",
               "TLS with the transport's server fails from the service",
               std::string(o.endpoint.tls.message()),
               {"check the server's certificate and any TLS-inspecting proxy"}, "§4.4");
      } else if (o.endpoint.https) {
        b.Pass("endpoint_tls", o.endpoint.client_cert_requested
                                   ? "TLS up; the server asks for a client certificate (mutual TLS)"
                                   : "TLS up; no client certificate asked");
      }
    }
  }

  // Most severe first; health from the worst.
  std::stable_sort(
      d.mutable_findings()->begin(), d.mutable_findings()->end(),
      [](const v1::Finding& a, const v1::Finding& b) { return a.severity() > b.severity(); });
  const v1::Health health = HealthOf(d.findings());
  d.set_health(health);
  d.set_healthy(health == v1::HEALTH_HEALTHY);
  return d;
}

}  // namespace wlc::adapters
