// Diagnose() is a pure function of what was observed: these cases pin the rules that the
// end-to-end table (tests/integration/diagnose_test.cc) cannot reach cheaply.
#include "adapters/common/diagnose.h"

#include <set>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wlc::adapters {
namespace {

namespace v1 = ::wlc::licensing::v1;

Observations Healthy() {
  Observations o;
  o.info = {"wlc-1", "17.12.1", "C9800-CL-K9"};
  o.service_time = absl::FromUnixSeconds(1'800'000'000);
  o.controller_time = o.service_time;
  o.licensing.mutable_transport()->set_type(v1::TRANSPORT_TYPE_SMART);
  o.licensing.mutable_transport()->set_url_default(true);
  o.licensing.mutable_trust()->add_codes()->set_installed(true);
  o.licensing.mutable_usage()->mutable_policy()->set_name("Cisco default");
  o.running_config =
      "hostname wlc-1\nip http client secure-trustpoint TP-self-signed-1\n"
      "ip http client source-interface Vlan10\n";
  return o;
}

const v1::Finding* Find(const v1::Diagnosis& d, const std::string& code) {
  for (const auto& f : d.findings()) {
    if (f.code() == code) return &f;
  }
  return nullptr;
}

TEST(DiagnoseTest, HealthyHasNoFindingAndListsPassedChecks) {
  v1::Diagnosis d = Diagnose(Healthy());
  EXPECT_TRUE(d.healthy());
  EXPECT_EQ(d.health(), v1::HEALTH_HEALTHY);
  EXPECT_EQ(d.findings_size(), 0);
  int passed = 0;
  for (const auto& c : d.checks()) passed += c.outcome() == v1::CHECK_OUTCOME_PASSED;
  EXPECT_GE(passed, 9);
}

TEST(DiagnoseTest, UnreachableStopsAfterTheFirstCheck) {
  Observations o = Healthy();
  o.read_status = absl::DeadlineExceededError("wlc-1: no answer within 2s");
  v1::Diagnosis d = Diagnose(o);
  EXPECT_EQ(d.health(), v1::HEALTH_UNREACHABLE);
  ASSERT_EQ(d.findings_size(), 1);
  EXPECT_EQ(d.findings(0).code(), "CONTROLLER_UNREACHABLE");
  EXPECT_EQ(d.checks_size(), 1);
  // A controller that answers "no" is reachable: critical, not unreachable.
  o.read_status = absl::UnauthenticatedError("wlc-1: HTTP 401");
  d = Diagnose(o);
  EXPECT_EQ(d.health(), v1::HEALTH_CRITICAL);
  EXPECT_EQ(d.findings(0).code(), "CONTROLLER_CREDENTIALS_REJECTED");
}

TEST(DiagnoseTest, SkewUnderAnHourWarnsOverAnHourIsCritical) {
  Observations o = Healthy();
  o.controller_time = o.service_time + absl::Minutes(10);
  EXPECT_EQ(Find(Diagnose(o), "CLOCK_SKEW")->severity(), v1::SEVERITY_WARNING);
  o.controller_time = o.service_time - absl::Hours(2);
  v1::Diagnosis d = Diagnose(o);
  EXPECT_EQ(Find(d, "CLOCK_SKEW")->severity(), v1::SEVERITY_CRITICAL);
  EXPECT_EQ(d.clock_skew_seconds(), -7200);
  o.controller_time.reset();  // no Date header: skipped, not failed
  d = Diagnose(o);
  EXPECT_EQ(Find(d, "CLOCK_SKEW"), nullptr);
}

TEST(DiagnoseTest, AckDeadlineIsJudgedOnTheControllersClock) {
  Observations o = Healthy();
  o.licensing.mutable_usage()->mutable_ack_deadline()->set_seconds(
      absl::ToUnixSeconds(o.service_time + absl::Hours(24 * 30)));
  EXPECT_EQ(Find(Diagnose(o), "ACK_OVERDUE"), nullptr);
  o.controller_time = o.service_time + absl::Hours(24 * 31);  // the controller lives later
  EXPECT_NE(Find(Diagnose(o), "ACK_OVERDUE"), nullptr);
}

TEST(DiagnoseTest, TrustpointMissingIsCriticalOnlyWhenTheServerAsksForACertificate) {
  Observations o = Healthy();
  o.running_config = "hostname wlc-1\n";
  EXPECT_EQ(Find(Diagnose(o), "HTTP_CLIENT_TRUSTPOINT")->severity(), v1::SEVERITY_WARNING);
  o.endpoint.ran = true;
  o.endpoint.host = "smartreceiver.cisco.com";
  o.endpoint.client_cert_requested = true;
  const v1::Diagnosis d = Diagnose(o);
  EXPECT_EQ(Find(d, "HTTP_CLIENT_TRUSTPOINT")->severity(), v1::SEVERITY_CRITICAL);
  EXPECT_THAT(absl::StrJoin(Find(d, "HTTP_CLIENT_TRUSTPOINT")->remedy(), "\n"),
              ::testing::HasSubstr("ip http client secure-trustpoint TP-self-signed"));
  // A hardware 9800 is told to use its SUDI.
  o.info.platform_pid = "C9800-40-K9";
  EXPECT_THAT(absl::StrJoin(Find(Diagnose(o), "HTTP_CLIENT_TRUSTPOINT")->remedy(), "\n"),
              ::testing::HasSubstr("CISCO_IDEVID_SUDI"));
}

TEST(DiagnoseTest, OldVersionSkipsTheRunningConfigChecks) {
  Observations o = Healthy();
  o.running_config.reset();
  o.running_config_note = "get-modelled-config-clis needs IOS-XE 17.9.1 or later";
  v1::Diagnosis d = Diagnose(o);
  bool skipped = false;
  for (const auto& c : d.checks()) {
    skipped |= c.name() == "http_client_trustpoint" && c.outcome() == v1::CHECK_OUTCOME_SKIPPED &&
               c.detail() == o.running_config_note;
  }
  EXPECT_TRUE(skipped);
  EXPECT_TRUE(d.healthy());
}

TEST(DiagnoseTest, SameCauseFromTwoSourcesIsOneFindingWithBothEvidences) {
  Observations o = Healthy();
  o.licensing.mutable_status()->mutable_last_communication_failure()->set_reason(
      "Unable to resolve server hostname/domain name");
  o.syslog_known = true;
  o.syslog = {
      "<187>Nov 24 10:00:00 127.1.0.1 7: wlc-1: %SMART_LIC-3-COMM_FAILED: Communications "
      "failure with the Cisco Smart Software Manager (CSSM) : Unable to resolve server "
      "hostname/domain name"};
  v1::Diagnosis d = Diagnose(o);
  int n = 0;
  for (const auto& f : d.findings()) n += f.code() == "CONTROLLER_DNS_FAILED";
  EXPECT_EQ(n, 1);
  EXPECT_THAT(Find(d, "CONTROLLER_DNS_FAILED")->evidence(), ::testing::HasSubstr("also: <187>"));
  EXPECT_EQ(d.syslog_size(), 1);
  std::set<std::string> names;
  for (const auto& c : d.checks()) EXPECT_TRUE(names.insert(c.name()).second) << c.name();
}

TEST(DiagnoseTest, FindingsComeMostSevereFirst) {
  Observations o = Healthy();
  o.info.software_version = "17.6.2";                      // warning
  o.controller_time = o.service_time + absl::Hours(3);     // critical
  o.licensing.mutable_reservation()->set_installed(true);  // info
  v1::Diagnosis d = Diagnose(o);
  ASSERT_GE(d.findings_size(), 3);
  for (int i = 1; i < d.findings_size(); ++i) {
    EXPECT_GE(d.findings(i - 1).severity(), d.findings(i).severity());
  }
}

}  // namespace
}  // namespace wlc::adapters

