// Every transport adapter through the real path (gRPC -> licensingd -> HTTPS -> wlcsim):
// plan, apply with read-back, idempotence, URL forms, version gates, platform trustpoints, and
// moving one controller through all transports in a row.
#include <chrono>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/status_convert.h"
#include "tests/integration/harness.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kCsluUrl[] = "http://cslu.example.com:8182/cslu/v1/pi";
constexpr char kOnPremUrl[] = "https://onprem.example.com/cslu/v1/pi/ACME-1";
constexpr char kOnPremSmartUrl[] = "https://onprem.example.com/SmartTransport";

class TransportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = MakeTempDir("transports-test");
    // Controller 3 runs 17.6.1: SLUP, but no config-ios-cli-rpc.
    // Controller 4 carries a Specific License Reservation over from before SLUP.
    WriteFile(dir + "/fleet.json",
              R"([{"index":3,"version":"17.6.1"},{"index":4,"slr":true,"transport":"off"}])");
    // Controllers 6..9 are for the apply's own restore (deadline, failing read-back, timeout,
    // SLA-TrustPoint).
    fleet_ = StartFleet({"--controllers", "10", "--fleet", dir + "/fleet.json"}).release();
    ASSERT_NE(fleet_, nullptr) << "wlcsim did not start";
    nlohmann::json cfg = ConfigForFleet(
        *fleet_, WriteProfile(dir, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    // The same simulated controller seen as a hardware 9800-40 (for the trustpoint rule).
    cfg["controllers"].push_back({{"name", "wlc-9800-40"},
                                  {"address", fleet_->address(2)},
                                  {"credentials_profile", "lab"},
                                  {"software_version", "17.12.1"},
                                  {"platform", "C9800-40-K9"}});
    service_ = StartService(dir, cfg).release();
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(dir + "/licensingd.log");
  }
  static void TearDownTestSuite() {
    delete service_;
    delete fleet_;
  }

  static std::string Name(int i) { return fleet_->controller(i)["name"]; }

  static v1::Transport T(v1::TransportType type, const std::string& url = "") {
    v1::Transport t;
    t.set_type(type);
    t.set_url(url);
    return t;
  }

  static grpc::Status Apply(const std::string& controller, const v1::Transport& t,
                            v1::ApplyTransportResponse* out,
                            std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::ApplyTransportRequest req;
    req.set_controller(controller);
    *req.mutable_desired() = t;
    return service_->stub->ApplyTransport(&ctx, req, out);
  }

  static v1::ControllerLicensing State(const std::string& controller) {
    grpc::ClientContext ctx;
    v1::GetLicensingStateRequest req;
    req.set_controller(controller);
    v1::GetLicensingStateResponse resp;
    grpc::Status s = service_->stub->GetLicensingState(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.licensing();
  }

  static grpc::Status Trust(const std::string& controller, const std::string& token) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::EstablishTrustRequest req;
    req.set_controller(controller);
    req.set_id_token(token);
    v1::EstablishTrustResponse resp;
    return service_->stub->EstablishTrust(&ctx, req, &resp);
  }

  static std::string DeviceState(int i) { return fleet_->DeviceConfig(i); }

  // Smart with a proxy (lines no model carries) and, optionally, an ip http client line.
  static v1::Transport SmartWithProxy(const std::string& source_interface = "") {
    v1::Transport t = T(v1::TRANSPORT_TYPE_SMART);
    t.mutable_proxy()->set_host("proxy.example.com");
    t.mutable_proxy()->set_port(3128);
    if (!source_interface.empty()) t.mutable_http_client()->set_source_interface(source_interface);
    return t;
  }

  static bool SetFaults(int i, const std::string& faults) { return fleet_->SetFaults(i, faults); }

  // The ApplyTransportResponse a failed apply carries as a status detail.
  static v1::ApplyTransportResponse ApplyDetail(const grpc::Status& s) {
    v1::ApplyTransportResponse detail;
    std::vector<google::protobuf::Any> details = service::ParseStatusDetails(s.error_details());
    EXPECT_EQ(details.size(), 1u) << "no detail on " << s.error_message();
    if (!details.empty()) EXPECT_TRUE(details[0].UnpackTo(&detail));
    return detail;
  }

  static Fleet* fleet_;
  static Service* service_;
};

