#include "cssm_api.h"

#include <boost/asio/ssl/context.hpp>

namespace wlc::sim::backends {

std::unique_ptr<CssmApi> CssmApi::Start(boost::asio::io_context& ioc, BackendState* state,
                                        const CssmApiOptions& options, std::string* error) {
  HttpServer::Options http;
  http.name = "cssm-api";
  http.address = options.address;
  http.port = options.port;
  http.tls = MakeServerContext(options.ca, "swapi", options.host_names, {options.address},
                               ClientCertMode::kNone, error);
  if (!http.tls) return nullptr;
  RestApiPaths paths = options.paths;
  auto handler = [state, paths](const ServerRequest& req) {
    auto res = HandleRestApi(state, paths, req);
    return res ? std::move(*res) : ServerResponse::Text(404, "Not Found");
  };
  auto server = MockServer::Start(ioc, state, Endpoint::kCssmApi, std::move(http), handler, error);
  if (!server) return nullptr;
  std::unique_ptr<CssmApi> api(new CssmApi());
  api->server_ = std::move(server);
  return api;
}

}  // namespace wlc::sim::backends
