// observability/metrics.h: the service's own families, their labels, and the error kinds.
#include "observability/metrics.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace wlc::metrics {
namespace {

std::string Text(prometheus::Registry& r) {
  return prometheus::TextSerializer().Serialize(r.Collect());
}

TEST(ServiceMetricsTest, ErrorKindIsTheLowerCaseCodeName) {
  EXPECT_EQ(ErrorKind(absl::StatusCode::kOk), "ok");
  EXPECT_EQ(ErrorKind(absl::StatusCode::kDeadlineExceeded), "deadline_exceeded");
  EXPECT_EQ(ErrorKind(absl::StatusCode::kUnauthenticated), "unauthenticated");
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

TEST(ServiceMetricsTest, PreCreatedSeriesStartAtZero) {
  prometheus::Registry r;
  ServiceMetrics m(r, "9.9.9");
  m.CountError("refresh_overrun");
  m.InventoryReloaded("applied");
  const std::string text = Text(r);
  for (const char* want : {
           "wlc_licensing_errors_total{kind=\"unavailable\"} 0",
           "wlc_licensing_errors_total{kind=\"unauthenticated\"} 0",
           "wlc_licensing_errors_total{kind=\"refresh_overrun\"} 1",
           "wlc_licensing_inventory_reloads_total{outcome=\"applied\"} 1",
           "wlc_licensing_inventory_reloads_total{outcome=\"invalid\"} 0",
           "wlc_licensing_probe_rejected_total{reason=\"busy\"} 0",
       }) {
    EXPECT_TRUE(absl::StrContains(text, want)) << want << "\n" << text;
  }
}

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

}  // namespace
}  // namespace wlc::metrics
