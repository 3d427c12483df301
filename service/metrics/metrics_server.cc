#include "service/metrics/metrics_server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdlib>
#include <exception>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "httplib.h"
#include "service/metrics/fleet_series.h"
#include "service/metrics/licensing_series.h"
#include "observability/logging.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace wlc::service::metrics {
namespace {

constexpr char kTextFormat[] = "text/plain; version=0.0.4; charset=utf-8";
// Names from requests are quoted in answers up to this length.
constexpr size_t kQuoteMax = 64;

std::string Serialize(const std::vector<prometheus::MetricFamily>& families) {
  return prometheus::TextSerializer().Serialize(families);
}

void Reply(httplib::Response& res, int code, const std::string& body, const char* type) {
  res.status = code;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, type);
}

// "host:port" or "[v6]:port" -> host and port; false when it is neither.
bool SplitListen(const std::string& listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (listen.empty() || listen.find_first_of(" ,\r\n\t") != std::string::npos ||
      colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), port) || *port < 0 || *port > 65535) {
    return false;
  }
  *host = listen.substr(0, colon);
  if (host->front() == '[') {
    if (host->size() < 3 || host->back() != ']') return false;
    *host = host->substr(1, host->size() - 2);
  } else if (host->find(':') != std::string::npos) {
    return false;  // an IPv6 address needs brackets
  }
  return true;
}

// Certificate chain, key and (mTLS) the client CA, loaded with errors that name the file.
absl::Status SetUpTls(SSL_CTX& ctx, const MetricsServerOptions& o) {
  SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  absl::Status status;
  if (SSL_CTX_use_certificate_chain_file(&ctx, o.tls_cert_file.c_str()) != 1) {
    status = absl::InvalidArgumentError(absl::StrCat("metrics_tls_cert_file ", o.tls_cert_file,
                                                     ": cannot load a PEM certificate chain"));
  } else if (SSL_CTX_use_PrivateKey_file(&ctx, o.tls_key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    status = absl::InvalidArgumentError(
        absl::StrCat("metrics_tls_key_file ", o.tls_key_file, ": cannot load a PEM private key"));
  } else if (SSL_CTX_check_private_key(&ctx) != 1) {
    status = absl::InvalidArgumentError(
        absl::StrCat("metrics_tls_key_file ", o.tls_key_file,
                     ": the key does not match the certificate of metrics_tls_cert_file"));
  } else if (!o.tls_client_ca_file.empty()) {
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(o.tls_client_ca_file.c_str());
    if (names == nullptr ||
        SSL_CTX_load_verify_locations(&ctx, o.tls_client_ca_file.c_str(), nullptr) != 1) {
      if (names != nullptr) sk_X509_NAME_pop_free(names, X509_NAME_free);
      status = absl::InvalidArgumentError(absl::StrCat(
          "metrics_tls_client_ca_file ", o.tls_client_ca_file, ": cannot load PEM certificates"));
    } else {
      SSL_CTX_set_client_CA_list(&ctx, names);  // takes ownership
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
  }
  ERR_clear_error();
  return status;
}

}  // namespace

absl::Duration ScrapeBudget(const char* timeout_header, absl::Duration fallback) {
  double seconds = 0;
  if (timeout_header == nullptr || !absl::SimpleAtod(timeout_header, &seconds) || !(seconds > 0) ||
      seconds > 86400) {
    return fallback;
  }
  const absl::Duration timeout = absl::Seconds(seconds);
  return timeout - std::min(absl::Milliseconds(500), timeout / 4);
}

MetricsServer::MetricsServer(const service::LicensingHandler* handler, ServiceMetrics* metrics,
                             std::vector<std::weak_ptr<prometheus::Collectable>> collectables,
                             MetricsServerOptions options)
    : handler_(handler),
      metrics_(metrics),
      collectables_(std::move(collectables)),
      options_(std::move(options)),
      limiter_(options_.max_concurrent_probe_reads) {}

MetricsServer::~MetricsServer() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

absl::Status MetricsServer::Start(const std::string& listen) {
  std::string host;
  int port = 0;
  if (!SplitListen(listen, &host, &port)) {
    return absl::InvalidArgumentError(absl::StrCat("metrics_listen '", listen.substr(0, kQuoteMax),
                                                   "': expected host:port or [ipv6]:port"));
  }
  const MetricsServerOptions& o = options_;
  if (o.require_token && (o.authorizer == nullptr || !o.authorizer->has_tokens())) {
    return absl::InvalidArgumentError(
        "metrics_require_token needs bearer tokens (tokens_file with at least one token)");
  }
  if (o.tls_cert_file.empty() != o.tls_key_file.empty() ||
      (!o.tls_client_ca_file.empty() && o.tls_cert_file.empty())) {
    return absl::InvalidArgumentError(
        "metrics TLS needs metrics_tls_cert_file and metrics_tls_key_file (and both for "
        "metrics_tls_client_ca_file)");
  }
  std::unique_ptr<httplib::Server> server;
  if (!o.tls_cert_file.empty()) {
    absl::Status tls;
    auto ssl = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
      tls = SetUpTls(ctx, o);
      return tls.ok();
    });
    if (!tls.ok()) return tls;
    if (!ssl->is_valid()) return absl::InternalError("metrics TLS: no OpenSSL context");
    server = std::move(ssl);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  // Without TCP_NODELAY small answers wait for delayed ACKs. One request per connection (as the
  // civetweb face did): an idle kept-alive connection would hold a request thread.
  server->set_tcp_nodelay(true);
  server->set_keep_alive_max_count(1);
  server->set_read_timeout(10, 0);
  server->set_write_timeout(30, 0);
  server->set_payload_max_length(64 * 1024);
  const int threads = std::max(1, o.threads);
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  // True when the request may read /metrics or /probe; else answers 401.
  auto authorized = [this](const httplib::Request& req, httplib::Response& res) {
    if (!options_.require_token) return true;
    absl::StatusOr<service::Principal> who =
        options_.authorizer->Authenticate(req.get_header_value("Authorization"));
    if (who.ok() && who->role != service::Role::kNone) return true;
    metrics_->CountError("metrics_unauthenticated");
    // Counted above for alerts; a debug line only, so a storm of anonymous scrapes cannot flood
    // the log (nothing changes on a refused read, so there is no audit line to keep).
    log::Log(log::Level::kDebug, "metrics request refused: no valid bearer token",
             {{"path", req.path}, {"peer", req.remote_addr}});
    res.set_header("WWW-Authenticate", "Bearer realm=\"wlc-licensing\"");
    Reply(res, 401, "a bearer token is required (Authorization: Bearer <token>)\n", "text/plain");
    return false;
  };
  server->Get("/metrics", [this, authorized](const httplib::Request& req, httplib::Response& res) {
    if (authorized(req, res)) Reply(res, 200, Metrics(), kTextFormat);
  });
  server->Get("/probe", [this, authorized](const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    const std::string target = req.get_param_value("target");
    if (target.empty()) {
      metrics_->CountError("probe_bad_request");
      Reply(res, 400, "target parameter is missing\n", "text/plain");
      return;
    }
    absl::StatusOr<service::ControllerConfig> controller = handler_->Lookup(target);
    if (!controller.ok()) {
      metrics_->CountError("probe_unknown_target");
      Reply(res, 404,
            absl::StrCat("unknown target (not in the inventory): ", target.substr(0, kQuoteMax),
                         "\n"),
            "text/plain");
      return;
    }
    const std::string timeout = req.get_header_value("X-Prometheus-Scrape-Timeout-Seconds");
    const absl::Duration budget =
        ScrapeBudget(timeout.empty() ? nullptr : timeout.c_str(),
                     absl::Seconds(handler_->config().device_timeout_seconds));
    absl::StatusOr<std::string> body = Probe(*controller, absl::Now() + budget);
    if (!body.ok()) {
      Reply(res, 503, absl::StrCat(body.status().message(), "\n"), "text/plain");
      return;
    }
    Reply(res, 200, *body, kTextFormat);
  });
  server->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    Reply(res, 200, "ok\n", "text/plain");
  });
  server->Get("/", [](const httplib::Request&, httplib::Response& res) {
    Reply(res, 200,
          "<html><head><title>wlc-licensing</title></head><body><h1>wlc-licensing</h1>"
          "<p><a href=\"/metrics\">/metrics</a> (service + fleet)</p>"
          "<p>/probe?target=&lt;controller&gt; (one controller, multi-target pattern)</p>"
          "</body></html>\n",
          "text/html");
  });
  server->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        Reply(res, 500, "internal error\n", "text/plain");
      });

  int bound = -1;
  if (port == 0) {
    bound = server->bind_to_any_port(host);
  } else if (server->bind_to_port(host, port)) {
    bound = port;
  }
  if (bound <= 0) {
    return absl::UnavailableError(absl::StrCat("metrics_listen ", listen, ": cannot listen"));
  }
  server_ = std::move(server);
  port_ = bound;
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing before the accept loop runs: a stop right after Start would
  // leave the destructor waiting for ever.
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) absl::SleepFor(absl::Milliseconds(1));
  return absl::OkStatus();
}

