// service/metrics/licensing_series.h: the report_success rule, the reporting interval, and the
// per-controller series as they appear in the text format.
#include "service/metrics/licensing_series.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace wlc::service::metrics {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1800000000);
constexpr int64_t kDay = 86400;

v1::ControllerLicensing Licensing(int64_t ack_age_days, int64_t deadline_in_days,
                                  int64_t report_age_days) {
  v1::ControllerLicensing l;
  const int64_t now = absl::ToUnixSeconds(kNow);
  if (ack_age_days >= 0)
    l.mutable_usage()->mutable_last_ack_time()->set_seconds(now - ack_age_days * kDay);
  if (deadline_in_days != 0)
    l.mutable_usage()->mutable_ack_deadline()->set_seconds(now + deadline_in_days * kDay);
  if (report_age_days >= 0)
    l.mutable_usage()->mutable_last_report_time()->set_seconds(now - report_age_days * kDay);
  return l;
}

TEST(ReportSuccessTest, Table) {
  struct Case {
    const char* name;
    v1::ControllerLicensing licensing;
    bool want;
  };
  v1::ControllerLicensing weekly = Licensing(10, 80, 10);
  weekly.mutable_transport()->set_usage_interval_days(7);
  // The device clock runs 40 days ahead: its ACK and report are "in the future".
  v1::ControllerLicensing ahead = Licensing(-1, 130, -1);
  ahead.mutable_usage()->mutable_last_ack_time()->set_seconds(absl::ToUnixSeconds(kNow) +
                                                              40 * kDay);
  ahead.mutable_usage()->mutable_last_report_time()->set_seconds(absl::ToUnixSeconds(kNow) +
                                                                 40 * kDay - 60);
  const Case cases[] = {
      {"no ACK ever", Licensing(-1, 0, 2), false},
      {"fresh ACK, report acknowledged", Licensing(2, 88, 2), true},
      {"ACK without a deadline leaf", Licensing(2, 0, -1), true},
      {"deadline passed", Licensing(20, -1, 20), false},
      {"ACK older than 30 days + 1 day grace", Licensing(32, 58, 32), false},
      {"last report 3 days newer than the ACK", Licensing(5, 85, 2), false},
      {"weekly interval, ACK 10 days old", weekly, false},
      {"device clock ahead of the service", ahead, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ReportSuccess(c.licensing, kNow), c.want) << c.name;
  }
}

TEST(ReportingIntervalTest, TransportThenPolicyThenDefault) {
  v1::ControllerLicensing l;
  EXPECT_EQ(ReportingInterval(l), absl::Hours(24 * 30));
  l.mutable_usage()->mutable_policy()->mutable_subscription()->set_ongoing_report_days(90);
  l.mutable_usage()->mutable_policy()->mutable_enforced()->set_ongoing_report_days(60);
  EXPECT_EQ(ReportingInterval(l), absl::Hours(24 * 60));
  l.mutable_transport()->set_usage_interval_days(5);
  EXPECT_EQ(ReportingInterval(l), absl::Hours(24 * 5));
}

std::string Text(prometheus::Registry& r) {
  return prometheus::TextSerializer().Serialize(r.Collect());
}

TEST(LicensingSeriesTest, ReadIntoTextFormat) {
  v1::ControllerLicensing l = Licensing(1, 89, 1);
  l.mutable_transport()->set_type(v1::TRANSPORT_TYPE_CSLU);
  l.mutable_platform()->set_pid("C9800-CL-K9");
  l.mutable_platform()->set_serial_number("9ABC");
  l.mutable_platform()->set_software_version("17.12.1");
  auto* ap = l.mutable_usage()->mutable_access_points();
  ap->set_active(22);
  ap->set_joined(23);
  ap->set_joined_known(true);
  auto* e = l.mutable_usage()->add_entitlements();
  e->set_short_name("air-network-advantage");
  e->set_count(22);
  l.mutable_usage()->add_rum_reports()->set_state(v1::RUM_REPORT_STATE_ACKNOWLEDGED);
  l.mutable_trust()->add_codes()->set_installed(true);
  l.mutable_status()->set_health(v1::HEALTH_WARNING);
  auto* finding = l.mutable_status()->add_findings();
  finding->set_code("ACK_DEADLINE_NEAR");
  finding->set_severity(v1::SEVERITY_WARNING);

  prometheus::Registry r;
  LicensingSeries series(r);
  series.AddRead(l, {{"controller", "wlc-1"}}, kNow, absl::Milliseconds(12));
  const std::string text = Text(r);
  for (const char* want : {
           "wlc_licensing_up{controller=\"wlc-1\"} 1",
           "wlc_licensing_probe_success{controller=\"wlc-1\"} 1",
           "wlc_licensing_report_success{controller=\"wlc-1\"} 1",
           "wlc_licensing_aps{controller=\"wlc-1\",state=\"joined\"} 23",
           "wlc_licensing_aps{controller=\"wlc-1\",state=\"active\"} 22",
           "wlc_licensing_entitlements{controller=\"wlc-1\",license=\"air-network-advantage\"} 22",
           "wlc_licensing_trust_installed{controller=\"wlc-1\"} 1",
           "wlc_licensing_transport_info{controller=\"wlc-1\",transport=\"cslu\"} 1",
           "wlc_licensing_info{controller=\"wlc-1\",pid=\"C9800-CL-K9\",serial=\"9ABC\",version="
           "\"17.12.1\"} 1",
           "wlc_licensing_rum_reports{controller=\"wlc-1\",state=\"acknowledged\"} 1",
           "wlc_licensing_rum_reports{controller=\"wlc-1\",state=\"open\"} 0",
           "wlc_licensing_health{controller=\"wlc-1\",state=\"warning\"} 1",
           "wlc_licensing_health{controller=\"wlc-1\",state=\"healthy\"} 0",
           "wlc_licensing_finding{code=\"ACK_DEADLINE_NEAR\",controller=\"wlc-1\",severity="
           "\"warning\"} 1",
           "# HELP wlc_licensing_report_success ",
       }) {
    EXPECT_TRUE(absl::StrContains(text, want)) << want << "\n" << text;
  }
  // The device sent no next-report-time: no 1970 sample.
  EXPECT_FALSE(absl::StrContains(text, "wlc_licensing_next_report_timestamp_seconds{")) << text;
}

TEST(LicensingSeriesTest, FailureAndUnknownJoined) {
  prometheus::Registry r;
  LicensingSeries series(r);
  series.AddFailure(absl::UnavailableError("down"), {}, absl::Seconds(1));
  v1::ControllerLicensing old_version;  // before 17.10.1: joined not known
  series.AddRead(old_version, {{"controller", "old"}}, kNow, absl::Seconds(1));
  const std::string text = Text(r);
  EXPECT_TRUE(absl::StrContains(text, "\nwlc_licensing_up 0")) << text;
  EXPECT_TRUE(absl::StrContains(text, "\nwlc_licensing_probe_success 0")) << text;
  EXPECT_FALSE(absl::StrContains(text, "state=\"joined\"")) << text;
  EXPECT_TRUE(absl::StrContains(text, "wlc_licensing_report_success{controller=\"old\"} 0"))
      << text;
}

}  // namespace
}  // namespace wlc::service::metrics
