// Framework-free HTTP request/response types. The Beast code in server.cc
// converts to and from these, so the RESTCONF and control-API logic never
// sees Beast and can be compiled (and unit tested) without it.
#ifndef WLC_SIM_HTTP_TYPES_H_
#define WLC_SIM_HTTP_TYPES_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wlc::sim {

struct HttpRequest {
  std::string method;         // "GET", "PATCH", ...
  std::string target;         // origin-form, may include a query
  std::string authorization;  // Authorization header value, "" if absent
  std::string body;
  // The connection it came on: a process-unique id (0 = unknown), how many
  // requests it carried with this one (1 = first) and its age.
  uint64_t session = 0;
  uint32_t connection_requests = 1;
  int64_t connection_age_ms = 0;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // "" = no Content-Type (e.g. 204)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// What a session should do with a request: answer `response` after `delay`,
// or never answer (`silent`: a hung device), or reset the connection at once
// (`reset`: RST, no answer). `close`: answer with "Connection: close", then
// close. `truncate`: send the headers with the full Content-Length but only
// half the body, then close. `idle_timeout_s` != 0: close the connection if
// the next request does not arrive within it.
struct Reply {
  HttpResponse response;
  std::chrono::milliseconds delay{0};
  bool silent = false;
  bool reset = false;
  bool close = false;
  bool truncate = false;
  uint32_t idle_timeout_s = 0;
};

}  // namespace wlc::sim

#endif  // WLC_SIM_HTTP_TYPES_H_
