// sim/options.h: wlcsim's flags, their bounds, and the controllers built from them.
#include "sim/options.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "sim/controller.h"

namespace wlc::sim {
namespace {

ParseResult Parse(std::vector<std::string> args, Options* o, std::string* error) {
  args.insert(args.begin(), "wlcsim");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return ParseOptions(static_cast<int>(argv.size()), argv.data(), o, error);
}

TEST(SimOptionsTest, BothFlagFormsAndDefaults) {
  Options o;
  std::string error;
  ASSERT_EQ(Parse({"--state-dir", "/tmp/x", "--controllers=7", "--upstream", "backends",
                   "--clock-speed=3600", "--listener-per-address"},
                  &o, &error),
            ParseResult::kOk)
      << error;
  EXPECT_EQ(o.state_dir, "/tmp/x");
  EXPECT_EQ(o.controllers, 7u);
  EXPECT_EQ(o.upstream, "backends");
  EXPECT_EQ(o.clock_speed, 3600);
  EXPECT_TRUE(o.listener_per_address);
  EXPECT_EQ(o.version, "17.12.1");
  EXPECT_EQ(o.first_address, "127.1.0.1");
}

TEST(SimOptionsTest, RejectsBadInputWithTheFlagName) {
  struct Case {
    std::vector<std::string> args;
    std::string error_part;
  };
  for (const Case& c : std::vector<Case>{
           {{"--controllers", "3"}, "--state-dir is required"},
           {{"--state-dir=/t", "--controllers=0"}, "at least 1"},
           {{"--state-dir=/t", "--port=65536"}, "--port"},
           {{"--state-dir=/t", "--threads=65"}, "--threads"},
           {{"--state-dir=/t", "--clock-speed=0"}, "--clock-speed"},
           {{"--state-dir=/t", "--upstream=cloud"}, "--upstream"},
           {{"--state-dir=/t", "--version=17.12"}, "--version"},
           {{"--state-dir=/t", "--username=a:b"}, "--username"},
           {{"--state-dir=/t", "--nope=1"}, "--nope"},
           {{"--state-dir=/t", "extra"}, "unexpected argument"},
           {{"--state-dir"}, "missing value for --state-dir"},
       }) {
    Options o;
    std::string error;
    EXPECT_EQ(Parse(c.args, &o, &error), ParseResult::kError) << c.error_part;
    EXPECT_NE(error.find(c.error_part), std::string::npos) << error;
  }
  Options o;
  std::string error;
  EXPECT_EQ(Parse({"--help"}, &o, &error), ParseResult::kHelp);
  EXPECT_NE(UsageText().find("--state-dir"), std::string::npos);
}

TEST(SimOptionsTest, ParseIpv4) {
  uint32_t a = 0;
  ASSERT_TRUE(ParseIpv4("127.1.0.1", &a));
  EXPECT_EQ(a, 0x7f010001u);
  for (const char* bad : {"", "127.1.0", "127.1.0.256", "127.1.0.1.2", "a.b.c.d"}) {
    EXPECT_FALSE(ParseIpv4(bad, &a)) << bad;
  }
}

TEST(SimOptionsTest, BuildControllersFromFlags) {
  Options o;
  o.controllers = 3;
  o.version = "17.9.4";
  o.aps = 12;
  uint32_t first = 0;
  ASSERT_TRUE(ParseIpv4(o.first_address, &first));
  std::vector<Controller> cs;
  std::string error;
  ASSERT_TRUE(BuildControllers(o, first, &cs, &error)) << error;
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[0].name, "wlc-00001");
  EXPECT_EQ(cs[2].name, "wlc-00003");
  EXPECT_EQ(cs[2].address, first + 2);
  EXPECT_EQ(cs[1].version_text, "17.9.4");
  EXPECT_EQ(cs[1].joined_aps, 12u);
  EXPECT_EQ(cs[0].serial.size(), 11u);
  EXPECT_NE(cs[0].serial, cs[1].serial);
}

TEST(SimOptionsTest, BadFleetFileIsAnError) {
  Options o;
  o.fleet_file = ::testing::TempDir() + "/sim_options_test_fleet.json";
  std::ofstream(o.fleet_file) << R"({"not":"an array"})";
  std::vector<Controller> cs;
  std::string error;
  EXPECT_FALSE(BuildControllers(o, 0x7f010001u, &cs, &error));
  EXPECT_NE(error.find("expected a JSON array"), std::string::npos) << error;
  o.fleet_file += ".missing";
  EXPECT_FALSE(BuildControllers(o, 0x7f010001u, &cs, &error));
  EXPECT_NE(error.find("cannot read --fleet file"), std::string::npos) << error;
}

}  // namespace
}  // namespace wlc::sim
