// What --check_config finds beyond the grammar: listen addresses, TLS pairs that do not parse or
// do not match, a broken tokens file. Certificates are made with the openssl CLI.
#include "service/preflight.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wlc::service {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(PreflightTest, ListenAddresses) {
  for (const char* good : {"127.0.0.1:0", "0.0.0.0:9464", "[::]:50051", "localhost:8443"}) {
    EXPECT_TRUE(CheckListenAddress("grpc_listen", good).ok()) << good;
  }
  for (const char* bad :
       {"127.0.0.1", ":50051", "127.0.0.1:65536", "127.0.0.1:x", "a b:1", "127.0.0.1:-1"}) {
    absl::Status s = CheckListenAddress("grpc_listen", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(s.message(), HasSubstr("grpc_listen")) << bad;
  }
}

class PreflightFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/preflight-test-XXXXXX";
    dir_ = new std::string(mkdtemp(tmpl));
    for (const char* name : {"a", "b"}) {
      const std::string cmd = absl::StrCat(
          "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
          "-subj /CN=",
          name, " -keyout ", *dir_, "/", name, ".key -out ", *dir_, "/", name,
          ".pem >/dev/null 2>&1");
      ASSERT_EQ(std::system(cmd.c_str()), 0);
    }
    std::ofstream(*dir_ + "/junk.pem") << "not a certificate\n";
  }
  static std::string P(const std::string& f) { return *dir_ + "/" + f; }
  static std::string* dir_;
};
std::string* PreflightFilesTest::dir_ = nullptr;

TEST_F(PreflightFilesTest, AGoodConfigHasNoProblems) {
  Config c;
  c.grpc_tls_cert_file = P("a.pem");
  c.grpc_tls_key_file = P("a.key");
  c.grpc_tls_client_ca_file = P("b.pem");
  c.restconf_listen = "127.0.0.1:8443";
  c.restconf_tls_cert_file = P("b.pem");
  c.restconf_tls_key_file = P("b.key");
  EXPECT_THAT(PreflightProblems(c), IsEmpty());
}

TEST_F(PreflightFilesTest, FindsEveryBrokenFileAndAddress) {
  Config c;
  c.grpc_listen = "127.0.0.1";  // no port
  c.grpc_tls_cert_file = P("a.pem");
  c.grpc_tls_key_file = P("b.key");  // the other certificate's key
  c.grpc_tls_client_ca_file = P("junk.pem");
  c.restconf_tls_cert_file = P("missing.pem");
  c.restconf_tls_key_file = P("b.key");
  std::ofstream(P("tokens.json"))
      << R"({"tokens":[{"name":"x","role":"admin","token":"0123456789abcdef"}]})";
  c.tokens_file = P("tokens.json");
  const std::string all = absl::StrJoin(PreflightProblems(c), "\n");
  EXPECT_THAT(all, HasSubstr("grpc_listen"));
  EXPECT_THAT(all, HasSubstr("grpc_tls_key_file: the key does not match"));
  EXPECT_THAT(all, HasSubstr("grpc_tls_client_ca_file"));
  EXPECT_THAT(all, HasSubstr("restconf_tls_cert_file: cannot read"));
  EXPECT_THAT(all, HasSubstr("tokens_file"));
  EXPECT_THAT(all, ::testing::Not(HasSubstr("0123456789abcdef")));
}

}  // namespace
}  // namespace wlc::service