absl::StatusOr<std::string> MetricsServer::Probe(const service::ControllerConfig& target,
                                                 absl::Time deadline) const {
  prometheus::Registry registry;
  LicensingSeries series(registry);
  const absl::Time start = absl::Now();
  ProbeLimiter::Admission admission;
  absl::StatusOr<v1::ControllerLicensing> read = limiter_.Run(
      target.name, deadline, [&] { return ReadController(*handler_, target, deadline, metrics_); },
      &admission);
  if (admission == ProbeLimiter::Admission::kRejected) {
    metrics_->ProbeRejected("busy");
    return read.status();
  }
  if (admission == ProbeLimiter::Admission::kShared) metrics_->ProbeShared();
  const absl::Duration took = absl::Now() - start;
  if (read.ok()) {
    series.AddRead(*read, {}, absl::Now(), took);
  } else {
    series.AddFailure(read.status(), {}, took);
    log::Log(log::Level::kDebug, "probe failed",
             {{"controller", target.name}, {"error", std::string(read.status().message())}});
  }
  return Serialize(registry.Collect());
}

std::string MetricsServer::Metrics() const {
  std::vector<prometheus::MetricFamily> families;
  for (const auto& weak : collectables_) {
    if (auto c = weak.lock()) {
      std::vector<prometheus::MetricFamily> f = c->Collect();
      families.insert(families.end(), std::make_move_iterator(f.begin()),
                      std::make_move_iterator(f.end()));
    }
  }
  return Serialize(families);
}

}  // namespace wlc::service::metrics
