// Mock CSSM REST API (what the service uses for service-relayed and
// air-gapped reporting), HTTPS, host names swapi.cisco.com and
// cloudsso.cisco.com:
//   POST /oauth2/default/v1/token                      (client credentials)
//   POST /services/api/smart-accounts-and-licensing/v2/accounts/{a}/virtual-accounts/{va}/tokens
//   POST .../virtual-accounts/{va}/usage               (offline usage bundle)
//   GET  .../virtual-accounts/{va}/usage/{pollId}      (PENDING or the ACK bundle)
// Formats: README.md. Fault switch: Endpoint::kCssmApi.
#ifndef WLC_SIM_BACKENDS_CSSM_API_H_
#define WLC_SIM_BACKENDS_CSSM_API_H_

#include <memory>
#include <string>
#include <vector>

#include "mock_server.h"
#include "rest_api.h"
#include "state.h"
#include "tls.h"

namespace wlc::sim::backends {

inline constexpr const char* kSwapiHost = "swapi.cisco.com";
inline constexpr const char* kCloudSsoHost = "cloudsso.cisco.com";

struct CssmApiOptions {
  PemPair ca;
  std::string address = "127.0.0.1";
  uint16_t port = 0;
  std::vector<std::string> host_names = {kSwapiHost, kCloudSsoHost};
  RestApiPaths paths;
};

class CssmApi {
 public:
  static std::unique_ptr<CssmApi> Start(boost::asio::io_context& ioc, BackendState* state,
                                        const CssmApiOptions& options, std::string* error);
  uint16_t port() const { return server_->port(); }
  const std::string& address() const { return server_->address(); }

 private:
  std::unique_ptr<MockServer> server_;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_CSSM_API_H_
