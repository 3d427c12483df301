// RFC 8040 §3.5.3 resource paths: "/wlc-licensing:licensing/controller=wlc%2C1/transport" as
// segments {module, name, key}. Key values are percent-decoded (RFC 3986), so a controller name
// may hold any character, '/' and ',' included. Thread-safe (pure functions).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace wlc::service::restconf {

struct PathSegment {
  std::string module;  // empty when the segment has no "module:" prefix
  std::string name;
  bool has_key = false;
  std::string key;  // decoded
};

// `path` is the part after "/restconf/data" (may be empty or "/"). INVALID_ARGUMENT for a bad
// percent escape, an empty segment or a list instance with several keys (the model's lists
// have one key).
absl::StatusOr<std::vector<PathSegment>> ParseDataPath(absl::string_view path);

// RFC 3986 percent-decoding ('+' stays '+'). INVALID_ARGUMENT for a malformed escape.
absl::StatusOr<std::string> PercentDecode(absl::string_view text);

// The instance-identifier (RFC 7951 §6.11) of a controller, for error-path:
// /wlc-licensing:licensing/controller[name='wlc-1'].
std::string ControllerInstanceId(absl::string_view name);

}  // namespace wlc::service::restconf
