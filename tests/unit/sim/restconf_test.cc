// sim/restconf.h: one controller's RESTCONF face without a server: basic auth, routing, strict
// writes, version gates and the Date header.
#include "sim/restconf.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/fleet.h"
#include "sim/util.h"
#include "tests/unit/sim/test_controllers.h"

namespace wlc::sim {
namespace {

using nlohmann::json;

constexpr char kSmart[] = "/restconf/data/Cisco-IOS-XE-native:native/license/smart";

class SimRestconfTest : public ::testing::Test {
 protected:
  void SetUp() override { Build("17.12.1"); }
  void Build(const std::string& version) {
    fleet_ = std::make_unique<Fleet>(TestControllers(2, version), kTestFirstAddress,
                                     std::chrono::milliseconds(300),
                                     /*upstream=*/nullptr);
    router_ = std::make_unique<RestconfRouter>(fleet_.get(), "admin", "s3cret-pass");
  }
  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "",
                    const std::string& auth = "Basic " + Base64Encode("admin:s3cret-pass")) {
    Reply r = router_->Handle(0, {method, target, auth, body});
    EXPECT_FALSE(r.silent);
    return r.response;
  }
  std::unique_ptr<Fleet> fleet_;
  std::unique_ptr<RestconfRouter> router_;
};

TEST_F(SimRestconfTest, WrongOrMissingCredentialsAre401WithAChallenge) {
  for (const std::string& auth : {std::string(), "Basic " + Base64Encode("admin:wrong")}) {
    HttpResponse r = Call("GET", kSmart, "", auth);
    EXPECT_EQ(r.status, 401);
    bool challenge = false;
    for (const auto& [name, value] : r.headers) {
      challenge |= name == "WWW-Authenticate" && value == "Basic realm=\"restconf\"";
    }
    EXPECT_TRUE(challenge);
  }
}

TEST_F(SimRestconfTest, PatchThenGetTheSmartContainer) {
  HttpResponse get = Call("GET", kSmart);
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.content_type, "application/yang-data+json");
  EXPECT_EQ(json::parse(get.body)["Cisco-IOS-XE-native:smart"]["transport-type"], "cslu");

  HttpResponse patch = Call("PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":
      {"transport-type":"smart","url":{"default":[null]}}})");
  ASSERT_EQ(patch.status / 100, 2) << patch.body;
  json smart = json::parse(Call("GET", kSmart).body)["Cisco-IOS-XE-native:smart"];
  EXPECT_EQ(smart["transport-type"], "smart");
  EXPECT_TRUE(smart["url"].contains("default"));
  EXPECT_EQ(fleet_->at(1).smart, json::object()) << "the other controller is untouched";

  HttpResponse bad = Call("PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{"bogus":1}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(Call("GET", kSmart).body)["Cisco-IOS-XE-native:smart"]["transport-type"],
            "smart")
      << "a rejected write changes nothing";
}

TEST_F(SimRestconfTest, LicensingStateMethodsAndUnknownPaths) {
  HttpResponse state = Call("GET", "/restconf/data/cisco-smart-license:licensing/state");
  ASSERT_EQ(state.status, 200);
  EXPECT_TRUE(json::parse(state.body).contains("cisco-smart-license:state"));
  EXPECT_EQ(Call("POST", "/restconf/data/cisco-smart-license:licensing/state").status, 405);
  EXPECT_EQ(Call("GET", "/restconf/data/no-such-module:thing").status, 404);
  bool date = false;
  for (const auto& [name, value] : state.headers) date |= name == "Date";
  EXPECT_TRUE(date);
}

TEST_F(SimRestconfTest, JoinedApCountOnlyFrom17101) {
  const std::string path =
      "/restconf/data/Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data";
  EXPECT_EQ(Call("GET", path).status, 200);
  Build("17.9.4");
  EXPECT_EQ(Call("GET", path).status, 404);
}

}  // namespace
}  // namespace wlc::sim
