// The REST API shared by the CSSM API mock and SSM On-Prem: OAuth2
// client-credentials tokens, ID-token creation per virtual account, offline
// usage upload and ACK poll. Bearer required on everything but the token
// endpoint. Transport-free.
#ifndef WLC_SIM_BACKENDS_REST_API_H_
#define WLC_SIM_BACKENDS_REST_API_H_

#include <optional>
#include <string>

#include "http_server.h"
#include "state.h"

namespace wlc::sim::backends {

struct RestApiPaths {
  std::string token_path = "/oauth2/default/v1/token";
  // + /accounts/{account}/virtual-accounts/{va}/tokens | /usage | /usage/{pollId}
  std::string api_prefix = "/services/api/smart-accounts-and-licensing/v2";
};

// nullopt when `req.path` is neither the token path nor under api_prefix.
std::optional<ServerResponse> HandleRestApi(BackendState* state, const RestApiPaths& paths,
                                            const ServerRequest& req);

// Percent-decoding ('+' → ' ' when `form`).
std::string UrlDecode(const std::string& s, bool form);
// ISO 8601 UTC, e.g. "2021-08-23T10:18:08Z".
std::string IsoTime(EpochMs ms);

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_REST_API_H_
