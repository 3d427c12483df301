// Diagnose through the real path: gRPC -> licensingd -> HTTPS -> wlcsim (with its mock Cisco
// back ends, syslog sent to the service's receiver). A table of failure modes, each injected in
// wlcsim the way it happens on a real controller, each diagnosed to its cause with the right
// remedy; healthy controllers diagnosed healthy with the checks that passed; the fleet summary
// by cause.
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/harness.h"
#include "wlc/licensing/v1/fleet.grpc.pb.h"
#include "wlc/licensing/v1/service.grpc.pb.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using nlohmann::json;

constexpr char kTrustpoint[] =
    "ip http client secure-trustpoint TP-self-signed-1234\n"
    "ip http client source-interface GigabitEthernet1";

// One row of the table: how the controller is set up (fleet-file entry, plus an optional step
// through the service or the control API), and the cause and remedy the diagnosis must give.
struct Mode {
  std::string name;
  json fleet_entry;           // without "index"
  std::string expect_code;    // "" = healthy
  std::string expect_remedy;  // a substring of one remedy line
};

// Smart transport to CSSM (a 17.3.2+ controller starts with transport cslu).
json Smart(json entry) {
  entry["transport"] = "smart";
  entry["url_default"] = true;
  return entry;
}

std::vector<Mode> Modes(const json& urls) {
  const std::string onprem = urls["onprem_cslu"];
  return {
      {"healthy smart", Smart({{"trust_installed", true}, {"cli", kTrustpoint}}), "", ""},
      {"healthy cslu", {{"transport", "cslu"}, {"url_cslu", urls["cslu"]}}, "", ""},
      {"controller silent",
       {{"faults", {{"silent", true}}}},
       "CONTROLLER_UNREACHABLE",
       "ip http secure-server"},
      {"credentials rejected",
       {{"faults", {{"force_401", true}}}},
       "CONTROLLER_CREDENTIALS_REJECTED",
       "privilege 15"},
      {"release without SLUP", {{"version", "17.3.1"}}, "VERSION_NOT_SLUP", "17.3.2"},
      {"transport off", {{"transport", "off"}}, "TRANSPORT_OFF", "license smart transport smart"},
      {"legacy callhome transport",
       {{"transport", "callhome"}},
       "TRANSPORT_LEGACY",
       "license smart transport smart"},
      {"trust missing", Smart({{"cli", kTrustpoint}}), "TRUST_MISSING",
       "license smart trust idtoken <token> all"},
      {"expired id token", Smart({{"cli", kTrustpoint}}), "TRUST_TOKEN_EXPIRED", "new token"},
      {"clock two hours ahead",
       Smart({{"trust_installed", true}, {"cli", kTrustpoint}, {"clock_offset_s", 7200}}),
       "CLOCK_SKEW", "ntp server"},
      {"SUDI trustpoint on a 9800-CL",
       Smart({{"trust_installed", true},
              {"cli", "ip http client secure-trustpoint CISCO_IDEVID_SUDI"}}),
       "HTTP_CLIENT_TRUSTPOINT_PLATFORM", "TP-self-signed"},
      {"no client trustpoint, CSSM asks for a certificate", Smart({{"trust_installed", true}}),
       "HTTP_CLIENT_TRUSTPOINT", "ip http client secure-trustpoint"},
      {"On-Prem with CRL checking",
       {{"transport", "cslu"}, {"url_cslu", onprem}, {"cli", kTrustpoint}},
       "SLA_CRL_CHECK",
       "revocation-check none"},
      {"controller cannot resolve CSSM",
       Smart({{"cli", kTrustpoint}, {"faults", {{"dns_failure", true}}}}), "CONTROLLER_DNS_FAILED",
       "ip name-server"},
      {"controller cannot reach CSSM",
       Smart({{"cli", kTrustpoint}, {"faults", {{"backend_down", true}}}}),
       "ENDPOINT_UNREACHABLE_FROM_CONTROLLER", "telnet"},
      {"cslu without URL", {{"transport", "cslu"}}, "CSLU_URL_MISSING", "license smart url cslu"},
      {"FN72578 release",
       Smart({{"version", "17.6.3"}, {"trust_installed", true}, {"cli", kTrustpoint}}),
       "VERSION_FN72578", "17.6.5"},
      {"smart transport pointed at On-Prem",
       Smart({{"cli", std::string(kTrustpoint) + "\nlicense smart url smart " + onprem},
              {"trust_installed", true}}),
       "URL_TRANSPORT_MISMATCH", "license smart transport cslu"},
      {"CSSM demands mutual TLS, trust without a client certificate", Smart(json::object()),
       "HTTP_CLIENT_TRUSTPOINT", "secure-trustpoint"},
  };
}

