// sim/restconf_errors.h: RFC 8040 §7 error bodies and the status -> error-tag table.
#include "sim/restconf_errors.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace wlc::sim {
namespace {

TEST(SimRestconfErrorsTest, BodyCarriesEveryGivenMember) {
  RestconfError e;
  e.status = 409;
  e.type = "application";
  e.tag = "in-use";
  e.path = "/Cisco-IOS-XE-native:native/license/smart";
  e.message = "locked";
  e.info_json = R"({"reason":"x"})";
  HttpResponse r = MakeErrorResponse(e);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/yang-data+json");
  nlohmann::json body = nlohmann::json::parse(r.body);
  const nlohmann::json& one = body["ietf-restconf:errors"]["error"].at(0);
  EXPECT_EQ(one["error-type"], "application");
  EXPECT_EQ(one["error-tag"], "in-use");
  EXPECT_EQ(one["error-path"], e.path);
  EXPECT_EQ(one["error-message"], "locked");
  EXPECT_EQ(one["error-info"]["reason"], "x");
}

TEST(SimRestconfErrorsTest, EmptyMembersAndBadInfoAreLeftOut) {
  RestconfError e;
  e.info_json = "{not json";
  nlohmann::json one =
      nlohmann::json::parse(MakeErrorResponse(e).body)["ietf-restconf:errors"]["error"].at(0);
  EXPECT_EQ(one["error-type"], "protocol");
  EXPECT_EQ(one["error-tag"], "invalid-value");
  EXPECT_FALSE(one.contains("error-path"));
  EXPECT_FALSE(one.contains("error-message"));
  EXPECT_FALSE(one.contains("error-info"));
}

TEST(SimRestconfErrorsTest, TagForStatus) {
  struct Case {
    int status;
    const char* tag;
  };
  for (const Case& c :
       {Case{400, "invalid-value"}, Case{401, "access-denied"}, Case{403, "access-denied"},
        Case{404, "invalid-value"}, Case{405, "operation-not-supported"}, Case{409, "in-use"},
        Case{412, "operation-failed"}, Case{413, "too-big"}, Case{501, "operation-not-supported"},
        Case{503, "operation-failed"}, Case{418, "invalid-value"}}) {
    EXPECT_STREQ(ErrorTagForStatus(c.status), c.tag) << c.status;
  }
}

}  // namespace
}  // namespace wlc::sim
