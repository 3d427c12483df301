// IOS-XE version numbers ("17.9.1", "17.3.2a") and the feature gates that depend on them.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace wlc::adapters {

struct IosXeVersion {
  int major = 0, minor = 0, patch = 0;
  bool operator<(const IosXeVersion& o) const {
    if (major != o.major) return major < o.major;
    if (minor != o.minor) return minor < o.minor;
    return patch < o.patch;
  }
  bool operator>=(const IosXeVersion& o) const { return !(*this < o); }
};

// Accepts "17.9.1", "17.3.2a" (a letter suffix is ignored); INVALID_ARGUMENT otherwise.
absl::StatusOr<IosXeVersion> ParseIosXeVersion(absl::string_view text);

// Feature gates (docs/slup-reference.md, docs/device-model.md §1).
inline constexpr IosXeVersion kSlupMinimum{17, 3, 2};            // Smart Licensing Using Policy
inline constexpr IosXeVersion kCliRpcMinimum{17, 9, 1};          // Cisco-IOS-XE-cli-rpc
inline constexpr IosXeVersion kJoinedApCountMinimum{17, 10, 1};  // emltd-join-count-stat
// Cisco-IOS-XE-http ip/http/client (secure-trustpoint, source-interface) and Cisco-IOS-XE-crypto
// pki/trustpoint revocation-check, read and restored around an apply. Both are in the 17.9.1
// models (YangModels/yang vendor/cisco/xe/1791); the service only changes them through
// config-ios-cli-rpc, which starts at the same release.
inline constexpr IosXeVersion kNativeHttpCryptoMinimum{17, 9, 1};

// OK when `version` is empty (unknown: the controller decides) or >= minimum; otherwise
// FAILED_PRECONDITION naming the feature and the minimum release.
absl::Status RequireVersion(absl::string_view version, const IosXeVersion& minimum,
                            absl::string_view feature);

}  // namespace wlc::adapters
