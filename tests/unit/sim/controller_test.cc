// sim/controller.h: the fault settings the control API accepts, and the identities derived from
// a fleet index.
#include "sim/controller.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace wlc::sim {
namespace {

using nlohmann::json;

TEST(SimControllerTest, ParseFaultsAcceptsTheDocumentedKeys) {
  Faults f;
  std::string error;
  ASSERT_TRUE(ParseFaults(json::parse(R"({"latency_ms":250,"status":503,"status_path":"cli-rpc",
      "status_skip":1,"status_count":2,"force_401":true,"backend_down":false})"),
                          &f, &error))
      << error;
  EXPECT_EQ(f.latency_ms, 250u);
  EXPECT_EQ(f.status, 503);
  EXPECT_EQ(f.status_path, "cli-rpc");
  EXPECT_EQ(f.status_skip, 1u);
  EXPECT_EQ(f.status_count, 2u);
  EXPECT_TRUE(f.force_401);
  EXPECT_TRUE(f.Any());
  ASSERT_TRUE(ParseFaults(json::object(), &f, &error));
  EXPECT_FALSE(f.Any()) << "absent = off";
}

TEST(SimControllerTest, ParseFaultsRejectsWithoutChanging) {
  for (const char* bad : {R"([])", R"({"status":99})", R"({"status":600})",
                          R"({"latency_ms":3600001})", R"({"latency_ms":-1})", R"({"silent":1})",
                          R"({"nope":true})", R"({"status_count":1000001})"}) {
    Faults f;
    f.latency_ms = 7;
    std::string error;
    EXPECT_FALSE(ParseFaults(json::parse(bad), &f, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
    EXPECT_EQ(f.latency_ms, 7u) << bad;
  }
}

TEST(SimControllerTest, IdentitiesFromTheIndex) {
  EXPECT_EQ(NameForIndex(0), "wlc-00001");
  EXPECT_EQ(NameForIndex(41), "wlc-00042");
  EXPECT_EQ(FormatIpv4(0x7f010001u), "127.1.0.1");
  std::set<std::string> serials;
  for (uint32_t i = 0; i < 1000; ++i) {
    std::string s = SerialForIndex(i);
    ASSERT_EQ(s.size(), 11u);
    EXPECT_EQ(s[0], '9');
    serials.insert(s);
  }
  EXPECT_EQ(serials.size(), 1000u) << "unique per index";
  EXPECT_EQ(SerialForIndex(5), SerialForIndex(5)) << "deterministic";
  EXPECT_STREQ(RumStateCli(RumState::kUnacknowledged), "UNACK");
  EXPECT_STREQ(RumStateYang(RumState::kClosed), "rum-report-state-closed");
}

}  // namespace
}  // namespace wlc::sim
