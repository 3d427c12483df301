// Mock SSM On-Prem (its own BackendState: accounts there are the On-Prem
// local accounts, i.e. tenants). HTTPS with a leaf from the caller's CA.
//   POST /cslu/v1/pi/<tenant>     CSLU-transport push (SLUP envelopes); unknown tenant → 404
//   POST /SmartTransport          the older form (smart-transport semantics: trust required)
//   POST /licservice/license      answered with an empty response (smart transport
//                                 pointed at On-Prem: "Received empty response from server")
//   POST /oauth/token             OAuth2 client credentials
//   POST /api/v1/accounts/{a}/virtual-accounts/{va}/tokens   ID-token creation
//   POST/GET /api/v1/accounts/{a}/virtual-accounts/{va}/usage[/{pollId}]
//   GET  /crl/<name>.crl          CRL distribution point: connection closed (always,
//                                 unless crl_reachable)
// The state's ServerVersion() is the On-Prem version: below 8-202102 every
// push is FAILED "REPORTING_NOT_SUPPORTED: ...". Fault switch: Endpoint::kOnPrem.
#ifndef WLC_SIM_BACKENDS_ONPREM_H_
#define WLC_SIM_BACKENDS_ONPREM_H_

#include <memory>
#include <string>
#include <vector>

#include "mock_server.h"
#include "rest_api.h"
#include "state.h"
#include "tls.h"

namespace wlc::sim::backends {

inline constexpr const char* kOnPremHost = "ssm-onprem.example";

struct OnPremOptions {
  PemPair ca;
  std::string address = "127.0.0.1";
  uint16_t port = 0;
  std::vector<std::string> host_names = {kOnPremHost};
  // VA of the tenant where product instances first seen by a report land.
  std::string default_va = "Default";
  bool crl_reachable = false;
  RestApiPaths paths{"/oauth/token", "/api/v1"};
};

class OnPrem {
 public:
  static std::unique_ptr<OnPrem> Start(boost::asio::io_context& ioc, BackendState* state,
                                       const OnPremOptions& options, std::string* error);
  uint16_t port() const { return server_->port(); }
  const std::string& address() const { return server_->address(); }

  // The CRL of SLA-TrustPoint cannot be fetched from this server: a controller
  // without `revocation-check none` fails trust/reporting with
  // %PKI-3-CRL_FETCH_FAIL: CRL fetch for trustpoint SLA-TrustPoint failed.
  bool CrlFetchFails() const { return !crl_reachable_; }
  // "https://<host>/crl/SLA-TrustPoint.crl"
  std::string CrlUrl() const;
  // "https://<host>/cslu/v1/pi/<tenant>"
  std::string CsluUrl(const std::string& tenant) const;
  // Convenience for state->SetServerVersion(); "8-202010" is down rev.
  void SetVersion(const std::string& version);

 private:
  std::unique_ptr<MockServer> server_;
  BackendState* state_ = nullptr;
  std::string host_;
  bool crl_reachable_ = false;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_ONPREM_H_
