// sim/native_trees.h: ip http client and SLA-TrustPoint, the native subtrees an apply saves and
// restores, backed by the fields the cli-rpc sets.
#include "sim/native_trees.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/controller.h"
#include "tests/unit/sim/test_controllers.h"

namespace wlc::sim {
namespace {

using nlohmann::json;

Controller AtVersion(const std::string& version) { return TestControllers(1, version).at(0); }

HttpResponse Call(Controller& c, const char* path, const char* method, const std::string& body) {
  std::optional<HttpResponse> r = RouteNativeTree(c, path, {method, path, "", body});
  EXPECT_TRUE(r.has_value()) << path;
  return r.value_or(HttpResponse{});
}

std::string ErrorTag(const HttpResponse& r) {
  return json::parse(r.body)["ietf-restconf:errors"]["error"].at(0)["error-tag"];
}

TEST(SimNativeTreesTest, OtherPathsAreNotAnswered) {
  Controller c = AtVersion("17.12.1");
  EXPECT_FALSE(RouteNativeTree(c, "/restconf/data/Cisco-IOS-XE-native:native/license/smart",
                               {"GET", "", "", ""}));
}

TEST(SimNativeTreesTest, HttpClientPutGetPatchDelete) {
  Controller c = AtVersion("17.12.1");
  EXPECT_EQ(Call(c, kHttpClientPath, "GET", "").status, 404) << "no empty container";
  ASSERT_EQ(Call(c, kHttpClientPath, "PUT",
                 R"({"Cisco-IOS-XE-http:client":{"source-interface":"Vlan10"}})")
                .status,
            204);
  EXPECT_EQ(c.cli.http_client_source_interface, "Vlan10");
  ASSERT_EQ(Call(c, kHttpClientPath, "PATCH",
                 R"({"Cisco-IOS-XE-http:client":{"secure-trustpoint":"TP1"}})")
                .status,
            204);
  HttpResponse get = Call(c, kHttpClientPath, "GET", "");
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(json::parse(get.body), json::parse(R"({"Cisco-IOS-XE-http:client":
      {"secure-trustpoint":"TP1","source-interface":"Vlan10"}})"));
  EXPECT_EQ(Call(c, kHttpClientPath, "DELETE", "").status, 204);
  EXPECT_EQ(c.cli.http_client_secure_trustpoint, "");
  EXPECT_EQ(Call(c, kHttpClientPath, "DELETE", "").status, 404);
}

TEST(SimNativeTreesTest, StrictBodies) {
  Controller c = AtVersion("17.12.1");
  HttpResponse unknown =
      Call(c, kHttpClientPath, "PUT", R"({"Cisco-IOS-XE-http:client":{"proxy":"p"}})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(ErrorTag(unknown), "unknown-element");
  EXPECT_EQ(ErrorTag(Call(c, kHttpClientPath, "PUT", "{not json")), "malformed-message");
  EXPECT_EQ(Call(c, kHttpClientPath, "POST", "{}").status, 405);
  HttpResponse bad_enum = Call(c, kSlaTrustpointPath, "PATCH",
                               R"({"Cisco-IOS-XE-crypto:trustpoint":
      [{"id":"SLA-TrustPoint","revocation-check":["maybe"]}]})");
  EXPECT_EQ(bad_enum.status, 400);
  EXPECT_EQ(ErrorTag(bad_enum), "invalid-value");
  HttpResponse no_key =
      Call(c, kSlaTrustpointPath, "PUT",
           R"({"Cisco-IOS-XE-crypto:trustpoint":[{"revocation-check":["none"]}]})");
  EXPECT_EQ(ErrorTag(no_key), "missing-element");
}

TEST(SimNativeTreesTest, SlaTrustpointDefaultsToCrl) {
  Controller c = AtVersion("17.12.1");
  auto revocation = [&c] {
    return json::parse(Call(c, kSlaTrustpointPath, "GET", "")
                           .body)["Cisco-IOS-XE-crypto:trustpoint"][0]["revocation-check"];
  };
  EXPECT_EQ(revocation(), json::array({"crl"}));
  ASSERT_EQ(Call(c, kSlaTrustpointPath, "PATCH",
                 R"({"Cisco-IOS-XE-crypto:trustpoint":
      [{"id":"SLA-TrustPoint","revocation-check":["none"]}]})")
                .status,
            204);
  EXPECT_EQ(c.cli.sla_trustpoint_revocation_check, "none");
  EXPECT_EQ(revocation(), json::array({"none"}));
}

TEST(SimNativeTreesTest, NotModelledBefore1791) {
  Controller c = AtVersion("17.6.1");
  EXPECT_EQ(Call(c, kHttpClientPath, "GET", "").status, 404);
  EXPECT_EQ(Call(c, kHttpClientPath, "PUT",
                 R"({"Cisco-IOS-XE-http:client":{"source-interface":"Vlan10"}})")
                .status,
            404);
  EXPECT_EQ(c.cli.http_client_source_interface, "");
}

}  // namespace
}  // namespace wlc::sim
