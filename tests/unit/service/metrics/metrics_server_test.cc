// wlc_metrics' HTTP listener: the scrape budget, /metrics, /probe errors and bearer tokens. (The
// licensing series: licensing_series_test.cc; the service's own families:
// tests/unit/observability/metrics_test.cc.)
#include "service/metrics/metrics_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "observability/metrics.h"
#include "prometheus/registry.h"

namespace wlc::service::metrics {
namespace {

using ::wlc::metrics::ServiceMetrics;

TEST(ScrapeBudgetTest, HeaderMinusMargin) {
  const absl::Duration fallback = absl::Seconds(10);
  EXPECT_EQ(ScrapeBudget(nullptr, fallback), fallback);
  EXPECT_EQ(ScrapeBudget("abc", fallback), fallback);
  EXPECT_EQ(ScrapeBudget("-1", fallback), fallback);
  EXPECT_EQ(ScrapeBudget("0", fallback), fallback);
  EXPECT_EQ(ScrapeBudget("10", fallback), absl::Milliseconds(9500));
  EXPECT_EQ(ScrapeBudget("1", fallback), absl::Milliseconds(750));
  EXPECT_EQ(ScrapeBudget("2.5", fallback), absl::Milliseconds(2000));
}

// A minimal HTTP/1.0 GET; returns the whole answer (status line, headers, body).
std::string Get(int port, const std::string& path, const std::string& headers = "") {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return "";
  }
  const std::string req = absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: x\r\n", headers, "\r\n");
  (void)!write(fd, req.data(), req.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) out.append(buf, n);
  close(fd);
  return out;
}

TEST(MetricsServerTest, ServesMetricsAndRejectsBadProbes) {
  auto registry = std::make_shared<prometheus::Registry>();
  ServiceMetrics m(*registry);
  MetricsServer bad(nullptr, &m, {registry});
  for (const char* listen : {"nonsense", "::1:0", "[::1:0", "127.0.0.1:99999", ":9464"}) {
    EXPECT_EQ(bad.Start(listen).code(), absl::StatusCode::kInvalidArgument) << listen;
  }

  for (int i = 0; i < 20; ++i) {  // stopped right after it started: the destructor returns
    MetricsServer quick(nullptr, &m, {registry});
    ASSERT_TRUE(quick.Start("127.0.0.1:0").ok());
  }
  MetricsServer server(nullptr, &m, {registry});
  ASSERT_TRUE(server.Start("127.0.0.1:0").ok());
  ASSERT_GT(server.port(), 0);
  const std::string metrics = Get(server.port(), "/metrics");
  EXPECT_TRUE(absl::StartsWith(metrics, "HTTP/1.1 200")) << metrics;
  EXPECT_TRUE(absl::StrContains(metrics, "wlc_licensing_probe_rejected_total{reason=\"busy\"} 0"))
      << metrics;
  EXPECT_TRUE(absl::StrContains(metrics, "text/plain; version=0.0.4")) << metrics;
  EXPECT_TRUE(absl::StrContains(metrics, "wlc_licensing_build_info{")) << metrics;
  const std::string probe = Get(server.port(), "/probe");
  EXPECT_TRUE(absl::StartsWith(probe, "HTTP/1.1 400")) << probe;
  EXPECT_TRUE(absl::StrContains(Get(server.port(), "/metrics"),
                                "wlc_licensing_errors_total{kind=\"probe_bad_request\"} 1"));
}

TEST(MetricsServerTest, TokenRequiredForMetricsAndProbeNotHealthz) {
  auto registry = std::make_shared<prometheus::Registry>();
  ServiceMetrics m(*registry);
  const std::string reader = "reader-token-0123456789";
  absl::StatusOr<service::Authorizer> authorizer = service::Authorizer::FromJson(
      absl::StrCat(R"({"tokens": [{"name": "prometheus", "role": "reader", "token": ")", reader,
                   R"("}]})"),
      false);
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();

  MetricsServerOptions options;
  options.require_token = true;
  MetricsServer no_tokens(nullptr, &m, {registry}, options);
  EXPECT_EQ(no_tokens.Start("127.0.0.1:0").code(), absl::StatusCode::kInvalidArgument);
  options.tls_client_ca_file = "ca.pem";  // mTLS without a server certificate
  options.authorizer = &*authorizer;
  MetricsServer no_cert(nullptr, &m, {registry}, options);
  EXPECT_EQ(no_cert.Start("127.0.0.1:0").code(), absl::StatusCode::kInvalidArgument);
  options.tls_client_ca_file.clear();
  options.tls_cert_file = "/nonexistent/cert.pem";
  options.tls_key_file = "/nonexistent/key.pem";
  MetricsServer missing_cert(nullptr, &m, {registry}, options);
  absl::Status missing = missing_cert.Start("127.0.0.1:0");
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(missing.message(), "metrics_tls_cert_file")) << missing;
  options.tls_cert_file.clear();
  options.tls_key_file.clear();

  MetricsServer server(nullptr, &m, {registry}, options);
  ASSERT_TRUE(server.Start("127.0.0.1:0").ok());
  for (const char* path : {"/metrics", "/probe?target=wlc-1"}) {
    for (const std::string& header :
         {std::string(), std::string("Authorization: Bearer wrong-token-0123456789\r\n"),
          std::string("Authorization: Basic dTpw\r\n")}) {
      const std::string got = Get(server.port(), path, header);
      EXPECT_TRUE(absl::StartsWith(got, "HTTP/1.1 401")) << path << " " << header << got;
      EXPECT_TRUE(absl::StrContains(got, "WWW-Authenticate: Bearer")) << got;
      EXPECT_FALSE(absl::StrContains(got, "wrong-token")) << got;
    }
  }
  const std::string ok =
      Get(server.port(), "/metrics", absl::StrCat("Authorization: Bearer ", reader, "\r\n"));
  EXPECT_TRUE(absl::StartsWith(ok, "HTTP/1.1 200")) << ok;
  EXPECT_TRUE(
      absl::StrContains(ok, "wlc_licensing_errors_total{kind=\"metrics_unauthenticated\"} 6"))
      << ok;
  // The token is checked before anything else: a reader's /probe without target is a 400.
  EXPECT_TRUE(absl::StartsWith(
      Get(server.port(), "/probe", absl::StrCat("Authorization: Bearer ", reader, "\r\n")),
      "HTTP/1.1 400"));
  EXPECT_TRUE(absl::StartsWith(Get(server.port(), "/healthz"), "HTTP/1.1 200"));
}

}  // namespace
}  // namespace wlc::service::metrics
