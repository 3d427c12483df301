// Framework-free HTTP request/response types. The Beast code in server.cc
// converts to and from these, so the RESTCONF and control-API logic never
// sees Beast and can be compiled (and unit tested) without it.
#ifndef WLC_SIM_HTTP_TYPES_H_
#define WLC_SIM_HTTP_TYPES_H_

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace wlc::sim {

struct HttpRequest {
  std::string method;         // "GET", "PATCH", ...
  std::string target;         // origin-form, may include a query
  std::string authorization;  // Authorization header value, "" if absent
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // "" = no Content-Type (e.g. 204)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// What a session should do with a request: answer `response` after `delay`,
// or never answer (`silent`: a hung device).
struct Reply {
  HttpResponse response;
  std::chrono::milliseconds delay{0};
  bool silent = false;
};

}  // namespace wlc::sim

#endif  // WLC_SIM_HTTP_TYPES_H_
