// HttpsClient: one asynchronous HTTPS client for every southbound call (RESTCONF,
// /smartlic-service), built on libcurl multi with connection reuse.
//
// One event-loop thread owns the curl multi handle. Start() may be called from any thread; the
// callback runs on the event-loop thread and must not block. Do() is the blocking convenience.
// Each request carries its own deadline; there is no request without one.
//
// Status codes (transport level; HTTP status codes are returned in HttpResponse, not mapped):
//   DEADLINE_EXCEEDED  the deadline passed (connect, TLS or a silent server)
//   UNAVAILABLE        refused, reset, name not resolved, TLS handshake or verification failure
//   INVALID_ARGUMENT   malformed URL, not http(s), or with user info; method not one of
//                      GET POST PUT PATCH DELETE; a header with CR/LF; an infinite timeout
//   RESOURCE_EXHAUSTED the response body exceeds max_response_bytes
//   CANCELLED          the client is shutting down
//   FAILED_PRECONDITION Do() called from a callback (on the event-loop thread)
// Error messages name the URL's scheme://host:port only (no path, no user info) and never
// contain credentials, e.g. "https://127.1.0.5:8443: TLS certificate verification failed (...)".
//
// Connections are kept alive in one pool shared by all requests (keyed by host, port and TLS
// settings), so consecutive calls to a controller reuse one TCP+TLS connection. The pool holds at
// most Options::pool_size connections (or the requests in flight, if more): when a finished
// request would exceed it, the connection idle the longest is closed (least recently used).
// A kept-alive connection the server closed (Connection: close, idle timeout, request limit) is
// replaced by a new one without failing the request when nothing of the answer had arrived
// (libcurl's retry on a dead reused connection).
//
// Retries (HttpRequest::retry): a request whose attempt outcome the policy names a cause for is
// sent again after a backoff with full jitter, uniform in [0, min(cap, base * 2^(n-1))) before
// retry n, while attempts remain. A retry never starts when its backoff would end at or past the
// request's deadline (then the last outcome is returned); the deadline covers all attempts. The
// backoff is a timer of the event loop: no thread waits.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "adapters/device/credentials.h"

namespace wlc::device {

struct HttpResponse;

// When and how often a request is repeated. The default never repeats.
struct RetryPolicy {
  int max_attempts = 1;  // attempts in all, the first included
  absl::Duration backoff_base = absl::Milliseconds(100);
  absl::Duration backoff_cap = absl::Seconds(1);
  // Given one attempt's outcome and, when the transfer failed that way, its transport cause
  // ("reset": connection reset, "eof": closed before any answer, "truncated": closed in the
  // middle of the answer; empty otherwise), returns the cause to retry for, a string literal
  // from a closed set (it becomes a metric label), or empty: the outcome is final. Runs on the
  // event-loop thread; must not block.
  std::function<absl::string_view(const absl::StatusOr<HttpResponse>& outcome,
                                  absl::string_view transport_cause)>
      retry_on;
  // Called on the event-loop thread when a retry has been decided, with its cause.
  std::function<void(absl::string_view cause)> on_retry;
};

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE
  std::string url;             // https://host[:port]/path
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
  // Basic auth, CA file and verification come from here (may be null: no auth, system CAs).
  // Copied by Start(): the profile need only live until Start() returns.
  const CredentialsProfile* credentials = nullptr;
  // The whole request (connect, TLS, send, answer); connecting alone gets at most 5 s of it.
  // Zero or negative fails with DEADLINE_EXCEEDED without touching the network.
  absl::Duration timeout = absl::Seconds(10);
  size_t max_response_bytes = 8 << 20;
  // Fill HttpResponse::date (only the clock check needs it; the fleet read path skips the lookup).
  bool want_date = false;
  RetryPolicy retry;
};

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string date;  // the Date header (the server's clock) when want_date; empty when absent
  std::string body;
};

using HttpCallback = std::function<void(absl::StatusOr<HttpResponse>)>;

class HttpsClient {
 public:
  struct Options {
    // Requests in flight in total (so open connections while all are busy).
    long max_connections = 4096;
    // Kept-alive connections in the pool (0: max_connections). Beyond it the least recently
    // used idle connection is closed; a later request to its controller pays a new handshake.
    long pool_size = 0;
    // Upper bound of simultaneous connections (so requests in flight) to one host:port
    // (0 = unlimited). Requests beyond a limit wait in FIFO order; their deadline keeps running
    // (DEADLINE_EXCEEDED "... while waiting for a connection slot").
    long max_host_connections = 4;
  };
  HttpsClient();
  explicit HttpsClient(Options options);
  ~HttpsClient();  // cancels outstanding requests (callbacks get CANCELLED) and joins the loop
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Thread safe. `done` is called exactly once, on the event-loop thread (also for requests
  // rejected up front); it may call Start() but must not block or call Do().
  void Start(HttpRequest request, HttpCallback done);
  // Start() and wait. Thread safe; must not be called from a callback (FAILED_PRECONDITION).
  absl::StatusOr<HttpResponse> Do(HttpRequest request);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wlc::device
