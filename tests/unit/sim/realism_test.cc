// Tests of sim/realism.h and of RestconfRouter under the realism knobs.
#include "realism.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "controller.h"
#include "fleet.h"
#include "options.h"
#include "restconf.h"
#include "upstream.h"
#include "util.h"

namespace wlc::sim {
namespace {

using nlohmann::json;

constexpr char kSmart[] = "/restconf/data/Cisco-IOS-XE-native:native/license/smart";
constexpr char kState[] = "/restconf/data/cisco-smart-license:licensing/state";
constexpr char kCli[] = "/restconf/operations/Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc";

TEST(RealismTest, ProfileSwitchesEveryKnobOnAndNoneSwitchesThemOff) {
  Realism r;
  EXPECT_FALSE(r.Any());
  ASSERT_TRUE(ProfileRealism(kProfileIosXe9800, &r));
  EXPECT_EQ(r.latency_p50_ms, 150u);
  EXPECT_EQ(r.latency_p99_ms, 600u);
  EXPECT_EQ(r.max_connections, 2u);
  EXPECT_EQ(r.requests_per_connection, 25u);
  EXPECT_EQ(r.connection_life_s, 180u);
  EXPECT_EQ(r.connection_idle_s, 180u);
  EXPECT_TRUE(r.datastore_lock);
  EXPECT_GT(r.sync_ms, 0u);
  EXPECT_DOUBLE_EQ(r.error_rate, 0.01);
  EXPECT_GT(r.truncate_rate, 0);
  EXPECT_TRUE(r.tls12_only);
  ASSERT_TRUE(ProfileRealism("none", &r));
  EXPECT_FALSE(r.Any());
  EXPECT_FALSE(ProfileRealism("ios-xe-9300", &r));
}

TEST(RealismTest, LatencyDrawsMatchTheirP50AndP99AndRepeatWithTheSeed) {
  Realism r;
  r.latency_p50_ms = 150;
  r.latency_p99_ms = 600;
  RealismState s;
  s.rng = 42;
  std::vector<uint32_t> draws;
  for (int i = 0; i < 20000; ++i) draws.push_back(DrawLatencyMs(r, &s));
  std::vector<uint32_t> sorted = draws;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_NEAR(sorted[10000], 150, 8);
  EXPECT_NEAR(sorted[19800], 600, 60);
  RealismState again;
  again.rng = 42;
  for (int i = 0; i < 100; ++i) ASSERT_EQ(DrawLatencyMs(r, &again), draws[i]);
  r.latency_p99_ms = 0;  // constant
  EXPECT_EQ(DrawLatencyMs(r, &s), 150u);
}

TEST(RealismTest, BadKnobValuesAreRejectedWithTheKey) {
  Realism r;
  bool consumed = false;
  std::string error;
  EXPECT_FALSE(ApplyRealismKey("error_rate", json(1.5), &r, &consumed, &error));
  EXPECT_NE(error.find("error_rate"), std::string::npos);
  EXPECT_FALSE(ApplyRealismKey("max_connections", json("two"), &r, &consumed, &error));
  EXPECT_FALSE(ApplyRealismKey("profile", json("nope"), &r, &consumed, &error));
  EXPECT_NE(error.find(kProfileIosXe9800), std::string::npos);
  EXPECT_TRUE(ApplyRealismKey("version", json("17.9.1"), &r, &consumed, &error));
  EXPECT_FALSE(consumed);
}

TEST(RealismOptionsTest, ProfileFlagThenSingleKnobsWhateverTheOrder) {
  std::vector<std::string> args = {"wlcsim",    "--max-connections", "3",
                                   "--profile", "ios-xe-9800",       "--error-rate",
                                   "0",         "--state-dir",       "/tmp/unused-dir"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  Options o;
  std::string error;
  ASSERT_EQ(ParseOptions(static_cast<int>(argv.size()), argv.data(), &o, &error), ParseResult::kOk)
      << error;
  EXPECT_EQ(o.realism.max_connections, 3u);
  EXPECT_EQ(o.realism.error_rate, 0);
  EXPECT_EQ(o.realism.requests_per_connection, 25u);
  EXPECT_TRUE(o.rsa_2048);

  std::vector<std::string> bad = {"wlcsim", "--truncate-rate", "2", "--state-dir", "/tmp/x"};
  argv.clear();
  for (auto& a : bad) argv.push_back(a.data());
  EXPECT_EQ(ParseOptions(static_cast<int>(argv.size()), argv.data(), &o, &error),
            ParseResult::kError);
}

TEST(RealismOptionsTest, FleetFileProfileAndKnobsPerController) {
  std::string path = ::testing::TempDir() + "/realism_fleet.json";
  std::ofstream(path) << R"([{"index":1,"max_connections":1,"profile":"ios-xe-9800"},
                             {"index":2,"sync_ms":50}])";
  Options o;
  o.controllers = 3;
  o.fleet_file = path;
  std::vector<Controller> cs;
  std::string error;
  ASSERT_TRUE(BuildControllers(o, 0x7f010001, &cs, &error)) << error;
  EXPECT_FALSE(cs[0].realism.Any());
  EXPECT_EQ(cs[1].realism.max_connections, 1u);  // overrides the profile's 2
  EXPECT_EQ(cs[1].realism.requests_per_connection, 25u);
  EXPECT_EQ(cs[2].realism.sync_ms, 50u);
  EXPECT_EQ(cs[2].realism.max_connections, 0u);
  std::ofstream(path) << R"([{"index":0,"max_connections":-1}])";
  EXPECT_FALSE(BuildControllers(o, 0x7f010001, &cs, &error));
  EXPECT_NE(error.find("max_connections"), std::string::npos) << error;
}

class RouterRealismTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options o;
    o.controllers = 2;
    std::vector<Controller> cs;
    std::string error;
    ASSERT_TRUE(BuildControllers(o, 0x7f010001, &cs, &error));
    fleet_ = std::make_unique<Fleet>(std::move(cs), 0x7f010001, std::chrono::milliseconds(10),
                                     &upstream_);
    router_ = std::make_unique<RestconfRouter>(fleet_.get(), "admin", "pw");
  }
  Realism& Knobs(size_t i) { return fleet_->at(i).realism; }
  const RealismCounters& Counters(size_t i) { return fleet_->at(i).realism_counters; }
  Reply Call(size_t i, const std::string& method, const std::string& path, std::string body,
             uint64_t session, uint32_t nth = 1) {
    HttpRequest req;
    req.method = method;
    req.target = path;
    req.authorization = "Basic " + Base64Encode("admin:pw");
    req.body = std::move(body);
    req.session = session;
    req.connection_requests = nth;
    return router_->Handle(i, req);
  }
  static std::string Tag(const Reply& r) {
    json j = json::parse(r.response.body, nullptr, false);
    return j.is_discarded() ? "" : j["ietf-restconf:errors"]["error"][0].value("error-tag", "");
  }
  static std::string Message(const Reply& r) {
    json j = json::parse(r.response.body, nullptr, false);
    return j.is_discarded() ? "" : j["ietf-restconf:errors"]["error"][0].value("error-message", "");
  }
  std::string ProxyPort() {
    return fleet_->at(0).cli.proxy_port == 0 ? "" : std::to_string(fleet_->at(0).cli.proxy_port);
  }
  static std::string CliBody(int port) {
    return R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy port )" +
           std::to_string(port) + "\"}}";
  }

  LocalUpstream upstream_;
  std::unique_ptr<Fleet> fleet_;
  std::unique_ptr<RestconfRouter> router_;
};

