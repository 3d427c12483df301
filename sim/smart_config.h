// The native `license smart` configuration container
// (Cisco-IOS-XE-native / submodule Cisco-IOS-XE-license, `container smart`),
// held as RFC 7951 JSON (member names without module prefix).
//
// Validation mirrors the YANG exactly: unknown members are rejected
// (unknown-element), enum/range/empty-type violations are invalid-value, and
// the url-setting choice (set-default vs set-urls) may not have both cases in
// one body. Pure functions, thread-compatible.
#ifndef WLC_SIM_SMART_CONFIG_H_
#define WLC_SIM_SMART_CONFIG_H_

#include <nlohmann/json.hpp>

#include "restconf_errors.h"

namespace wlc::sim {

inline constexpr char kNativeSmartPath[] = "/Cisco-IOS-XE-native:native/license/smart";
inline constexpr char kDefaultSmartUrl[] = "https://smartreceiver.cisco.com/licservice/license";

// Checks `in` (the object inside "Cisco-IOS-XE-native:smart") against the YANG
// and writes a normalized copy (redundant "Cisco-IOS-XE-native:" prefixes
// removed) to *out. Returns false and fills *error (HTTP 400) otherwise.
bool ParseSmartConfig(const nlohmann::json& in, nlohmann::json* out, RestconfError* error);

// RFC 8040 merge of an already parsed `patch` into *config. Setting one case of
// the url-setting choice removes the other case's leaves.
void MergeSmartConfig(const nlohmann::json& patch, nlohmann::json* config);

// The GET representation: the stored config with empty non-presence
// containers dropped and the default transport ("cslu") filled in.
nlohmann::json RenderSmartConfig(const nlohmann::json& config);

// Helpers used by the CLI and the oper-state view.
std::string SmartTransport(const nlohmann::json& config);  // "cslu" if unset
void SetUrlDefault(nlohmann::json* config);

}  // namespace wlc::sim

#endif  // WLC_SIM_SMART_CONFIG_H_
