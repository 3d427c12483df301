#include "service/restconf/json_model.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "adapters/common/diagnose.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "wlc/licensing/v1/service.pb.h"

namespace wlc::service::restconf {
namespace {

namespace v1 = ::wlc::licensing::v1;
using json = nlohmann::json;
using ::testing::HasSubstr;

TEST(YangEnumNameTest, StripsPrefixLowersAndHyphenates) {
  struct Case {
    const google::protobuf::EnumValueDescriptor* value;
    const char* yang;
  };
  const Case cases[] = {
      {v1::TransportType_descriptor()->FindValueByNumber(v1::TRANSPORT_TYPE_SMART), "smart"},
      {v1::TransportType_descriptor()->FindValueByNumber(v1::TRANSPORT_TYPE_ONPREM), "onprem"},
      {v1::TransportType_descriptor()->FindValueByNumber(v1::TRANSPORT_TYPE_OFFLINE), "offline"},
      {v1::TransportType_descriptor()->FindValueByNumber(v1::TRANSPORT_TYPE_UNSPECIFIED),
       "unspecified"},
      {v1::TrustResult_descriptor()->FindValueByNumber(v1::TRUST_RESULT_IN_PROGRESS),
       "in-progress"},
      {v1::RumReportState_descriptor()->FindValueByNumber(v1::RUM_REPORT_STATE_UNACKNOWLEDGED),
       "unacknowledged"},
      {v1::Health_descriptor()->FindValueByNumber(v1::HEALTH_UNREACHABLE), "unreachable"},
      {v1::Severity_descriptor()->FindValueByNumber(v1::SEVERITY_CRITICAL), "critical"},
      {v1::TrustScope_descriptor()->FindValueByNumber(v1::TRUST_SCOPE_ALL), "all"},
      {v1::CheckOutcome_descriptor()->FindValueByNumber(v1::CHECK_OUTCOME_SKIPPED), "skipped"},
  };
  for (const Case& c : cases) EXPECT_EQ(YangEnumName(*c.value), c.yang) << c.value->name();
}

TEST(YangFieldNameTest, RenamesAndKebabCase) {
  struct Case {
    const google::protobuf::Descriptor* message;
    const char* field;
    const char* yang;
  };
  const Case cases[] = {
      {v1::ControllerLicensing::descriptor(), "controller", "name"},
      {v1::ControllerLicensing::descriptor(), "read_time", "read-time"},
      {v1::Trust::descriptor(), "codes", "trust-code"},
      {v1::Usage::descriptor(), "entitlements", "entitlement"},
      {v1::Usage::descriptor(), "rum_reports", "rum-report"},
      {v1::Status::descriptor(), "findings", "finding"},
      {v1::TransportPlan::descriptor(), "steps", "step"},
      {v1::Diagnosis::descriptor(), "findings", "finding"},
      {v1::Diagnosis::descriptor(), "checks", "check"},
      {v1::Diagnosis::descriptor(), "clock_skew_seconds", "clock-skew-seconds"},
      {v1::DiagnoseRequest::descriptor(), "skip_endpoint_probe", "skip-endpoint-probe"},
      {v1::PlanTransportRequest::descriptor(), "controller", "controller"},
      {v1::Transport::descriptor(), "sla_revocation_check_none", "sla-revocation-check-none"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(YangFieldName(*c.message->FindFieldByName(c.field)), c.yang) << c.field;
  }
}

TEST(DateAndTimeTest, FormatsAndParses) {
  struct Case {
    int64_t seconds;
    int32_t nanos;
    const char* text;
  };
  const Case cases[] = {
      {0, 0, "1970-01-01T00:00:00Z"},
      {1795000000, 0, "2026-11-18T11:06:40Z"},
      {1795000000, 500000000, "2026-11-18T11:06:40.5Z"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FormatDateAndTime(c.seconds, c.nanos), c.text);
    int64_t s = -1;
    int32_t n = -1;
    ASSERT_TRUE(ParseDateAndTime(c.text, &s, &n)) << c.text;
    EXPECT_EQ(s, c.seconds);
    EXPECT_EQ(n, c.nanos);
  }
  int64_t s;
  int32_t n;
  EXPECT_TRUE(ParseDateAndTime("2026-11-18T13:06:40+02:00", &s, &n));
  EXPECT_EQ(s, 1795000000);
  EXPECT_FALSE(ParseDateAndTime("2026-11-18 11:06:40", &s, &n));
  EXPECT_FALSE(ParseDateAndTime("yesterday", &s, &n));
}

v1::ControllerLicensing SampleController() {
  v1::ControllerLicensing c;
  c.set_controller("wlc-1");
  c.set_address("127.0.0.1:8443");
  c.mutable_platform()->set_pid("C9800-CL-K9");
  c.mutable_transport()->set_type(v1::TRANSPORT_TYPE_SMART);
  c.mutable_transport()->set_url_default(true);
  c.mutable_transport()->mutable_proxy()->set_host("proxy.example.com");
  c.mutable_transport()->mutable_proxy()->set_port(3128);
  v1::TrustCode* code = c.mutable_trust()->add_codes();
  code->set_udi("P:C9800-CL-K9,S:9XXXXXXXXXX");
  code->set_installed(true);
  code->mutable_installed_time()->set_seconds(1795000000);
  c.mutable_trust()->set_last_result(v1::TRUST_RESULT_SUCCEEDED);
  v1::RumReport* report = c.mutable_usage()->add_rum_reports();
  report->set_report_id(18446744073709551615ull);
  report->set_state(v1::RUM_REPORT_STATE_ACKNOWLEDGED);
  c.mutable_usage()->mutable_access_points()->set_active(12);
  v1::Finding* f = c.mutable_status()->add_findings();
  f->set_code("ACK_OVERDUE");
  f->add_remedy("license smart sync all");
  c.mutable_status()->set_health(v1::HEALTH_WARNING);
  c.mutable_read_time()->set_seconds(1795000000);
  return c;
}

TEST(ToYangJsonTest, ControllerFollowsRfc7951) {
  const json j = ToYangJson(SampleController());
  EXPECT_EQ(j["name"], "wlc-1");
  EXPECT_FALSE(j.contains("controller"));
  EXPECT_EQ(j["transport"]["type"], "smart");
  EXPECT_EQ(j["transport"]["url-default"], true);
  EXPECT_EQ(j["transport"]["url"], "");  // scalar leaves are always present
  EXPECT_EQ(j["transport"]["proxy"]["port"], 3128);
  EXPECT_FALSE(j["transport"].contains("http-client"));  // unset container: absent
  EXPECT_EQ(j["trust"]["trust-code"][0]["installed-time"], "2026-11-18T11:06:40Z");
  EXPECT_EQ(j["trust"]["last-result"], "succeeded");
  // uint64 as a string (RFC 7951 §6.1), enums as names.
  EXPECT_EQ(j["usage"]["rum-report"][0]["report-id"], "18446744073709551615");
  EXPECT_EQ(j["usage"]["rum-report"][0]["state"], "acknowledged");
  EXPECT_FALSE(j["usage"]["rum-report"][0].contains("start-time"));  // unset timestamp
  EXPECT_FALSE(j["usage"].contains("entitlement"));                  // empty list: absent
  EXPECT_EQ(j["usage"]["access-points"]["active"], 12);
  EXPECT_EQ(j["status"]["health"], "warning");
  EXPECT_EQ(j["status"]["finding"][0]["remedy"], json::array({"license smart sync all"}));
  EXPECT_EQ(j["read-time"], "2026-11-18T11:06:40Z");
}

TEST(ToYangJsonTest, NeverEmitsTheIdToken) {
  v1::EstablishTrustRequest request;
  request.set_controller("wlc-1");
  request.set_id_token("secret-id-token-value");
  const json j = ToYangJson(request);
  EXPECT_FALSE(j.contains("id-token"));
  EXPECT_THAT(j.dump(), ::testing::Not(HasSubstr("secret-id-token-value")));
}

TEST(RoundTripTest, ProtoToJsonToProto) {
  const v1::ControllerLicensing original = SampleController();
  v1::ControllerLicensing back;
  ASSERT_TRUE(FromYangJson(ToYangJson(original), "/x", &back).ok());
  EXPECT_EQ(back.SerializeAsString(), original.SerializeAsString());

  v1::RelayUsageResponse relay;
  relay.add_collected_report_ids(7);
  relay.add_collected_report_ids(9);
  relay.set_poll_id("p-1");
  const json rj = ToYangJson(relay);
  EXPECT_EQ(rj["collected-report-ids"], json::array({"7", "9"}));
  v1::RelayUsageResponse relay_back;
  ASSERT_TRUE(FromYangJson(rj, "/x", &relay_back).ok());
  EXPECT_EQ(relay_back.SerializeAsString(), relay.SerializeAsString());
}

TEST(FromYangJsonTest, ParsesRpcInput) {
  v1::EstablishTrustRequest request;
  ASSERT_TRUE(FromYangJson(json::parse(R"({"controller":"wlc-1","id-token":"tok",
                                            "scope":"all","force":true})"),
                           "/wlc-licensing:establish-trust/input", &request)
                  .ok());
  EXPECT_EQ(request.controller(), "wlc-1");
  EXPECT_EQ(request.id_token(), "tok");
  EXPECT_EQ(request.scope(), v1::TRUST_SCOPE_ALL);
  EXPECT_TRUE(request.force());
}

TEST(FromYangJsonTest, RejectsBadInputWithTagAndPath) {
  struct Case {
    const char* body;
    const char* tag;
    const char* path;
  };
  const Case cases[] = {
      {R"({"bogus":1})", "unknown-element", "/in/bogus"},
      {R"({"desired":{"colour":"red"}})", "unknown-element", "/in/desired/colour"},
      {R"({"desired":{"type":"carrier-pigeon"}})", "invalid-value", "/in/desired/type"},
      {R"({"desired":{"type":1}})", "invalid-value", "/in/desired/type"},
      {R"({"desired":{"url-default":"yes"}})", "invalid-value", "/in/desired/url-default"},
      {R"({"desired":{"usage-interval-days":-1}})", "invalid-value",
       "/in/desired/usage-interval-days"},
      {R"({"desired":{"usage-interval-days":4294967296}})", "invalid-value",
       "/in/desired/usage-interval-days"},
      {R"({"desired":{"proxy":[]}})", "invalid-value", "/in/desired/proxy"},
      {R"({"controller":["a"]})", "invalid-value", "/in/controller"},
      {R"({"wlc-licensing:controller":"a"})", "unknown-element", "/in/wlc-licensing:controller"},
      {R"([1])", "invalid-value", "/in"},
  };
  for (const Case& c : cases) {
    v1::PlanTransportRequest request;
    absl::Status s = FromYangJson(json::parse(c.body), "/in", &request);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(ErrorTagOf(s), c.tag) << c.body;
    EXPECT_EQ(ErrorPathOf(s), c.path) << c.body;
  }
  v1::RumReport report;
  absl::Status s = FromYangJson(json::parse(R"({"report-id":5})"), "/r", &report);
  EXPECT_EQ(ErrorTagOf(s), "invalid-value") << "uint64 must be a JSON string";
  s = FromYangJson(json::parse(R"({"start-time":"noon"})"), "/r", &report);
  EXPECT_EQ(ErrorTagOf(s), "invalid-value");
}

v1::Diagnosis SampleDiagnosis() {
  v1::Diagnosis d;
  d.set_controller("wlc-1");
  d.set_health(v1::HEALTH_CRITICAL);
  d.set_healthy(false);
  v1::Finding* f = d.add_findings();
  f->set_severity(v1::SEVERITY_CRITICAL);
  f->set_code("ACK_OVERDUE");
  f->set_summary("the usage-report ACK deadline has passed");
  f->set_evidence("rum-ack next-report-deadline 2026-11-01T00:00:00Z");
  f->add_remedy("license smart sync all");
  f->add_remedy("or: LicensingService.RelayUsage");
  f->set_reference("docs/slup-reference.md §5.3");
  f = d.add_findings();
  f->set_severity(v1::SEVERITY_INFO);
  f->set_code("VERSION_FN72578");
  v1::DiagnosticCheck* c = d.add_checks();
  c->set_name("controller_reachable");
  c->set_outcome(v1::CHECK_OUTCOME_PASSED);
  c->set_detail("licensing state read over RESTCONF");
  c = d.add_checks();
  c->set_name("ack_deadline");
  c->set_outcome(v1::CHECK_OUTCOME_FAILED);
  c = d.add_checks();
  c->set_name("endpoint");
  c->set_outcome(v1::CHECK_OUTCOME_SKIPPED);
  // The same check twice (the syslog check runs once per failing line).
  for (int i = 0; i < 2; ++i) {
    c = d.add_checks();
    c->set_name("syslog");
    c->set_outcome(v1::CHECK_OUTCOME_FAILED);
    d.add_syslog(absl::StrCat("%SMART_LIC-3-COMM_FAILED: line ", i));
  }
  d.mutable_controller_time()->set_seconds(1795000000);
  d.set_clock_skew_seconds(-42);
  return d;
}

TEST(ToYangJsonTest, DiagnosisFollowsRfc7951) {
  v1::DiagnoseResponse response;
  *response.mutable_diagnosis() = SampleDiagnosis();
  const json j = ToYangJson(response);
  const json& d = j["diagnosis"];
  EXPECT_EQ(d["controller"], "wlc-1");
  EXPECT_EQ(d["health"], "critical");
  EXPECT_EQ(d["healthy"], false);
  EXPECT_EQ(d["finding"][0]["code"], "ACK_OVERDUE");
  EXPECT_EQ(d["finding"][0]["severity"], "critical");
  EXPECT_EQ(d["finding"][0]["remedy"],
            json::array({"license smart sync all", "or: LicensingService.RelayUsage"}));
  EXPECT_EQ(d["check"][0]["name"], "controller_reachable");
  EXPECT_EQ(d["check"][1]["outcome"], "failed");
  EXPECT_EQ(d["check"][2]["outcome"], "skipped");
  EXPECT_EQ(d["controller-time"], "2026-11-18T11:06:40Z");
  EXPECT_EQ(d["clock-skew-seconds"], "-42");  // int64 as a string
  EXPECT_EQ(d["syslog"].size(), 2u);
  v1::DiagnoseResponse back;
  ASSERT_TRUE(FromYangJson(j, "/x", &back).ok());
  EXPECT_EQ(back.SerializeAsString(), response.SerializeAsString());

  v1::DiagnoseRequest request;
  ASSERT_TRUE(FromYangJson(json::parse(R"({"controller":"wlc-00001","skip-endpoint-probe":true})"),
                           "/wlc-licensing:diagnose/input", &request)
                  .ok());
  EXPECT_EQ(request.controller(), "wlc-00001");
  EXPECT_TRUE(request.skip_endpoint_probe());
}

// yanglint -f json -t <type> on `doc`: 0 when valid (the output is in the test log otherwise).
int Yanglint(const std::string& type, const json& doc) {
  static int n = 0;
  const std::string path =
      ::testing::TempDir() + "/restconf-unit-" + type + "-" + std::to_string(n++) + ".json";
  std::ofstream(path) << doc.dump();
  const std::string cmd =
      std::string("yanglint -f json -t ") + type + " " + WLC_YANG_FILE + " " + path + " >/dev/null";
  return std::system(cmd.c_str());
}

// The diagnose operation: its input and the output of a hand-built diagnosis and of the engine's
// diagnosis of an unreachable controller validate against the module.
TEST(ToYangJsonTest, DiagnoseValidatesAgainstTheModule) {
  if (std::system("command -v yanglint >/dev/null 2>&1") != 0) GTEST_SKIP() << "no yanglint";
  v1::DiagnoseRequest request;
  request.set_controller("wlc-00001");
  EXPECT_EQ(Yanglint("rpc", {{"wlc-licensing:diagnose", ToYangJson(request)}}), 0);

  v1::DiagnoseResponse hand_built;
  *hand_built.mutable_diagnosis() = SampleDiagnosis();
  EXPECT_EQ(Yanglint("reply", {{"wlc-licensing:diagnose", ToYangJson(hand_built)}}), 0);

  adapters::Observations unreachable;
  unreachable.info.name = "wlc-2";
  unreachable.read_status = absl::UnavailableError("connect to 127.0.0.1:1: refused");
  v1::DiagnoseResponse engine;
  *engine.mutable_diagnosis() = adapters::Diagnose(unreachable);
  ASSERT_EQ(engine.diagnosis().health(), v1::HEALTH_UNREACHABLE);
  const json out = ToYangJson(engine);
  EXPECT_EQ(out["diagnosis"]["finding"][0]["code"], "CONTROLLER_UNREACHABLE");
  EXPECT_EQ(Yanglint("reply", {{"wlc-licensing:diagnose", out}}), 0);

  // And the check is real: an unknown outcome does not validate.
  json bad = ToYangJson(hand_built);
  bad["diagnosis"]["check"][0]["outcome"] = "maybe";
  EXPECT_NE(Yanglint("reply", {{"wlc-licensing:diagnose", bad}}), 0);
}

// The emitted JSON is valid against the shipped module (yanglint, when installed).
TEST(ToYangJsonTest, ValidatesAgainstTheModule) {
  if (std::system("command -v yanglint >/dev/null 2>&1") != 0) GTEST_SKIP() << "no yanglint";
  const std::string path = ::testing::TempDir() + "/restconf-unit-data.json";
  json tree = {
      {"wlc-licensing:licensing", {{"controller", json::array({ToYangJson(SampleController())})}}}};
  std::ofstream(path) << tree.dump();
  const std::string cmd =
      std::string("yanglint -f json -t data ") + WLC_YANG_FILE + " " + path + " 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

}  // namespace
}  // namespace wlc::service::restconf
