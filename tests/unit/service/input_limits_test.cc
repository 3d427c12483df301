// The input limits where the service applies them (adapters/common/input_limits.h): controller
// and upstream names in the handler, label selectors, the config / inventory / profile / tokens
// loaders, ImportAcknowledgements' bundle and syslog lines. Every case is decided before any
// device call (the handler has no HTTPS target to reach).
#include "adapters/common/input_limits.h"

#include <fstream>
#include <string>
#include <vector>

#include "adapters/registry.h"
#include "gtest/gtest.h"
#include "service/auth.h"
#include "service/config.h"
#include "service/fleet.h"
#include "service/handler.h"
#include "service/syslog_receiver.h"

namespace wlc::service {
namespace {

using limits::kMaxJsonDepth;

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

class HandlerLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.profiles["lab"].name = "lab";
    ControllerConfig c;
    c.name = "wlc-1";
    c.host = "127.0.0.1";
    c.port = 1;  // never dialled: every case below fails before
    c.credentials_profile = "lab";
    c.software_version = "17.12.1";
    config_.controllers.push_back(c);
    adapters::RegisterBuiltinAdapters(registry_);
    handler_ = std::make_unique<LicensingHandler>(&config_, &registry_, &http_);
  }
  Config config_;
  adapters::AdapterRegistry registry_;
  device::HttpsClient http_;
  std::unique_ptr<LicensingHandler> handler_;
};

TEST_F(HandlerLimitsTest, ThreeMegabyteNameIsRefusedQuotingAPrefix) {
  const std::string huge(3 << 20, 'w');
  struct Case {
    const char* name;
    absl::Status status;
  };
  // Every face names a controller through Lookup (or LookupForChange, which audits).
  const std::vector<Case> cases = {
      {"Lookup", handler_->Lookup(huge).status()},
      {"LookupForChange", handler_->LookupForChange(huge, Caller(), "ApplyTransport").status()},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.status.code(), absl::StatusCode::kInvalidArgument) << c.name << ": " << c.status;
    EXPECT_EQ(c.status.message(), "controller name too long ('" + std::string(64, 'w') +
                                      "\xE2\x80\xA6 (3145728 bytes)')")
        << c.name;
  }
  absl::Status unknown = handler_->Lookup(std::string(64, 'n')).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(handler_->Lookup("wlc-1").ok());
}

// The controller's port is closed: had a device call been made the code would be UNAVAILABLE.
TEST_F(HandlerLimitsTest, NineHundredKilobyteUrlIsRefusedBeforeAnyDeviceCall) {
  const std::string url = "https://cssm.example.com/" + std::string(900 << 10, 'a');
  for (v1::TransportType type :
       {v1::TRANSPORT_TYPE_SMART, v1::TRANSPORT_TYPE_CSLU, v1::TRANSPORT_TYPE_ONPREM}) {
    v1::Transport desired;
    desired.set_type(type);
    desired.set_url(url);
    absl::Status s =
        handler_->PlanTransport(*handler_->Lookup("wlc-1"), desired, absl::InfiniteFuture())
            .status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << type << ": " << s;
    EXPECT_EQ(s.message(), "transport.url: URL too long (921625 bytes, at most 1024)") << type;
  }
}

TEST_F(HandlerLimitsTest, ImportAcknowledgementsRefusesDeepOrForeignBundles) {
  struct Case {
    const char* name;
    std::string bundle;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"100,000 deep", "{\"acks\":" + Nested(100000) + "}",
       "ACK bundle: nested deeper than 64 levels"},
      {"bundle_type not a string", R"({"bundle_type":1,"acks":[]})",
       "bundle is not an ACK bundle ({\"bundle_type\":\"RUM_ACK\",\"acks\":[...]})"},
      {"udi not a string", R"({"bundle_type":"RUM_ACK","acks":[{"udi":1}]})", nullptr},
  };
  for (const Case& c : cases) {
    absl::StatusOr<v1::ImportAcknowledgementsResponse> r = handler_->ImportAcknowledgements(
        c.bundle, {"not-in-the-inventory"}, absl::InfiniteFuture(), Caller());  // no device call
    if (c.message == nullptr) {
      EXPECT_TRUE(r.ok()) << c.name << ": " << r.status();
      continue;
    }
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(r.status().message(), c.message) << c.name;
  }
}

