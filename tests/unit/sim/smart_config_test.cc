// sim/smart_config.h: the native `license smart` container checked against the YANG, merged as
// RFC 8040 does, and rendered for GET.
#include "sim/smart_config.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace wlc::sim {
namespace {

using nlohmann::json;

TEST(SimSmartConfigTest, ParseNormalizesPrefixesAndChecksLeaves) {
  json out;
  RestconfError error;
  ASSERT_TRUE(ParseSmartConfig(json::parse(R"({"Cisco-IOS-XE-native:transport-type":"smart",
      "url":{"default":[null]},"usage":{"interval":30}})"),
                               &out, &error))
      << error.message;
  EXPECT_EQ(out, json::parse(R"({"transport-type":"smart","url":{"default":[null]},
      "usage":{"interval":30}})"));

  struct Case {
    const char* body;
    const char* tag;
    const char* path_part;
  };
  for (const Case& c : {
           Case{R"({"transport-type":"carrier"})", "invalid-value", "transport-type"},
           Case{R"({"usage":{"interval":366}})", "invalid-value", "interval"},
           Case{R"({"url":{"default":true}})", "invalid-value", "default"},
           Case{R"({"url":{"cslu":"not a uri"}})", "invalid-value", "cslu"},
           Case{R"({"url":{"default":[null],"name":"x"}})", "invalid-value", "url"},
           Case{R"({"proxy":{"address":"p"}})", "unknown-element", "proxy"},
           Case{R"({"usage":{"customer-tags":{"tag1":""}}})", "invalid-value", "tag1"},
       }) {
    RestconfError e;
    EXPECT_FALSE(ParseSmartConfig(json::parse(c.body), &out, &e)) << c.body;
    EXPECT_EQ(e.status, 400) << c.body;
    EXPECT_EQ(e.tag, c.tag) << c.body;
    EXPECT_NE(e.path.find(c.path_part), std::string::npos) << c.body << " -> " << e.path;
  }
}

TEST(SimSmartConfigTest, MergeReplacesTheOtherCaseOfTheUrlChoice) {
  json config = json::parse(R"({"transport-type":"smart","url":{"default":[null]}})");
  MergeSmartConfig(json::parse(R"({"url":{"name":"https://receiver.example/x"}})"), &config);
  EXPECT_EQ(config["url"], json::parse(R"({"name":"https://receiver.example/x"})"));
  EXPECT_EQ(config["transport-type"], "smart");
  SetUrlDefault(&config);
  EXPECT_EQ(config["url"], json::parse(R"({"default":[null]})"));
}

TEST(SimSmartConfigTest, RenderDropsEmptyContainersAndDefaultsTheTransport) {
  json config = json::parse(R"({"privacy":{},"usage":{"customer-tags":{}}})");
  EXPECT_EQ(SmartTransport(config), "cslu");
  EXPECT_EQ(RenderSmartConfig(config), json::parse(R"({"transport-type":"cslu"})"));
  config["transport-type"] = "Off";
  EXPECT_EQ(SmartTransport(config), "Off");
}

}  // namespace
}  // namespace wlc::sim
