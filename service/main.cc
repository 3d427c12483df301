// licensingd: the wlc-licensing service. Loads a strict config, serves LicensingService over
// gRPC (with health checking and reflection), and shuts down gracefully on SIGTERM/SIGINT.
//
//   licensingd --config /etc/wlc-licensing/config.json
//   licensingd --demo            # a simulated fleet of 5 controllers, state printed at start
//   licensingd --config f --check_config
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "adapters/common/state_reader.h"
#include "adapters/device/https_client.h"
#include "adapters/registry.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "observability/logging.h"
#include "observability/metrics.h"
#include "prometheus/registry.h"
#include "service/auth.h"
#include "service/config.h"
#include "service/demo.h"
#include "service/fleet.h"
#include "service/fleet_service.h"
#include "service/grpc_service.h"
#include "service/handler.h"
#include "service/inventory_watcher.h"
#include "service/metrics/fleet_series.h"
#include "service/metrics/grpc_metrics_interceptor.h"
#include "service/metrics/metrics_server.h"
#include "service/preflight.h"
#include "service/restconf/restconf_server.h"
#include "service/syslog_receiver.h"

ABSL_FLAG(std::string, config, "", "Path of the JSON config file (see service/config.h).");
ABSL_FLAG(std::string, grpc_listen, "",
          "Override the config's grpc_listen (host:port; port 0 = any).");
ABSL_FLAG(std::string, ready_file, "", "Write {\"grpc_port\": N} here once serving (for tests).");
ABSL_FLAG(std::string, restconf_listen, "",
          "Override the config's restconf_listen (host:port; port 0 = any; empty = off).");
ABSL_FLAG(bool, check_config, false, "Validate the config and exit (0 = valid).");
ABSL_FLAG(bool, demo, false, "Start a simulated fleet (wlcsim) and serve it.");
ABSL_FLAG(int, demo_controllers, 5, "Controllers in the --demo fleet.");
ABSL_FLAG(std::string, wlcsim, "", "Path of wlcsim for --demo (default: found beside licensingd).");

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop.store(true); }

namespace v1 = ::wlc::licensing::v1;

std::string Ts(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0) return "-";
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(t.seconds()), absl::UTCTimeZone());
}

