// observability/metrics.h: the service's own families, their labels, and the error kinds.
#include "observability/metrics.h"

#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace wlc::metrics {
namespace {

std::string Exposition(prometheus::Registry& registry) {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry.Collect());
  return out.str();
}

TEST(ServiceMetricsTest, ErrorKindIsTheLowerCaseCodeName) {
  EXPECT_EQ(ErrorKind(absl::StatusCode::kOk), "ok");
  EXPECT_EQ(ErrorKind(absl::StatusCode::kDeadlineExceeded), "deadline_exceeded");
  EXPECT_EQ(ErrorKind(absl::StatusCode::kUnauthenticated), "unauthenticated");
}

TEST(ServiceMetricsTest, RpcsDeviceCallsAndErrors) {
  prometheus::Registry registry;
  ServiceMetrics m(registry, "9.9.9");
  m.ObserveRpc("/wlc.licensing.v1.LicensingService/GetLicensingState", "OK",
               absl::Milliseconds(20));
  m.DeviceRequestStarted();
  m.DeviceRequestFinished("get_state", absl::Milliseconds(40),
                          absl::UnavailableError("connect refused"));
  m.CountError("refresh_overrun");
  m.InventoryReloaded("applied");
  const std::string text = Exposition(registry);
  for (const char* line : {
           "wlc_licensing_build_info{",
           "version=\"9.9.9\"",
           "wlc_licensing_grpc_server_handled_total{grpc_code=\"OK\",grpc_method="
           "\"GetLicensingState\",grpc_service=\"wlc.licensing.v1.LicensingService\"} 1",
           "wlc_licensing_device_request_duration_seconds_count{operation=\"get_state\"} 1",
           "wlc_licensing_device_requests_in_flight 0",
           "wlc_licensing_errors_total{kind=\"unavailable\"} 1",
           "wlc_licensing_errors_total{kind=\"deadline_exceeded\"} 0",
           "wlc_licensing_errors_total{kind=\"refresh_overrun\"} 1",
           "wlc_licensing_inventory_reloads_total{outcome=\"applied\"} 1",
           "wlc_licensing_probe_rejected_total{reason=\"busy\"} 0",
       }) {
    EXPECT_TRUE(absl::StrContains(text, line)) << line << "\n" << text;
  }
}

}  // namespace
}  // namespace wlc::metrics
