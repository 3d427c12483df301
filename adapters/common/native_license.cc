#include "adapters/common/native_license.h"

#include "absl/strings/match.h"
#include "adapters/registry.h"

namespace wlc::adapters {

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
  t.set_type(TransportTraitsOfNative(type, cslu_url).type());
  if (type == "cslu") {
    // With the cslu transport, `url cslu` is the URL that applies (CSLU or SSM On-Prem).
    t.set_url(cslu_url);
    t.set_url_default(false);
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
