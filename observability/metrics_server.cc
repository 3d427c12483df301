#include "observability/metrics_server.h"

#include <cstdlib>
#include <exception>
#include <utility>

#include "CivetServer.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "observability/fleet_series.h"
#include "observability/licensing_series.h"
#include "observability/logging.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace wlc::metrics {
namespace {

constexpr char kTextFormat[] = "text/plain; version=0.0.4; charset=utf-8";

void Reply(mg_connection* conn, int code, const char* reason, const char* type,
           const std::string& body) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            code, reason, type, body.size());
  mg_write(conn, body.data(), body.size());
}

std::string Serialize(const std::vector<prometheus::MetricFamily>& families) {
  return prometheus::TextSerializer().Serialize(families);
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

class MetricsServer::Impl {
 public:
  class MetricsHandler final : public CivetHandler {
   public:
    explicit MetricsHandler(const MetricsServer* s) : s_(s) {}
    bool handleGet(CivetServer*, mg_connection* conn) override {
      Reply(conn, 200, "OK", kTextFormat, s_->Metrics());
      return true;
    }

   private:
    const MetricsServer* s_;
  };

  class ProbeHandler final : public CivetHandler {
   public:
    explicit ProbeHandler(const MetricsServer* s) : s_(s) {}
    bool handleGet(CivetServer*, mg_connection* conn) override {
      std::string target;
      if (!CivetServer::getParam(conn, "target", target) || target.empty()) {
        s_->metrics_->CountError("probe_bad_request");
        Reply(conn, 400, "Bad Request", "text/plain", "target parameter is missing\n");
        return true;
      }
      absl::StatusOr<service::ControllerConfig> controller = s_->handler_->Lookup(target);
      if (!controller.ok()) {
        s_->metrics_->CountError("probe_unknown_target");
        Reply(conn, 404, "Not Found", "text/plain",
              absl::StrCat("unknown target (not in the inventory): ", target, "\n"));
        return true;
      }
      const absl::Duration budget =
          ScrapeBudget(mg_get_header(conn, "X-Prometheus-Scrape-Timeout-Seconds"),
                       absl::Seconds(s_->handler_->config().device_timeout_seconds));
      Reply(conn, 200, "OK", kTextFormat, s_->Probe(*controller, absl::Now() + budget));
      return true;
    }

   private:
    const MetricsServer* s_;
  };

  class IndexHandler final : public CivetHandler {
   public:
    bool handleGet(CivetServer*, mg_connection* conn) override {
      Reply(conn, 200, "OK", "text/html",
            "<html><head><title>wlc-licensing</title></head><body><h1>wlc-licensing</h1>"
            "<p><a href=\"/metrics\">/metrics</a> (service + fleet)</p>"
            "<p>/probe?target=&lt;controller&gt; (one controller, multi-target pattern)</p>"
            "</body></html>\n");
      return true;
    }
  };

  explicit Impl(const MetricsServer* s) : metrics(s), probe(s) {}
  MetricsHandler metrics;
  ProbeHandler probe;
  IndexHandler index;
  std::unique_ptr<CivetServer> server;
};

MetricsServer::MetricsServer(const service::LicensingHandler* handler, ServiceMetrics* metrics,
                             std::vector<std::weak_ptr<prometheus::Collectable>> collectables)
    : handler_(handler), metrics_(metrics), collectables_(std::move(collectables)) {}

MetricsServer::~MetricsServer() {
  if (impl_ != nullptr && impl_->server != nullptr) impl_->server->close();
}

absl::Status MetricsServer::Start(const std::string& listen) {
  if (listen.empty() || listen.find_first_of(" ,\r\n") != std::string::npos ||
      listen.find(':') == std::string::npos || listen[0] == '[') {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics_listen '", listen, "': expected IPv4 host:port"));
  }
  impl_ = std::make_unique<Impl>(this);
  // Probes block for up to the scrape timeout: enough threads for parallel scrapes.
  const std::vector<std::string> options = {"listening_ports",    listen,  "num_threads", "32",
                                            "request_timeout_ms", "120000"};
  try {
    impl_->server = std::make_unique<CivetServer>(options);
  } catch (const std::exception& e) {
    impl_.reset();
    return absl::UnavailableError(absl::StrCat("metrics_listen ", listen, ": ", e.what()));
  }
  impl_->server->addHandler("/metrics", &impl_->metrics);
  impl_->server->addHandler("/probe", &impl_->probe);
  impl_->server->addHandler("/$", &impl_->index);
  std::vector<int> ports = impl_->server->getListeningPorts();
  port_ = ports.empty() ? 0 : ports[0];
  return absl::OkStatus();
}

std::string MetricsServer::Probe(const service::ControllerConfig& target,
                                 absl::Time deadline) const {
  prometheus::Registry registry;
  LicensingSeries series(registry);
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::ControllerLicensing> read =
      ReadController(*handler_, target, deadline, metrics_);
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

}  // namespace wlc::metrics
