// Where a credentials profile may be sent. An allow-list holds networks (CIDRs such as
// "10.20.0.0/16", "2001:db8::/32", or a bare address = one host) and host patterns (an exact
// name, "wlc-7.corp.example", or a suffix pattern, "*.wlc.corp.example", which matches one or
// more labels before the suffix). Names compare case-insensitively.
//
// The rule for a target that is not in the inventory (an ad-hoc target):
//   - an IP address must lie in one of the networks;
//   - a name must match a host pattern, or the list must hold networks;
//   - whenever the list holds networks, every connection made for the target must land in one
//     of them, checked on the address actually connected to after DNS resolution
//     (HttpsClient, CredentialsProfile::connect_only_to), so DNS rebinding cannot get round it.
// A host pattern alone trusts DNS for the names it matches.
// Value type; thread-compatible.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace wlc::device {

struct IpNetwork {
  int family = 0;  // AF_INET or AF_INET6
  std::array<uint8_t, 16> address{};
  int prefix_length = 0;

  // INVALID_ARGUMENT for anything but "address" or "address/prefix".
  static absl::StatusOr<IpNetwork> Parse(absl::string_view text);
  bool Contains(const sockaddr* address) const;
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) counts as the IPv4 address.
  bool ContainsAddress(absl::string_view ip_literal) const;
  std::string ToString() const;
};

// Whether `address` lies in one of `networks`.
bool AddressIn(const std::vector<IpNetwork>& networks, const sockaddr* address);

class AddressAllowList {
 public:
  // Entries as written in a profile; INVALID_ARGUMENT naming the bad entry (at most 64 entries).
  static absl::StatusOr<AddressAllowList> Parse(const std::vector<std::string>& entries);

  bool empty() const { return networks_.empty() && host_patterns_.empty(); }
  const std::vector<IpNetwork>& networks() const { return networks_; }

  // The check before any connection: OK, or PERMISSION_DENIED saying why (never how the
  // address answers; nothing is sent).
  absl::Status CheckTarget(absl::string_view host) const;

 private:
  bool MatchesHostPattern(absl::string_view host) const;
  std::vector<IpNetwork> networks_;
  std::vector<std::string> host_patterns_;  // lower case; "*.suffix" or an exact name
};

}  // namespace wlc::device
