#include "push_client.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <type_traits>

namespace wlc::sim::backends {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

constexpr size_t kBodyLimit = 16 << 20;

bool IsTimeout(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == net::error::timed_out;
}

template <class Stream>
class PushOp : public std::enable_shared_from_this<PushOp<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Args>
  PushOp(std::shared_ptr<void> keep, PushRequest req, std::string host, std::string target,
         tcp::endpoint ep, HostEndpoint resolved, std::function<void(PushResult)> done,
         Args&&... stream_args)
      : keep_(std::move(keep)),
        req_(std::move(req)),
        host_(std::move(host)),
        target_(std::move(target)),
        ep_(ep),
        done_(std::move(done)),
        stream_(std::forward<Args>(stream_args)...) {
    result_.endpoint = std::move(resolved);
    deadline_ = std::chrono::steady_clock::now() + req_.timeout;
  }

  void Run(bool verify_peer) {
    net::post(stream_.get_executor(),
              [self = this->shared_from_this(), verify_peer] { self->Start(verify_peer); });
  }

 private:
  void Start(bool verify_peer) {
    if constexpr (kTls) {
      SSL* ssl = stream_.native_handle();
      SSL_set_cert_cb(ssl, &PushOp::OnCertRequest, &result_);
      bool ip = HostMap::IsLoopbackLiteral(host_) || host_.find(':') != std::string::npos ||
                std::all_of(host_.begin(), host_.end(), [](char c) {
                  return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
                });
      if (!ip) SSL_set_tlsext_host_name(ssl, host_.c_str());
      beast::error_code ec;
      if (verify_peer) {
        stream_.set_verify_mode(ssl::verify_peer, ec);
        if (!ec) stream_.set_verify_callback(ssl::host_name_verification(host_), ec);
      } else {
        stream_.set_verify_mode(ssl::verify_none, ec);
      }
      if (ec) return Finish(PushError::kTls, ec.message());
    }
    Arm();
    beast::get_lowest_layer(stream_).async_connect(
        ep_, [self = this->shared_from_this()](beast::error_code ec) { self->OnConnect(ec); });
  }

  static int OnCertRequest(SSL*, void* arg) {
    static_cast<PushResult*>(arg)->client_cert_requested = true;
    return 1;
  }

  void Arm() {
    auto left = deadline_ - std::chrono::steady_clock::now();
    if (left < std::chrono::milliseconds(1)) left = std::chrono::milliseconds(1);
    beast::get_lowest_layer(stream_).expires_after(
        std::chrono::duration_cast<std::chrono::milliseconds>(left));
  }

  void OnConnect(beast::error_code ec) {
    if (ec) return Finish(IsTimeout(ec) ? PushError::kTimeout : PushError::kConnect, ec.message());
    if constexpr (kTls) {
      Arm();
      stream_.async_handshake(
          ssl::stream_base::client, [self = this->shared_from_this()](beast::error_code hec) {
            if (hec) {
              return self->Finish(IsTimeout(hec) ? PushError::kTimeout : PushError::kTls,
                                  hec.message());
            }
            self->Write();
          });
    } else {
      Write();
    }
  }

  void Write() {
    msg_.method_string(req_.method);
    msg_.target(target_);
    msg_.version(11);
    msg_.set(http::field::host, host_);
    msg_.set(http::field::user_agent, "wlcsim-push/1.0");
    msg_.set(http::field::connection, "close");
    if (!req_.body.empty() || req_.method == "POST" || req_.method == "PUT") {
      msg_.set(http::field::content_type, req_.content_type);
    }
    for (const auto& [k, v] : req_.headers) msg_.set(k, v);
    msg_.body() = req_.body;
    msg_.prepare_payload();
    Arm();
    http::async_write(stream_, msg_,
                      [self = this->shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) {
                          // A server that closes at once (fault "empty response") may reset the
                          // write.
                          if (IsTimeout(ec)) return self->Finish(PushError::kTimeout, ec.message());
                          return self->Finish(PushError::kEmptyResponse, ec.message());
                        }
                        self->Read();
                      });
  }

  void Read() {
    parser_.body_limit(kBodyLimit);
    Arm();
    http::async_read(
        stream_, buffer_, parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t n) { self->OnRead(ec, n); });
  }

  void OnRead(beast::error_code ec, size_t bytes) {
    if (ec) {
      if (IsTimeout(ec)) return Finish(PushError::kTimeout, ec.message());
      bool nothing = bytes == 0 && buffer_.size() == 0 && !parser_.got_some();
      if (nothing &&
          (ec == http::error::end_of_stream || ec == net::error::eof ||
           ec == net::ssl::error::stream_truncated || ec == net::error::connection_reset)) {
        return Finish(PushError::kEmptyResponse, ec.message());
      }
      return Finish(PushError::kProtocol, ec.message());
    }
    result_.status = static_cast<int>(parser_.get().result_int());
    result_.body = std::move(parser_.get().body());
    Finish(PushError::kNone, "");
  }

  void Finish(PushError error, std::string detail) {
    if (finished_) return;
    finished_ = true;
    result_.error = error;
    result_.detail = std::move(detail);
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).close();
    auto done = std::move(done_);
    if (done) done(std::move(result_));
  }

  std::shared_ptr<void> keep_;  // the TLS context outlives the stream
  PushRequest req_;
  std::string host_;
  std::string target_;
  tcp::endpoint ep_;
  std::function<void(PushResult)> done_;
  Stream stream_;
  std::chrono::steady_clock::time_point deadline_;
  http::request<http::string_body> msg_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  PushResult result_;
  bool finished_ = false;
};

}  // namespace

