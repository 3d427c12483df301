// PushClient: how a simulated controller (or a test) sends one HTTP(S)
// request to a URL — e.g. a SLUP envelope to
// https://smartreceiver.cisco.com/licservice/license — asynchronously on the
// caller's io_context. Host names go through a HostMap; HTTPS verifies the
// server certificate against the given CA and the URL's host name; an
// optional client identity is presented when the server asks for one
// (mutual TLS). One connection per push ("Connection: close"), one overall
// timeout. Failures map to the reason strings of %SMART_LIC-3-COMM_FAILED.
//
//   PushClientOptions o;  o.ca_pem = ca.cert_pem;
//   auto client = PushClient::Create(ioc, &host_map, o, &error);
//   PushRequest p;
//   p.url = SmartReceiver::DefaultUrl();
//   p.body = SerializeSlupRequest(MakePollRequest(udi, piid, poll_id, now_ms));
//   client->Push(std::move(p), [](PushResult r) {
//     if (!r.http_ok()) Log("%SMART_LIC-3-COMM_FAILED: ... : " + r.SyslogReason());
//   });
//
// Thread-safe; `done` runs on a strand of the io_context. The client may be
// destroyed while pushes are in flight (they keep what they need); the
// HostMap must outlive the Push() call only.
#ifndef WLC_SIM_BACKENDS_PUSH_CLIENT_H_
#define WLC_SIM_BACKENDS_PUSH_CLIENT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host_map.h"
#include "tls.h"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace wlc::sim::backends {

enum class PushError {
  kNone,
  kBadUrl,         // not http(s)://host[:port][/path]
  kResolve,        // HostMap: unknown name or DNS-failure fault
  kConnect,        // refused, unreachable
  kTls,            // handshake failed (certificate, mutual TLS)
  kTimeout,        // no complete answer within the timeout
  kEmptyResponse,  // connection closed before any response byte
  kProtocol,       // broken HTTP response / connection reset mid-response
};
const char* PushErrorName(PushError e);

struct PushRequest {
  std::string method = "POST";
  std::string url;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{10000};
};

struct PushResult {
  PushError error = PushError::kNone;
  std::string detail;  // the underlying error text
  int status = 0;      // HTTP status when error == kNone
  std::string body;
  bool client_cert_requested = false;  // the server sent a TLS CertificateRequest
  HostEndpoint endpoint;               // where the name resolved to

  bool ok() const { return error == PushError::kNone; }
  // Transport success and a 2xx status.
  bool http_ok() const { return ok() && status >= 200 && status < 300; }
  // Text after "Communications failure with the Cisco Smart Software Manager
  // (CSSM) : ": "Unable to resolve server hostname/domain name",
  // "Received empty response from server", otherwise "Communications
  // failure" (also for non-2xx statuses); "" when http_ok().
  std::string SyslogReason() const;
};

struct PushClientOptions {
  std::string ca_pem;       // trust anchor for https (the CA given to the mocks)
  bool verify_peer = true;  // certificate + host name check ("server-identity-check")
  std::optional<PemPair> client_identity;  // presented on a CertificateRequest
};

class PushClient {
 public:
  static std::unique_ptr<PushClient> Create(boost::asio::io_context& ioc, const HostMap* hosts,
                                            const PushClientOptions& options, std::string* error);

  void Push(PushRequest request, std::function<void(PushResult)> done);

 private:
  PushClient(boost::asio::io_context& ioc, const HostMap* hosts,
             std::shared_ptr<boost::asio::ssl::context> tls, bool verify_peer);

  boost::asio::io_context& ioc_;
  const HostMap* hosts_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  bool verify_peer_;
};

// Splits "scheme://host[:port][/target]". False if malformed or not http(s).
bool ParseUrl(const std::string& url, std::string* scheme, std::string* host, uint16_t* port,
              std::string* target);

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_PUSH_CLIENT_H_
