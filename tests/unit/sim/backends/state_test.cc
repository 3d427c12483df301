// sim/backends/state.h: UDI parsing and the id-token lifecycle of the mock back ends' state.
#include "sim/backends/state.h"

#include <gtest/gtest.h>

#include <string>

namespace wlc::sim::backends {
namespace {

TEST(BackendsUnitTest, UdiParsing) {
  Udi u;
  ASSERT_TRUE(ParseUdi("P:C9800-CL-K9,S:9NTUEA8FIIH", &u));
  EXPECT_EQ(u.pid, "C9800-CL-K9");
  EXPECT_EQ(u.sn, "9NTUEA8FIIH");
  ASSERT_TRUE(ParseUdi("PID:C9800-L-F-K9,SN:FCL1234", &u));
  EXPECT_EQ(u.Key(), "P:C9800-L-F-K9,S:FCL1234");
  EXPECT_FALSE(ParseUdi("C9800", &u));
}

TEST(BackendsUnitTest, TokenLifecycleInState) {
  BackendState s;
  s.AddAccount("a", {"v"});
  EXPECT_FALSE(s.CreateIdToken("a", "nope", 30, ""));
  EXPECT_FALSE(s.CreateIdToken("a", "v", 0, ""));
  EXPECT_FALSE(s.CreateIdToken("a", "v", 366, ""));
  auto t = s.CreateIdToken("a", "v", 30, "d", false, 2);
  ASSERT_TRUE(t);
  Udi a{"C9800-CL-K9", "A"}, b{"C9800-CL-K9", "B"};
  EXPECT_TRUE(s.RedeemIdToken(t->token, {a}, false, 0).ok);
  EXPECT_EQ(s.GetTokenState(t->token), TokenState::kValid);  // 2 uses
  EXPECT_TRUE(s.RedeemIdToken(t->token, {b}, false, 0).ok);
  EXPECT_EQ(s.GetTokenState(t->token), TokenState::kUsed);
  EXPECT_NE(s.GetProductInstance(a.Key())->piid, s.GetProductInstance(b.Key())->piid);
}

}  // namespace
}  // namespace wlc::sim::backends
