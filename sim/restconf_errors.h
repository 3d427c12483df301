// RFC 8040 §7 error bodies ("ietf-restconf:errors") as JSON text.
#ifndef WLC_SIM_RESTCONF_ERRORS_H_
#define WLC_SIM_RESTCONF_ERRORS_H_

#include <string>

#include "http_types.h"

namespace wlc::sim {

inline constexpr char kYangDataJson[] = "application/yang-data+json";

// One RESTCONF error. `type` is "protocol" or "application"; `tag` an RFC 8040
// error-tag; `path` optional (error-path); `info_json` optional serialized JSON
// object for error-info.
struct RestconfError {
  int status = 400;
  std::string type = "protocol";
  std::string tag = "invalid-value";
  std::string path;
  std::string message;
  std::string info_json;
};

// Builds the response (status, yang-data+json body).
HttpResponse MakeErrorResponse(const RestconfError& error);

// The error-tag RFC 8040 §7 associates with an HTTP status (used for injected
// status faults and transport-level errors).
const char* ErrorTagForStatus(int status);

}  // namespace wlc::sim

#endif  // WLC_SIM_RESTCONF_ERRORS_H_
