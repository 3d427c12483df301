// Mock CSSM smart receiver: what controllers with `transport smart` push to,
// https://smartreceiver.cisco.com/licservice/license. HTTPS with a leaf from
// the caller's CA (SANs: the host names + the listen IP), optionally asking
// for a client certificate (mutual TLS, as the real one does).
// POST /licservice/license takes the SLUP envelopes (ID_TOKEN_TRUST,
// LICENSE_USAGE, POLL_REQ); anything else is 404. Fault switch:
// Endpoint::kReceiver.
#ifndef WLC_SIM_BACKENDS_RECEIVER_H_
#define WLC_SIM_BACKENDS_RECEIVER_H_

#include <memory>
#include <string>
#include <vector>

#include "mock_server.h"
#include "slup_service.h"
#include "state.h"
#include "tls.h"

namespace wlc::sim::backends {

inline constexpr const char* kSmartReceiverHost = "smartreceiver.cisco.com";
inline constexpr const char* kSmartReceiverPath = "/licservice/license";

struct ReceiverOptions {
  PemPair ca;
  std::string address = "127.0.0.1";
  uint16_t port = 0;
  ClientCertMode client_certs = ClientCertMode::kRequest;
  std::vector<std::string> host_names = {kSmartReceiverHost};
};

class SmartReceiver {
 public:
  // `state` (CSSM) must outlive the receiver. nullptr with *error.
  static std::unique_ptr<SmartReceiver> Start(boost::asio::io_context& ioc, BackendState* state,
                                              const ReceiverOptions& options, std::string* error);
  uint16_t port() const { return server_->port(); }
  const std::string& address() const { return server_->address(); }
  ClientCertMode client_certs() const { return client_certs_; }
  // https://smartreceiver.cisco.com/licservice/license
  static std::string DefaultUrl();

 private:
  std::unique_ptr<MockServer> server_;
  ClientCertMode client_certs_ = ClientCertMode::kNone;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_RECEIVER_H_
