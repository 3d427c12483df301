// wlc_metrics: the report_success rule, the scrape budget, the licensing series and the
// service metrics as they appear in the text format, and the HTTP listener (/metrics, /probe
// errors, bearer tokens). One process for all of them.
#include "service/metrics/metrics_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "observability/metrics.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"
#include "service/metrics/licensing_series.h"

namespace wlc::service::metrics {
namespace {

using ::wlc::metrics::ErrorKind;

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

TEST(ScrapeBudgetTest, HeaderMinusMargin) {
  const absl::Duration fallback = absl::Seconds(10);
  EXPECT_EQ(ScrapeBudget(nullptr, fallback), fallback);
  EXPECT_EQ(ScrapeBudget("abc", fallback), fallback);
  EXPECT_EQ(ScrapeBudget("-1", fallback), fallback);
  EXPECT_EQ(ScrapeBudget("0", fallback), fallback);
  EXPECT_EQ(ScrapeBudget("10", fallback), absl::Milliseconds(9500));
  EXPECT_EQ(ScrapeBudget("1", fallback), absl::Milliseconds(750));
  EXPECT_EQ(ScrapeBudget("2.5", fallback), absl::Milliseconds(2000));
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

TEST(ServiceMetricsTest, RpcDeviceErrorsBuildInfo) {
  prometheus::Registry r;
  ServiceMetrics m(r, "9.9.9");
  m.RpcStarted();
  m.ObserveRpc("/wlc.licensing.v1.LicensingService/GetLicensingState", "NOT_FOUND",
               absl::Milliseconds(3));
  m.RpcFinished();
  m.DeviceRequestStarted();
  m.DeviceRequestFinished("get_licensing_state", absl::Milliseconds(40),
                          absl::DeadlineExceededError("slow"));
  const std::string text = Text(r);
  for (const char* want : {
           "wlc_licensing_grpc_server_handled_total{grpc_code=\"NOT_FOUND\",grpc_method="
           "\"GetLicensingState\",grpc_service=\"wlc.licensing.v1.LicensingService\"} 1",
           "wlc_licensing_grpc_server_in_flight_requests 0",
           "wlc_licensing_errors_total{kind=\"deadline_exceeded\"} 1",
           "wlc_licensing_device_request_duration_seconds_count{operation=\"get_licensing_state\"} "
           "1",
           "wlc_licensing_device_requests_in_flight 0",
           "version=\"9.9.9\"} 1",
       }) {
    EXPECT_TRUE(absl::StrContains(text, want)) << want << "\n" << text;
  }
  EXPECT_EQ(ErrorKind(absl::StatusCode::kUnavailable), "unavailable");
}

// Device calls: api, method and outcome code, never more; errors_total keeps counting failed
// operations only (a 404 a reader expects is no error).
TEST(ServiceMetricsTest, DeviceCallsByApiMethodAndCode) {
  prometheus::Registry r;
  ServiceMetrics m(r, "9.9.9");
  device::DeviceCallObserver& observer = m;
  const device::DeviceCall get{device::DeviceApi::kRestconf, "GET"};
  for (const absl::Status& outcome :
       {absl::OkStatus(), absl::OkStatus(), absl::NotFoundError("no such list entry")}) {
    observer.CallStarted(get);
    observer.CallFinished(get, absl::Milliseconds(7), outcome);
  }
  const device::DeviceCall post{device::DeviceApi::kUpstream, "POST"};
  observer.CallStarted(post);
  observer.CallStarted(get);  // still running at the scrape
  observer.CallFinished(post, absl::Seconds(3), absl::DeadlineExceededError("slow"));
  observer.CallRetried(get, "http_500");
  observer.CallRetried(get, "http_500");
  observer.CallRetried(post, "lock_denied");
  const std::string text = Text(r);
  for (const char* want : {
           "wlc_licensing_device_calls_total{api=\"restconf\",code=\"ok\",method=\"GET\"} 2",
           "wlc_licensing_device_calls_total{api=\"restconf\",code=\"not_found\",method="
           "\"GET\"} 1",
           "wlc_licensing_device_calls_total{api=\"upstream\",code=\"deadline_exceeded\","
           "method=\"POST\"} 1",
           "wlc_licensing_device_call_duration_seconds_count{api=\"restconf\",method=\"GET\"} 3",
           "wlc_licensing_device_call_duration_seconds_bucket{api=\"upstream\",method=\"POST\","
           "le=\"2.5\"} 0",
           "wlc_licensing_device_calls_in_flight 1",
           "wlc_licensing_device_call_retries_total{api=\"restconf\",cause=\"http_500\","
           "method=\"GET\"} 2",
           "wlc_licensing_device_call_retries_total{api=\"upstream\",cause=\"lock_denied\","
           "method=\"POST\"} 1",
           "wlc_licensing_errors_total{kind=\"deadline_exceeded\"} 0",
       }) {
    EXPECT_TRUE(absl::StrContains(text, want)) << want << "\n" << text;
  }
  EXPECT_FALSE(absl::StrContains(text, "kind=\"not_found\"")) << text;
}

// A minimal HTTP/1.0 GET; returns the whole answer (status line, headers, body).
std::string Get(int port, const std::string& path, const std::string& headers = "") {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return "";
  }
  const std::string req = absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: x\r\n", headers, "\r\n");
  (void)!write(fd, req.data(), req.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) out.append(buf, n);
  close(fd);
  return out;
}

TEST(MetricsServerTest, ServesMetricsAndRejectsBadProbes) {
  auto registry = std::make_shared<prometheus::Registry>();
  ServiceMetrics m(*registry);
  MetricsServer bad(nullptr, &m, {registry});
  for (const char* listen : {"nonsense", "::1:0", "[::1:0", "127.0.0.1:99999", ":9464"}) {
    EXPECT_EQ(bad.Start(listen).code(), absl::StatusCode::kInvalidArgument) << listen;
  }

  for (int i = 0; i < 20; ++i) {  // stopped right after it started: the destructor returns
    MetricsServer quick(nullptr, &m, {registry});
    ASSERT_TRUE(quick.Start("127.0.0.1:0").ok());
  }
  MetricsServer server(nullptr, &m, {registry});
  ASSERT_TRUE(server.Start("127.0.0.1:0").ok());
  ASSERT_GT(server.port(), 0);
  const std::string metrics = Get(server.port(), "/metrics");
  EXPECT_TRUE(absl::StartsWith(metrics, "HTTP/1.1 200")) << metrics;
  EXPECT_TRUE(absl::StrContains(metrics, "wlc_licensing_probe_rejected_total{reason=\"busy\"} 0"))
      << metrics;
  EXPECT_TRUE(absl::StrContains(metrics, "text/plain; version=0.0.4")) << metrics;
  EXPECT_TRUE(absl::StrContains(metrics, "wlc_licensing_build_info{")) << metrics;
  const std::string probe = Get(server.port(), "/probe");
  EXPECT_TRUE(absl::StartsWith(probe, "HTTP/1.1 400")) << probe;
  EXPECT_TRUE(absl::StrContains(Get(server.port(), "/metrics"),
                                "wlc_licensing_errors_total{kind=\"probe_bad_request\"} 1"));
}

TEST(MetricsServerTest, TokenRequiredForMetricsAndProbeNotHealthz) {
  auto registry = std::make_shared<prometheus::Registry>();
  ServiceMetrics m(*registry);
  const std::string reader = "reader-token-0123456789";
  absl::StatusOr<service::Authorizer> authorizer = service::Authorizer::FromJson(
      absl::StrCat(R"({"tokens": [{"name": "prometheus", "role": "reader", "token": ")", reader,
                   R"("}]})"),
      false);
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();

  MetricsServerOptions options;
  options.require_token = true;
  MetricsServer no_tokens(nullptr, &m, {registry}, options);
  EXPECT_EQ(no_tokens.Start("127.0.0.1:0").code(), absl::StatusCode::kInvalidArgument);
  options.tls_client_ca_file = "ca.pem";  // mTLS without a server certificate
  options.authorizer = &*authorizer;
  MetricsServer no_cert(nullptr, &m, {registry}, options);
  EXPECT_EQ(no_cert.Start("127.0.0.1:0").code(), absl::StatusCode::kInvalidArgument);
  options.tls_client_ca_file.clear();
  options.tls_cert_file = "/nonexistent/cert.pem";
  options.tls_key_file = "/nonexistent/key.pem";
  MetricsServer missing_cert(nullptr, &m, {registry}, options);
  absl::Status missing = missing_cert.Start("127.0.0.1:0");
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(missing.message(), "metrics_tls_cert_file")) << missing;
  options.tls_cert_file.clear();
  options.tls_key_file.clear();

  MetricsServer server(nullptr, &m, {registry}, options);
  ASSERT_TRUE(server.Start("127.0.0.1:0").ok());
  for (const char* path : {"/metrics", "/probe?target=wlc-1"}) {
    for (const std::string& header :
         {std::string(), std::string("Authorization: Bearer wrong-token-0123456789\r\n"),
          std::string("Authorization: Basic dTpw\r\n")}) {
      const std::string got = Get(server.port(), path, header);
      EXPECT_TRUE(absl::StartsWith(got, "HTTP/1.1 401")) << path << " " << header << got;
      EXPECT_TRUE(absl::StrContains(got, "WWW-Authenticate: Bearer")) << got;
      EXPECT_FALSE(absl::StrContains(got, "wrong-token")) << got;
    }
  }
  const std::string ok =
      Get(server.port(), "/metrics", absl::StrCat("Authorization: Bearer ", reader, "\r\n"));
  EXPECT_TRUE(absl::StartsWith(ok, "HTTP/1.1 200")) << ok;
  EXPECT_TRUE(
      absl::StrContains(ok, "wlc_licensing_errors_total{kind=\"metrics_unauthenticated\"} 6"))
      << ok;
  // The token is checked before anything else: a reader's /probe without target is a 400.
  EXPECT_TRUE(absl::StartsWith(
      Get(server.port(), "/probe", absl::StrCat("Authorization: Bearer ", reader, "\r\n")),
      "HTTP/1.1 400"));
  EXPECT_TRUE(absl::StartsWith(Get(server.port(), "/healthz"), "HTTP/1.1 200"));
}

}  // namespace
}  // namespace wlc::service::metrics
