#include "http_server.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <mutex>
#include <shared_mutex>
#include <type_traits>

namespace wlc::sim::backends {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

constexpr auto kHandshakeTimeout = std::chrono::seconds(10);
constexpr auto kWriteTimeout = std::chrono::seconds(30);

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void Close() = 0;  // thread-safe (posts to the session's strand)
};

}  // namespace

std::string ServerRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

ServerResponse ServerResponse::Text(int status, std::string body) {
  ServerResponse r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

ServerResponse ServerResponse::JsonBody(int status, std::string json) {
  ServerResponse r;
  r.status = status;
  r.body = std::move(json);
  return r;
}

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(net::io_context& ioc, Options opts, RequestHandler h)
      : ioc(ioc),
        options(std::move(opts)),
        handler(std::move(h)),
        strand(net::make_strand(ioc)),
        acceptor(strand) {}

  Fault CurrentFault() const {
    if (!options.fault) return Fault{};
    return options.fault();
  }

  bool Open(std::string* error) {
    beast::error_code ec;
    tcp::endpoint ep(net::ip::make_address(options.address, ec), port);
    if (ec) {
      *error = "bad address " + options.address + ": " + ec.message();
      return false;
    }
    acceptor.open(ep.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(ep, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor.close(ignored);
      *error = options.name + ": cannot listen on " + options.address + ":" + std::to_string(port) +
               ": " + ec.message();
      return false;
    }
    if (port == 0) port = acceptor.local_endpoint(ec).port();
    return true;
  }

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc),
                          [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                            self->OnAccept(ec, std::move(socket));
                          });
  }

  void OnAccept(beast::error_code ec, tcp::socket socket);

  // On the listener strand.
  void Reconcile() {
    if (stopped) return;
    bool refuse = CurrentFault().down == Fault::Down::kRefuse;
    if (refuse && acceptor.is_open()) {
      beast::error_code ignored;
      acceptor.close(ignored);
      CloseSessions();
    } else if (!refuse && !acceptor.is_open()) {
      std::string error;
      if (Open(&error)) Accept();
    }
  }

  void CloseSessions() {
    std::vector<std::shared_ptr<SessionBase>> live;
    {
      std::lock_guard<std::mutex> lock(sessions_mu);
      for (auto& w : sessions) {
        if (auto s = w.lock()) live.push_back(std::move(s));
      }
      sessions.clear();
    }
    for (auto& s : live) s->Close();
  }

  void Track(const std::shared_ptr<SessionBase>& s) {
    std::lock_guard<std::mutex> lock(sessions_mu);
    sessions.erase(std::remove_if(sessions.begin(), sessions.end(),
                                  [](const std::weak_ptr<SessionBase>& w) { return w.expired(); }),
                   sessions.end());
    sessions.push_back(s);
  }

  // Calls the handler unless stopped. False if stopped.
  bool Dispatch(const ServerRequest& req, ServerResponse* res) {
    std::shared_lock<std::shared_mutex> lock(handler_mu);
    if (!handler) return false;
    try {
      *res = handler(req);
    } catch (const std::exception& e) {
      *res = ServerResponse::Text(500, std::string("internal error: ") + e.what());
    }
    return true;
  }

  net::io_context& ioc;
  Options options;
  std::shared_mutex handler_mu;
  RequestHandler handler;
  net::strand<net::io_context::executor_type> strand;
  tcp::acceptor acceptor;
  uint16_t port = 0;
  bool stopped = false;  // listener strand only
  std::mutex sessions_mu;
  std::vector<std::weak_ptr<SessionBase>> sessions;
};

namespace {

using ServerImpl = HttpServer::Impl;

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Args>
  Session(std::shared_ptr<ServerImpl> server, Args&&... args)
      : server_(std::move(server)),
        stream_(std::forward<Args>(args)...),
        timer_(stream_.get_executor()) {}

