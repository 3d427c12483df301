#include "cslu.h"

#include "slup_service.h"

namespace wlc::sim::backends {

std::string Cslu::DefaultUrl() { return std::string("http://") + kCsluHost + ":8182" + kCsluPath; }

std::unique_ptr<Cslu> Cslu::Start(boost::asio::io_context& ioc, BackendState* cssm,
                                  const CsluOptions& options, std::string* error) {
  HttpServer::Options http;
  http.name = "cslu";
  http.address = options.address;
  http.port = options.port;
  SlupServiceOptions slup;
  slup.server_name = "CSLU";
  slup.require_trust = false;
  slup.default_account = options.account;
  slup.default_va = options.virtual_account;
  auto handler = [cssm, slup](const ServerRequest& req) {
    if (req.path != kCsluPath) return ServerResponse::Text(404, "Not Found");
    if (req.method != "POST") return ServerResponse::Text(405, "Method Not Allowed");
    return HandleSlupRequest(cssm, slup, req.body);
  };
  auto server = MockServer::Start(ioc, cssm, Endpoint::kCslu, std::move(http), handler, error);
  if (!server) return nullptr;
  std::unique_ptr<Cslu> c(new Cslu());
  c->server_ = std::move(server);
  return c;
}

}  // namespace wlc::sim::backends
