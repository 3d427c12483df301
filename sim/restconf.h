// The RESTCONF (RFC 8040, JSON) face of one simulated controller: basic auth,
// request routing, YANG validation, version gates and per-controller fault
// injection. Framework-free: takes an HttpRequest, returns a Reply that the
// server executes (delay / silence are applied by the session).
//
// Thread-safe: each call takes the fleet mutex.
#ifndef WLC_SIM_RESTCONF_H_
#define WLC_SIM_RESTCONF_H_

#include <string>

#include "fleet.h"
#include "http_types.h"

namespace wlc::sim {

// The answer to a new TCP connection to a controller (its max_connections).
struct ConnectionAdmission {
  bool admitted = false;        // false: over the cap, RST at once (counted as refused)
  bool tls12_only = false;      // cap the handshake at TLS 1.2
  uint32_t idle_timeout_s = 0;  // 0 = the server default
};

class RestconfRouter {
 public:
  RestconfRouter(Fleet* fleet, std::string username, std::string password);

  // Answers one request addressed to controller `index` (< fleet->size()).
  Reply Handle(size_t index, const HttpRequest& request);

  // Accounts a new connection to controller `index` against its connection
  // cap. Every admitted connection must be ended with CloseConnection
  // (`idle`: closed by the idle timeout).
  ConnectionAdmission OpenConnection(size_t index);
  void CloseConnection(size_t index, bool idle);

  // True if the controller's "reset" fault is on: close the connection
  // right after accept.
  bool ShouldReset(size_t index);
  // True if the controller's "tls_failure" fault is on: abort the handshake.
  bool ShouldFailTls(size_t index);

 private:
  HttpResponse Route(Controller& c, size_t index, const HttpRequest& request);

  Fleet* fleet_;
  std::string expected_authorization_;  // "Basic <base64(user:pass)>"
};

}  // namespace wlc::sim

#endif  // WLC_SIM_RESTCONF_H_
