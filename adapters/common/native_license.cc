#include "adapters/common/native_license.h"

#include "absl/strings/match.h"

namespace wlc::adapters {

std::string NativeTransportType(v1::TransportType type) {
  switch (type) {
    case v1::TRANSPORT_TYPE_SMART:
      return "smart";
    case v1::TRANSPORT_TYPE_CSLU:
    case v1::TRANSPORT_TYPE_ONPREM:
      return "cslu";
    case v1::TRANSPORT_TYPE_OFFLINE:
      return "Off";  // the YANG enum is capitalised; "off" is rejected
    case v1::TRANSPORT_TYPE_CALLHOME:
      return "callhome";
    case v1::TRANSPORT_TYPE_AUTOMATIC:
      return "automatic";
    default:
      return "";
  }
}

bool IsOnPremUrl(const std::string& url) {
  return absl::StartsWith(url, "https://") &&
         (absl::StrContains(url, "/cslu/v1/pi/") || absl::EndsWith(url, "/SmartTransport"));
}

v1::Transport TransportFromNativeSmart(const nlohmann::json& smart) {
  v1::Transport t;
  // Without an explicit transport-type the controller uses the SLUP default, cslu.
  std::string type = "cslu";
  if (smart.is_object() && smart.contains("transport-type") &&
      smart["transport-type"].is_string()) {
    type = smart["transport-type"].get<std::string>();
  }
  std::string cslu_url;
  if (smart.is_object() && smart.contains("url") && smart["url"].is_object()) {
    const nlohmann::json& url = smart["url"];
    if (url.contains("default")) t.set_url_default(true);
    if (url.contains("name") && url["name"].is_string()) t.set_url(url["name"].get<std::string>());
    if (url.contains("cslu") && url["cslu"].is_string()) cslu_url = url["cslu"].get<std::string>();
  }
  if (smart.is_object() && smart.contains("usage") && smart["usage"].is_object() &&
      smart["usage"].contains("interval") && smart["usage"]["interval"].is_number_unsigned()) {
    t.set_usage_interval_days(smart["usage"]["interval"].get<uint32_t>());
  }
  if (type == "smart") {
    t.set_type(v1::TRANSPORT_TYPE_SMART);
  } else if (type == "cslu") {
    t.set_type(IsOnPremUrl(cslu_url) ? v1::TRANSPORT_TYPE_ONPREM : v1::TRANSPORT_TYPE_CSLU);
    t.set_url(cslu_url);
    t.set_url_default(false);
  } else if (type == "Off") {
    t.set_type(v1::TRANSPORT_TYPE_OFFLINE);
  } else if (type == "callhome") {
    t.set_type(v1::TRANSPORT_TYPE_CALLHOME);
  } else if (type == "automatic") {
    t.set_type(v1::TRANSPORT_TYPE_AUTOMATIC);
  }
  return t;
}

bool ParseYangTime(const std::string& text, google::protobuf::Timestamp* out) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &err)) return false;
  out->set_seconds(absl::ToUnixSeconds(t));
  out->set_nanos(0);
  return true;
}

std::string FormatYangTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S+00:00", t, absl::UTCTimeZone());
}

}  // namespace wlc::adapters