  void Run() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->Start(); });
  }

  void Close() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->closed_ = true;
      beast::error_code ignored;
      self->timer_.cancel();
      beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(self->stream_).close();
    });
  }

 private:
  void Start() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(kHandshakeTimeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->CloseNow();
                                self->NotePeerCert();
                                self->Read();
                              });
    } else {
      Read();
    }
  }

  void NotePeerCert() {
    if constexpr (kTls) {
      X509* peer = SSL_get0_peer_certificate(stream_.native_handle());
      if (peer) {
        client_cert_ = true;
        char buf[512];
        X509_NAME_oneline(X509_get_subject_name(peer), buf, sizeof(buf));
        client_subject_ = buf;
      }
    }
  }

  void Read() {
    if (closed_) return;
    parser_.emplace();
    parser_->body_limit(server_->options.body_limit);
    beast::get_lowest_layer(stream_).expires_after(server_->options.idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return CloseNow();
    auto& msg = parser_->get();
    ServerRequest req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    size_t q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    for (const auto& f : msg)
      req.headers[Lower(std::string(f.name_string()))] = std::string(f.value());
    req.body = std::move(msg.body());
    req.tls = kTls;
    req.client_cert_presented = client_cert_;
    req.client_cert_subject = client_subject_;
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();

    Fault fault = server_->CurrentFault();
    ServerResponse res;
    if (fault.down == Fault::Down::kRefuse) return CloseNow();
    if (fault.down == Fault::Down::k503) {
      res = ServerResponse::Text(503, "Service Unavailable");
    } else if (!server_->Dispatch(req, &res)) {
      return CloseNow();
    }
    if (fault.empty_response) res.close_without_response = true;
    if (fault.malformed && !res.close_without_response) res.body.resize(res.body.size() / 2);

    if (fault.latency.count() > 0) {
      timer_.expires_after(fault.latency);
      timer_.async_wait(
          [self = this->shared_from_this(), res = std::move(res)](beast::error_code wec) mutable {
            if (wec || self->closed_) return self->CloseNow();
            self->Write(std::move(res));
          });
      return;
    }
    Write(std::move(res));
  }

  void Write(ServerResponse res) {
    if (res.close_without_response) return Shutdown();
    auto msg = std::make_shared<http::response<http::string_body>>();
    msg->version(version_);
    msg->result(static_cast<unsigned>(res.status));
    msg->set(http::field::server, server_->options.name);
    msg->set(http::field::content_type, res.content_type);
    for (const auto& [k, v] : res.headers) msg->set(k, v);
    msg->body() = std::move(res.body);
    msg->keep_alive(keep_alive_);
    msg->prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    http::async_write(stream_, *msg,
                      [self = this->shared_from_this(), msg](beast::error_code ec, size_t) {
                        if (ec) return self->CloseNow();
                        if (!msg->keep_alive()) return self->Shutdown();
                        self->Read();
                      });
  }

  void Shutdown() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->CloseNow(); });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      CloseNow();
    }
  }

  void CloseNow() {
    closed_ = true;
    beast::get_lowest_layer(stream_).close();
  }

  std::shared_ptr<ServerImpl> server_;
  Stream stream_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool client_cert_ = false;
  std::string client_subject_;
  bool closed_ = false;
};

}  // namespace

void HttpServer::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (stopped || !acceptor.is_open()) return;
  if (!ec) {
    if (CurrentFault().down == Fault::Down::kRefuse) {
      beast::error_code ignored;
      socket.close(ignored);
    } else if (options.tls) {
      auto s = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
          shared_from_this(), std::move(socket), *options.tls);
      Track(s);
      s->Run();
    } else {
      auto s = std::make_shared<Session<beast::tcp_stream>>(shared_from_this(), std::move(socket));
      Track(s);
      s->Run();
    }
  }
  Accept();
}

HttpServer::HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<HttpServer> HttpServer::Start(net::io_context& ioc, Options options,
                                              RequestHandler handler, std::string* error) {
  try {
    uint16_t port = options.port;
    auto impl = std::make_shared<Impl>(ioc, std::move(options), std::move(handler));
    impl->port = port;
    if (!impl->Open(error)) return nullptr;
    net::dispatch(impl->strand, [impl] { impl->Accept(); });
    return std::unique_ptr<HttpServer>(new HttpServer(impl));
  } catch (const std::exception& e) {
    if (error) *error = std::string("HttpServer::Start: ") + e.what();
    return nullptr;
  }
}

HttpServer::~HttpServer() { Stop(); }

uint16_t HttpServer::port() const { return impl_->port; }
const std::string& HttpServer::address() const { return impl_->options.address; }
bool HttpServer::tls() const { return impl_->options.tls != nullptr; }

void HttpServer::ApplyFault() {
  std::weak_ptr<Impl> weak = impl_;
  net::post(impl_->strand, [weak] {
    if (auto impl = weak.lock()) impl->Reconcile();
  });
}

void HttpServer::Stop() {
  {
    std::unique_lock<std::shared_mutex> lock(impl_->handler_mu);
    if (!impl_->handler) return;
    impl_->handler = nullptr;
  }
  auto impl = impl_;
  net::post(impl->strand, [impl] {
    impl->stopped = true;
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl->CloseSessions();
}

}  // namespace wlc::sim::backends
