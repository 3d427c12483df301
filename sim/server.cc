#include "server.h"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <thread>
#include <vector>

#include "certs.h"
#include "control_api.h"
#include "controller.h"
#include "fleet.h"
#include "http_types.h"
#include "restconf.h"
#include "restconf_errors.h"

namespace wlc::sim {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr size_t kMaxBody = 1 << 20;  // 1 MiB; more -> 413
constexpr auto kHandshakeTimeout = std::chrono::seconds(30);
constexpr auto kIdleTimeout = std::chrono::seconds(300);
constexpr auto kTickPeriod = std::chrono::milliseconds(20);

using Handler = std::function<Reply(const HttpRequest&)>;

HttpResponse TransportError(int status, const char* tag, const char* message) {
  RestconfError e;
  e.status = status;
  e.type = "protocol";
  e.tag = tag;
  e.message = message;
  return MakeErrorResponse(e);
}

// One HTTP/1.1 connection (keep-alive) over `Stream`: beast::tcp_stream for
// the control API, beast::ssl_stream<beast::tcp_stream> for controllers.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Args>
  Session(Handler handler, Args&&... stream_args)
      : stream_(std::forward<Args>(stream_args)...),
        delay_(stream_.get_executor()),
        handler_(std::move(handler)),
        id_(next_id_.fetch_add(1) + 1),
        born_(std::chrono::steady_clock::now()) {}

  ~Session() {
    if (on_close_) on_close_(idle_closed_);
  }

  Stream& stream() { return stream_; }
  // Called once when the session ends; true if the idle timeout ended it.
  void set_on_close(std::function<void(bool)> f) { on_close_ = std::move(f); }
  void set_idle_timeout(uint32_t seconds) { idle_s_ = seconds; }

  void Start() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(kHandshakeTimeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->Close();
                                self->Read();
                              });
    } else {
      Read();
    }
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(kMaxBody);
    parser_->header_limit(64 * 1024);
    beast::get_lowest_layer(stream_).expires_after(IdleTimeout());
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return Write(TransportError(413, "too-big", "request body larger than 1 MiB"), false);
    }
    if (ec == beast::error::timeout && idle_s_ != 0) idle_closed_ = true;
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == ssl::error::stream_truncated) {
      return Close();
    }
    if (ec) {
      if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
        return Write(TransportError(400, "malformed-message", "malformed HTTP request"), false);
      }
      return Close();
    }
    const auto& msg = parser_->get();
    HttpRequest request;
    request.method = std::string(msg.method_string());
    request.target = std::string(msg.target());
    auto auth = msg.find(http::field::authorization);
    if (auth != msg.end()) request.authorization = std::string(auth->value());
    request.body = msg.body();
    request.session = id_;
    request.connection_requests = ++requests_;
    request.connection_age_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - born_)
                                    .count();
    bool keep_alive = msg.keep_alive();
    version_ = msg.version();

    Reply reply = handler_(request);
    if (reply.idle_timeout_s != 0) idle_s_ = reply.idle_timeout_s;
    if (reply.reset) return Reset();
    if (reply.silent) {
      // A hung device: keep the connection, never answer.
      return Read();
    }
    if (reply.close) keep_alive = false;
    const bool truncate = reply.truncate;
    if (reply.delay.count() > 0) {
      delay_.expires_after(reply.delay);
      delay_.async_wait([self = this->shared_from_this(), response = std::move(reply.response),
                         keep_alive, truncate](beast::error_code wait_ec) mutable {
        if (wait_ec) return self->Close();
        self->Write(std::move(response), keep_alive, truncate);
      });
      return;
    }
    Write(std::move(reply.response), keep_alive, truncate);
  }

  std::chrono::seconds IdleTimeout() const {
    return idle_s_ != 0 ? std::chrono::seconds(idle_s_) : kIdleTimeout;
  }

  // RST, no TLS close_notify: what a crashed or reset server looks like.
  void Reset() {
    beast::error_code ignored;
    auto& socket = beast::get_lowest_layer(stream_).socket();
    socket.set_option(net::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
  }

  // `truncate`: announce the full Content-Length, send half the body, close.
  void Write(HttpResponse response, bool keep_alive, bool truncate = false) {
    res_ = {};
    res_.version(version_ ? version_ : 11);
    res_.result(static_cast<unsigned>(response.status));
    res_.set(http::field::server, "wlcsim");
    if (!response.content_type.empty()) res_.set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res_.set(name, value);
    res_.body() = std::move(response.body);
    res_.keep_alive(keep_alive && !truncate);
    res_.prepare_payload();
    if (truncate) {
      const size_t full = res_.body().size();
      res_.body().resize(full / 2);
      res_.content_length(full);
      keep_alive = false;
    }
    beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
    http::async_write(stream_, res_,
                      [self = this->shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    if constexpr (kTls) {
      if (!closing_) {
        closing_ = true;
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
        stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
          beast::error_code ignored2;
          beast::get_lowest_layer(self->stream_).socket().close(ignored2);
        });
        return;
      }
    }
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  Stream stream_;
  net::steady_timer delay_;
  Handler handler_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  unsigned version_ = 11;
  bool closing_ = false;
  const uint64_t id_;
  const std::chrono::steady_clock::time_point born_;
  uint32_t requests_ = 0;
  uint32_t idle_s_ = 0;  // 0 = kIdleTimeout
  bool idle_closed_ = false;
  std::function<void(bool)> on_close_;
  static inline std::atomic<uint64_t> next_id_{0};
};

using TlsSession = Session<beast::ssl_stream<beast::tcp_stream>>;
using PlainSession = Session<beast::tcp_stream>;

}  // namespace

