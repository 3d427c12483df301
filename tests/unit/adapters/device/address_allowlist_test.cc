// Where a credentials profile may go: CIDRs and host patterns parsed strictly, the pre-connection
// verdict for a target, and the connected-address check (IPv4, IPv6, IPv4-mapped IPv6).
#include "adapters/device/address_allowlist.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "gtest/gtest.h"

namespace wlc::device {
namespace {

sockaddr_in V4(const char* ip) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

sockaddr_in6 V6(const char* ip) {
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  inet_pton(AF_INET6, ip, &a.sin6_addr);
  return a;
}

TEST(AddressAllowListTest, ParsesNetworksAndPatternsStrictly) {
  struct Case {
    std::vector<std::string> entries;
    bool ok;
  };
  const std::vector<Case> cases = {
      {{"10.20.0.0/16", "192.0.2.7", "2001:db8::/32", "wlc-1.corp.example", "*.wlc.example"}, true},
      {{}, true},
      {{"10.0.0.0/33"}, false},
      {{"2001:db8::/129"}, false},
      {{"10.0.0.0/-1"}, false},
      {{"*"}, false},
      {{"*.com"}, false},  // a whole top-level domain
      {{"wlc 1"}, false},
      {{"wlc_1.example"}, false},
      {{".example"}, false},
      {{std::string(300, 'a')}, false},
      {std::vector<std::string>(65, "10.0.0.1"), false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(AddressAllowList::Parse(c.entries).ok(), c.ok)
        << (c.entries.empty() ? "(empty)" : c.entries[0]);
  }
}

TEST(AddressAllowListTest, ChecksTargetsBeforeAnyConnection) {
  auto only_nets = *AddressAllowList::Parse({"10.20.0.0/16", "2001:db8::/32"});
  auto only_names = *AddressAllowList::Parse({"*.wlc.example", "core-1.corp.example"});
  auto empty = *AddressAllowList::Parse({});
  struct Case {
    const AddressAllowList* list;
    const char* host;
    bool allowed;
  };
  const std::vector<Case> cases = {
      {&only_nets, "10.20.3.4", true},
      {&only_nets, "10.21.0.1", false},
      {&only_nets, "[2001:db8::5]", true},
      {&only_nets, "2001:db9::5", false},
      // A name is allowed only to be resolved: the connection check decides (DNS rebinding).
      {&only_nets, "anything.example", true},
      {&only_names, "ap-7.wlc.example", true},
      {&only_names, "AP-7.WLC.EXAMPLE", true},
      {&only_names, "wlc.example", false},  // the suffix itself is not "*.suffix"
      {&only_names, "evilwlc.example", false},
      {&only_names, "core-1.corp.example", true},
      {&only_names, "core-10.corp.example", false},
      {&only_names, "10.20.3.4", false},  // an address needs a network
      {&empty, "10.20.3.4", false},
      {&empty, "wlc.example", false},
  };
  for (const Case& c : cases) {
    absl::Status s = c.list->CheckTarget(c.host);
    EXPECT_EQ(s.ok(), c.allowed) << c.host << ": " << s;
    if (!s.ok()) EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  }
}

TEST(AddressAllowListTest, ConnectedAddressMustLieInANetwork) {
  auto list = *AddressAllowList::Parse({"127.77.0.0/16", "10.1.2.3", "2001:db8:1::/48"});
  const std::vector<IpNetwork>& nets = list.networks();
  sockaddr_in in = V4("127.77.200.9"), out = V4("127.0.0.1"), host = V4("10.1.2.3"),
              next = V4("10.1.2.4");
  sockaddr_in6 in6 = V6("2001:db8:1:ffff::1"), out6 = V6("2001:db8:2::1"),
               mapped = V6("::ffff:127.77.0.1"), mapped_out = V6("::ffff:127.0.0.1");
  EXPECT_TRUE(AddressIn(nets, reinterpret_cast<sockaddr*>(&in)));
  EXPECT_FALSE(AddressIn(nets, reinterpret_cast<sockaddr*>(&out)));
  EXPECT_TRUE(AddressIn(nets, reinterpret_cast<sockaddr*>(&host)));
  EXPECT_FALSE(AddressIn(nets, reinterpret_cast<sockaddr*>(&next)));
  EXPECT_TRUE(AddressIn(nets, reinterpret_cast<sockaddr*>(&in6)));
  EXPECT_FALSE(AddressIn(nets, reinterpret_cast<sockaddr*>(&out6)));
  EXPECT_TRUE(AddressIn(nets, reinterpret_cast<sockaddr*>(&mapped)));
  EXPECT_FALSE(AddressIn(nets, reinterpret_cast<sockaddr*>(&mapped_out)));
  EXPECT_FALSE(AddressIn({}, reinterpret_cast<sockaddr*>(&in)));
}

TEST(AddressAllowListTest, PrefixBoundariesAreExact) {
  auto n = *IpNetwork::Parse("192.168.4.0/22");
  EXPECT_TRUE(n.ContainsAddress("192.168.4.0"));
  EXPECT_TRUE(n.ContainsAddress("192.168.7.255"));
  EXPECT_FALSE(n.ContainsAddress("192.168.8.0"));
  EXPECT_FALSE(n.ContainsAddress("192.168.3.255"));
  EXPECT_EQ(n.ToString(), "192.168.4.0/22");
  auto any = *IpNetwork::Parse("0.0.0.0/0");
  EXPECT_TRUE(any.ContainsAddress("203.0.113.1"));
  EXPECT_FALSE(any.ContainsAddress("2001:db8::1"));  // families never mix
}

}  // namespace
}  // namespace wlc::device
