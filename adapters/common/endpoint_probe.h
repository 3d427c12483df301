// The service's own look at a transport endpoint (slup-reference §4.1/§4.2 from outside the
// controller): does the name resolve, does TCP connect, does TLS come up, and does the server
// ask for a client certificate (CSSM does: mutual TLS, §4.9).
#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace wlc::adapters {

struct EndpointProbe {
  bool ran = false;
  std::string host;
  int port = 443;
  bool https = true;
  absl::Status dns;     // NOT_FOUND when the name does not resolve
  std::string address;  // what it resolved to (ip:port)
  absl::Status tcp;     // UNAVAILABLE (refused / unreachable) or DEADLINE_EXCEEDED
  absl::Status tls;     // UNAVAILABLE when the handshake fails
  bool client_cert_requested = false;
};

// Probes `url` (http or https). `resolve` maps "host:port" to "ip:port" (like curl --resolve),
// for names the service's DNS cannot see. Never throws; every failure lands in the fields.
// `timeout` bounds TCP and TLS; name resolution is the system resolver's (getaddrinfo, with the
// resolver's own timeouts), which is why the handler shares one probe per URL across a fleet.
EndpointProbe ProbeEndpoint(const std::string& url,
                            const std::map<std::string, std::string>& resolve,
                            absl::Duration timeout);

}  // namespace wlc::adapters
