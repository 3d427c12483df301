// ParseRunningConfig: the licensing lines of `get-modelled-config-clis` that no YANG leaf shows.
#include "adapters/common/running_config.h"

#include "gtest/gtest.h"

namespace wlc::adapters {
namespace {

TEST(RunningConfigTest, ReadsTheLinesWithoutYangLeaves) {
  const RunningConfig rc = ParseRunningConfig(
      "hostname wlc-1\n"
      "ip http client secure-trustpoint TP-self-signed-1  \n"
      "ip http client source-interface Vlan10\n"
      "license smart url smart https://onprem.example/SmartTransport\n"
      "crypto pki trustpoint SLA-TrustPoint\n"
      " enrollment pkcs12\n"
      " revocation-check none\n"
      "crypto pki trustpoint TP-self-signed-1\n"
      " revocation-check crl\n");
  EXPECT_EQ(rc.secure_trustpoint, "TP-self-signed-1");
  EXPECT_EQ(rc.source_interface, "Vlan10");
  EXPECT_EQ(rc.url_smart, "https://onprem.example/SmartTransport");
  EXPECT_TRUE(rc.sla_trustpoint);
  EXPECT_EQ(rc.sla_revocation, "none") << "another trustpoint's revocation-check does not count";
}

TEST(RunningConfigTest, AbsentLinesStayEmpty) {
  const RunningConfig rc = ParseRunningConfig(
      "hostname wlc-1\n"
      "crypto pki trustpoint TP-self-signed-1\n"
      " revocation-check none\n"
      " license smart url smart https://nested.example\n");
  EXPECT_TRUE(rc.secure_trustpoint.empty());
  EXPECT_TRUE(rc.source_interface.empty());
  EXPECT_TRUE(rc.url_smart.empty()) << "only a top-level url smart line counts";
  EXPECT_FALSE(rc.sla_trustpoint);
  EXPECT_TRUE(rc.sla_revocation.empty());
  EXPECT_FALSE(ParseRunningConfig("").sla_trustpoint);
}

}  // namespace
}  // namespace wlc::adapters
