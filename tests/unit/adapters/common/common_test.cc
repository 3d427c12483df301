// Table-driven tests of the device-independent adapter pieces: version gates, the CLI grammar,
// native license/smart parsing and the licensing/state reader.
#include <fstream>
#include <sstream>

#include "adapters/common/cli_grammar.h"
#include "adapters/common/native_license.h"
#include "adapters/common/state_reader.h"
#include "adapters/common/trust.h"
#include "adapters/common/version.h"
#include "adapters/registry.h"
#include "gtest/gtest.h"

namespace wlc::adapters {
namespace {

using nlohmann::json;

TEST(VersionTest, ParsesAndCompares) {
  struct Case {
    const char* text;
    bool ok;
    IosXeVersion v;
  };
  for (const Case& c : std::vector<Case>{{"17.9.1", true, {17, 9, 1}},
                                         {"17.3.2a", true, {17, 3, 2}},
                                         {"17.10.1", true, {17, 10, 1}},
                                         {"17.9", false, {}},
                                         {"17.x.1", false, {}},
                                         {"", false, {}},
                                         {"17.9.1.1", false, {}}}) {
    auto v = ParseIosXeVersion(c.text);
    EXPECT_EQ(v.ok(), c.ok) << c.text;
    if (c.ok && v.ok()) {
      EXPECT_FALSE(*v < c.v) << c.text;
      EXPECT_FALSE(c.v < *v) << c.text;
    }
  }
  EXPECT_TRUE(IosXeVersion({17, 9, 1}) < IosXeVersion({17, 10, 1}));
  EXPECT_TRUE(RequireVersion("17.10.1", kJoinedApCountMinimum, "x").ok());
  EXPECT_EQ(RequireVersion("17.9.4", kJoinedApCountMinimum, "x").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(RequireVersion("", kCliRpcMinimum, "x").ok());
  EXPECT_EQ(RequireVersion("17.3.1", kSlupMinimum, "x").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(RequireVersion("17.3.2a", kSlupMinimum, "x").ok());
}

TEST(CliGrammarTest, AcceptsOnlyStrictValues) {
  struct Case {
    const char* value;
    bool ok;
  };
  for (const Case& c : std::vector<Case>{{"proxy.example.com", true},
                                         {"10.1.2.3", true},
                                         {"10.1.2.300", false},
                                         {"a b", false},
                                         {"x\nlicense", false},
                                         {"", false},
                                         {"-bad.example", false},
                                         {"host;rm", false},
                                         {"10.1.2", false}}) {
    EXPECT_EQ(cli::CheckHost("f", c.value).ok(), c.ok) << c.value;
  }
  for (const Case& c :
       std::vector<Case>{{"https://smartreceiver.cisco.com/licservice/license", true},
                         {"https://onprem.example.com:8443/cslu/v1/pi/TENANT-1", true},
                         {"http://10.1.1.1:8182/cslu/v1/pi", true},
                         {"https://h/p?q=1", false},
                         {"https://h/p q", false},
                         {"ftp://h/x", false},
                         {"https://h:99999/", false},
                         {"https://h/\x01", false}}) {
    EXPECT_EQ(cli::CheckUrl("f", c.value, false).ok(), c.ok) << c.value;
  }
  EXPECT_FALSE(cli::CheckUrl("f", "http://h/x", true).ok());
  EXPECT_TRUE(cli::CheckInterfaceName("f", "GigabitEthernet0/0/1").ok());
  EXPECT_FALSE(cli::CheckInterfaceName("f", "Gi1 shutdown").ok());
  EXPECT_TRUE(cli::CheckTrustpointName("f", "TP-self-signed-1234567890").ok());
  EXPECT_FALSE(cli::CheckTrustpointName("f", "TP\n").ok());
  EXPECT_FALSE(cli::CheckPort("f", 0).ok());
  EXPECT_TRUE(cli::CheckPort("f", 65535).ok());
}

TEST(IdTokenTest, LengthAndCharacters) {
  EXPECT_EQ(CheckIdToken("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckIdToken(std::string(255, 'a')).ok());
  EXPECT_EQ(CheckIdToken(std::string(256, 'a')).code(), absl::StatusCode::kInvalidArgument);
  absl::Status s = CheckIdToken("secret token");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(s.message()).find("secret"), std::string::npos);
}

TEST(NativeLicenseTest, TransportFromNativeSmart) {
  EXPECT_EQ(TransportFromNativeSmart(json::object()).type(), v1::TRANSPORT_TYPE_CSLU);
  auto smart = TransportFromNativeSmart(json::parse(
      R"({"transport-type":"smart","url":{"default":[null]},"usage":{"interval":30}})"));
  EXPECT_EQ(smart.type(), v1::TRANSPORT_TYPE_SMART);
  EXPECT_TRUE(smart.url_default());
  EXPECT_EQ(smart.usage_interval_days(), 30u);
  auto onprem = TransportFromNativeSmart(json::parse(
      R"({"transport-type":"cslu","url":{"cslu":"https://onprem.example.com/cslu/v1/pi/ACME-1"}})"));
  EXPECT_EQ(onprem.type(), v1::TRANSPORT_TYPE_ONPREM);
  EXPECT_EQ(onprem.url(), "https://onprem.example.com/cslu/v1/pi/ACME-1");
  auto cslu = TransportFromNativeSmart(
      json::parse(R"({"transport-type":"cslu","url":{"cslu":"http://10.1.1.1:8182/cslu/v1/pi"}})"));
  EXPECT_EQ(cslu.type(), v1::TRANSPORT_TYPE_CSLU);
  EXPECT_EQ(TransportFromNativeSmart(json::parse(R"({"transport-type":"Off"})")).type(),
            v1::TRANSPORT_TYPE_OFFLINE);
  EXPECT_EQ(TransportFromNativeSmart(json::parse(R"({"transport-type":"callhome"})")).type(),
            v1::TRANSPORT_TYPE_CALLHOME);
  EXPECT_EQ(TransportFromNativeSmart(json::parse(R"({"transport-type":"automatic"})")).type(),
            v1::TRANSPORT_TYPE_AUTOMATIC);
  EXPECT_EQ(TransportFromNativeSmart(json::parse(R"({"transport-type":"satellite"})")).type(),
            v1::TRANSPORT_TYPE_UNSPECIFIED);
  EXPECT_EQ(TransportTraitsOf(v1::TRANSPORT_TYPE_OFFLINE).NativeType(), "Off");
}

// Reads Cisco's own example of the oper tree when ../shared is present.
TEST(StateReaderTest, ReadsCiscoExample) {
  std::ifstream in(std::string(WLC_SHARED_DIR) + "/yang/examples/oper-licensing-state.json");
  if (!in) GTEST_SKIP() << "../shared/yang/examples not found";
  std::stringstream ss;
  ss << in.rdbuf();
  json doc = json::parse(ss.str());
  v1::ControllerLicensing lic;
  ApplyLicensingState(doc["cisco-smart-license:licensing"]["state"], &lic);
  EXPECT_EQ(lic.platform().pid(), "C9800-40-K9");
  EXPECT_EQ(lic.platform().serial_number(), "FOX2345P0AB");
  ASSERT_EQ(lic.trust().codes_size(), 1);
  EXPECT_TRUE(lic.trust().codes(0).installed());
  EXPECT_EQ(lic.trust().last_result(), v1::TRUST_RESULT_SUCCEEDED);
  EXPECT_EQ(lic.usage().access_points().active(), 42u);
  EXPECT_EQ(lic.usage().entitlements_size(), 2);
  EXPECT_EQ(lic.usage().policy().perpetual().first_report_days(), 365u);
  EXPECT_EQ(lic.usage().last_ack_time().seconds(), 1738396800);  // 2025-02-01T08:00:00Z
  EXPECT_GT(lic.usage().ack_deadline().seconds(), lic.usage().last_ack_time().seconds());
}

TEST(StateReaderTest, FailedTrustAndOverdueAck) {
  json state = json::parse(R"({"version":"x","state-info":{
      "udi":{"pid":"C9800-CL-K9","sn":"9A"},
      "trust-code":[{"key_udi":"P:C9800-CL-K9,S:9A","is-installed":false}],
      "registration":{"registration-state":"reg-state-failed",
                      "registration-failed":{"fail-time":"2026-01-01T00:00:00+00:00","fail-message":"token expired"}},
      "rum-ack":{"last-received-time":"2025-01-01T00:00:00+00:00","next-report-deadline":"2025-04-01T00:00:00+00:00"}}})");
  v1::ControllerLicensing lic;
  lic.mutable_transport()->set_type(v1::TRANSPORT_TYPE_SMART);
  ApplyLicensingState(state, &lic);
  EXPECT_EQ(lic.trust().last_result(), v1::TRUST_RESULT_FAILED);
  EXPECT_EQ(lic.trust().last_failure_reason(), "token expired");
  AssessStatus(absl::FromUnixSeconds(1767225600), &lic);  // 2026-01-01
  EXPECT_EQ(lic.status().health(), v1::HEALTH_CRITICAL);
  std::set<std::string> codes;
  for (const auto& f : lic.status().findings()) codes.insert(f.code());
  EXPECT_EQ(codes, (std::set<std::string>{"TRUST_MISSING", "ACK_OVERDUE"}));
}

}  // namespace
}  // namespace wlc::adapters

namespace wlc::adapters {
namespace {

TEST(StateReaderTest, RecognisesACarriedOverReservation) {
  nlohmann::json state = nlohmann::json::parse(R"({"state-info":{
      "authorization":{"authorization-state":"auth-state-authorized-reservation",
                       "authorization-authorized-reservation":{"reservation-time":"2020-05-01T10:00:00+00:00"}}}})");
  v1::ControllerLicensing lic;
  lic.mutable_transport()->set_type(v1::TRANSPORT_TYPE_OFFLINE);
  ApplyLicensingState(state, &lic);
  EXPECT_TRUE(lic.reservation().installed());
  EXPECT_EQ(lic.reservation().reservation_time().seconds(), 1588327200);
  AssessStatus(absl::Now(), &lic);
  ASSERT_EQ(lic.status().findings_size(), 1);
  EXPECT_EQ(lic.status().findings(0).code(), "SLR_CARRIED_OVER");
  EXPECT_EQ(lic.status().health(), v1::HEALTH_HEALTHY);
}

}  // namespace
}  // namespace wlc::adapters
