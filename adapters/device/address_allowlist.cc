#include "adapters/device/address_allowlist.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace wlc::device {
namespace {

constexpr size_t kMaxEntries = 64;
constexpr size_t kMaxEntryLength = 253;

// The address as 4 or 16 bytes; IPv4-mapped IPv6 becomes IPv4.
bool BytesOf(const sockaddr* sa, int* family, uint8_t out[16]) {
  if (sa == nullptr) return false;
  if (sa->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(sa);
    std::memcpy(out, &v4->sin_addr, 4);
    *family = AF_INET;
    return true;
  }
  if (sa->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(sa);
    if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
      std::memcpy(out, reinterpret_cast<const uint8_t*>(&v6->sin6_addr) + 12, 4);
      *family = AF_INET;
    } else {
      std::memcpy(out, &v6->sin6_addr, 16);
      *family = AF_INET6;
    }
    return true;
  }
  return false;
}

bool IsHostName(absl::string_view s) {
  if (s.empty() || s.size() > kMaxEntryLength) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  return s.front() != '.' && s.back() != '.' && s.front() != '-';
}

}  // namespace

absl::StatusOr<IpNetwork> IpNetwork::Parse(absl::string_view text) {
  IpNetwork n;
  absl::string_view address = text;
  int prefix = -1;
  if (size_t slash = text.find('/'); slash != absl::string_view::npos) {
    address = text.substr(0, slash);
    if (!absl::SimpleAtoi(text.substr(slash + 1), &prefix) || prefix < 0) {
      return absl::InvalidArgumentError("bad prefix length");
    }
  }
  const std::string a(address);
  if (inet_pton(AF_INET, a.c_str(), n.address.data()) == 1) {
    n.family = AF_INET;
    if (prefix > 32) return absl::InvalidArgumentError("an IPv4 prefix is at most 32");
    n.prefix_length = prefix < 0 ? 32 : prefix;
  } else if (inet_pton(AF_INET6, a.c_str(), n.address.data()) == 1) {
    n.family = AF_INET6;
    if (prefix > 128) return absl::InvalidArgumentError("an IPv6 prefix is at most 128");
    n.prefix_length = prefix < 0 ? 128 : prefix;
  } else {
    return absl::InvalidArgumentError("not an IP address or CIDR");
  }
  return n;
}

bool IpNetwork::Contains(const sockaddr* sa) const {
  int family = 0;
  uint8_t bytes[16];
  if (!BytesOf(sa, &family, bytes) || family != this->family) return false;
  const int full = prefix_length / 8;
  if (std::memcmp(bytes, address.data(), full) != 0) return false;
  const int rest = prefix_length % 8;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (bytes[full] & mask) == (address[full] & mask);
}

bool IpNetwork::ContainsAddress(absl::string_view ip_literal) const {
  const std::string ip(ip_literal);
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET, ip.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return Contains(reinterpret_cast<const sockaddr*>(&v4));
  }
  if (inet_pton(AF_INET6, ip.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    return Contains(reinterpret_cast<const sockaddr*>(&v6));
  }
  return false;
}

std::string IpNetwork::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, address.data(), text, sizeof(text));
  return absl::StrCat(text, "/", prefix_length);
}

bool AddressIn(const std::vector<IpNetwork>& networks, const sockaddr* address) {
  for (const IpNetwork& n : networks) {
    if (n.Contains(address)) return true;
  }
  return false;
}

absl::StatusOr<AddressAllowList> AddressAllowList::Parse(const std::vector<std::string>& entries) {
  if (entries.size() > kMaxEntries) {
    return absl::InvalidArgumentError(
        absl::StrCat("allowed_targets: at most ", kMaxEntries, " entries"));
  }
  AddressAllowList list;
  for (const std::string& entry : entries) {
    const std::string e = absl::AsciiStrToLower(entry);
    if (e.size() > kMaxEntryLength) {
      return absl::InvalidArgumentError("allowed_targets: an entry is longer than 253 characters");
    }
    if (absl::StatusOr<IpNetwork> n = IpNetwork::Parse(e); n.ok()) {
      list.networks_.push_back(*n);
      continue;
    }
    absl::string_view name = e;
    const bool wildcard = absl::ConsumePrefix(&name, "*.");
    // "*" alone, "*.com"-like single labels and bare "0.0.0.0/0"-style strings all fail here or
    // above; a one-label suffix would allow a whole top-level domain.
    if (!IsHostName(name) || (wildcard && name.find('.') == absl::string_view::npos)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "allowed_targets: '", entry.substr(0, 64),
          "' is neither an address/CIDR nor a host pattern (name or *.suffix with two labels)"));
    }
    list.host_patterns_.push_back(e);
  }
  return list;
}

bool AddressAllowList::MatchesHostPattern(absl::string_view host) const {
  const std::string h = absl::AsciiStrToLower(host);
  for (const std::string& p : host_patterns_) {
    if (absl::StartsWith(p, "*.")) {
      absl::string_view suffix = absl::string_view(p).substr(1);  // ".suffix"
      if (h.size() > suffix.size() && absl::EndsWith(h, suffix)) return true;
    } else if (h == p) {
      return true;
    }
  }
  return false;
}

absl::Status AddressAllowList::CheckTarget(absl::string_view host) const {
  absl::string_view h = host;
  // "[2001:db8::1]" as written in URLs.
  if (absl::ConsumePrefix(&h, "[")) absl::ConsumeSuffix(&h, "]");
  if (IpNetwork::Parse(h).ok()) {
    for (const IpNetwork& n : networks_) {
      if (n.ContainsAddress(h)) return absl::OkStatus();
    }
    return absl::PermissionDeniedError(
        "the address is not in the credentials profile's allowed_targets");
  }
  if (MatchesHostPattern(h) || !networks_.empty()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "the host name matches no host pattern of the credentials profile's allowed_targets");
}

}  // namespace wlc::device
