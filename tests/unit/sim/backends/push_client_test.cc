// sim/backends/push_client.h: the URL parsing of the push client (the pushes themselves run over
// loopback in tests/integration/wlcsim_backends_test.cc).
#include "sim/backends/push_client.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace wlc::sim::backends {
namespace {

TEST(BackendsUnitTest, UrlParsing) {
  std::string scheme, host, target;
  uint16_t port = 0;
  ASSERT_TRUE(ParseUrl("http://cslu-local:8182/cslu/v1/pi", &scheme, &host, &port, &target));
  EXPECT_EQ(scheme, "http");
  EXPECT_EQ(host, "cslu-local");
  EXPECT_EQ(port, 8182);
  EXPECT_EQ(target, "/cslu/v1/pi");
  ASSERT_TRUE(ParseUrl("https://[::1]/x", &scheme, &host, &port, &target));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 443);
  EXPECT_FALSE(ParseUrl("ftp://x/", &scheme, &host, &port, &target));
  EXPECT_FALSE(ParseUrl("http://x:99999/", &scheme, &host, &port, &target));
}

}  // namespace
}  // namespace wlc::sim::backends
