// sim/cli_config.h: the config-mode CLI subset wlcsim accepts (all or nothing) and the running
// configuration it reads back.
#include "sim/cli_config.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/controller.h"
#include "tests/unit/sim/test_controllers.h"

namespace wlc::sim {
namespace {

Controller OneController() { return TestControllers(1, "17.12.1").at(0); }

TEST(SimCliConfigTest, AppliesAcceptedLinesAndReadsThemBack) {
  Controller c = OneController();
  CliOutcome out = ApplyConfigClis(
      "license smart proxy address proxy.example.com\n"
      "license smart proxy port 8080\n"
      "ip http client source-interface Vlan10\n"
      "crypto pki trustpoint SLA-TrustPoint\n"
      " revocation-check none\n"
      " exit\n",
      &c);
  ASSERT_TRUE(out.ok) << out.lineno << ": " << out.bad_line;
  EXPECT_EQ(c.cli.proxy_address, "proxy.example.com");
  EXPECT_EQ(c.cli.proxy_port, 8080);
  EXPECT_EQ(c.cli.http_client_source_interface, "Vlan10");
  EXPECT_EQ(c.cli.sla_trustpoint_revocation_check, "none");
  std::string running = RunningConfigClis(c);
  EXPECT_EQ(running.rfind("hostname wlc-00001\n", 0), 0u) << running;
  EXPECT_NE(running.find("license smart proxy address proxy.example.com\n"), std::string::npos);
  EXPECT_NE(running.find("license smart proxy port 8080\n"), std::string::npos);

  ASSERT_TRUE(
      ApplyConfigClis("no license smart proxy address\nno license smart proxy port", &c).ok);
  EXPECT_EQ(c.cli.proxy_address, "");
  EXPECT_EQ(c.cli.proxy_port, 0);
  EXPECT_EQ(RunningConfigClis(c).find("proxy"), std::string::npos);
}

TEST(SimCliConfigTest, OneBadLineRejectsTheWholeRequest) {
  Controller c = OneController();
  struct Case {
    std::string clis;
    int lineno;
  };
  for (const Case& k : std::vector<Case>{
           {"license smart proxy address proxy.example.com\nshow version", 2},
           {"license smart proxy port 0", 1},
           {"license smart proxy port 65536", 1},
           {"license smart usage interval 366", 1},
           {"license smart transport carrier-pigeon", 1},
           {"license smart proxy address a\rb", 1},
           {"revocation-check none", 1},
       }) {
    CliOutcome out = ApplyConfigClis(k.clis, &c);
    EXPECT_FALSE(out.ok) << k.clis;
    EXPECT_EQ(out.lineno, k.lineno) << k.clis;
    EXPECT_EQ(c.cli.proxy_address, "") << "nothing applied: " << k.clis;
  }
}

}  // namespace
}  // namespace wlc::sim
