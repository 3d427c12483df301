// The service against controllers that behave like IOS-XE (wlcsim's ios-xe-9800 profile: 150 ms
// p50 / 600 ms p99 latency, 2 connections, 25 requests a connection, a datastore lock and a sync
// window after each change, transient DBAL 500s and truncated bodies — here at 5 % and 2 %, more
// than the profile's, so a short test meets them): every read succeeds through them, a write lands
// once the lock clears, and no controller ever sees more connections than it allows.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/harness.h"
#include "wlc/licensing/v1/fleet.grpc.pb.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using nlohmann::json;

class RealisticProfileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("realistic-profile"));
    fleet_ = StartFleet({"--controllers", "6", "--profile", "ios-xe-9800", "--error-rate", "0.05",
                         "--truncate-rate", "0.02", "--seed", "7"})
                 .release();
    ASSERT_NE(fleet_, nullptr);
    json cfg = ConfigForFleet(
        *fleet_, WriteProfile(*dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    cfg["request_deadline_seconds"] = 60;
    service_ = StartService(*dir_, cfg).release();
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(*dir_ + "/licensingd.log");
    stub_ = v1::FleetService::NewStub(
                grpc::CreateChannel(absl::StrCat("127.0.0.1:", service_->grpc_port),
                                    grpc::InsecureChannelCredentials()))
                .release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete service_;
    delete fleet_;
  }
  static std::string Name(int i) { return fleet_->controller(i)["name"]; }
  static json Counters(int i) {
    return json::parse(fleet_->ControlGet("/controllers/" + Name(i) + "/requests"));
  }

  template <typename Response, typename Reader>
  static std::map<std::string, v1::ControllerResult> Drain(Reader reader) {
    std::map<std::string, v1::ControllerResult> results;
    Response resp;
    while (reader->Read(&resp)) {
      if (resp.event().has_result())
        results[resp.event().result().controller()] = resp.event().result();
    }
    EXPECT_TRUE(reader->Finish().ok());
    return results;
  }

  static std::string* dir_;
  static Fleet* fleet_;
  static Service* service_;
  static v1::FleetService::Stub* stub_;
};

std::string* RealisticProfileTest::dir_ = nullptr;
Fleet* RealisticProfileTest::fleet_ = nullptr;
Service* RealisticProfileTest::service_ = nullptr;
v1::FleetService::Stub* RealisticProfileTest::stub_ = nullptr;

TEST_F(RealisticProfileTest, EveryReadSucceedsThroughTransientFailuresAndConnectionCloses) {
  for (int round = 0; round < 8; ++round) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::ListLicensingStatesRequest req;
    req.mutable_selector()->set_all(true);
    auto results = Drain<v1::ListLicensingStatesResponse>(stub_->ListLicensingStates(&ctx, req));
    ASSERT_EQ(results.size(), 6u);
    for (const auto& [name, r] : results) {
      EXPECT_EQ(r.code(), 0) << "round " << round << " " << name << ": " << r.message();
    }
  }
  int injected = 0, closes = 0;
  for (int i = 0; i < 6; ++i) {
    json c = Counters(i);
    injected += c["injected_500"].get<int>() + c["truncated"].get<int>();
    closes += c["closed_after_requests"].get<int>();
    EXPECT_LE(c["max_connections_seen"].get<int>(), 2) << Name(i) << ": " << c;
    EXPECT_EQ(c["connections_refused"].get<int>(), 0) << Name(i) << ": " << c;
  }
  // 8 rounds x 6 controllers x 3 GETs = 144 requests: the faults did happen and were got round.
  EXPECT_GT(injected, 0);
  EXPECT_GT(closes, 0) << "25-request closes";
}

TEST_F(RealisticProfileTest, AWriteLandsOnceTheDatastoreLockClears) {
  // A 500 of a write is ambiguous (the controller may have applied it), so it is never retried:
  // this controller keeps the lock and the sync window but answers no random 500s.
  fleet_->ControlPost("/controllers/" + Name(0) + "/realism",
                      R"({"error_rate":0,"truncate_rate":0})");
  // Another session holds the configuration for 1.5 s; the apply starts at once.
  fleet_->ControlPost("/controllers/" + Name(0) + "/lock", R"({"seconds":1.5})");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::ApplyTransportsRequest req;
  req.mutable_selector()->add_names(Name(0));
  req.mutable_desired()->set_type(v1::TRANSPORT_TYPE_OFFLINE);
  auto results = Drain<v1::ApplyTransportsResponse>(stub_->ApplyTransports(&ctx, req));
  ASSERT_EQ(results.size(), 1u);
  const v1::ControllerResult& r = results.begin()->second;
  EXPECT_EQ(r.code(), 0) << r.message();
  EXPECT_TRUE(r.apply().changed());
  EXPECT_THAT(fleet_->DeviceConfig(0), ::testing::HasSubstr("\"transport-type\":\"Off\""))
      << fleet_->DeviceConfig(0);
  json c = Counters(0);
  EXPECT_GT(c["lock_denied"].get<int>() + c["sync_denied"].get<int>(), 0) << c;
  EXPECT_LE(c["max_connections_seen"].get<int>(), 2) << c;
}

}  // namespace
}  // namespace wlc::testing