TEST_F(RouterRealismTest, AWriteHoldsTheLockForItsLatencyAndAnotherSessionIsDeniedUnapplied) {
  Knobs(0).datastore_lock = true;
  Knobs(0).latency_p50_ms = 300;  // constant: p99 unset
  Reply first = Call(0, "POST", kCli, CliBody(3128), /*session=*/7);
  EXPECT_EQ(first.response.status, 200);
  EXPECT_EQ(first.delay.count(), 300);
  EXPECT_EQ(ProxyPort(), "3128");
  Reply second = Call(0, "POST", kCli, CliBody(8080), /*session=*/8);
  EXPECT_EQ(second.response.status, 409);
  EXPECT_EQ(Tag(second), "lock-denied");
  EXPECT_EQ(Message(second), "the configuration database is locked by session 7");
  EXPECT_EQ(ProxyPort(), "3128");  // not applied
  // Reads are never denied; the holder itself may write on.
  EXPECT_EQ(Call(0, "GET", kState, "", 8).response.status, 200);
  EXPECT_EQ(Call(0, "POST", kCli, CliBody(3129), 7).response.status, 200);
  EXPECT_EQ(Counters(0).lock_denied, 1u);
  EXPECT_EQ(Counters(1).lock_denied, 0u);
}

TEST_F(RouterRealismTest, InjectedLockDeniesDataWritesUntilItClears) {
  fleet_->at(0).realism_state.lock_session = kInjectedLockSession;
  fleet_->at(0).realism_state.lock_until_ms = SteadyNowMs() + 150;
  Reply denied = Call(0, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{}})", 3);
  EXPECT_EQ(denied.response.status, 409);
  EXPECT_EQ(Tag(denied), "lock-denied");
  EXPECT_NE(Message(denied).find(std::to_string(kInjectedLockSession)), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_LT(Call(0, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{}})", 3).response.status,
            300);
}