namespace wlc::adapters {
namespace {

TEST(EndpointProbeTest, ReportsWhereItStops) {
  EndpointProbe bad = ProbeEndpoint("ftp://x/", {}, absl::Seconds(1));
  EXPECT_EQ(bad.dns.code(), absl::StatusCode::kInvalidArgument);

  EndpointProbe unresolved = ProbeEndpoint("https://no-such-host.invalid/x", {}, absl::Seconds(1));
  EXPECT_EQ(unresolved.dns.code(), absl::StatusCode::kNotFound) << unresolved.dns;
  EXPECT_EQ(unresolved.host, "no-such-host.invalid");

  // The override turns a name into an address; nothing listens on port 1.
  EndpointProbe refused = ProbeEndpoint("https://smartreceiver.cisco.com/licservice/license",
                                        {{"smartreceiver.cisco.com:443", "127.0.0.1:1"}},
                                        absl::Seconds(1));
  EXPECT_TRUE(refused.dns.ok()) << refused.dns;
  EXPECT_EQ(refused.address, "127.0.0.1:1");
  EXPECT_EQ(refused.tcp.code(), absl::StatusCode::kUnavailable) << refused.tcp;
  EXPECT_FALSE(refused.client_cert_requested);
}

}  // namespace
}  // namespace wlc::adapters
