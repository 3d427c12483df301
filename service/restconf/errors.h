// RFC 8040 errors: the one conversion from absl::Status to an HTTP status code plus an
// `ietf-restconf:errors` body (§7.1). Every message passes through the log redactor, so no
// secret can leave in an error.
//
//   INVALID_ARGUMENT, OUT_OF_RANGE  400 invalid-value   (or the tag FromYangJson attached:
//                                                       unknown-element, malformed-message, ...)
//   FAILED_PRECONDITION             400 operation-failed
//   UNAUTHENTICATED                 401 access-denied    PERMISSION_DENIED 403 access-denied
//   NOT_FOUND                       404 invalid-value    ALREADY_EXISTS    409 data-exists
//   ABORTED                         409 in-use           RESOURCE_EXHAUSTED 429 resource-denied
//   UNIMPLEMENTED                   501 operation-not-supported
//   UNAVAILABLE                     503 operation-failed DEADLINE_EXCEEDED 504 operation-failed
//   CANCELLED, UNKNOWN, INTERNAL, DATA_LOSS  500 operation-failed
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace wlc::service::restconf {

struct RestconfError {
  int http_status = 500;
  // RFC 8040 error-type: transport, rpc, protocol or application.
  std::string type = "application";
  std::string tag = "operation-failed";
  std::string message;
  // An instance-identifier (RFC 7951 §6.11) or empty.
  std::string path;
  // Set for the few errors whose tag carries a bad element name (error-info/bad-element).
  std::string bad_element;
  // More error-info members (anydata, module-qualified), e.g. a failed apply's
  // {"wlc-licensing:output": {...}}; null = none.
  nlohmann::json info;
};

// `path` is used when the status carries no path of its own.
RestconfError FromStatus(const absl::Status& status, absl::string_view type = "application",
                         absl::string_view path = "");

// Request-level errors (protocol layer): 400 malformed-message, 404, 405, 406, 415...
RestconfError ProtocolError(int http_status, absl::string_view tag, absl::string_view message,
                            absl::string_view path = "");

// {"ietf-restconf:errors":{"error":[{...}]}}
std::string ErrorBody(const RestconfError& error);

}  // namespace wlc::service::restconf
