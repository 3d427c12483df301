#include "adapters/common/diagnose.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/findings.h"
#include "adapters/common/running_config.h"
#include "adapters/common/state_reader.h"
#include "adapters/common/version.h"
#include "adapters/device/restconf_client.h"
#include "adapters/registry.h"

namespace wlc::adapters {
namespace {

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
  // A failed check and its finding (a rule of findings.h). A cause already found keeps its
  // first summary, remedy and evidence, gains the new evidence ("also: ...") and the higher
  // severity.
  void Fail(const std::string& check, const v1::Finding& finding) {
    Check(check, v1::CHECK_OUTCOME_FAILED, finding.code() + ": " + finding.evidence());
    for (v1::Finding& f : *d_->mutable_findings()) {
      if (f.code() != finding.code()) continue;
      if (!absl::StrContains(f.evidence(), finding.evidence())) {
        f.set_evidence(absl::StrCat(f.evidence(), "; also: ", finding.evidence()));
      }
      if (finding.severity() > f.severity()) f.set_severity(finding.severity());
      return;
    }
    *d_->add_findings() = finding;
  }
  // A rule's verdict: failed with its finding, or passed with its detail.
  void Record(const std::string& check, const Verdict& verdict) {
    if (verdict.finding) {
      Fail(check, *verdict.finding);
    } else {
      Pass(check, verdict.detail);
    }
  }