std::string DiagnoseTest_Describe(const v1::Diagnosis& d) {
  std::string out = absl::StrCat(d.controller(), " health=", v1::Health_Name(d.health()), "\n");
  for (const auto& f : d.findings()) {
    absl::StrAppend(&out, "  ", v1::Severity_Name(f.severity()), " ", f.code(), ": ", f.evidence(),
                    "\n");
  }
  for (const auto& c : d.checks()) {
    absl::StrAppend(&out, "  [", v1::CheckOutcome_Name(c.outcome()), "] ", c.name(), " ",
                    c.detail(), "\n");
  }
  for (const auto& l : d.syslog()) absl::StrAppend(&out, "  syslog: ", l, "\n");
  return out;
}

class DiagnoseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("diagnose-test"));
    // The back ends' URLs are the same for every wlcsim run (fixed host names), so a throwaway
    // manifest is not needed: the fleet file uses the names.
    const json urls = {{"cslu", "http://cslu-local:8182/cslu/v1/pi"},
                       {"onprem_cslu", "https://ssm-onprem.example/cslu/v1/pi/wlcsim-1"}};
    modes_ = new std::vector<Mode>(Modes(urls));
    json fleet_file = json::array();
    for (size_t i = 0; i < modes_->size(); ++i) {
      json entry = (*modes_)[i].fleet_entry;
      entry["index"] = i;
      fleet_file.push_back(entry);
    }
    WriteFile(*dir_ + "/fleet.json", fleet_file.dump());
    fleet_ = StartFleet({"--controllers", std::to_string(modes_->size()), "--upstream", "backends",
                         "--fleet", *dir_ + "/fleet.json"})
                 .release();
    ASSERT_NE(fleet_, nullptr) << "wlcsim did not start";
    ASSERT_EQ(fleet_->manifest["backends"]["urls"]["onprem_cslu"], urls["onprem_cslu"]);

    json cfg = ConfigForFleet(
        *fleet_, WriteProfile(*dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    cfg["device_timeout_seconds"] = 2;
    cfg["syslog_listen"] = "127.0.0.1:0";
    // The service probes the transport endpoints as the controllers would reach them.
    json resolve = json::object();
    for (const auto& [host, target] : fleet_->manifest["backends"]["hosts"].items()) {
      for (int port : {443, 8182}) resolve[absl::StrCat(host, ":", port)] = target;
    }
    cfg["diagnose_resolve"] = resolve;
    service_ = StartService(*dir_, cfg).release();
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(*dir_ + "/licensingd.log");
    const int syslog_port = service_->ready["syslog_port"].get<int>();
    ASSERT_GT(syslog_port, 0);
    for (size_t i = 0; i < modes_->size(); ++i) {
      fleet_->ControlPost("/controllers/" + Name(i) + "/syslog",
                          json{{"target", absl::StrCat("udp://127.0.0.1:", syslog_port)}}.dump());
    }
  }
  static void TearDownTestSuite() {
    delete service_;
    delete fleet_;
    delete modes_;
  }

  static std::string Name(size_t i) { return fleet_->controller(i)["name"]; }
  static size_t Index(const std::string& mode) {
    for (size_t i = 0; i < modes_->size(); ++i) {
      if ((*modes_)[i].name == mode) return i;
    }
    ADD_FAILURE() << "no mode " << mode;
    return 0;
  }

  static v1::Diagnosis Diagnose(const std::string& controller) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::DiagnoseRequest req;
    req.set_controller(controller);
    v1::DiagnoseResponse resp;
    grpc::Status s = service_->stub->Diagnose(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << controller << ": " << s.error_message();
    return resp.diagnosis();
  }

  static grpc::Status Trust(const std::string& controller, const std::string& token) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
    v1::EstablishTrustRequest req;
    req.set_controller(controller);
    req.set_id_token(token);
    req.set_scope(v1::TRUST_SCOPE_ALL);
    v1::EstablishTrustResponse resp;
    return service_->stub->EstablishTrust(&ctx, req, &resp);
  }

  static std::string Describe(const v1::Diagnosis& d) { return DiagnoseTest_Describe(d); }

  static std::string* dir_;
  static std::vector<Mode>* modes_;
  static Fleet* fleet_;
  static Service* service_;
};

