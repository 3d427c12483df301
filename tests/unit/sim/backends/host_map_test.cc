// sim/backends/host_map.h: name -> loopback endpoint, DNS failures and non-loopback addresses.
#include "sim/backends/host_map.h"

#include <gtest/gtest.h>

namespace wlc::sim::backends {
namespace {

TEST(BackendsUnitTest, HostMap) {
  HostMap m;
  HostEndpoint ep;
  m.Set("SmartReceiver.Cisco.com", {"127.0.0.1", 4443});
  EXPECT_EQ(m.Resolve("smartreceiver.cisco.com", 443, &ep), ResolveStatus::kOk);
  EXPECT_EQ(ep.port, 4443);
  m.Set("cslu-local:8182", {"127.0.0.2", 9000});
  m.Set("cslu-local", {"127.0.0.3", 0});
  EXPECT_EQ(m.Resolve("cslu-local", 8182, &ep), ResolveStatus::kOk);
  EXPECT_EQ(ep.address, "127.0.0.2");
  EXPECT_EQ(m.Resolve("cslu-local", 80, &ep), ResolveStatus::kOk);
  EXPECT_EQ(ep.address, "127.0.0.3");
  EXPECT_EQ(ep.port, 80);
  EXPECT_EQ(m.Resolve("127.0.0.9", 8182, &ep), ResolveStatus::kOk);
  EXPECT_EQ(m.Resolve("10.0.0.1", 443, &ep), ResolveStatus::kUnreachable);
  EXPECT_EQ(m.Resolve("unknown.example", 443, &ep), ResolveStatus::kDnsFailure);
  m.Set("evil.example", {"8.8.8.8", 53});
  EXPECT_EQ(m.Resolve("evil.example", 53, &ep), ResolveStatus::kUnreachable);
  m.SetDnsFailure("smartreceiver.cisco.com", true);
  EXPECT_EQ(m.Resolve("smartreceiver.cisco.com", 443, &ep), ResolveStatus::kDnsFailure);
}

}  // namespace
}  // namespace wlc::sim::backends
