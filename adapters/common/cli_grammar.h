// Strict grammar for every value that becomes IOS-XE CLI text (config-ios-cli-rpc). A value that
// does not match never reaches a controller: no whitespace, newline or control character, no
// CLI metacharacter. Each check returns INVALID_ARGUMENT naming the field (not echoing secrets).
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace wlc::adapters::cli {

// A DNS host name (RFC 1123 labels, at most limits::kMaxHostLength) or a dotted IPv4 address.
absl::Status CheckHost(absl::string_view field, absl::string_view value);
// 1..65535.
absl::Status CheckPort(absl::string_view field, uint32_t value);
// http:// or https:// URL of at most limits::kMaxUrlLength bytes: host (as CheckHost), optional
// :port, path of [A-Za-z0-9._~/-].
// `require_https` rejects http.
absl::Status CheckUrl(absl::string_view field, absl::string_view value, bool require_https);
// An interface name such as GigabitEthernet1, Vlan10, TenGigabitEthernet0/0/1 (at most
// limits::kMaxCliTokenLength).
absl::Status CheckInterfaceName(absl::string_view field, absl::string_view value);
// A PKI trustpoint name such as TP-self-signed-1234567890 or CISCO_IDEVID_SUDI (at most
// limits::kMaxCliTokenLength).
absl::Status CheckTrustpointName(absl::string_view field, absl::string_view value);

}  // namespace wlc::adapters::cli