std::string* DiagnoseTest::dir_ = nullptr;
std::vector<Mode>* DiagnoseTest::modes_ = nullptr;
Fleet* DiagnoseTest::fleet_ = nullptr;
Service* DiagnoseTest::service_ = nullptr;

TEST_F(DiagnoseTest, EachFailureModeIsDiagnosedToItsCauseWithTheRemedy) {
  // The steps a user would have taken before asking for a diagnosis.
  EXPECT_FALSE(Trust(Name(Index("expired id token")), "wlcsim-expired-1").ok());
  EXPECT_FALSE(Trust(Name(Index("controller cannot resolve CSSM")), "wlcsim-valid-dns").ok());
  EXPECT_FALSE(Trust(Name(Index("controller cannot reach CSSM")), "wlcsim-valid-down").ok());
  fleet_->ControlPost("/upstream/faults", R"({"receiver_requires_client_cert":true})");
  EXPECT_FALSE(Trust(Name(Index("CSSM demands mutual TLS, trust without a client certificate")),
                     "wlcsim-valid-mtls")
                   .ok());
  fleet_->ControlPost("/upstream/faults", R"({"receiver_requires_client_cert":false})");

  int failure_modes = 0;
  for (size_t i = 0; i < modes_->size(); ++i) {
    const Mode& mode = (*modes_)[i];
    SCOPED_TRACE(mode.name);
    v1::Diagnosis d = Diagnose(Name(i));
    EXPECT_EQ(d.controller(), Name(i));
    if (mode.expect_code.empty()) {
      EXPECT_TRUE(d.healthy()) << Describe(d);
      EXPECT_EQ(d.health(), v1::HEALTH_HEALTHY) << Describe(d);
      for (const auto& f : d.findings()) {
        EXPECT_EQ(f.severity(), v1::SEVERITY_INFO) << Describe(d);
      }
      int passed = 0;
      for (const auto& c : d.checks()) passed += c.outcome() == v1::CHECK_OUTCOME_PASSED;
      EXPECT_GE(passed, 8) << Describe(d);
      continue;
    }
    ++failure_modes;
    EXPECT_FALSE(d.healthy()) << Describe(d);
    const v1::Finding* found = nullptr;
    for (const auto& f : d.findings()) {
      if (f.code() == mode.expect_code) found = &f;
    }
    ASSERT_NE(found, nullptr) << "expected " << mode.expect_code << "\n" << Describe(d);
    EXPECT_FALSE(found->summary().empty());
    EXPECT_FALSE(found->evidence().empty());
    EXPECT_THAT(found->reference(), ::testing::StartsWith("docs/slup-reference.md §"));
    EXPECT_THAT(absl::StrJoin(found->remedy(), "\n"), ::testing::HasSubstr(mode.expect_remedy))
        << Describe(d);
    // A failed check names the cause.
    bool check_names_it = false;
    for (const auto& c : d.checks()) {
      check_names_it |= c.outcome() == v1::CHECK_OUTCOME_FAILED &&
                        absl::StartsWith(c.detail(), mode.expect_code + ":");
    }
    EXPECT_TRUE(check_names_it) << Describe(d);
  }
  EXPECT_GE(failure_modes, 15);
}

TEST_F(DiagnoseTest, HealthyControllerShowsTheChecksThatPassed) {
  v1::Diagnosis d = Diagnose(Name(Index("healthy smart")));
  std::set<std::string> passed;
  for (const auto& c : d.checks()) {
    if (c.outcome() == v1::CHECK_OUTCOME_PASSED) passed.insert(c.name());
  }
  for (const char* name :
       {"controller_reachable", "transport", "http_client_trustpoint", "clock_skew", "trust",
        "ack_deadline", "rum_backlog", "endpoint_dns", "endpoint_tcp", "endpoint_tls"}) {
    EXPECT_TRUE(passed.count(name)) << name << "\n" << Describe(d);
  }
  EXPECT_LT(std::llabs(d.clock_skew_seconds()), 120) << Describe(d);
  // The mock CSSM receiver asks for a client certificate, as the real one does.
  bool mutual_tls_seen = false;
  for (const auto& c : d.checks()) {
    mutual_tls_seen |=
        c.name() == "endpoint_tls" && absl::StrContains(c.detail(), "client certificate");
  }
  EXPECT_TRUE(mutual_tls_seen) << Describe(d);
}

