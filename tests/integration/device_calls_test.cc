// Device calls are recorded in the core, whatever face asked: licensingd with its metrics
// refresher parked (metrics_refresh_seconds 86400: one refresh at start-up, then none) serves one
// gRPC GetLicensingState and one RESTCONF-face read, and /metrics shows each grow
// wlc_licensing_device_calls_total / _device_call_duration_seconds (api="restconf") while the
// per-operation series of the metrics reads (device_request_duration_seconds) stays put.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/harness.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using nlohmann::json;

// The value of the sample `series` (name and labels exactly as exposed) in `text`; -1 if absent.
double Sample(const std::string& text, absl::string_view series) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.size() > series.size() && line.substr(0, series.size()) == series &&
        line[series.size()] == ' ') {
      double value = 0;
      if (absl::SimpleAtod(line.substr(series.size() + 1), &value)) return value;
    }
  }
  return -1;
}

constexpr char kGetsOk[] =
    "wlc_licensing_device_calls_total{api=\"restconf\",code=\"ok\",method=\"GET\"}";
constexpr char kGetLatencyCount[] =
    "wlc_licensing_device_call_duration_seconds_count{api=\"restconf\",method=\"GET\"}";
constexpr char kOperationCount[] =
    "wlc_licensing_device_request_duration_seconds_count{operation=\"get_licensing_state\"}";
constexpr char kCallsInFlight[] = "wlc_licensing_device_calls_in_flight";

class DeviceCallsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("device-calls-test"));
    fleet_ = StartFleet({"--controllers", "2"}).release();
    ASSERT_NE(fleet_, nullptr);
    json cfg = ConfigForFleet(
        *fleet_, WriteProfile(*dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    cfg["metrics_listen"] = "127.0.0.1:0";
    cfg["metrics_refresh_seconds"] = 86400;
    const std::string cert_error = MakeFaceCertificate(*dir_, "face");
    ASSERT_EQ(cert_error, "");
    cfg["restconf_listen"] = "127.0.0.1:0";
    cfg["restconf_tls_cert_file"] = *dir_ + "/face.crt";
    cfg["restconf_tls_key_file"] = *dir_ + "/face.key";
    service_ = StartService(*dir_, cfg).release();
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(*dir_ + "/licensingd.log");
  }
  static void TearDownTestSuite() {
    delete service_;
    delete fleet_;
    delete dir_;
  }

  static std::string Metrics() {
    HttpCall call;
    call.url =
        absl::StrCat("http://127.0.0.1:", service_->ready["metrics_port"].get<int>(), "/metrics");
    return Http(call).body;
  }

  // /metrics once the start-up refresh has finished (its timestamp is set), so that nothing
  // but the test's own requests calls a device afterwards.
  static std::string MetricsAfterStartupRefresh() {
    std::string text;
    for (int i = 0; i < 200; ++i) {
      text = Metrics();
      if (Sample(text, "wlc_licensing_fleet_refresh_timestamp_seconds") > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return text;
  }

  static std::string Name(int i) { return fleet_->controller(i)["name"]; }

  static std::string* dir_;
  static Fleet* fleet_;
  static Service* service_;
};

std::string* DeviceCallsTest::dir_ = nullptr;
Fleet* DeviceCallsTest::fleet_ = nullptr;
Service* DeviceCallsTest::service_ = nullptr;

TEST_F(DeviceCallsTest, GrpcReadIsRecordedAsDeviceCalls) {
  const std::string before = MetricsAfterStartupRefresh();
  ASSERT_GT(Sample(before, "wlc_licensing_fleet_refresh_timestamp_seconds"), 0) << before;
  // The start-up refresh read both controllers: its operations and their calls are there.
  EXPECT_EQ(Sample(before, kOperationCount), 2) << before;
  const double gets = Sample(before, kGetsOk);
  const double latencies = Sample(before, kGetLatencyCount);
  ASSERT_GE(gets, 2) << before;

  v1::GetLicensingStateRequest request;
  request.set_controller(Name(0));
  v1::GetLicensingStateResponse response;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  const grpc::Status status = service_->stub->GetLicensingState(&ctx, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const std::string after = Metrics();
  EXPECT_GT(Sample(after, kGetsOk), gets) << after;
  EXPECT_GT(Sample(after, kGetLatencyCount), latencies) << after;
  EXPECT_EQ(Sample(after, kCallsInFlight), 0) << after;
  // The per-operation series still counts the metrics reads only.
  EXPECT_EQ(Sample(after, kOperationCount), 2) << after;
  // Bounded labels: never a controller name or a path on the service's own device series.
  for (absl::string_view line : absl::StrSplit(after, '\n')) {
    if (!absl::StartsWith(line, "wlc_licensing_device_call")) continue;
    EXPECT_EQ(line.find(Name(0)), absl::string_view::npos) << line;
    EXPECT_EQ(line.find("restconf/data"), absl::string_view::npos) << line;
  }
}

TEST_F(DeviceCallsTest, RestconfFaceReadIsRecordedAsDeviceCalls) {
  const std::string before = MetricsAfterStartupRefresh();
  const double gets = Sample(before, kGetsOk);
  const double operations = Sample(before, kOperationCount);

  HttpCall call;
  call.url = absl::StrCat("https://127.0.0.1:", service_->ready["restconf_port"].get<int>(),
                          "/restconf/data/wlc-licensing:licensing/controller=", Name(1));
  call.ca_file = *dir_ + "/face.crt";
  call.headers = {"Accept: application/yang-data+json"};
  const HttpReply reply = Http(call);
  ASSERT_EQ(reply.status, 200) << reply.error << reply.body;

  const std::string after = Metrics();
  EXPECT_GT(Sample(after, kGetsOk), gets) << after;
  EXPECT_EQ(Sample(after, kOperationCount), operations) << after;
}

}  // namespace
}  // namespace wlc::testing