TEST_F(RouterRealismTest, SyncWindowAfterAChangeRefusesWritesWithInUse) {
  Knobs(0).sync_ms = 150;
  EXPECT_EQ(Call(0, "POST", kCli, CliBody(3128), 1).response.status, 200);
  Reply busy = Call(0, "POST", kCli, CliBody(8080), 1);
  EXPECT_EQ(busy.response.status, 409);
  EXPECT_EQ(Tag(busy), "in-use");
  EXPECT_NE(Message(busy).find("sync in progress"), std::string::npos);
  EXPECT_EQ(ProxyPort(), "3128");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(Call(0, "POST", kCli, CliBody(8080), 1).response.status, 200);
  EXPECT_EQ(ProxyPort(), "8080");
  EXPECT_EQ(Counters(0).sync_denied, 1u);
}

TEST_F(RouterRealismTest, ErrorsAndTruncationsFollowTheRateAndTheSeed) {
  Knobs(0).error_rate = 0.1;
  Knobs(0).truncate_rate = 0.05;
  Knobs(0).seed = 9;
  std::vector<int> first;
  for (int i = 0; i < 2000; ++i) {
    Reply r = Call(0, "GET", kState, "", 1);
    first.push_back(r.response.status * 2 + r.truncate);
    if (r.response.status == 500) {
      ASSERT_EQ(Message(r), "Process DBAL response failed");
      ASSERT_EQ(Tag(r), "operation-failed");
    }
  }
  EXPECT_NEAR(static_cast<double>(Counters(0).injected_500), 200, 50);
  EXPECT_NEAR(static_cast<double>(Counters(0).truncated), 100, 40);
  // Same seed, same sequence.
  fleet_->at(0).realism_state.rng = 0;
  for (int i = 0; i < 2000; ++i) {
    Reply r = Call(0, "GET", kState, "", 1);
    ASSERT_EQ(r.response.status * 2 + r.truncate, first[static_cast<size_t>(i)]) << i;
  }
  // A write answered 500 is not applied.
  Knobs(0).error_rate = 1;
  EXPECT_EQ(Call(0, "POST", kCli, CliBody(4444), 1).response.status, 500);
  EXPECT_EQ(ProxyPort(), "");
}

TEST_F(RouterRealismTest, KeepAliveLimitsAndConnectionCap) {
  Knobs(0).requests_per_connection = 25;
  Knobs(0).connection_life_s = 180;
  Knobs(0).connection_idle_s = 180;
  EXPECT_FALSE(Call(0, "GET", kState, "", 1, 24).close);
  Reply last = Call(0, "GET", kState, "", 1, 25);
  EXPECT_TRUE(last.close);
  EXPECT_EQ(last.idle_timeout_s, 180u);
  HttpRequest old;
  old.method = "GET";
  old.target = kState;
  old.connection_age_ms = 181000;
  EXPECT_TRUE(router_->Handle(0, old).close);
  EXPECT_EQ(Counters(0).closed_after_requests, 1u);
  EXPECT_EQ(Counters(0).closed_life, 1u);

  Knobs(0).max_connections = 2;
  EXPECT_TRUE(router_->OpenConnection(0).admitted);
  EXPECT_TRUE(router_->OpenConnection(0).admitted);
  EXPECT_FALSE(router_->OpenConnection(0).admitted);
  EXPECT_TRUE(router_->OpenConnection(1).admitted);  // its own cap (none)
  router_->CloseConnection(0, /*idle=*/true);
  EXPECT_TRUE(router_->OpenConnection(0).admitted);
  EXPECT_EQ(Counters(0).max_connections_seen, 2u);
  EXPECT_EQ(Counters(0).connections_refused, 1u);
  EXPECT_EQ(Counters(0).closed_idle, 1u);
}

TEST_F(RouterRealismTest, ResetFaultHitsEveryRequestOfAKeptAliveConnection) {
  fleet_->at(0).faults.reset = true;
  EXPECT_TRUE(Call(0, "GET", kState, "", 1, 5).reset);
  EXPECT_EQ(Counters(0).resets, 1u);
  EXPECT_FALSE(Call(1, "GET", kState, "", 1, 5).reset);
}

}  // namespace
}  // namespace wlc::sim
