// cli/transport_flags.h: the desired transport of plan/apply from flags (shape checks only).
#include "cli/transport_flags.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

namespace v1 = ::wlc::licensing::v1;

absl::StatusOr<v1::Transport> FromArgs(const std::vector<std::string>& args) {
  absl::StatusOr<ParsedArgs> a = ParseArgs(args, TransportFlags());
  if (!a.ok()) return a.status();
  return DesiredTransportFromArgs(*a);
}

TEST(CliTransportFlagsTest, SmartDefaultsToTheDefaultUrl) {
  absl::StatusOr<v1::Transport> t =
      FromArgs({"--transport", "smart", "--proxy", "proxy.example.com:8080", "--source-interface",
                "Vlan10", "--usage-interval", "30"});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->type(), v1::TRANSPORT_TYPE_SMART);
  EXPECT_TRUE(t->url_default());
  EXPECT_EQ(t->proxy().host(), "proxy.example.com");
  EXPECT_EQ(t->proxy().port(), 8080u);
  EXPECT_EQ(t->http_client().source_interface(), "Vlan10");
  EXPECT_EQ(t->usage_interval_days(), 30u);
  EXPECT_FALSE(t->sla_revocation_check_none());
}

TEST(CliTransportFlagsTest, OnPremWithUrlAndRevocationCheck) {
  absl::StatusOr<v1::Transport> t =
      FromArgs({"--transport=onprem", "--url", "https://onprem.example/cslu/v1/pi/T1",
                "--trustpoint", "TP1", "--revocation-check-none"});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->type(), v1::TRANSPORT_TYPE_ONPREM);
  EXPECT_FALSE(t->url_default());
  EXPECT_EQ(t->url(), "https://onprem.example/cslu/v1/pi/T1");
  EXPECT_EQ(t->http_client().secure_trustpoint(), "TP1");
  EXPECT_TRUE(t->sla_revocation_check_none());
  EXPECT_EQ(FromArgs({"--transport", "cslu"})->type(), v1::TRANSPORT_TYPE_CSLU);
  EXPECT_EQ(FromArgs({"--transport", "offline"})->type(), v1::TRANSPORT_TYPE_OFFLINE);
}

TEST(CliTransportFlagsTest, ShapeErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string message_part;
  };
  for (const Case& c : std::vector<Case>{
           {{}, "--transport is required"},
           {{"--transport", "carrier"}, "unknown 'carrier'"},
           {{"--transport", "smart", "--proxy", "host"}, "--proxy: expected HOST:PORT"},
           {{"--transport", "smart", "--proxy", ":80"}, "--proxy"},
           {{"--transport", "smart", "--proxy", "h:65536"}, "--proxy"},
           {{"--transport", "smart", "--usage-interval", "0"}, "--usage-interval"},
       }) {
    absl::StatusOr<v1::Transport> t = FromArgs(c.args);
    ASSERT_FALSE(t.ok()) << c.message_part;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(t.status().message().find(c.message_part), absl::string_view::npos) << t.status();
  }
}

}  // namespace
}  // namespace wlc::cli