struct Server::Impl {
  Impl(Fleet* f, RestconfRouter* r, ControlApi* c, CertAuthority* ca)
      : fleet(f), router(r), control(c), certs(ca) {}

  Fleet* fleet;
  RestconfRouter* router;
  ControlApi* control;
  CertAuthority* certs;
  net::io_context ioc;
  ssl::context tls{ssl::context::tls_server};
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;  // controller listeners
  std::unique_ptr<tcp::acceptor> control_acceptor;
  net::steady_timer ticker{ioc};
  net::signal_set signals{ioc, SIGINT, SIGTERM};
  uint16_t port = 0;

  bool OpenAcceptor(tcp::acceptor* a, const tcp::endpoint& ep, bool bind_to_lo,
                    std::string* error) {
    beast::error_code ec;
    a->open(ep.protocol(), ec);
    if (!ec) a->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec && bind_to_lo) {
      static const char kLo[] = "lo";
      if (setsockopt(a->native_handle(), SOL_SOCKET, SO_BINDTODEVICE, kLo, sizeof(kLo)) != 0) {
        *error = std::string("SO_BINDTODEVICE: ") + std::strerror(errno);
        return false;
      }
    }
    if (!ec) a->bind(ep, ec);
    if (!ec) a->listen(4096, ec);
    if (ec) {
      *error = "listen on " + ep.address().to_string() + ":" + std::to_string(ep.port()) + ": " +
               ec.message();
      return false;
    }
    return true;
  }

  void AcceptControllers(tcp::acceptor* a) {
    a->async_accept(net::make_strand(ioc), [this, a](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (ec) {
        // Out of file descriptors and the like: back off instead of spinning.
        auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(50));
        timer->async_wait([this, a, timer](beast::error_code) { AcceptControllers(a); });
        return;
      }
      OnControllerConnection(std::move(socket));
      AcceptControllers(a);
    });
  }

  void OnControllerConnection(tcp::socket socket) {
    beast::error_code ec;
    tcp::endpoint local = socket.local_endpoint(ec);
    int index = -1;
    if (!ec && local.address().is_v4()) {
      std::lock_guard<std::mutex> lock(fleet->mu());
      index = fleet->IndexForAddress(local.address().to_v4().to_uint());
    }
    if (index < 0) {
      socket.close(ec);  // not a simulated controller
      return;
    }
    size_t i = static_cast<size_t>(index);
    if (router->ShouldReset(i)) {
      socket.set_option(net::socket_base::linger(true, 0), ec);  // RST, not FIN
      socket.close(ec);
      return;
    }
    X509* cert = certs->CertFor(i, NameForIndex(static_cast<uint32_t>(i)),
                                local.address().to_v4().to_uint());
    if (cert == nullptr) {
      socket.close(ec);
      return;
    }
    ConnectionAdmission admission = router->OpenConnection(i);
    if (!admission.admitted) {
      // Over `ip http max-connections`: refused at once.
      socket.set_option(net::socket_base::linger(true, 0), ec);
      socket.close(ec);
      return;
    }
    RestconfRouter* r = router;
    auto session = std::make_shared<TlsSession>(
        [r, i](const HttpRequest& req) { return r->Handle(i, req); }, std::move(socket), tls);
    session->set_on_close([r, i](bool idle) { r->CloseConnection(i, idle); });
    session->set_idle_timeout(admission.idle_timeout_s);
    if (admission.tls12_only) {
      SSL_set_max_proto_version(session->stream().native_handle(), TLS1_2_VERSION);
    }
    if (router->ShouldFailTls(i)) {
      // No certificate for this handshake: the server answers the ClientHello
      // with a handshake_failure alert and the handshake is aborted.
      session->Start();
      return;
    }
    if (SSL_use_certificate(session->stream().native_handle(), cert) != 1) return;
    session->Start();
  }

  void AcceptControl() {
    control_acceptor->async_accept(net::make_strand(ioc),
                                   [this](beast::error_code ec, tcp::socket socket) {
                                     if (ec == net::error::operation_aborted) return;
                                     if (!ec) {
                                       ControlApi* api = control;
                                       auto session = std::make_shared<PlainSession>(
                                           [api](const HttpRequest& req) {
                                             Reply reply;
                                             reply.response = api->Handle(req);
                                             return reply;
                                           },
                                           std::move(socket));
                                       session->Start();
                                     }
                                     AcceptControl();
                                   });
  }

  void Tick() {
    ticker.expires_after(kTickPeriod);
    ticker.async_wait([this](beast::error_code ec) {
      if (ec) return;
      fleet->Tick(std::chrono::steady_clock::now());
      Tick();
    });
  }
};