const char* PushErrorName(PushError e) {
  switch (e) {
    case PushError::kNone:
      return "none";
    case PushError::kBadUrl:
      return "bad-url";
    case PushError::kResolve:
      return "resolve";
    case PushError::kConnect:
      return "connect";
    case PushError::kTls:
      return "tls";
    case PushError::kTimeout:
      return "timeout";
    case PushError::kEmptyResponse:
      return "empty-response";
    case PushError::kProtocol:
      return "protocol";
  }
  return "?";
}

std::string PushResult::SyslogReason() const {
  if (http_ok()) return "";
  switch (error) {
    case PushError::kResolve:
      return "Unable to resolve server hostname/domain name";
    case PushError::kEmptyResponse:
      return "Received empty response from server";
    default:
      return "Communications failure";
  }
}

bool ParseUrl(const std::string& url, std::string* scheme, std::string* host, uint16_t* port,
              std::string* target) {
  size_t sep = url.find("://");
  if (sep == std::string::npos) return false;
  std::string s = url.substr(0, sep);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s != "http" && s != "https") return false;
  size_t start = sep + 3;
  size_t slash = url.find('/', start);
  std::string authority =
      url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
  *target = slash == std::string::npos ? "/" : url.substr(slash);
  if (authority.empty() || authority.find('@') != std::string::npos) return false;
  std::string h = authority;
  std::string p;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return false;
    h = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return false;
      p = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    if (colon != std::string::npos) {
      h = authority.substr(0, colon);
      p = authority.substr(colon + 1);
    }
  }
  if (h.empty()) return false;
  unsigned long port_num = s == "https" ? 443 : 80;
  if (!p.empty()) {
    if (p.size() > 5 || !std::all_of(p.begin(), p.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        }))
      return false;
    port_num = std::stoul(p);
    if (port_num == 0 || port_num > 65535) return false;
  }
  *scheme = s;
  *host = h;
  *port = static_cast<uint16_t>(port_num);
  return true;
}

PushClient::PushClient(net::io_context& ioc, const HostMap* hosts,
                       std::shared_ptr<ssl::context> tls, bool verify_peer)
    : ioc_(ioc), hosts_(hosts), tls_(std::move(tls)), verify_peer_(verify_peer) {}

std::unique_ptr<PushClient> PushClient::Create(net::io_context& ioc, const HostMap* hosts,
                                               const PushClientOptions& options,
                                               std::string* error) {
  try {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    if (!options.ca_pem.empty()) ctx->add_certificate_authority(net::buffer(options.ca_pem));
    if (options.client_identity) {
      ctx->use_certificate_chain(net::buffer(options.client_identity->cert_pem));
      ctx->use_private_key(net::buffer(options.client_identity->key_pem), ssl::context::pem);
    }
    return std::unique_ptr<PushClient>(new PushClient(ioc, hosts, ctx, options.verify_peer));
  } catch (const std::exception& e) {
    if (error) *error = std::string("PushClient TLS context: ") + e.what();
    return nullptr;
  }
}

void PushClient::Push(PushRequest request, std::function<void(PushResult)> done) {
  auto fail = [&](PushError e, std::string detail, HostEndpoint ep = {}) {
    PushResult r;
    r.error = e;
    r.detail = std::move(detail);
    r.endpoint = std::move(ep);
    net::post(ioc_, [done = std::move(done), r = std::move(r)]() mutable {
      if (done) done(std::move(r));
    });
  };
  std::string scheme, host, target;
  uint16_t port = 0;
  if (!ParseUrl(request.url, &scheme, &host, &port, &target)) {
    return fail(PushError::kBadUrl, "bad URL " + request.url);
  }
  HostEndpoint ep;
  switch (hosts_ ? hosts_->Resolve(host, port, &ep)
                 : (HostMap::IsLoopbackLiteral(host) ? (ep = {host, port}, ResolveStatus::kOk)
                                                     : ResolveStatus::kDnsFailure)) {
    case ResolveStatus::kOk:
      break;
    case ResolveStatus::kDnsFailure:
      return fail(PushError::kResolve, "cannot resolve " + host);
    case ResolveStatus::kUnreachable:
      return fail(PushError::kConnect, "no route to " + host + " (outside loopback)", ep);
  }
  beast::error_code ec;
  auto address = net::ip::make_address(ep.address, ec);
  if (ec) return fail(PushError::kConnect, "bad address " + ep.address, ep);
  tcp::endpoint endpoint(address, ep.port);
  try {
    if (scheme == "https") {
      using Stream = beast::ssl_stream<beast::tcp_stream>;
      auto op =
          std::make_shared<PushOp<Stream>>(tls_, std::move(request), host, target, endpoint, ep,
                                           std::move(done), net::make_strand(ioc_), *tls_);
      op->Run(verify_peer_);
    } else {
      using Stream = beast::tcp_stream;
      auto op =
          std::make_shared<PushOp<Stream>>(nullptr, std::move(request), host, target, endpoint, ep,
                                           std::move(done), net::make_strand(ioc_));
      op->Run(false);
    }
  } catch (const std::exception&) {
    // Allocation failure only; `done` may already be moved, so nothing to report.
  }
}

}  // namespace wlc::sim::backends
