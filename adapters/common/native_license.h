// The controller's licensing surfaces as RESTCONF paths, and conversions between the Cisco
// YANG (Cisco-IOS-XE-native license/smart, cisco-smart-license) and the licensing model.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::adapters {

namespace v1 = ::wlc::licensing::v1;

inline constexpr char kNativeSmartPath[] = "Cisco-IOS-XE-native:native/license/smart";
inline constexpr char kNativeSmartMember[] = "Cisco-IOS-XE-native:smart";
// Cisco-IOS-XE-http augments native/ip; Cisco-IOS-XE-crypto augments native/crypto (list
// trustpoint, key "id").
inline constexpr char kNativeHttpClientPath[] =
    "Cisco-IOS-XE-native:native/ip/Cisco-IOS-XE-http:http/client";
inline constexpr char kNativeHttpClientMember[] = "Cisco-IOS-XE-http:client";
inline constexpr char kSlaTrustpointPath[] =
    "Cisco-IOS-XE-native:native/crypto/Cisco-IOS-XE-crypto:pki/trustpoint=SLA-TrustPoint";
inline constexpr char kSlaTrustpointMember[] = "Cisco-IOS-XE-crypto:trustpoint";
inline constexpr char kLicensingStatePath[] = "cisco-smart-license:licensing/state";
inline constexpr char kLicensingStateMember[] = "cisco-smart-license:state";
inline constexpr char kJoinCountPath[] =
    "Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data/emltd-join-count-stat";
inline constexpr char kJoinCountMember[] =
    "Cisco-IOS-XE-wireless-ap-global-oper:emltd-join-count-stat";
inline constexpr char kIdTokenTrustRpc[] = "cisco-smart-license:id-token-trust";
inline constexpr char kCliRpc[] = "Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc";

// Reads the content of "Cisco-IOS-XE-native:smart" (may be empty: SLUP default is cslu). Which
// transport a `transport-type` and `url cslu` read as is the transports' own knowledge
// (TransportTraits::IsNative, through registry.h); a value no transport claims is UNSPECIFIED.
v1::Transport TransportFromNativeSmart(const nlohmann::json& smart);

// Classifies a `url cslu` value: an https URL with /cslu/v1/pi/<tenant> or /SmartTransport is
// SSM On-Prem, anything else is CSLU.
bool IsOnPremUrl(const std::string& url);

// RFC 3339 (as the YANG date-and-time) to a protobuf Timestamp; false when unparsable.
bool ParseYangTime(const std::string& text, google::protobuf::Timestamp* out);
std::string FormatYangTime(absl::Time t);

}  // namespace wlc::adapters