TEST_F(DiagnoseTest, SyslogLinesTheControllerSentAreEvidence) {
  // A failed trust makes the controller log %SMART_LIC-3-COMM_FAILED to the service's receiver.
  const std::string name = Name(Index("controller cannot resolve CSSM"));
  EXPECT_FALSE(Trust(name, "wlcsim-valid-dns-2").ok());
  v1::Diagnosis d;
  for (int i = 0; i < 50; ++i) {
    d = Diagnose(name);
    if (d.syslog_size() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GT(d.syslog_size(), 0) << Describe(d);
  EXPECT_THAT(absl::StrJoin(d.syslog(), "\n"), ::testing::HasSubstr("%SMART_LIC-3-COMM_FAILED"));
  bool syslog_check_failed = false;
  for (const auto& c : d.checks()) {
    syslog_check_failed |= c.name() == "syslog" && c.outcome() == v1::CHECK_OUTCOME_FAILED;
  }
  EXPECT_TRUE(syslog_check_failed) << Describe(d);
  // Another controller's lines are not mixed in.
  v1::Diagnosis other = Diagnose(Name(Index("healthy smart")));
  for (const std::string& line : other.syslog()) {
    EXPECT_THAT(line, ::testing::Not(::testing::HasSubstr(name)));
  }
}

TEST_F(DiagnoseTest, FleetDiagnosisSummarizesByCause) {
  auto stub = v1::FleetService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", service_->grpc_port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::DiagnoseFleetRequest req;
  req.mutable_selector()->set_all(true);
  auto reader = stub->DiagnoseFleet(&ctx, req);
  v1::DiagnoseFleetResponse resp;
  std::map<std::string, v1::Diagnosis> per_controller;
  v1::FleetSummary summary;
  while (reader->Read(&resp)) {
    if (resp.event().has_result()) {
      EXPECT_EQ(resp.event().result().code(), 0) << resp.event().result().message();
      per_controller[resp.event().result().controller()] = resp.event().result().diagnosis();
    } else {
      summary = resp.event().summary();
    }
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(per_controller.size(), modes_->size());
  EXPECT_EQ(summary.total(), modes_->size());
  EXPECT_GE(summary.healthy(), 2u);
  for (const char* cause : {"CONTROLLER_UNREACHABLE", "TRANSPORT_OFF", "CLOCK_SKEW",
                            "TRUST_MISSING", "SLA_CRL_CHECK"}) {
    EXPECT_GE(summary.controllers_by_cause().count(cause), 1u) << cause;
  }
  EXPECT_EQ(summary.controllers_by_cause().at("CONTROLLER_UNREACHABLE"), 1u);
}

TEST_F(DiagnoseTest, UnknownControllerIsNotFound) {
  grpc::ClientContext ctx;
  v1::DiagnoseRequest req;
  req.set_controller("no-such-wlc");
  v1::DiagnoseResponse resp;
  EXPECT_EQ(service_->stub->Diagnose(&ctx, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
}

// Failure modes that need time to pass: the clock of this fleet jumps, so it runs apart.
class DiagnoseOverTimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("diagnose-time-test");
    const std::string onprem = "https://ssm-onprem.example/cslu/v1/pi/wlcsim-1";
    json fleet_file = json::array({
        Smart({{"index", 0}, {"trust_installed", true}, {"cli", kTrustpoint}}),
        json{{"index", 1}, {"transport", "off"}},
        json{{"index", 2}, {"transport", "cslu"}, {"url_cslu", onprem}, {"cli", kTrustpoint}},
        json{{"index", 3},
             {"transport", "cslu"},
             {"url_cslu", onprem},
             {"cli", std::string(kTrustpoint) +
                         "\ncrypto pki trustpoint SLA-TrustPoint\n revocation-check none"}},
        json{
            {"index", 4}, {"transport", "cslu"}, {"url_cslu", "http://cslu-local:8182/cslu/v1/pi"}},
    });
    WriteFile(dir_ + "/fleet.json", fleet_file.dump());
    fleet_ = StartFleet(
        {"--controllers", "5", "--upstream", "backends", "--fleet", dir_ + "/fleet.json"});
    ASSERT_NE(fleet_, nullptr);
    json cfg = ConfigForFleet(
        *fleet_, WriteProfile(dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    cfg["syslog_listen"] = "127.0.0.1:0";
    service_ = StartService(dir_, cfg);
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(dir_ + "/licensingd.log");
    for (int i = 0; i < 5; ++i) {
      fleet_->ControlPost("/controllers/" + Name(i) + "/syslog",
                          json{{"target", absl::StrCat("udp://127.0.0.1:",
                                                       service_->ready["syslog_port"].get<int>())}}
                              .dump());
    }
  }

  std::string Name(int i) const { return fleet_->controller(i)["name"]; }
  v1::Diagnosis Diagnose(const std::string& c) const {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::DiagnoseRequest req;
    req.set_controller(c);
    req.set_skip_endpoint_probe(true);
    v1::DiagnoseResponse resp;
    grpc::Status s = service_->stub->Diagnose(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.diagnosis();
  }
  static const v1::Finding* Find(const v1::Diagnosis& d, const std::string& code) {
    for (const auto& f : d.findings()) {
      if (f.code() == code) return &f;
    }
    return nullptr;
  }
  void Advance(int days) {
    for (int i = 0; i < days; ++i) {
      fleet_->ControlPost("/clock", R"({"advance_seconds":86400})");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(days > 1 ? 500 : 100));
  }

  std::string dir_;
  std::unique_ptr<Fleet> fleet_;
  std::unique_ptr<Service> service_;
};

TEST_F(DiagnoseOverTimeTest, AckOverdueBacklogCrlDownRevOnPremAndCsluDown) {
  // CSSM up until the smart controller has its first ACK.
  bool acked = false;
  for (int day = 0; day < 150 && !acked; ++day) {
    grpc::ClientContext ctx;
    v1::GetLicensingStateRequest req;
    req.set_controller(Name(0));
    v1::GetLicensingStateResponse resp;
    ASSERT_TRUE(service_->stub->GetLicensingState(&ctx, req, &resp).ok());
    acked = resp.licensing().usage().last_ack_time().seconds() > 0;
    if (!acked) Advance(1);
  }
  ASSERT_TRUE(acked) << "no ACK within 150 simulated days";
  v1::Diagnosis d = Diagnose(Name(0));
  EXPECT_EQ(Find(d, "ACK_OVERDUE"), nullptr) << DiagnoseTest_Describe(d);
  // CSSM gone (and SSM On-Prem down-rev) for three months.
  fleet_->ControlPost("/upstream/faults",
                      R"({"receiver":"down","cslu":"down","onprem_version":"8-202010"})");
  Advance(100);

  d = Diagnose(Name(0));
  const v1::Finding* overdue = Find(d, "ACK_OVERDUE");
  ASSERT_NE(overdue, nullptr) << DiagnoseTest_Describe(d);
  EXPECT_EQ(overdue->severity(), v1::SEVERITY_CRITICAL);
  EXPECT_THAT(absl::StrJoin(overdue->remedy(), "\n"), ::testing::HasSubstr("RelayUsage"));
  // The deadline is judged on the controller's clock (it jumped 135 days), which the clock
  // check also reports.
  EXPECT_NE(Find(d, "CLOCK_SKEW"), nullptr) << DiagnoseTest_Describe(d);
  EXPECT_NE(Find(d, "ENDPOINT_UNREACHABLE_FROM_CONTROLLER"), nullptr) << DiagnoseTest_Describe(d);

  // Transport off: nothing leaves, the reports pile up.
  d = Diagnose(Name(1));
  EXPECT_NE(Find(d, "TRANSPORT_OFF"), nullptr) << DiagnoseTest_Describe(d);
  EXPECT_NE(Find(d, "RUM_BACKLOG"), nullptr) << DiagnoseTest_Describe(d);

  // On-Prem with CRL checking: the controller said %PKI-3-CRL_FETCH_FAIL.
  d = Diagnose(Name(2));
  const v1::Finding* crl = Find(d, "SLA_CRL_CHECK");
  ASSERT_NE(crl, nullptr) << DiagnoseTest_Describe(d);
  EXPECT_EQ(crl->severity(), v1::SEVERITY_CRITICAL) << DiagnoseTest_Describe(d);
  EXPECT_THAT(crl->evidence(), ::testing::HasSubstr("CRL_FETCH_FAIL"));

  // On-Prem too old for SLUP reporting.
  d = Diagnose(Name(3));
  EXPECT_NE(Find(d, "ONPREM_TOO_OLD"), nullptr) << DiagnoseTest_Describe(d);

  // CSLU down: the controller's pushes fail.
  d = Diagnose(Name(4));
  const v1::Finding* cslu = Find(d, "ENDPOINT_UNREACHABLE_FROM_CONTROLLER");
  ASSERT_NE(cslu, nullptr) << DiagnoseTest_Describe(d);
  EXPECT_THAT(cslu->summary(), ::testing::HasSubstr("CSLU"));
  EXPECT_THAT(absl::StrJoin(cslu->remedy(), "\n"), ::testing::HasSubstr("telnet cslu-local 8182"));
}

}  // namespace
}  // namespace wlc::testing
