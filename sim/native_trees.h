// The native subtrees beyond license/smart that an apply saves and restores, backed by the same
// CliOnlyConfig fields the cli-rpc sets (so `ip http client …` through the CLI reads back here
// and a PUT here shows in get-modelled-config-clis):
//
//   Cisco-IOS-XE-native:native/ip/Cisco-IOS-XE-http:http/client
//       leaves secure-trustpoint (string 1..219), source-interface (string); GET answers 404
//       when neither is set (IOS-XE shows no empty container); GET, PUT, PATCH, DELETE.
//   Cisco-IOS-XE-native:native/crypto/Cisco-IOS-XE-crypto:pki/trustpoint=SLA-TrustPoint
//       the list entry with key `id` and leaf-list revocation-check (crl|none|ocsp, ordered by
//       user; GET shows ["crl"], the IOS-XE default, when unset); GET, PUT, PATCH (PATCH
//       replaces the leaf-list it carries). Only SLA-TrustPoint is simulated.
//
// Both are modelled from 17.9.1 (404 before, like the cli-rpc). Strict like a 9800: an unknown
// member is 400 unknown-element, a bad value 400 invalid-value, in ietf-restconf form.
#ifndef WLC_SIM_NATIVE_TREES_H_
#define WLC_SIM_NATIVE_TREES_H_

#include <optional>
#include <string>

#include "controller.h"
#include "http_types.h"

namespace wlc::sim {

inline constexpr char kHttpClientPath[] =
    "/restconf/data/Cisco-IOS-XE-native:native/ip/Cisco-IOS-XE-http:http/client";
inline constexpr char kSlaTrustpointPath[] =
    "/restconf/data/Cisco-IOS-XE-native:native/crypto/Cisco-IOS-XE-crypto:pki/"
    "trustpoint=SLA-TrustPoint";

// Answers `req` when `path` (query stripped) is one of the two subtrees; nullopt otherwise.
std::optional<HttpResponse> RouteNativeTree(Controller& c, const std::string& path,
                                            const HttpRequest& req);

}  // namespace wlc::sim

#endif  // WLC_SIM_NATIVE_TREES_H_
