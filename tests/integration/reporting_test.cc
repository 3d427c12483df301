// Usage reporting through the real path with wlcsim's mock Cisco back ends (--upstream backends):
// each online transport from plan to "report acknowledged", service-relayed reporting for an
// air-gapped controller (including an interrupted run repeated), the export/import bundle for a
// full air gap, id-token minting through the CSSM API, and the upstream failure paths.
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/harness.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class ReportingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("reporting-test"));
    fleet_ = StartFleet({"--controllers", "6", "--upstream", "backends"}).release();
    ASSERT_NE(fleet_, nullptr) << "wlcsim did not start";
    const json& b = fleet_->manifest["backends"];
    WriteFile(*dir_ + "/api.json", b["api_client"].dump());
    WriteFile(*dir_ + "/bad-api.json",
              R"({"client_id":"wlcsim-api-client","client_secret":"Not-The-Secret-42"})");
    json cfg = ConfigForFleet(
        *fleet_, WriteProfile(*dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    cfg["upstreams"] = {{"cssm",
                         {{"kind", "cssm"},
                          {"base_url", b["urls"]["cssm_api"]},
                          {"account", b["account"]},
                          {"virtual_account", b["virtual_account"]},
                          {"credentials_file", "api.json"},
                          {"ca_file", b["ca_file"]}}},
                        {"onprem",
                         {{"kind", "onprem"},
                          {"base_url", b["urls"]["onprem_api"]},
                          {"account", b["onprem_tenant"]},
                          {"virtual_account", "Default"},
                          {"credentials_file", "api.json"},
                          {"ca_file", b["ca_file"]}}},
                        {"cssm-badsecret",
                         {{"kind", "cssm"},
                          {"base_url", b["urls"]["cssm_api"]},
                          {"account", b["account"]},
                          {"virtual_account", b["virtual_account"]},
                          {"credentials_file", "bad-api.json"},
                          {"ca_file", b["ca_file"]}}},
                        {"cssm-down",
                         {{"kind", "cssm"},
                          {"base_url", "https://127.0.0.1:1"},
                          {"account", b["account"]},
                          {"virtual_account", b["virtual_account"]},
                          {"credentials_file", "api.json"},
                          {"ca_file", b["ca_file"]}}}};
    service_ = StartService(*dir_, cfg).release();
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(*dir_ + "/licensingd.log");
  }
  static void TearDownTestSuite() {
    delete service_;
    delete fleet_;
  }

  static std::string Name(int i) { return fleet_->controller(i)["name"]; }

  static grpc::Status Apply(const std::string& c, const v1::Transport& t) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::ApplyTransportRequest req;
    req.set_controller(c);
    *req.mutable_desired() = t;
    v1::ApplyTransportResponse resp;
    return service_->stub->ApplyTransport(&ctx, req, &resp);
  }

  static grpc::Status Trust(const std::string& c, const std::string& token,
                            const std::string& mint = "") {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
    v1::EstablishTrustRequest req;
    req.set_controller(c);
    req.set_id_token(token);
    req.set_mint_from_upstream(mint);
    req.set_scope(v1::TRUST_SCOPE_ALL);
    v1::EstablishTrustResponse resp;
    return service_->stub->EstablishTrust(&ctx, req, &resp);
  }

  static v1::ControllerLicensing State(const std::string& c) {
    grpc::ClientContext ctx;
    v1::GetLicensingStateRequest req;
    req.set_controller(c);
    v1::GetLicensingStateResponse resp;
    grpc::Status s = service_->stub->GetLicensingState(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.licensing();
  }

  static grpc::Status Relay(const std::string& c, const std::string& upstream, int deadline_ms,
                            v1::RelayUsageResponse* out) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
    v1::RelayUsageRequest req;
    req.set_controller(c);
    req.set_upstream(upstream);
    return service_->stub->RelayUsage(&ctx, req, out);
  }

  // Advances wlcsim's clock until the controller shows an ACK (the push and poll happen inside
  // wlcsim, over HTTPS to the mock back ends); returns the ACK time.
  static int64_t WaitForAck(const std::string& c) {
    for (int i = 0; i < 40; ++i) {
      v1::ControllerLicensing st = State(c);
      if (st.usage().last_ack_time().seconds() > 0) return st.usage().last_ack_time().seconds();
      fleet_->ControlPost("/clock", R"({"advance_seconds":86400})");
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return 0;
  }

  static std::string* dir_;
  static Fleet* fleet_;
  static Service* service_;
};

std::string* ReportingTest::dir_ = nullptr;
Fleet* ReportingTest::fleet_ = nullptr;
Service* ReportingTest::service_ = nullptr;

