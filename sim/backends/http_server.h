// Shared Beast plumbing of every mock: an HTTP/1.1 keep-alive server (plain
// or TLS) on <address>:<port or ephemeral> inside a caller-provided
// io_context, with the fault switch applied uniformly (connection refused,
// 503, latency via timers, malformed bodies, empty responses).
//
// Concurrency: each connection runs on its own strand, the listener on
// another, so the io_context may be run by any number of threads. The
// handler is called on a connection's strand and must not block; it may be
// called concurrently for different connections. After Stop() (or the
// destructor) returns, the handler is never called again.
#ifndef WLC_SIM_BACKENDS_HTTP_SERVER_H_
#define WLC_SIM_BACKENDS_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "state.h"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace wlc::sim::backends {

struct ServerRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path + query as received
  std::string path;    // target without the query, percent-decoding not applied
  std::string query;   // after '?', may be empty
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool tls = false;
  bool client_cert_presented = false;  // TLS: the client sent a certificate
  std::string client_cert_subject;     // one-line subject of that certificate

  // "" if absent. `name` lower-case.
  std::string Header(const std::string& name) const;
};

struct ServerResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Close the connection without writing anything (for "Received empty
  // response from server" and the failing CRL distribution point).
  bool close_without_response = false;

  static ServerResponse Text(int status, std::string body);
  static ServerResponse JsonBody(int status, std::string json);
};

using RequestHandler = std::function<ServerResponse(const ServerRequest&)>;

class HttpServer {
 public:
  struct Options {
    std::string name = "mock";  // Server header
    std::string address = "127.0.0.1";
    uint16_t port = 0;                               // 0 = ephemeral
    std::shared_ptr<boost::asio::ssl::context> tls;  // nullptr = plain HTTP
    std::function<Fault()> fault;  // read per connection and request; may be empty
    std::chrono::seconds idle_timeout{30};
    size_t body_limit = 8 << 20;
  };

  // Binds and starts accepting. nullptr with *error on failure. Never throws.
  static std::unique_ptr<HttpServer> Start(boost::asio::io_context& ioc, Options options,
                                           RequestHandler handler, std::string* error);
  ~HttpServer();  // Stop()

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;
  const std::string& address() const;
  bool tls() const;

  // Re-reads the fault: Down::kRefuse closes the listener and drops live
  // connections; any other value reopens it on the same port. Thread-safe;
  // the work is posted to the listener's strand.
  void ApplyFault();
  void Stop();

  struct Impl;

 private:
  explicit HttpServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_HTTP_SERVER_H_