void PrintFleetTable(const wlc::service::LicensingHandler& handler,
                     const wlc::service::Config& cfg) {
  std::printf("%-12s %-20s %-9s %-10s %-6s %-6s %-11s %-9s\n", "CONTROLLER", "ADDRESS", "VERSION",
              "TRANSPORT", "TRUST", "APS", "LAST-ACK", "HEALTH");
  // Read through the core's fan-out, printed in inventory order.
  std::map<std::string, v1::ControllerResult> read;
  wlc::service::FleetRunOptions run = wlc::service::RunOptionsFrom(v1::FleetOptions(), handler);
  run.per_controller = absl::Seconds(10);
  wlc::service::RunFleet(
      cfg.controllers, run, wlc::service::ReadStateOp(handler),
      [&](const v1::ControllerResult& r) { read[r.controller()] = r; }, [] { return false; });
  for (const auto& c : cfg.controllers) {
    const v1::ControllerResult& r = read[c.name];
    if (r.code() != 0) {
      std::printf("%-12s %-20s error: %s\n", c.name.c_str(), c.Address().c_str(),
                  r.message().c_str());
      continue;
    }
    const v1::ControllerLicensing& l = r.licensing();
    const bool trusted = wlc::adapters::TrustInstalled(l.trust());
    std::string transport = v1::TransportType_Name(l.transport().type()).substr(15);
    std::string health = v1::Health_Name(l.status().health()).substr(7);
    std::printf("%-12s %-20s %-9s %-10s %-6s %-6u %-11s %-9s\n", c.name.c_str(),
                c.Address().c_str(), c.software_version.c_str(), transport.c_str(),
                trusted ? "yes" : "no", l.usage().access_points().active(),
                Ts(l.usage().last_ack_time()).c_str(), health.c_str());
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "licensingd --config FILE | --demo\n"
      "Serves wlc.licensing.v1.LicensingService over gRPC for the controllers in FILE.");
  absl::ParseCommandLine(argc, argv);
  namespace svc = wlc::service;

  svc::DemoFleet demo;
  std::string config_path = absl::GetFlag(FLAGS_config);
  if (absl::GetFlag(FLAGS_demo)) {
    std::string listen = absl::GetFlag(FLAGS_grpc_listen).empty()
                             ? "127.0.0.1:50051"
                             : absl::GetFlag(FLAGS_grpc_listen);
    auto fleet = svc::StartDemoFleet(argv[0], absl::GetFlag(FLAGS_wlcsim),
                                     absl::GetFlag(FLAGS_demo_controllers), listen);
    if (!fleet.ok()) {
      wlc::log::Error("demo fleet failed to start",
                      {{"error", std::string(fleet.status().message())}});
      return 1;
    }
    demo = *fleet;
    config_path = demo.config_path;
  }
  if (config_path.empty()) {
    std::fprintf(stderr, "licensingd: --config or --demo is required (see --help)\n");
    return 2;
  }
  absl::StatusOr<svc::Config> cfg = svc::LoadConfig(config_path);
  if (!cfg.ok()) {
    wlc::log::Error("invalid config", {{"error", std::string(cfg.status().message())}});
    svc::StopDemoFleet(demo);
    return 2;
  }
  for (const auto& [name, profile] : cfg->profiles) {
    wlc::log::RegisterSecret(profile.password);
    if (profile.insecure_skip_verify) {
      wlc::log::Warning("TLS verification is OFF for a credentials profile (insecure_skip_verify)",
                        {{"profile", name}});
    }
  }
  // The files and addresses the config names: checked before anything starts, so a broken
  // tokens file or TLS key is a clear start-up error (and --check_config finds it first).
  if (std::vector<std::string> problems = svc::PreflightProblems(*cfg); !problems.empty()) {
    for (const std::string& p : problems) {
      if (absl::GetFlag(FLAGS_check_config)) {
        std::fprintf(stderr, "config: %s\n", p.c_str());
      } else {
        wlc::log::Error("invalid config", {{"error", p}});
      }
    }
    svc::StopDemoFleet(demo);
    return 2;
  }
  if (absl::GetFlag(FLAGS_check_config)) {
    std::printf("config OK: %zu controllers, %zu credentials profiles\n", cfg->controllers.size(),
                cfg->profiles.size());
    return 0;
  }
  if (!absl::GetFlag(FLAGS_grpc_listen).empty())
    cfg->grpc_listen = absl::GetFlag(FLAGS_grpc_listen);

  wlc::adapters::AdapterRegistry registry;
  wlc::adapters::RegisterBuiltinAdapters(registry);
  // Kept-alive TLS connections to every controller need file descriptors: use the hard limit.
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  wlc::device::HttpsClient::Options http_options;
  // Auto: one pool per ~1,000 controllers (measured: a pool's cost per request grows with the
  // connections it keeps; see docs/benchmarks.md), at least 2, at most 16.
  const int shards = cfg->southbound_shards > 0
                         ? cfg->southbound_shards
                         : std::clamp(static_cast<int>(cfg->controllers.size() / 1000) + 1, 2, 16);
  const int total_connections =
      cfg->southbound_max_connections > 0
          ? cfg->southbound_max_connections
          : std::clamp(static_cast<int>(cfg->controllers.size()) + 512, 4096, 16384);
  // Controllers are hashed to pools, so pools are not filled evenly: each gets its share plus
  // four standard deviations of the hashing spread. A pool whose share is too small evicts
  // kept-alive connections and every refresh pays TLS handshakes again (measured at 10,000
  // controllers in 11 pools: warm p99 1.2 s with exact shares, 0.12 s with the headroom).
  const double share = static_cast<double>(total_connections) / shards;
  http_options.max_connections =
      std::max(16, static_cast<int>(std::ceil(share + 4 * std::sqrt(share))));
  http_options.max_host_connections = cfg->southbound_connections_per_controller;
  if (cfg->southbound_pool_size > 0) {
    http_options.pool_size = std::max(1, cfg->southbound_pool_size / shards);
  }
  std::vector<std::unique_ptr<wlc::device::HttpsClient>> http_clients;
  std::vector<wlc::device::HttpsClient*> http;
  for (int i = 0; i < shards; ++i) {
    http_clients.push_back(std::make_unique<wlc::device::HttpsClient>(http_options));
    http.push_back(http_clients.back().get());
  }
  // Prometheus (observability/): families built once here and injected; /metrics + /probe. Built
  // before the handler, which reports every device call into them.
  auto metrics_registry = std::make_shared<prometheus::Registry>();
  wlc::metrics::ServiceMetrics metrics(*metrics_registry);
  svc::LicensingHandler handler(&*cfg, &registry, http, &metrics);
  svc::Authorizer authorizer(cfg->allow_anonymous_writes);
  if (!cfg->tokens_file.empty()) {
    absl::StatusOr<svc::Authorizer> loaded =
        svc::Authorizer::FromFile(cfg->tokens_file, cfg->allow_anonymous_writes);
    if (!loaded.ok()) {
      wlc::log::Error("invalid tokens file", {{"error", std::string(loaded.status().message())}});
      return 2;
    }
    authorizer = std::move(*loaded);
  } else if (cfg->allow_anonymous_writes) {
    wlc::log::Warning(
        "no tokens_file and allow_anonymous_writes: anyone who reaches the service "
        "can change controllers (meant for the loopback demo only)");
  }
  svc::LicensingGrpcService grpc_service(&handler, &authorizer);
  svc::FleetGrpcService fleet_service(&handler, &authorizer);

  std::unique_ptr<svc::InventoryWatcher> inventory_watcher;
  if (!cfg->inventory_file.empty()) {
    inventory_watcher = std::make_unique<svc::InventoryWatcher>(
        &*cfg, &handler, absl::Seconds(2),
        [&metrics](const std::string& outcome) { metrics.InventoryReloaded(outcome); });
  }
  std::shared_ptr<svc::metrics::FleetSeries> fleet_series;
  std::unique_ptr<svc::metrics::MetricsServer> metrics_server;
  if (!cfg->metrics_listen.empty()) {
    fleet_series = std::make_shared<svc::metrics::FleetSeries>(
        &handler, &metrics,
        svc::metrics::FleetSeries::Options{absl::Seconds(cfg->metrics_refresh_seconds),
                                           absl::Seconds(cfg->device_timeout_seconds)});
    svc::metrics::MetricsServerOptions metrics_options;
    metrics_options.tls_cert_file = cfg->metrics_tls_cert_file;
    metrics_options.tls_key_file = cfg->metrics_tls_key_file;
    metrics_options.tls_client_ca_file = cfg->metrics_tls_client_ca_file;
    metrics_options.require_token = cfg->metrics_require_token;
    metrics_options.authorizer = &authorizer;
    metrics_options.max_concurrent_probe_reads = cfg->probe_max_concurrent_reads;
    metrics_server = std::make_unique<svc::metrics::MetricsServer>(
        &handler, &metrics,
        std::vector<std::weak_ptr<prometheus::Collectable>>{metrics_registry, fleet_series},
        metrics_options);
    if (absl::Status s = metrics_server->Start(cfg->metrics_listen); !s.ok()) {
      wlc::log::Error("cannot serve metrics", {{"error", std::string(s.message())}});
      svc::StopDemoFleet(demo);
      return 1;
    }
    fleet_series->Start();
  }

  std::unique_ptr<svc::SyslogReceiver> syslog;
  if (!cfg->syslog_listen.empty()) {
    absl::StatusOr<std::unique_ptr<svc::SyslogReceiver>> started =
        svc::SyslogReceiver::Start(cfg->syslog_listen);
    if (!started.ok()) {
      wlc::log::Error("cannot receive syslog",
                      {{"error", std::string(started.status().message())}});
      svc::StopDemoFleet(demo);
      return 1;
    }
    syslog = *std::move(started);
    handler.SetSyslogReceiver(syslog.get());
  }

  // RESTCONF face (service/restconf): HTTPS with the configured certificate; plain HTTP only
  // for a loopback demo without one.
  if (!absl::GetFlag(FLAGS_restconf_listen).empty())
    cfg->restconf_listen = absl::GetFlag(FLAGS_restconf_listen);
  std::unique_ptr<svc::restconf::RestconfServer> restconf;
  int restconf_port = 0;
  if (!cfg->restconf_listen.empty()) {
    svc::restconf::RestconfOptions options;
    const size_t colon = cfg->restconf_listen.rfind(':');
    options.host = cfg->restconf_listen.substr(0, colon);
    options.port =
        colon == std::string::npos ? 0 : std::atoi(cfg->restconf_listen.substr(colon + 1).c_str());
    options.tls_cert_file = cfg->restconf_tls_cert_file;
    options.tls_key_file = cfg->restconf_tls_key_file;
    options.allow_plain_http = absl::GetFlag(FLAGS_demo);
    restconf = std::make_unique<svc::restconf::RestconfServer>(&handler, &authorizer, options);
    absl::StatusOr<int> bound = restconf->Start();
    if (!bound.ok()) {
      wlc::log::Error("cannot serve RESTCONF", {{"error", std::string(bound.status().message())}});
      svc::StopDemoFleet(demo);
      return 1;
    }
    restconf_port = *bound;
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (!cfg->grpc_tls_cert_file.empty()) {
    auto read = [](const std::string& path) {
      std::ifstream in(path);
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    };
    grpc::SslServerCredentialsOptions tls(
        cfg->grpc_tls_client_ca_file.empty()
            ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    tls.pem_key_cert_pairs.push_back({read(cfg->grpc_tls_key_file), read(cfg->grpc_tls_cert_file)});
    if (!cfg->grpc_tls_client_ca_file.empty())
      tls.pem_root_certs = read(cfg->grpc_tls_client_ca_file);
    credentials = grpc::SslServerCredentials(tls);
  }
  builder.AddListeningPort(cfg->grpc_listen, credentials, &port);
  builder.RegisterService(&grpc_service);
  builder.RegisterService(&fleet_service);
  builder.experimental().SetInterceptorCreators(svc::metrics::RpcMetricsInterceptors(&metrics));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    wlc::log::Error("cannot listen", {{"grpc_listen", cfg->grpc_listen}});
    svc::StopDemoFleet(demo);
    return 1;
  }
  server->GetHealthCheckService()->SetServingStatus("wlc.licensing.v1.LicensingService", true);
  server->GetHealthCheckService()->SetServingStatus("wlc.licensing.v1.FleetService", true);
  wlc::log::Info("serving", {{"grpc_port", std::to_string(port)},
                             {"controllers", std::to_string(cfg->controllers.size())}});
  if (!absl::GetFlag(FLAGS_ready_file).empty()) {
    const std::string tmp = absl::GetFlag(FLAGS_ready_file) + ".tmp";
    std::ofstream(tmp) << "{\"grpc_port\": " << port
                       << ", \"metrics_port\": " << (metrics_server ? metrics_server->port() : 0)
                       << ", \"restconf_port\": " << restconf_port
                       << ", \"syslog_port\": " << (syslog ? syslog->port() : 0) << "}\n";
    std::rename(tmp.c_str(), absl::GetFlag(FLAGS_ready_file).c_str());
  }

  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  if (absl::GetFlag(FLAGS_demo)) {
    std::printf(
        "\nwlc-licensing demo: %zu simulated controllers (wlcsim), gRPC on 127.0.0.1:%d\n\n",
        cfg->controllers.size(), port);
    PrintFleetTable(handler, *cfg);
    std::printf(
        "\nTry:  npx buf curl --protocol grpc --http2-prior-knowledge "
        "-d '{\"controller\":\"%s\"}' http://127.0.0.1:%d/"
        "wlc.licensing.v1.LicensingService/GetLicensingState\nCtrl-C stops.\n",
        cfg->controllers.empty() ? "wlc-00001" : cfg->controllers[0].name.c_str(), port);
    std::fflush(stdout);
  }
  while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));

  wlc::log::Info("shutting down");
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();
  if (restconf) restconf->Stop();
  svc::StopDemoFleet(demo);
  return 0;
}
