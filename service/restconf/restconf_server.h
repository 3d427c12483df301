// RestconfServer: the RESTCONF face (RFC 8040) of the service. It serves the protobuf model as
// RFC 7951 JSON under the YANG module `wlc-licensing` (proto/yang/wlc-licensing.yang), and only
// converts and delegates: every answer comes from LicensingHandler, every permission from
// Authorizer.
//
//   GET  /.well-known/host-meta                         XRD pointing at /restconf
//   GET  /restconf, /restconf/yang-library-version, /restconf/operations
//   GET  /restconf/data[/wlc-licensing:licensing[/controller[=<name>[/<node>...]]]]
//   POST /restconf/operations/wlc-licensing:{plan-transport,apply-transport,establish-trust,
//        relay-usage,diagnose}   {"wlc-licensing:input":{...}} -> {"wlc-licensing:output":{...}}
//   PATCH|PUT /restconf/data/wlc-licensing:licensing/controller=<name>/transport
//        {"wlc-licensing:transport":{...}}  = ApplyTransport with that desired transport; 204
//
// Errors are `ietf-restconf:errors` bodies with the HTTP code of errors.h. Reads (GET,
// plan-transport, diagnose) need Authorizer::AuthorizeRead, PATCH/PUT/POST of a write operation
// AuthorizeWrite; discovery
// resources (host-meta, /restconf, yang-library-version) are open. Nothing secret (id token,
// bearer token, password) is ever written into an answer or a log line.
//
// Thread-safety: Start/Stop from one thread; requests run on the server's own thread pool and
// call the handler concurrently (the handler is thread-safe).
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "service/auth.h"
#include "service/handler.h"

namespace httplib {
class Server;
struct Request;
}  // namespace httplib

namespace wlc::service::restconf {

struct RestconfOptions {
  std::string host = "127.0.0.1";
  // 0 = an ephemeral port (Start returns it).
  int port = 0;
  // HTTPS when both are set (PEM files).
  std::string tls_cert_file;
  std::string tls_key_file;
  // Without a certificate Start refuses to serve unless this is set (tests, loopback demos).
  bool allow_plain_http = false;
  // Request threads.
  int threads = 8;
  // Controllers read at once for GET of the whole list (the gRPC fleet RPCs' default).
  int fleet_concurrency = 64;
};

// One answer of the face: the HTTP status, the body (RFC 7951 JSON, XRD for host-meta, empty for
// 204) and the headers that depend on the resource.
struct RestconfReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/yang-data+json";
  std::string allow;  // for 405 / OPTIONS
};

class RestconfServer {
 public:
  RestconfServer(const LicensingHandler* handler, const Authorizer* authorizer,
                 RestconfOptions options);
  ~RestconfServer();
  RestconfServer(const RestconfServer&) = delete;
  RestconfServer& operator=(const RestconfServer&) = delete;

  // Binds and starts serving on a background thread; returns the bound port.
  // INVALID_ARGUMENT for unusable TLS files or plain HTTP not allowed, UNAVAILABLE when the
  // address cannot be bound.
  absl::StatusOr<int> Start();
  // Stops accepting and waits for the serving thread. Idempotent.
  void Stop();

  // Answers one request exactly as the listener does (limits, authentication, routing, the
  // handler call) without any network: for unit tests and the fuzz target. Needs no Start().
  // Request bodies over limits::kMaxRestconfBodyBytes get 413, targets over
  // limits::kMaxRequestTargetLength 414, bodies nested deeper than limits::kMaxJsonDepth 400.
  RestconfReply Answer(const httplib::Request& request) const;

 private:
  const LicensingHandler* handler_;
  const Authorizer* authorizer_;
  RestconfOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace wlc::service::restconf