Server::Server(Fleet* fleet, RestconfRouter* router, ControlApi* control, CertAuthority* certs)
    : impl_(std::make_unique<Impl>(fleet, router, control, certs)) {}

Server::~Server() = default;

uint16_t Server::port() const { return impl_->port; }
uint16_t Server::control_port() const { return impl_->control_acceptor->local_endpoint().port(); }

bool Server::Start(uint16_t port, bool per_address, std::string* error) {
  Impl& s = *impl_;
  s.tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX* ctx = s.tls.native_handle();
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);  // idle keep-alive connections stay small
  if (SSL_CTX_use_PrivateKey(ctx, s.certs->leaf_key()) != 1) {
    *error = "loading the shared leaf key into the TLS context failed";
    return false;
  }

  // One listener for the whole fleet.
  auto shared = std::make_unique<tcp::acceptor>(s.ioc);
  std::string why = "SO_BINDTODEVICE not used (--listener-per-address)";
  if (!per_address &&
      s.OpenAcceptor(shared.get(), tcp::endpoint(tcp::v4(), port), /*bind_to_lo=*/true, &why)) {
    s.port = shared->local_endpoint().port();
    s.acceptors.push_back(std::move(shared));
  } else if (why.rfind("SO_BINDTODEVICE", 0) != 0) {
    *error = why;
    return false;
  } else {
    size_t n;
    uint32_t first;
    {
      std::lock_guard<std::mutex> lock(s.fleet->mu());
      n = s.fleet->size();
      first = s.fleet->at(0).address;
    }
    if (!per_address) {
      std::cerr << "wlcsim: " << why << "; falling back to one listener per controller (" << n
                << " sockets; fine for small fleets only)\n";
    }
    uint16_t p = port;
    for (size_t i = 0; i < n; ++i) {
      auto a = std::make_unique<tcp::acceptor>(s.ioc);
      tcp::endpoint ep(net::ip::address_v4(first + static_cast<uint32_t>(i)), p);
      if (!s.OpenAcceptor(a.get(), ep, /*bind_to_lo=*/false, error)) return false;
      p = a->local_endpoint().port();
      s.acceptors.push_back(std::move(a));
    }
    s.port = p;
  }

  s.control_acceptor = std::make_unique<tcp::acceptor>(s.ioc);
  if (!s.OpenAcceptor(s.control_acceptor.get(),
                      tcp::endpoint(net::ip::make_address_v4("127.0.0.1"), 0),
                      /*bind_to_lo=*/false, error)) {
    return false;
  }
  return true;
}

void Server::Run(uint32_t threads) {
  Impl& s = *impl_;
  for (auto& a : s.acceptors) s.AcceptControllers(a.get());
  s.AcceptControl();
  s.Tick();
  s.signals.async_wait([&s](beast::error_code, int) {
    beast::error_code ignored;
    for (auto& a : s.acceptors) a->close(ignored);
    s.control_acceptor->close(ignored);
    s.ticker.cancel();
    s.ioc.stop();
  });
  std::vector<std::thread> extra;
  for (uint32_t i = 1; i < threads; ++i) extra.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : extra) t.join();
}

}  // namespace wlc::sim