TEST_F(ReportingTest, EachOnlineTransportReachesReportAcknowledged) {
  const json& urls = fleet_->manifest["backends"]["urls"];
  struct Case {
    int controller;
    v1::Transport transport;
    bool trust;
  };
  v1::Transport smart;
  smart.set_type(v1::TRANSPORT_TYPE_SMART);
  v1::Transport cslu;
  cslu.set_type(v1::TRANSPORT_TYPE_CSLU);
  cslu.set_url(urls["cslu"].get<std::string>());
  v1::Transport onprem;
  onprem.set_type(v1::TRANSPORT_TYPE_ONPREM);
  onprem.set_url(urls["onprem_cslu"].get<std::string>());
  onprem.set_sla_revocation_check_none(true);
  for (const Case& c : {Case{0, smart, true}, Case{1, cslu, false}}) {
    SCOPED_TRACE(v1::TransportType_Name(c.transport.type()));
    grpc::Status s = Apply(Name(c.controller), c.transport);
    ASSERT_TRUE(s.ok()) << s.error_message();
    if (c.trust) {
      s = Trust(Name(c.controller), "wlcsim-valid-report-" + std::to_string(c.controller));
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    EXPECT_GT(WaitForAck(Name(c.controller)), 0) << "no ACK reached the controller";
    v1::ControllerLicensing st = State(Name(c.controller));
    EXPECT_GT(st.usage().ack_deadline().seconds(), st.usage().last_ack_time().seconds());
  }
  // On-Prem: trust must be minted by On-Prem itself (its tokens are its own).
  grpc::Status s = Apply(Name(2), onprem);
  ASSERT_TRUE(s.ok()) << s.error_message();
  s = Trust(Name(2), "", "onprem");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(WaitForAck(Name(2)), 0) << "no ACK from SSM On-Prem";
}

TEST_F(ReportingTest, RelayForAnAirGappedControllerIsRepeatableAndLosesNothing) {
  const std::string c = Name(3);
  v1::Transport off;
  off.set_type(v1::TRANSPORT_TYPE_OFFLINE);
  ASSERT_TRUE(Apply(c, off).ok());
  fleet_->ControlPost("/clock", R"({"advance_seconds":172800})");

  // Interrupted: the deadline ends while the upstream still prepares the ACK.
  v1::RelayUsageResponse first;
  grpc::Status s = Relay(c, "cssm", 700, &first);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s.error_message();
  // Repeated: the same reports are still unreported on the controller; the run completes.
  v1::RelayUsageResponse second;
  s = Relay(c, "cssm", 20000, &second);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_GT(second.collected_report_ids_size(), 0);
  std::set<uint64_t> collected(second.collected_report_ids().begin(),
                               second.collected_report_ids().end());
  std::set<uint64_t> acked(second.acknowledged_report_ids().begin(),
                           second.acknowledged_report_ids().end());
  EXPECT_EQ(acked, collected);
  EXPECT_EQ(acked.size(), static_cast<size_t>(second.acknowledged_report_ids_size()))
      << "an id twice";
  EXPECT_GT(State(c).usage().last_ack_time().seconds(), 0);

  // A third run finds nothing of the earlier reports left to report.
  v1::RelayUsageResponse third;
  ASSERT_TRUE(Relay(c, "cssm", 20000, &third).ok());
  for (uint64_t id : third.collected_report_ids()) EXPECT_EQ(collected.count(id), 0u) << id;
}

TEST_F(ReportingTest, FullAirGapExportsABundleAndImportsTheAck) {
  const std::string c = Name(4);
  v1::Transport off;
  off.set_type(v1::TRANSPORT_TYPE_OFFLINE);
  ASSERT_TRUE(Apply(c, off).ok());
  fleet_->ControlPost("/clock", R"({"advance_seconds":172800})");

  grpc::ClientContext ectx;
  v1::ExportUsageRequest ereq;
  ereq.add_controllers(c);
  v1::ExportUsageResponse exported;
  ASSERT_TRUE(service_->stub->ExportUsage(&ectx, ereq, &exported).ok());
  ASSERT_EQ(exported.outcomes_size(), 1);
  ASSERT_EQ(exported.outcomes(0).code(), 0) << exported.outcomes(0).message();
  ASSERT_GT(exported.outcomes(0).report_ids_size(), 0);
  json bundle = json::parse(exported.bundle());
  EXPECT_EQ(bundle["bundle_type"], "RUM_USAGE");

  // The person at the air gap uploads the bundle to CSSM and downloads the ACK (here with curl
  // against the mock CSSM API).
  const json& b = fleet_->manifest["backends"];
  const std::string api = b["urls"]["cssm_api"];
  const std::string ca = b["ca_file"];
  const std::string tok_file = *dir_ + "/tok.json";
  std::system(absl::StrCat("curl -s --cacert ", ca, " -d 'grant_type=client_credentials&client_id=",
                           b["api_client"]["client_id"].get<std::string>(),
                           "&client_secret=", b["api_client"]["client_secret"].get<std::string>(),
                           "' ", api, "/oauth2/default/v1/token -o ", tok_file)
                  .c_str());
  const std::string bearer = json::parse(ReadFileOrEmpty(tok_file))["access_token"];
  const std::string va =
      absl::StrCat(api, "/services/api/smart-accounts-and-licensing/v2/accounts/",
                   b["account"].get<std::string>(), "/virtual-accounts/",
                   b["virtual_account"].get<std::string>());
  WriteFile(*dir_ + "/bundle.json", exported.bundle());
  std::system(absl::StrCat("curl -s --cacert ", ca, " -H 'Authorization: Bearer ", bearer,
                           "' -H 'Content-Type: application/json' --data-binary @", *dir_,
                           "/bundle.json ", va, "/usage -o ", *dir_, "/poll.json")
                  .c_str());
  const std::string poll_id = json::parse(ReadFileOrEmpty(*dir_ + "/poll.json"))["pollId"];
  json ack_bundle;
  for (int i = 0; i < 40 && ack_bundle.is_null(); ++i) {
    std::system(absl::StrCat("curl -s --cacert ", ca, " -H 'Authorization: Bearer ", bearer, "' ",
                             va, "/usage/", poll_id, " -o ", *dir_, "/ack.json")
                    .c_str());
    json answer = json::parse(ReadFileOrEmpty(*dir_ + "/ack.json"), nullptr, false);
    if (!answer.is_discarded() && answer.value("status", "") == "COMPLETE")
      ack_bundle = answer["ackBundle"];
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_FALSE(ack_bundle.is_null()) << "the mock CSSM produced no ACK";

  grpc::ClientContext ictx;
  v1::ImportAcknowledgementsRequest ireq;
  ireq.set_bundle(ack_bundle.dump());
  v1::ImportAcknowledgementsResponse imported;
  grpc::Status s = service_->stub->ImportAcknowledgements(&ictx, ireq, &imported);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(imported.outcomes_size(), 1);
  EXPECT_EQ(imported.outcomes(0).controller(), c);
  EXPECT_EQ(imported.outcomes(0).code(), 0) << imported.outcomes(0).message();
  std::set<uint64_t> want(exported.outcomes(0).report_ids().begin(),
                          exported.outcomes(0).report_ids().end());
  std::set<uint64_t> got(imported.outcomes(0).report_ids().begin(),
                         imported.outcomes(0).report_ids().end());
  EXPECT_EQ(got, want);
  EXPECT_GT(State(c).usage().last_ack_time().seconds(), 0);

  // Not an ACK bundle: refused, nothing imported.
  grpc::ClientContext bctx;
  v1::ImportAcknowledgementsRequest bad;
  bad.set_bundle("{\"bundle_type\":\"RUM_USAGE\"}");
  EXPECT_EQ(service_->stub->ImportAcknowledgements(&bctx, bad, &imported).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ReportingTest, TrustIsOneCallWithAMintedToken) {
  v1::Transport smart;
  smart.set_type(v1::TRANSPORT_TYPE_SMART);
  ASSERT_TRUE(Apply(Name(5), smart).ok());
  grpc::Status s = Trust(Name(5), "", "cssm");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(State(Name(5)).trust().codes(0).installed());
}

TEST_F(ReportingTest, UpstreamFailuresHavePreciseCodes) {
  v1::RelayUsageResponse r;
  EXPECT_EQ(Relay(Name(3), "no-such-upstream", 5000, &r).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Relay(Name(3), "", 5000, &r).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Produce something to upload, so the upstream is actually contacted.
  fleet_->ControlPost("/clock", R"({"advance_seconds":172800})");
  grpc::Status s = Relay(Name(3), "cssm-badsecret", 5000, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  EXPECT_THAT(s.error_message(), Not(HasSubstr("Not-The-Secret-42")));
  s = Relay(Name(3), "cssm-down", 5000, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_EQ(Trust(Name(5), "", "cssm-down").error_code(), grpc::StatusCode::UNAVAILABLE);
  const std::string log = ReadFileOrEmpty(service_->log_path);
  EXPECT_THAT(log, Not(HasSubstr("Not-The-Secret-42")));
  EXPECT_THAT(log,
              Not(HasSubstr(
                  fleet_->manifest["backends"]["api_client"]["client_secret"].get<std::string>())));
}

}  // namespace
}  // namespace wlc::testing
