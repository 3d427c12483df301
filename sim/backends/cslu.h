// Mock CSLU (Cisco Smart License Utility), plain HTTP like the real one on
// :8182: POST /cslu/v1/pi takes the same SLUP envelopes as the smart
// receiver. CSLU relays to CSSM: it answers against the CSSM BackendState (as
// if it had uploaded), so its ACKs are CSSM's. Product instances without
// trust are accepted and placed in the configured account / VA at their first
// report. Fault switch: Endpoint::kCslu (on the CSSM state).
#ifndef WLC_SIM_BACKENDS_CSLU_H_
#define WLC_SIM_BACKENDS_CSLU_H_

#include <memory>
#include <string>

#include "mock_server.h"
#include "state.h"

namespace wlc::sim::backends {

inline constexpr const char* kCsluHost = "cslu-local";
inline constexpr const char* kCsluPath = "/cslu/v1/pi";

struct CsluOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;    // the real CSLU uses 8182; 0 = ephemeral
  std::string account;  // where CSLU registers product instances it learns
  std::string virtual_account;
};

class Cslu {
 public:
  static std::unique_ptr<Cslu> Start(boost::asio::io_context& ioc, BackendState* cssm,
                                     const CsluOptions& options, std::string* error);
  uint16_t port() const { return server_->port(); }
  const std::string& address() const { return server_->address(); }
  // "http://cslu-local:8182/cslu/v1/pi" — the URL a controller is configured with.
  static std::string DefaultUrl();

 private:
  std::unique_ptr<MockServer> server_;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_CSLU_H_
