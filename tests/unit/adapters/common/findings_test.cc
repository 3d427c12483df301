// The findings rules one by one: each finding's trigger, its absence, and the severity and
// wording that the state, Diagnose and the metrics share (adapters/common/findings.h).
#include "adapters/common/findings.h"

#include <string>

#include "absl/strings/str_join.h"
#include "adapters/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wlc::adapters {
namespace {

using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

google::protobuf::Timestamp At(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

const TransportTraits& Of(v1::TransportType type) { return TransportTraitsOf(type); }

// The finding's code, or "" when the check passed.
std::string CodeOf(const Verdict& v) { return v.finding ? v.finding->code() : ""; }

TEST(FindingsTest, TrustInstalledWhenAnyCodeIs) {
  v1::Trust trust;
  EXPECT_FALSE(TrustInstalled(trust));
  trust.add_codes()->set_installed(false);
  EXPECT_FALSE(TrustInstalled(trust));
  trust.add_codes()->set_installed(true);
  EXPECT_TRUE(TrustInstalled(trust));
}

TEST(FindingsTest, AckDeadlineOverdueNearOrNone) {
  v1::Usage usage;
  EXPECT_FALSE(AckDeadlineFinding(kNow, usage)) << "no deadline set";
  *usage.mutable_ack_deadline() = At(kNow + absl::Hours(24 * 30));
  EXPECT_FALSE(AckDeadlineFinding(kNow, usage)) << "30 days away";

  *usage.mutable_ack_deadline() = At(kNow + absl::Hours(24 * 13));
  std::optional<v1::Finding> near = AckDeadlineFinding(kNow, usage);
  ASSERT_TRUE(near);
  EXPECT_EQ(near->code(), "ACK_DEADLINE_NEAR");
  EXPECT_EQ(near->severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(near->reference(), "docs/slup-reference.md §5.3");

  *usage.mutable_ack_deadline() = At(kNow - absl::Seconds(1));
  std::optional<v1::Finding> overdue = AckDeadlineFinding(kNow, usage);
  ASSERT_TRUE(overdue);
  EXPECT_EQ(overdue->code(), "ACK_OVERDUE");
  EXPECT_EQ(overdue->severity(), v1::SEVERITY_CRITICAL);
  EXPECT_THAT(overdue->evidence(),
              HasSubstr("rum-ack next-report-deadline 2027-01-15T07:59:59+00:00"));
  EXPECT_EQ(overdue->remedy_size(), 3);
}

TEST(FindingsTest, TrustMissingQuotesTheLastFailure) {
  v1::Trust trust;
  EXPECT_EQ(TrustMissingFinding(trust).evidence(), "trust-code is-installed=false");
  trust.set_last_failure_reason("token expired");
  const v1::Finding f = TrustMissingFinding(trust);
  EXPECT_EQ(f.code(), "TRUST_MISSING");
  EXPECT_EQ(f.severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(f.evidence(), "last trust attempt failed: token expired");
  EXPECT_EQ(SlrCarriedOverFinding().severity(), v1::SEVERITY_INFO);
}

TEST(FindingsTest, HealthIsTheWorstSeverityAndInfoIsHealthy) {
  google::protobuf::RepeatedPtrField<v1::Finding> findings;
  EXPECT_EQ(HealthOf(findings), v1::HEALTH_HEALTHY);
  findings.Add()->set_severity(v1::SEVERITY_INFO);
  EXPECT_EQ(HealthOf(findings), v1::HEALTH_HEALTHY);
  findings.Add()->set_severity(v1::SEVERITY_CRITICAL);
  findings.Add()->set_severity(v1::SEVERITY_WARNING);
  EXPECT_EQ(HealthOf(findings), v1::HEALTH_CRITICAL);
}

TEST(FindingsTest, AssessStatusAsksTheTransportWhetherTrustIsNeeded) {
  struct Case {
    v1::TransportType type;
    bool trust_missing;
  };
  for (const Case& c :
       {Case{v1::TRANSPORT_TYPE_SMART, true}, Case{v1::TRANSPORT_TYPE_ONPREM, true},
        Case{v1::TRANSPORT_TYPE_CSLU, false}, Case{v1::TRANSPORT_TYPE_OFFLINE, false},
        Case{v1::TRANSPORT_TYPE_CALLHOME, false}, Case{v1::TRANSPORT_TYPE_UNSPECIFIED, false}}) {
    v1::ControllerLicensing lic;
    lic.mutable_transport()->set_type(c.type);
    lic.mutable_status()->add_findings()->set_code("STALE");  // replaced, not appended to
    AssessStatus(kNow, &lic);
    if (c.trust_missing) {
      ASSERT_EQ(lic.status().findings_size(), 1) << v1::TransportType_Name(c.type);
      EXPECT_EQ(lic.status().findings(0).code(), "TRUST_MISSING");
      EXPECT_EQ(lic.status().health(), v1::HEALTH_WARNING);
    } else {
      EXPECT_EQ(lic.status().findings_size(), 0) << v1::TransportType_Name(c.type);
      EXPECT_EQ(lic.status().health(), v1::HEALTH_HEALTHY);
    }
    lic.mutable_trust()->add_codes()->set_installed(true);
    AssessStatus(kNow, &lic);
    EXPECT_EQ(lic.status().findings_size(), 0) << v1::TransportType_Name(c.type);
  }
}

TEST(FindingsTest, AssessStatusOrdersTrustReservationAck) {
  v1::ControllerLicensing lic;
  lic.mutable_transport()->set_type(v1::TRANSPORT_TYPE_SMART);
  lic.mutable_reservation()->set_installed(true);
  *lic.mutable_usage()->mutable_ack_deadline() = At(kNow - absl::Hours(1));
  AssessStatus(kNow, &lic);
  ASSERT_EQ(lic.status().findings_size(), 3);
  EXPECT_EQ(lic.status().findings(0).code(), "TRUST_MISSING");
  EXPECT_EQ(lic.status().findings(1).code(), "SLR_CARRIED_OVER");
  EXPECT_EQ(lic.status().findings(2).code(), "ACK_OVERDUE");
  EXPECT_EQ(lic.status().health(), v1::HEALTH_CRITICAL);
}

TEST(FindingsTest, UnreadableControllerByCode) {
  struct Case {
    absl::Status status;
    const char* code;
    v1::Health health;
  };
  for (const Case& c :
       {Case{absl::UnauthenticatedError("401"), "CONTROLLER_CREDENTIALS_REJECTED",
             v1::HEALTH_CRITICAL},
        Case{absl::PermissionDeniedError("403"), "CONTROLLER_CREDENTIALS_REJECTED",
             v1::HEALTH_CRITICAL},
        Case{absl::FailedPreconditionError("16.12"), "VERSION_NOT_SLUP", v1::HEALTH_CRITICAL},
        Case{absl::UnavailableError("refused"), "CONTROLLER_UNREACHABLE", v1::HEALTH_UNREACHABLE},
        Case{absl::DeadlineExceededError("slow"), "CONTROLLER_UNREACHABLE",
             v1::HEALTH_UNREACHABLE}}) {
    const v1::Finding f = UnreadableFinding(c.status);
    EXPECT_EQ(f.code(), c.code) << c.status;
    EXPECT_EQ(f.evidence(), std::string(c.status.message()));
    EXPECT_EQ(UnreadableHealth(c.status), c.health) << c.status;
  }
}

TEST(FindingsTest, Fn72578RangesAndVersionVerdict) {
  for (const char* v : {"17.3.2", "17.3.6", "17.4.1", "17.5.1", "17.6.1", "17.6.4", "17.7.1"}) {
    EXPECT_TRUE(Fn72578Affected(v)) << v;
  }
  for (const char* v : {"17.3.1", "17.3.7", "17.6.5", "17.9.1", "17.12.1", "garbage", ""}) {
    EXPECT_FALSE(Fn72578Affected(v)) << v;
  }
  EXPECT_EQ(CodeOf(VersionVerdict("17.6.3")), "VERSION_FN72578");
  const Verdict ok = VersionVerdict("17.12.1");
  EXPECT_FALSE(ok.finding);
  EXPECT_EQ(ok.detail, "IOS-XE 17.12.1 (SLUP, not in FN72578's range)");
}

TEST(FindingsTest, TransportVerdictByHowItReports) {
  EXPECT_EQ(CodeOf(TransportVerdict(Of(v1::TRANSPORT_TYPE_OFFLINE), "")), "TRANSPORT_OFF");
  EXPECT_EQ(CodeOf(TransportVerdict(Of(v1::TRANSPORT_TYPE_CALLHOME), "")), "TRANSPORT_LEGACY");
  const Verdict automatic = TransportVerdict(Of(v1::TRANSPORT_TYPE_AUTOMATIC), "");
  EXPECT_EQ(automatic.finding->evidence(), "transport-type TRANSPORT_TYPE_AUTOMATIC");
  const Verdict smart = TransportVerdict(Of(v1::TRANSPORT_TYPE_SMART), "https://x/y");
  EXPECT_FALSE(smart.finding);
  EXPECT_EQ(smart.detail, "TRANSPORT_TYPE_SMART to https://x/y");
  EXPECT_FALSE(TransportVerdict(Of(v1::TRANSPORT_TYPE_UNSPECIFIED), "").finding);
}

TEST(FindingsTest, TransportUrlMismatchMissingOrFine) {
  v1::Transport t;
  const std::string cslu_url = "https://onprem.example/cslu/v1/pi/T1";
  EXPECT_EQ(CodeOf(*TransportUrlVerdict(Of(v1::TRANSPORT_TYPE_SMART), t, cslu_url)),
            "URL_TRANSPORT_MISMATCH");
  // The same URL is right for CSLU / On-Prem.
  t.set_url(cslu_url);
  EXPECT_EQ(TransportUrlVerdict(Of(v1::TRANSPORT_TYPE_ONPREM), t, cslu_url)->detail, cslu_url);
  t.clear_url();
  for (v1::TransportType type : {v1::TRANSPORT_TYPE_CSLU, v1::TRANSPORT_TYPE_ONPREM}) {
    const Verdict missing = *TransportUrlVerdict(Of(type), t, "http://cslu-local:8182/cslu/v1/pi");
    EXPECT_EQ(CodeOf(missing), "CSLU_URL_MISSING");
    EXPECT_EQ(missing.finding->evidence(),
              "no license smart url cslu (default http://cslu-local:8182/cslu/v1/pi)");
  }
  EXPECT_FALSE(TransportUrlVerdict(Of(v1::TRANSPORT_TYPE_OFFLINE), t, "")) << "sends nowhere";
  EXPECT_FALSE(TransportUrlVerdict(Of(v1::TRANSPORT_TYPE_SMART), t, "https://r/x")->finding);
}

TEST(FindingsTest, HttpClientTrustpointByPeerPlatformAndProbe) {
  RunningConfig rc;
  EndpointProbe probe;
  const TransportTraits& smart = Of(v1::TRANSPORT_TYPE_SMART);
  EXPECT_EQ(
      HttpClientTrustpointVerdict(Of(v1::TRANSPORT_TYPE_CSLU), rc, "C9800-CL-K9", probe).detail,
      "not needed for TRANSPORT_TYPE_CSLU");

  Verdict none = HttpClientTrustpointVerdict(smart, rc, "C9800-40-K9", probe);
  EXPECT_EQ(CodeOf(none), "HTTP_CLIENT_TRUSTPOINT");
  EXPECT_EQ(none.finding->severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(none.finding->remedy(0), "ip http client secure-trustpoint CISCO_IDEVID_SUDI");
  probe.ran = true;
  probe.client_cert_requested = true;
  probe.host = "cssm.example";
  none = HttpClientTrustpointVerdict(smart, rc, "", probe);
  EXPECT_EQ(none.finding->severity(), v1::SEVERITY_CRITICAL);
  EXPECT_EQ(none.finding->remedy(0), "ip http client secure-trustpoint TP-self-signed-<number>");
  EXPECT_THAT(none.finding->summary(), HasSubstr("and CSSM asks for one"));
  EXPECT_THAT(
      HttpClientTrustpointVerdict(Of(v1::TRANSPORT_TYPE_ONPREM), rc, "", probe).finding->summary(),
      HasSubstr("and SSM On-Prem asks for one"));

  rc.secure_trustpoint = "CISCO_IDEVID_SUDI";
  const Verdict cl = HttpClientTrustpointVerdict(smart, rc, "C9800-CL-K9", probe);
  EXPECT_EQ(CodeOf(cl), "HTTP_CLIENT_TRUSTPOINT_PLATFORM");
  EXPECT_EQ(cl.finding->severity(), v1::SEVERITY_CRITICAL);
  EXPECT_FALSE(HttpClientTrustpointVerdict(smart, rc, "C9800-40-K9", probe).finding);

  rc.secure_trustpoint = "TP-self-signed-1";
  const Verdict hw = HttpClientTrustpointVerdict(smart, rc, "C9800-40-K9", probe);
  EXPECT_EQ(CodeOf(hw), "HTTP_CLIENT_TRUSTPOINT_PLATFORM");
  EXPECT_EQ(hw.finding->severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(HttpClientTrustpointVerdict(smart, rc, "C9800-CL-K9", probe).detail,
            "ip http client secure-trustpoint TP-self-signed-1");
  EXPECT_FALSE(HttpClientTrustpointVerdict(smart, rc, "", probe).finding) << "platform unknown";
}

TEST(FindingsTest, SlaRevocationOnlyNoneIsFine) {
  RunningConfig rc;
  EXPECT_EQ(SlaRevocationVerdict(rc).finding->evidence(),
            "crypto pki trustpoint SLA-TrustPoint revocation-check crl (default)");
  rc.sla_revocation = "crl";
  EXPECT_EQ(CodeOf(SlaRevocationVerdict(rc)), "SLA_CRL_CHECK");
  rc.sla_revocation = "none";
  EXPECT_FALSE(SlaRevocationVerdict(rc).finding);
}

TEST(FindingsTest, ClockSkewThresholds) {
  EXPECT_FALSE(ClockSkewVerdict(kNow + absl::Seconds(299), kNow).finding);
  EXPECT_EQ(ClockSkewVerdict(kNow - absl::Seconds(299), kNow).detail,
            "-299 s from the service's clock");
  const Verdict drift = ClockSkewVerdict(kNow + absl::Seconds(300), kNow);
  EXPECT_EQ(CodeOf(drift), "CLOCK_SKEW");
  EXPECT_EQ(drift.finding->severity(), v1::SEVERITY_WARNING);
  const Verdict off = ClockSkewVerdict(kNow - absl::Hours(1), kNow);
  EXPECT_EQ(off.finding->severity(), v1::SEVERITY_CRITICAL);
  EXPECT_THAT(off.finding->evidence(), HasSubstr("-3600 s from the service's"));
}

TEST(FindingsTest, TrustVerdictByNeedInstalledAndFailure) {
  const TransportTraits& smart = Of(v1::TRANSPORT_TYPE_SMART);
  const std::string url = "https://cssm.example/licservice/license";
  v1::Trust trust;
  EXPECT_EQ(TrustVerdict(Of(v1::TRANSPORT_TYPE_CSLU), trust, url).detail,
            "not needed for TRANSPORT_TYPE_CSLU");
  EXPECT_EQ(CodeOf(TrustVerdict(smart, trust, url)), "TRUST_MISSING");
  struct Case {
    const char* failure;
    const char* code;  // "" = passed
  };
  for (const Case& c :
       {Case{"The token has Expired", "TRUST_TOKEN_EXPIRED"},
        Case{"trust code already installed", "TRUST_NEEDS_FORCE"},
        Case{"token already used", "TRUST_TOKEN_REJECTED"},
        Case{"Invalid token", "TRUST_TOKEN_REJECTED"}, Case{"timestamp mismatch", "CLOCK_SKEW"},
        Case{"Unable to resolve server hostname", "CONTROLLER_DNS_FAILED"},
        Case{"host unreachable", "ENDPOINT_UNREACHABLE_FROM_CONTROLLER"},
        // The rule as it stands (issue 14 may change it): "refused" contains "used".
        Case{"connection refused", "TRUST_TOKEN_REJECTED"}}) {
    trust.set_last_failure_reason(c.failure);
    const Verdict v = TrustVerdict(smart, trust, url);
    EXPECT_EQ(CodeOf(v), c.code) << c.failure;
    EXPECT_EQ(v.finding->evidence(), std::string("last trust attempt failed: ") + c.failure);
  }
  trust.add_codes()->set_installed(true);
  EXPECT_EQ(TrustVerdict(smart, trust, url).detail, "trust code installed");
}

TEST(FindingsTest, CommFailureCausesAndRemediesNameTheServer) {
  const std::string url = "http://cslu.example:8182/cslu/v1/pi";
  struct Case {
    const char* reason;
    const char* code;
  };
  for (const Case& c :
       {Case{"Unable to resolve server hostname/domain name", "CONTROLLER_DNS_FAILED"},
        Case{"server requires a client certificate", "HTTP_CLIENT_TRUSTPOINT"},
        Case{"Received empty response from server", "URL_TRANSPORT_MISMATCH"},
        Case{"reporting not supported", "ONPREM_TOO_OLD"},
        Case{"server is down rev", "ONPREM_TOO_OLD"},
        Case{"Connection timed out", "ENDPOINT_UNREACHABLE_FROM_CONTROLLER"}}) {
    EXPECT_EQ(CodeOf(CommFailureVerdict(c.reason, "e", "CSLU", url)), c.code) << c.reason;
  }
  const Verdict dns = CommFailureVerdict("cannot resolve", "e", "CSLU", url);
  EXPECT_EQ(dns.finding->summary(), "the controller cannot resolve the CSLU host name");
  EXPECT_EQ(dns.finding->remedy(2), "ping cslu.example");
  const Verdict down = CommFailureVerdict("refused", "e", "CSLU", url);
  EXPECT_EQ(down.finding->remedy(0), "telnet cslu.example 8182 /source-interface <interface>");
  EXPECT_EQ(CommFailureVerdict("refused", "e", "CSSM", "").finding->remedy(0),
            "telnet <server> 443");
  const Verdict waits = CommFailureVerdict("no trust code installed", "e", "CSSM", url);
  EXPECT_FALSE(waits.finding);
  EXPECT_EQ(waits.detail, "reporting waits for trust: no trust code installed");
}

TEST(FindingsTest, LastReportAckDeadlineBacklogAndPolicy) {
  v1::ControllerLicensing lic;
  EXPECT_EQ(LastReportVerdict(lic, "CSSM", "").detail, "no report attempted yet");
  *lic.mutable_usage()->mutable_last_report_time() = At(kNow);
  EXPECT_THAT(LastReportVerdict(lic, "CSSM", "").detail, HasSubstr("last report sent 2027-01-15"));
  lic.mutable_status()->mutable_last_communication_failure()->set_reason("refused");
  const Verdict failed = LastReportVerdict(lic, "CSSM", "");
  EXPECT_EQ(CodeOf(failed), "ENDPOINT_UNREACHABLE_FROM_CONTROLLER");
  EXPECT_EQ(failed.finding->evidence(), "last report failed: refused");

  v1::Usage usage;
  EXPECT_EQ(AckDeadlineVerdict(kNow, usage).detail, "no ACK deadline set");
  *usage.mutable_ack_deadline() = At(kNow + absl::Hours(24 * 60));
  EXPECT_THAT(AckDeadlineVerdict(kNow, usage).detail, HasSubstr("next ACK deadline 2027-03-16"));
  *usage.mutable_ack_deadline() = At(kNow - absl::Hours(1));
  EXPECT_EQ(CodeOf(AckDeadlineVerdict(kNow, usage)), "ACK_OVERDUE");

  EXPECT_EQ(RumBacklogVerdict(kNow, usage, "17.12.1").detail, "0 closed reports without an ACK");
  for (int i = 0; i < 49; ++i) {
    v1::RumReport* r = usage.add_rum_reports();
    r->set_state(v1::RUM_REPORT_STATE_UNACKNOWLEDGED);
    *r->mutable_end_time() = At(kNow - absl::Hours(24));
  }
  usage.add_rum_reports()->set_state(v1::RUM_REPORT_STATE_ACKNOWLEDGED);  // not counted
  usage.add_rum_reports()->set_state(v1::RUM_REPORT_STATE_OPEN);          // not counted
  EXPECT_FALSE(RumBacklogVerdict(kNow, usage, "17.12.1").finding) << "49 recent";
  usage.add_rum_reports()->set_state(v1::RUM_REPORT_STATE_CLOSED);
  const Verdict fifty = RumBacklogVerdict(kNow, usage, "17.12.1");
  EXPECT_EQ(CodeOf(fifty), "RUM_BACKLOG");
  EXPECT_EQ(fifty.finding->reference(), "docs/slup-reference.md §5.3");
  EXPECT_EQ(RumBacklogVerdict(kNow, usage, "17.6.3").finding->reference(),
            "docs/slup-reference.md §4.11")
      << "FN72578 wording on an affected release";
  v1::Usage stale;
  v1::RumReport* old = stale.add_rum_reports();
  old->set_state(v1::RUM_REPORT_STATE_UNACKNOWLEDGED);
  *old->mutable_end_time() = At(kNow - absl::Hours(24 * 91));
  const Verdict old_one = RumBacklogVerdict(kNow, stale, "17.12.1");
  EXPECT_EQ(CodeOf(old_one), "RUM_BACKLOG");
  EXPECT_THAT(old_one.finding->evidence(), HasSubstr("(91 days ago)"));
  for (int i = 0; i < 999; ++i) stale.add_rum_reports()->set_state(v1::RUM_REPORT_STATE_CLOSED);
  EXPECT_EQ(RumBacklogVerdict(kNow, stale, "17.12.1").finding->severity(), v1::SEVERITY_CRITICAL);

  v1::Policy policy;
  EXPECT_EQ(CodeOf(PolicyVerdict(policy)), "POLICY_MISSING");
  policy.set_name("Cisco default");
  EXPECT_EQ(PolicyVerdict(policy).detail, "policy Cisco default");
}

TEST(FindingsTest, SyslogLinesThatAreCauses) {
  const std::string url = "https://cssm.example/x";
  EXPECT_FALSE(SyslogVerdict("%SYS-5-CONFIG_I: Configured from console", "CSSM", url));
  const Verdict crl = *SyslogVerdict("%PKI-3-CRL_FETCH_FAIL: CRL fetch failed", "CSSM", url);
  EXPECT_EQ(CodeOf(crl), "SLA_CRL_CHECK");
  EXPECT_EQ(crl.finding->severity(), v1::SEVERITY_CRITICAL);
  EXPECT_EQ(CodeOf(*SyslogVerdict("%SMART_LIC-4-REPORTING_NOT_SUPPORTED: x", "SSM On-Prem", url)),
            "ONPREM_TOO_OLD");
  const std::string comm =
      "%SMART_LIC-3-COMM_FAILED: Communications failure with the Cisco Smart License Utility "
      "(CSLU) : Unable to resolve server hostname/domain name";
  const Verdict dns = *SyslogVerdict(comm, "CSLU", url);
  EXPECT_EQ(CodeOf(dns), "CONTROLLER_DNS_FAILED");
  EXPECT_EQ(dns.finding->evidence(), comm);
  EXPECT_FALSE(SyslogVerdict("%SMART_LIC-3-COMM_FAILED: x : no trust code", "CSSM", url)->finding);
}

TEST(FindingsTest, EndpointProbeVerdicts) {
  EndpointProbe probe;
  probe.ran = true;
  probe.host = "cssm.example";
  probe.address = "192.0.2.1:443";
  probe.dns = absl::NotFoundError("no such host");
  const Verdict dns = EndpointDnsVerdict(probe);
  EXPECT_EQ(CodeOf(dns), "ENDPOINT_UNRESOLVED_FROM_SERVICE");
  EXPECT_EQ(dns.finding->severity(), v1::SEVERITY_INFO);
  probe.dns = absl::OkStatus();
  EXPECT_EQ(EndpointDnsVerdict(probe).detail, "cssm.example -> 192.0.2.1:443");

  probe.tcp = absl::UnavailableError("refused");
  EXPECT_EQ(CodeOf(EndpointTcpVerdict(probe)), "ENDPOINT_UNREACHABLE_FROM_SERVICE");
  EXPECT_EQ(EndpointTcpVerdict(probe).finding->remedy(0), "telnet cssm.example 443");
  probe.tcp = absl::OkStatus();
  EXPECT_EQ(EndpointTcpVerdict(probe).detail, "TCP 192.0.2.1:443 open");

  probe.tls = absl::UnavailableError("handshake");
  EXPECT_EQ(CodeOf(*EndpointTlsVerdict(probe)), "ENDPOINT_TLS_FAILED");
  probe.tls = absl::OkStatus();
  probe.client_cert_requested = true;
  EXPECT_EQ(EndpointTlsVerdict(probe)->detail,
            "TLS up; the server asks for a client certificate (mutual TLS)");
  probe.https = false;
  EXPECT_FALSE(EndpointTlsVerdict(probe)) << "plain http has no TLS check";
}

}  // namespace
}  // namespace wlc::adapters