 private:
  v1::Diagnosis* d_;
};

std::optional<RunningConfig> ParsedRunningConfig(const Observations& o) {
  if (!o.running_config) return std::nullopt;
  return ParseRunningConfig(*o.running_config);
}

// Where the controller's transport really sends: the traits decide, with `url smart` from the
// running config when it was read.
std::string EffectiveUrl(const v1::Transport& t, const std::optional<RunningConfig>& running) {
  return TransportTraitsOf(t.type()).EndpointUrl(t, running ? running->url_smart : "");
}

// What every section of one diagnosis reads.
struct Subject {
  const Observations& o;
  const TransportTraits& traits;
  std::optional<RunningConfig> running;
  std::string url;  // where the transport sends (EffectiveUrl); empty = nowhere
};

// 1. Can the service read the controller at all? False, with the cause and the health set,
// when it cannot: nothing else was observed, so the diagnosis ends there.
bool CheckReachable(const Observations& o, Builder& b, v1::Diagnosis& d) {
  if (o.read_status.ok()) {
    b.Pass("controller_reachable", "licensing state read over RESTCONF");
    return true;
  }
  b.Fail("controller_reachable", UnreadableFinding(o.read_status));
  d.set_health(UnreadableHealth(o.read_status));
  return false;
}

// 2. Release caveats (FN72578); skipped when the inventory does not know the release.
void CheckVersion(const std::string& version, Builder& b) {
  if (version.empty()) {
    b.Skip("version", "software_version unknown in the inventory");
  } else {
    b.Record("version", VersionVerdict(version));
  }
}

// 3. The configured transport and the URL it sends to.
void CheckTransport(const Subject& s, Builder& b) {
  b.Record("transport", TransportVerdict(s.traits, s.url));
  if (std::optional<Verdict> v = TransportUrlVerdict(s.traits, s.o.licensing.transport(), s.url)) {
    b.Record("transport_url", *v);
  }
}

// 4. Configuration with no YANG leaf (ip http client, SLA-TrustPoint), from the running config;
// skipped with the reason when it could not be read.
void CheckRunningConfig(const Subject& s, Builder& b) {
  if (!s.running) {
    b.Skip("http_client_trustpoint", s.o.running_config_note);
    b.Skip("sla_revocation_check", s.o.running_config_note);
    return;
  }
  const RunningConfig& rc = *s.running;
  b.Record("http_client_trustpoint",
           HttpClientTrustpointVerdict(s.traits, rc, s.o.info.platform_pid, s.o.endpoint));
  if (s.traits.reporting() == TransportTraits::Reporting::kOnline && rc.source_interface.empty()) {
    b.Pass("http_client_source_interface",
           "no ip http client source-interface: fine with a single L3 interface only");
  } else if (!rc.source_interface.empty()) {
    b.Pass("http_client_source_interface",
           "ip http client source-interface " + rc.source_interface);
  }
  if (s.traits.ReachesOnPrem(s.url)) b.Record("sla_revocation_check", SlaRevocationVerdict(rc));
}

// 5. The controller's clock against the service's (from the HTTP Date header); records the skew
// in the diagnosis. Returns the time the state is judged at: the controller's when known.
absl::Time CheckClock(const Observations& o, Builder& b, v1::Diagnosis& d) {
  if (!o.controller_time) {
    b.Skip("clock_skew", "the controller's answer had no Date header");
    return o.service_time;
  }
  d.set_clock_skew_seconds(absl::ToInt64Seconds(*o.controller_time - o.service_time));
  d.mutable_controller_time()->set_seconds(absl::ToUnixSeconds(*o.controller_time));
  b.Record("clock_skew", ClockSkewVerdict(*o.controller_time, o.service_time));
  return *o.controller_time;
}

// 6. Trust: needed, installed, or why the last attempt failed.
void CheckTrust(const Subject& s, Builder& b) {
  b.Record("trust", TrustVerdict(s.traits, s.o.licensing.trust(), s.url));
}

// 7. Reporting, judged at `now`: the last report, the ACK deadline, the RUM backlog, the policy
// and a carried-over reservation.
void CheckReporting(const Subject& s, absl::Time now, Builder& b) {
  const v1::ControllerLicensing& lic = s.o.licensing;
  b.Record("last_report", LastReportVerdict(lic, s.traits.PeerName(), s.url));
  b.Record("ack_deadline", AckDeadlineVerdict(now, lic.usage()));
  b.Record("rum_backlog", RumBacklogVerdict(now, lic.usage(), s.o.info.software_version));
  b.Record("policy", PolicyVerdict(lic.usage().policy()));
  if (lic.reservation().installed()) b.Fail("reservation", SlrCarriedOverFinding());
}

// 8. What the controller said in syslog: every line is quoted in the diagnosis, each failure
// line is a cause; skipped when no receiver runs.
void CheckSyslog(const Subject& s, Builder& b, v1::Diagnosis& d) {
  if (!s.o.syslog_known) {
    b.Skip("syslog", "no syslog receiver configured (syslog_listen)");
    return;
  }
  bool any = false;
  for (const std::string& line : s.o.syslog) {
    d.add_syslog(line);
    if (std::optional<Verdict> v = SyslogVerdict(line, s.traits.PeerName(), s.url)) {
      any = true;
      b.Record("syslog", *v);
    }
  }
  if (!any) b.Pass("syslog", absl::StrCat(s.o.syslog.size(), " licensing lines, no failure"));
}

// 9. The endpoint from the service's side: DNS, then TCP, then TLS, each only when the one
// before worked; skipped when the probe did not run.
void CheckEndpoint(const Subject& s, Builder& b) {
  const EndpointProbe& probe = s.o.endpoint;
  if (!probe.ran) {
    b.Skip("endpoint", s.url.empty() ? "the transport sends nowhere" : "endpoint probe skipped");
    return;
  }
  const Verdict dns = EndpointDnsVerdict(probe);
  b.Record("endpoint_dns", dns);
  if (dns.finding) return;
  const Verdict tcp = EndpointTcpVerdict(probe);
  b.Record("endpoint_tcp", tcp);
  if (tcp.finding) return;
  if (std::optional<Verdict> tls = EndpointTlsVerdict(probe)) b.Record("endpoint_tls", *tls);
}

// Most severe first; health from the worst.
void Conclude(v1::Diagnosis& d) {
  std::stable_sort(
      d.mutable_findings()->begin(), d.mutable_findings()->end(),
      [](const v1::Finding& a, const v1::Finding& b) { return a.severity() > b.severity(); });
  const v1::Health health = HealthOf(d.findings());
  d.set_health(health);
  d.set_healthy(health == v1::HEALTH_HEALTHY);
}

}  // namespace

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
  const std::string url = EffectiveUrl(o.licensing.transport(), ParsedRunningConfig(o));
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
  if (!CheckReachable(o, b, d)) return d;
  const v1::Transport& transport = o.licensing.transport();
  Subject s{o, TransportTraitsOf(transport.type()), ParsedRunningConfig(o), ""};
  s.url = EffectiveUrl(transport, s.running);
  CheckVersion(o.info.software_version, b);
  CheckTransport(s, b);
  CheckRunningConfig(s, b);
  const absl::Time now = CheckClock(o, b, d);
  CheckTrust(s, b);
  CheckReporting(s, now, b);
  CheckSyslog(s, b, d);
  CheckEndpoint(s, b);
  Conclude(d);
  return d;
}

}  // namespace wlc::adapters
