#include "mock_server.h"

namespace wlc::sim::backends {

MockServer::MockServer(BackendState* state, std::unique_ptr<HttpServer> server)
    : state_(state), server_(std::move(server)) {}

std::unique_ptr<MockServer> MockServer::Start(boost::asio::io_context& ioc, BackendState* state,
                                              Endpoint endpoint, HttpServer::Options options,
                                              RequestHandler handler, std::string* error) {
  options.fault = [state, endpoint] { return state->GetFault(endpoint); };
  auto server = HttpServer::Start(ioc, std::move(options), std::move(handler), error);
  if (!server) return nullptr;
  std::unique_ptr<MockServer> mock(new MockServer(state, std::move(server)));
  HttpServer* raw = mock->server_.get();
  mock->observer_ = state->AddFaultObserver([raw] { raw->ApplyFault(); });
  raw->ApplyFault();  // a fault set before Start
  return mock;
}

MockServer::~MockServer() { Stop(); }

void MockServer::Stop() {
  if (observer_ != 0) {
    state_->RemoveFaultObserver(observer_);
    observer_ = 0;
  }
  server_->Stop();
}

std::string MockServer::BaseUrl() const {
  return std::string(server_->tls() ? "https://" : "http://") + server_->address() + ":" +
         std::to_string(server_->port());
}

}  // namespace wlc::sim::backends