Fleet* TransportsTest::fleet_ = nullptr;
Service* TransportsTest::service_ = nullptr;

TEST_F(TransportsTest, CsluPlanApplyReadBackAndIdempotence) {
  v1::ApplyTransportResponse resp;
  grpc::Status s = Apply(Name(0), T(v1::TRANSPORT_TYPE_CSLU, kCsluUrl), &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(resp.changed());
  ASSERT_EQ(resp.plan().steps_size(), 1);
  // The SLUP default transport is already cslu: only the URL changes.
  EXPECT_THAT(resp.plan().steps(0).cli_lines(),
              ElementsAre(std::string("license smart url cslu ") + kCsluUrl));
  v1::ControllerLicensing st = State(Name(0));
  EXPECT_EQ(st.transport().type(), v1::TRANSPORT_TYPE_CSLU);
  EXPECT_EQ(st.transport().url(), kCsluUrl);
  ASSERT_TRUE(Apply(Name(0), T(v1::TRANSPORT_TYPE_CSLU, kCsluUrl), &resp).ok());
  EXPECT_FALSE(resp.changed());
  EXPECT_TRUE(resp.plan().no_change());
  // CSLU holds trust with CSSM: the controller needs none.
  EXPECT_EQ(Trust(Name(0), "wlcsim-valid-cslu").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(TransportsTest, OnPremCsluFormWithRevocationCheckNone) {
  v1::Transport t = T(v1::TRANSPORT_TYPE_ONPREM, kOnPremUrl);
  t.set_sla_revocation_check_none(true);
  v1::ApplyTransportResponse resp;
  grpc::Status s = Apply(Name(1), t, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(resp.plan().steps_size(), 2);
  EXPECT_THAT(resp.plan().steps(1).cli_lines(),
              ElementsAre("crypto pki trustpoint SLA-TrustPoint", " revocation-check none"));
  v1::ControllerLicensing st = State(Name(1));
  EXPECT_EQ(st.transport().type(), v1::TRANSPORT_TYPE_ONPREM);
  EXPECT_EQ(st.transport().url(), kOnPremUrl);
  EXPECT_THAT(DeviceState(1), HasSubstr("\"none\""));
  // On-Prem trust: id token redeemed with the same RPC.
  s = Trust(Name(1), "wlcsim-valid-onprem-1");
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(TransportsTest, OnPremSmartTransportFormNeedsCliRpc) {
  v1::ApplyTransportResponse resp;
  grpc::Status s = Apply(Name(2), T(v1::TRANSPORT_TYPE_ONPREM, kOnPremSmartUrl), &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.applied().type(), v1::TRANSPORT_TYPE_ONPREM);
  EXPECT_THAT(DeviceState(2), HasSubstr(kOnPremSmartUrl));
  // 17.6.1 has no config-ios-cli-rpc: refused with the reason, before any change.
  const std::string before = DeviceState(3);
  s = Apply(Name(3), T(v1::TRANSPORT_TYPE_ONPREM, kOnPremSmartUrl), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("17.9.1"));
  EXPECT_EQ(DeviceState(3), before);
}

TEST_F(TransportsTest, OfflineAndBackThroughEveryTransport) {
  const std::string c = Name(3);  // 17.6.1: native config only, no cli-rpc lines
  v1::ApplyTransportResponse resp;
  for (const v1::Transport& t :
       {T(v1::TRANSPORT_TYPE_OFFLINE), T(v1::TRANSPORT_TYPE_SMART),
        T(v1::TRANSPORT_TYPE_CSLU, kCsluUrl), T(v1::TRANSPORT_TYPE_ONPREM, kOnPremUrl),
        T(v1::TRANSPORT_TYPE_OFFLINE)}) {
    grpc::Status s = Apply(c, t, &resp);
    ASSERT_TRUE(s.ok()) << v1::TransportType_Name(t.type()) << ": " << s.error_message();
    EXPECT_TRUE(resp.changed()) << v1::TransportType_Name(t.type());
    EXPECT_EQ(State(c).transport().type(), t.type());
    ASSERT_TRUE(Apply(c, t, &resp).ok());
    EXPECT_FALSE(resp.changed()) << "second apply of " << v1::TransportType_Name(t.type());
  }
  EXPECT_EQ(Trust(c, "wlcsim-valid-offline").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(TransportsTest, RejectsWrongUrlFormsAndTrustpointsBeforeTouchingTheController) {
  struct Case {
    std::string name;
    std::string controller;
    v1::Transport transport;
    grpc::StatusCode code;
  };
  v1::Transport cl_sudi = T(v1::TRANSPORT_TYPE_SMART);
  cl_sudi.mutable_http_client()->set_secure_trustpoint("CISCO_IDEVID_SUDI");
  v1::Transport hw_self = T(v1::TRANSPORT_TYPE_SMART);
  hw_self.mutable_http_client()->set_secure_trustpoint("TP-self-signed-1234567890");
  v1::Transport cslu_proxy = T(v1::TRANSPORT_TYPE_CSLU, kCsluUrl);
  cslu_proxy.mutable_proxy()->set_host("10.0.0.1");
  cslu_proxy.mutable_proxy()->set_port(8080);
  std::vector<Case> cases = {
      {"cslu url with tenant", Name(0), T(v1::TRANSPORT_TYPE_CSLU, kOnPremUrl),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"cslu url other path", Name(0),
       T(v1::TRANSPORT_TYPE_CSLU, "http://cslu.example.com:8182/pi"),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"onprem without url", Name(0), T(v1::TRANSPORT_TYPE_ONPREM),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"onprem over http", Name(0),
       T(v1::TRANSPORT_TYPE_ONPREM, "http://onprem.example.com/cslu/v1/pi/A"),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"onprem without tenant", Name(0),
       T(v1::TRANSPORT_TYPE_ONPREM, "https://onprem.example.com/cslu/v1/pi/"),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"offline with url", Name(0), T(v1::TRANSPORT_TYPE_OFFLINE, kCsluUrl),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"proxy on cslu", Name(0), cslu_proxy, grpc::StatusCode::INVALID_ARGUMENT},
      {"SUDI on a 9800-CL", Name(0), cl_sudi, grpc::StatusCode::INVALID_ARGUMENT},
      {"self-signed on a 9800-40", "wlc-9800-40", hw_self, grpc::StatusCode::INVALID_ARGUMENT},
      {"callhome is read-only", Name(0), T(v1::TRANSPORT_TYPE_CALLHOME),
       grpc::StatusCode::UNIMPLEMENTED},
  };
  const std::string before = DeviceState(0);
  for (const Case& c : cases) {
    v1::ApplyTransportResponse resp;
    grpc::Status s = Apply(c.controller, c.transport, &resp);
    EXPECT_EQ(s.error_code(), c.code) << c.name << ": " << s.error_message();
  }
  EXPECT_EQ(DeviceState(0), before);
}

}  // namespace
}  // namespace wlc::testing

namespace wlc::testing {
namespace {

TEST_F(TransportsTest, StepTwoFailingRestoresThePreviousConfiguration) {
  const std::string before = fleet_->DeviceConfig(5);
  // The controller accepts the native PATCH (step 1) and fails config-ios-cli-rpc (step 2).
  ASSERT_TRUE(SetFaults(5, R"({"status":500,"status_path":"cli-rpc"})"));
  v1::Transport t = SmartWithProxy();
  v1::ApplyTransportResponse resp;
  grpc::Status s = Apply(Name(5), t, &resp);
  SetFaults(5, "{}");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("step 2 of 2"));
  EXPECT_THAT(s.error_message(), HasSubstr("restored Cisco-IOS-XE-native:native/license/smart"));
  EXPECT_EQ(fleet_->DeviceConfig(5), before) << "the half-applied change was not rolled back";
  EXPECT_EQ(State(Name(5)).transport().type(), v1::TRANSPORT_TYPE_CSLU);
  // The proxy lines went out in the failing cli-rpc: they may have been applied (a 9800 applies
  // a cli-rpc line by line), and no model can tell, so they are reported as left changed.
  v1::ApplyTransportResponse detail = ApplyDetail(s);
  EXPECT_TRUE(detail.restore().attempted());
  ASSERT_EQ(detail.restore().left_changed_size(), 2);
  EXPECT_THAT(detail.restore().left_changed(0).cli_to_restore(),
              ElementsAre("no license smart proxy address"));
}

// (a) A deadline that cannot cover the first step plus the restore is refused before any change.
TEST_F(TransportsTest, ApplyWithoutTimeToRestoreIsRefusedBeforeAnyChange) {
  const std::string before = fleet_->DeviceConfig(6);
  v1::Transport t = SmartWithProxy();
  v1::ApplyTransportResponse resp;
  // 2 s for the first step + 2 s reserve for the license/smart restore > 1.5 s.
  grpc::Status s = Apply(Name(6), t, &resp, std::chrono::milliseconds(1500));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("not enough time left to apply and restore: need 4.0s"));
  EXPECT_THAT(s.error_message(), HasSubstr("nothing was changed"));
  v1::ApplyTransportResponse detail = ApplyDetail(s);
  EXPECT_FALSE(detail.changed());
  EXPECT_FALSE(detail.restore().attempted());
  EXPECT_EQ(detail.plan().steps_size(), 2);
  EXPECT_EQ(fleet_->DeviceConfig(6), before);
}

// (b) The read-back after a proxy + transport + ip http client change fails: license/smart and
// ip http client are put back on the controller; the proxy is left changed, with its CLI.
TEST_F(TransportsTest, FailingReadBackRestoresWhatModelsCarryAndNamesTheProxyLeftChanged) {
  const nlohmann::json before = nlohmann::json::parse(fleet_->DeviceConfig(7));
  // GETs before the change (save, plan) and the PATCH pass; the read-back GET fails on each of
  // its four attempts (reads are retried on a 500).
  ASSERT_TRUE(SetFaults(
      7, R"({"status":500,"status_path":"license/smart","status_skip":3,"status_count":4})"));
  v1::Transport t = SmartWithProxy("GigabitEthernet1");
  v1::ApplyTransportResponse resp;
  grpc::Status s = Apply(Name(7), t, &resp);
  SetFaults(7, "{}");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("read-back after the change failed"));

  const nlohmann::json after = nlohmann::json::parse(fleet_->DeviceConfig(7));
  EXPECT_EQ(after["native_smart"], before["native_smart"]);
  EXPECT_EQ(after["cli"]["ip_http_client_source_interface"], "");
  EXPECT_EQ(after["cli"]["proxy_address"], "proxy.example.com") << "the sim did apply it";
  EXPECT_EQ(State(Name(7)).transport().type(), v1::TRANSPORT_TYPE_CSLU);

  v1::ApplyTransportResponse detail = ApplyDetail(s);
  EXPECT_TRUE(detail.changed());
  EXPECT_TRUE(detail.restore().attempted());
  EXPECT_THAT(detail.restore().restored(),
              ElementsAre("Cisco-IOS-XE-native:native/license/smart",
                          "Cisco-IOS-XE-native:native/ip/Cisco-IOS-XE-http:http/client"));
  EXPECT_EQ(detail.restore().restore_error(), "");
  ASSERT_EQ(detail.restore().left_changed_size(), 2);
  EXPECT_EQ(detail.restore().left_changed(0).what(),
            "license smart proxy address proxy.example.com");
  EXPECT_THAT(detail.restore().left_changed(0).cli_to_restore(),
              ElementsAre("no license smart proxy address"));
  EXPECT_EQ(detail.restore().left_changed(1).what(), "license smart proxy port 3128");
  EXPECT_THAT(detail.restore().left_changed(1).cli_to_restore(),
              ElementsAre("no license smart proxy port"));
}

// The revocation-check block is carried by Cisco-IOS-XE-crypto from 17.9.1: saved and put back.
TEST_F(TransportsTest, FailingReadBackRestoresTheSlaTrustpointRevocationCheck) {
  const std::string before = fleet_->DeviceConfig(9);
  ASSERT_TRUE(SetFaults(
      9, R"({"status":500,"status_path":"license/smart","status_skip":3,"status_count":4})"));
  v1::Transport t = T(v1::TRANSPORT_TYPE_ONPREM, kOnPremUrl);
  t.set_sla_revocation_check_none(true);
  v1::ApplyTransportResponse resp;
  grpc::Status s = Apply(Name(9), t, &resp);
  SetFaults(9, "{}");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL) << s.error_message();
  v1::ApplyTransportResponse detail = ApplyDetail(s);
  EXPECT_THAT(detail.restore().restored(),
              ElementsAre("Cisco-IOS-XE-native:native/license/smart",
                          "Cisco-IOS-XE-native:native/crypto/Cisco-IOS-XE-crypto:pki/"
                          "trustpoint=SLA-TrustPoint"));
  EXPECT_EQ(detail.restore().left_changed_size(), 0) << "every line sent is in a saved tree";
  EXPECT_EQ(fleet_->DeviceConfig(9), before) << "revocation-check none was not put back";
}

// (c) The deadline runs out mid-apply (the cli-rpc step hangs): the restore still runs, within
// the reserve it kept, and the client gets the outcome before its own deadline.
TEST_F(TransportsTest, DeadlineRunningOutMidApplyStillRestoresWithinTheReserve) {
  const nlohmann::json before = nlohmann::json::parse(fleet_->DeviceConfig(8));
  ASSERT_TRUE(SetFaults(8, R"({"latency_ms":8000,"latency_path":"cli-rpc"})"));
  v1::Transport t = SmartWithProxy("GigabitEthernet1");
  v1::ApplyTransportResponse resp;
  const auto start = std::chrono::steady_clock::now();
  // Reserve: 2 saved trees x 2 s = 4 s; the forward steps get the other 5 s.
  grpc::Status s = Apply(Name(8), t, &resp, std::chrono::seconds(9));
  const auto took = std::chrono::steady_clock::now() - start;
  SetFaults(8, "{}");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("step 2 of 2"));
  EXPECT_LT(took, std::chrono::milliseconds(8500));
  v1::ApplyTransportResponse detail = ApplyDetail(s);
  EXPECT_THAT(detail.restore().restored(),
              ElementsAre("Cisco-IOS-XE-native:native/license/smart",
                          "Cisco-IOS-XE-native:native/ip/Cisco-IOS-XE-http:http/client"));
  EXPECT_EQ(detail.restore().left_changed_size(), 2);
  const nlohmann::json after = nlohmann::json::parse(fleet_->DeviceConfig(8));
  EXPECT_EQ(after["native_smart"], before["native_smart"]);
  EXPECT_EQ(after["cli"]["ip_http_client_source_interface"], "");
}

TEST_F(TransportsTest, CarriedOverReservationIsReportedNeverCreated) {
  v1::ControllerLicensing st = State(Name(4));
  EXPECT_TRUE(st.reservation().installed());
  EXPECT_GT(st.reservation().reservation_time().seconds(), 0);
  bool finding = false;
  for (const auto& f : st.status().findings()) finding |= f.code() == "SLR_CARRIED_OVER";
  EXPECT_TRUE(finding);
  // No API creates a reservation, and the CLI grammar never emits `license smart reservation`:
  // a transport change leaves the reservation in place.
  v1::ApplyTransportResponse resp;
  ASSERT_TRUE(Apply(Name(4), T(v1::TRANSPORT_TYPE_OFFLINE), &resp).ok());
  EXPECT_FALSE(resp.changed());
  EXPECT_TRUE(State(Name(4)).reservation().installed());
}

}  // namespace
}  // namespace wlc::testing
