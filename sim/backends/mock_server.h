// An HttpServer bound to one fault switch of a BackendState: the server
// re-reads the fault per request and reacts to SetFault() at once (closing or
// reopening its listener for Fault::Down::kRefuse). Base of every mock.
#ifndef WLC_SIM_BACKENDS_MOCK_SERVER_H_
#define WLC_SIM_BACKENDS_MOCK_SERVER_H_

#include <memory>
#include <string>

#include "http_server.h"
#include "state.h"

namespace wlc::sim::backends {

class MockServer {
 public:
  // `options.fault` is replaced by the state's switch for `endpoint`.
  static std::unique_ptr<MockServer> Start(boost::asio::io_context& ioc, BackendState* state,
                                           Endpoint endpoint, HttpServer::Options options,
                                           RequestHandler handler, std::string* error);
  ~MockServer();

  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  uint16_t port() const { return server_->port(); }
  const std::string& address() const { return server_->address(); }
  // "<scheme>://<address>:<port>"
  std::string BaseUrl() const;
  void Stop();

 private:
  MockServer(BackendState* state, std::unique_ptr<HttpServer> server);

  BackendState* state_;
  std::unique_ptr<HttpServer> server_;
  int observer_ = 0;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_MOCK_SERVER_H_
