// The config is strict: unknown keys, bad addresses, unknown profiles and bad versions are
// refused with a message naming the key, never the password.
#include "service/config.h"

#include <fstream>

#include "gtest/gtest.h"

namespace wlc::service {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/config-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/ca.pem") << "-----BEGIN CERTIFICATE-----\n";
    std::ofstream(dir_ + "/lab.json")
        << R"({"username":"admin","password":"S3cret-Pass","ca_file":"ca.pem"})";
  }
  absl::StatusOr<Config> Parse(const std::string& text) { return ParseConfig(text, dir_); }
  std::string dir_;
};

TEST_F(ConfigTest, ParsesAValidConfig) {
  auto cfg = Parse(R"({"grpc_listen":"127.0.0.1:0","credentials_profiles":{"lab":"lab.json"},
    "controllers":[{"name":"wlc-1","address":"127.1.0.1:8443","credentials_profile":"lab",
                    "software_version":"17.12.1","labels":{"site":"paris"}},
                   {"name":"wlc-2","address":"wlc2.example.com","credentials_profile":"lab"}]})");
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  ASSERT_EQ(cfg->controllers.size(), 2u);
  EXPECT_EQ(cfg->controllers[0].BaseUrl(), "https://127.1.0.1:8443");
  EXPECT_EQ(cfg->controllers[1].port, 443);
  EXPECT_EQ(cfg->controllers[0].labels.at("site"), "paris");
  EXPECT_EQ(cfg->profiles.at("lab").password, "S3cret-Pass");
  EXPECT_EQ(cfg->profiles.at("lab").ca_file, dir_ + "/ca.pem");
}

TEST_F(ConfigTest, RejectsBadConfigsPrecisely) {
  struct Case {
    const char* name;
    std::string text;
    const char* mentions;
  };
  const std::string ctl = R"("credentials_profiles":{"lab":"lab.json"},"controllers":[)";
  std::vector<Case> cases = {
      {"not json", "{", "config: not JSON (at byte 2)"},
      {"unknown key", R"({"grpc_lsten":"x"})", "grpc_lsten"},
      {"unknown controller key",
       "{" + ctl + R"({"name":"a","address":"h","credentials_profile":"lab","pasword":"x"}]})",
       "pasword"},
      {"missing address", "{" + ctl + R"({"name":"a","credentials_profile":"lab"}]})", "address"},
      {"bad port", "{" + ctl + R"({"name":"a","address":"h:70000","credentials_profile":"lab"}]})",
       "port"},
      {"bad host", "{" + ctl + R"({"name":"a","address":"h h:443","credentials_profile":"lab"}]})",
       "address"},
      {"unknown profile",
       "{" + ctl + R"({"name":"a","address":"h","credentials_profile":"nope"}]})", "nope"},
      {"duplicate",
       "{" + ctl +
           R"({"name":"a","address":"h","credentials_profile":"lab"},{"name":"a","address":"h","credentials_profile":"lab"}]})",
       "duplicate"},
      {"bad version",
       "{" + ctl +
           R"({"name":"a","address":"h","credentials_profile":"lab","software_version":"17"}]})",
       "17"},
      {"bad timeout", R"({"device_timeout_seconds":0})", "device_timeout_seconds"},
      {"too few connections", R"({"southbound_max_connections":5})", "southbound_max_connections"},
      {"no connection per controller", R"({"southbound_connections_per_controller":0})",
       "southbound_connections_per_controller"},
      {"negative pool", R"({"southbound_pool_size":-1})", "southbound_pool_size"},
      {"missing profile file", R"({"credentials_profiles":{"x":"missing.json"}})", "missing.json"},
  };
  for (const Case& c : cases) {
    auto cfg = Parse(c.text);
    ASSERT_FALSE(cfg.ok()) << c.name;
    EXPECT_NE(std::string(cfg.status().message()).find(c.mentions), std::string::npos)
        << c.name << ": " << cfg.status();
    EXPECT_EQ(std::string(cfg.status().message()).find("S3cret-Pass"), std::string::npos) << c.name;
  }
}

TEST_F(ConfigTest, SouthboundConnectionCapAndPool) {
  auto defaults = Parse("{}");
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->southbound_connections_per_controller, 1);
  EXPECT_EQ(defaults->southbound_pool_size, 0);
  auto cfg = Parse(R"({"southbound_connections_per_controller":2,"southbound_pool_size":2000})");
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->southbound_connections_per_controller, 2);
  EXPECT_EQ(cfg->southbound_pool_size, 2000);
}

TEST_F(ConfigTest, ProfileErrorsNeverQuoteThePassword) {
  std::ofstream(dir_ + "/bad.json") << R"({"username":"admin","password":"S3cret-Pass","extra":1})";
  auto p = LoadProfile("bad", dir_ + "/bad.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(std::string(p.status().message()).find("S3cret-Pass"), std::string::npos);
}

TEST_F(ConfigTest, MetricsFaceSecurityAndProbeBound) {
  auto cfg = Parse(R"({"metrics_listen":"127.0.0.1:0","tokens_file":"tokens.json",
    "metrics_require_token":true,"metrics_tls_cert_file":"m.crt","metrics_tls_key_file":"m.key",
    "metrics_tls_client_ca_file":"/abs/ca.pem","probe_max_concurrent_reads":4})");
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_TRUE(cfg->metrics_require_token);
  EXPECT_EQ(cfg->metrics_tls_cert_file, dir_ + "/m.crt");
  EXPECT_EQ(cfg->metrics_tls_key_file, dir_ + "/m.key");
  EXPECT_EQ(cfg->metrics_tls_client_ca_file, "/abs/ca.pem");
  EXPECT_EQ(cfg->probe_max_concurrent_reads, 4);
  auto defaults = Parse("{}");
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->metrics_require_token);
  EXPECT_EQ(defaults->probe_max_concurrent_reads, 16);

  const std::pair<const char*, const char*> bad[] = {
      {R"({"metrics_require_token":true})", "tokens_file"},
      {R"({"metrics_require_token":"yes","tokens_file":"t.json"})", "metrics_require_token"},
      {R"({"metrics_tls_cert_file":"m.crt"})", "metrics_tls_key_file"},
      {R"({"metrics_tls_key_file":"m.key"})", "metrics_tls_cert_file"},
      {R"({"metrics_tls_client_ca_file":"ca.pem"})", "metrics_tls_client_ca_file"},
      {R"({"metrics_tls_cert_file":7,"metrics_tls_key_file":"m.key"})", "metrics_tls_cert_file"},
      {R"({"probe_max_concurrent_reads":0})", "probe_max_concurrent_reads"},
      {R"({"probe_max_concurrent_reads":5000})", "probe_max_concurrent_reads"},
  };
  for (const auto& [text, mentions] : bad) {
    auto got = Parse(text);
    ASSERT_FALSE(got.ok()) << text;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(std::string(got.status().message()).find(mentions), std::string::npos)
        << text << ": " << got.status();
  }
}

}  // namespace
}  // namespace wlc::service