TEST(LabelSelectorLimitsTest, LengthTermsAndQuotedPrefix) {
  std::string many;
  for (size_t i = 0; i <= limits::kMaxSelectorTerms; ++i) many += "k" + std::to_string(i) + ",";
  struct Case {
    const char* name;
    std::string text;
    bool ok;
    std::string message;  // for failures: how the message starts
  };
  const std::vector<Case> cases = {
      {"ordinary", "site=lab,tier!=dev,gold", true, ""},
      {"32 terms", many.substr(0, many.rfind("k32")), true, ""},
      {"33 terms", many, false, "label selector has more than 32 terms"},
      {"5 KB", std::string(5000, 'a'), false, "label selector too long (5000 bytes, at most 4096)"},
      {"129-byte value", "site=" + std::string(129, 'v'), false,
       "label selector term 'site=" + std::string(59, 'v') + "\xE2\x80\xA6 (134 bytes)'"},
      {"bad character", "site=a b", false, "label selector term 'site=a b': keys and values"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<LabelSelector> s = LabelSelector::Parse(c.text);
    EXPECT_EQ(s.ok(), c.ok) << c.name << ": " << s.status();
    if (s.ok() || c.ok) continue;
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(s.status().message().substr(0, c.message.size()), c.message) << c.name;
    EXPECT_LT(s.status().message().size(), 200u) << c.name << ": " << s.status();
  }
}

class LoaderLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/loader-limits-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/lab.json") << R"({"username":"admin","password":"S3cret-Pass"})";
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
    return dir_ + "/" + name;
  }
  std::string dir_;
};

TEST_F(LoaderLimitsTest, DepthAndSizePerFileKind) {
  const std::string deep = "{\"controllers\":" + Nested(100000) + "}";
  const std::string profiles = R"("credentials_profiles":{"lab":"lab.json"})";
  absl::StatusOr<Config> base = ParseConfig("{" + profiles + "}", dir_);
  ASSERT_TRUE(base.ok()) << base.status();
  struct Case {
    const char* name;
    absl::Status status;
    std::string message;
  };
  const std::string big_profile =
      Write("big.json", R"({"username":"a","password":")" + std::string(2 << 20, 'p') + "\"}");
  const std::vector<Case> cases = {
      {"config", ParseConfig(deep, dir_).status(), "config: nested deeper than 64 levels"},
      {"inventory", LoadInventory(Write("inv.json", deep), *base).status(),
       dir_ + "/inv.json: nested deeper than 64 levels"},
      {"profile too large", LoadProfile("big", big_profile).status(),
       big_profile + ": larger than 1048576 bytes"},
      {"tokens", Authorizer::FromJson("{\"tokens\":" + Nested(100000) + "}", false).status(),
       "tokens file: nested deeper than 64 levels"},
      {"unknown key quoted short",
       ParseConfig("{\"" + std::string(1 << 20, 'k') + "\":1}", dir_).status(),
       "config: unknown key '" + std::string(64, 'k') + "\xE2\x80\xA6 (1048576 bytes)' (allowed:"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.status.code(), absl::StatusCode::kInvalidArgument) << c.name << ": " << c.status;
    EXPECT_EQ(c.status.message().substr(0, c.message.size()), c.message) << c.name;
    EXPECT_EQ(c.status.message().find("S3cret"), absl::string_view::npos) << c.name;
  }
}

// Found by tests/fuzz (regressions/config/tokens-*): a token entry whose name or role is not a
// string threw out of Authorizer::FromJson.
TEST(TokensFileTest, MembersOfTheWrongTypeAreInvalidNotFatal) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {R"({"tokens":[{"name":1}]})", "tokens[0]: name is required (a string)"},
      {R"({"tokens":[{"name":"a","role":["operator"]}]})",
       "tokens[0]: role must be reader or operator"},
  };
  for (const Case& c : cases) {
    absl::Status s = Authorizer::FromJson(c.text, false).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_EQ(s.message(), c.message) << c.text;
  }
  absl::Status long_name =
      Authorizer::FromJson("{\"tokens\":[{\"name\":\"" + std::string(65, 'n') +
                               "\",\"role\":\"reader\",\"token\":\"0123456789abcdef\"}]}",
                           false)
          .status();
  EXPECT_EQ(long_name.message(), "tokens[0]: name is longer than 64 bytes");
}

TEST(SyslogLimitsTest, LinesAreCutAtTheSharedLimit) {
  absl::StatusOr<std::unique_ptr<SyslogReceiver>> rx = SyslogReceiver::Start("127.0.0.1:0");
  ASSERT_TRUE(rx.ok()) << rx.status();
  (*rx)->Accept("10.0.0.1",
                "<187>Nov 24 10:00:01 wlc-1 %SMART_LIC-3-COMM_FAILED: " + std::string(5000, 'x'));
  std::vector<std::string> lines = (*rx)->Lines({"10.0.0.1"});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].size(), limits::kMaxSyslogLineBytes);
}

}  // namespace
}  // namespace wlc::service
