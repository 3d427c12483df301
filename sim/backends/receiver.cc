#include "receiver.h"

#include <boost/asio/ssl/context.hpp>

namespace wlc::sim::backends {

std::string SmartReceiver::DefaultUrl() {
  return std::string("https://") + kSmartReceiverHost + kSmartReceiverPath;
}

std::unique_ptr<SmartReceiver> SmartReceiver::Start(boost::asio::io_context& ioc,
                                                    BackendState* state,
                                                    const ReceiverOptions& options,
                                                    std::string* error) {
  HttpServer::Options http;
  http.name = "smartreceiver";
  http.address = options.address;
  http.port = options.port;
  http.tls = MakeServerContext(
      options.ca, options.host_names.empty() ? "smartreceiver" : options.host_names.front(),
      options.host_names, {options.address}, options.client_certs, error);
  if (!http.tls) return nullptr;
  SlupServiceOptions slup;
  slup.server_name = "SSM";
  slup.require_trust = true;
  auto handler = [state, slup](const ServerRequest& req) {
    if (req.path != kSmartReceiverPath) return ServerResponse::Text(404, "Not Found");
    if (req.method != "POST") return ServerResponse::Text(405, "Method Not Allowed");
    return HandleSlupRequest(state, slup, req.body);
  };
  auto server = MockServer::Start(ioc, state, Endpoint::kReceiver, std::move(http), handler, error);
  if (!server) return nullptr;
  std::unique_ptr<SmartReceiver> r(new SmartReceiver());
  r->server_ = std::move(server);
  r->client_certs_ = options.client_certs;
  return r;
}

}  // namespace wlc::sim::backends
