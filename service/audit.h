// The audit trail: one JSON log line per attempted change, accepted or refused, whatever face
// it came through:
//   {"audit":"true","who","peer","action","controllers","outcome","detail"}
// `outcome` is OK or the status code name; `detail` is the refusal or failure message (already
// redacted by the logger) or, on success, what changed. Refusals (no token, a reader's token, bad
// input) are audited as well as outcomes, so a probe for write access leaves a trace.
// Thread-safe (the logger serializes lines).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace wlc::service {

// Who asked (for the audit line).
struct Caller {
  std::string identity = "anonymous";
  std::string peer;
};

void Audit(const Caller& caller, absl::string_view action, absl::string_view controllers,
           const absl::Status& outcome, absl::string_view detail = "");

}  // namespace wlc::service
