// Conformance with Cisco's YANG: every payload the service sends (plan bodies, RPC inputs) and
// every answer wlcsim gives on the paths the adapters read is validated with yanglint against
// ../shared/yang. Skips (exit 77) when that folder or yanglint is absent.
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "adapters/common/trust.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/harness.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using nlohmann::json;

const std::string kYangDir = std::string(WLC_SHARED_DIR) + "/yang";

bool HaveYang() {
  struct stat st;
  return stat((kYangDir + "/cisco-smart-license.yang").c_str(), &st) == 0 &&
         std::system("command -v yanglint >/dev/null 2>&1") == 0;
}

// Runs yanglint; returns "" when valid, else its output.
std::string Yanglint(const std::string& dir, const std::string& type, const std::string& modules,
                     const json& doc, const std::string& label) {
  const std::string file = absl::StrCat(dir, "/", label, ".json");
  WriteFile(file, doc.dump(2));
  const std::string out = file + ".out";
  const std::string cmd = absl::StrCat("cd ", kYangDir, " && yanglint -Q -p . -t ", type, " ",
                                       modules, " ", file, " >", out, " 2>&1");
  if (std::system(cmd.c_str()) == 0) return "";
  return absl::StrCat(label, ": ", ReadFileOrEmpty(out), "\n", doc.dump(2));
}

constexpr char kNative[] = "Cisco-IOS-XE-native.yang Cisco-IOS-XE-call-home.yang";

// {"<module>:input": {...}} -> {"<module>:<rpc>": {...}} (libyang 2.1 has no RESTCONF parser).
json RpcEnvelope(const std::string& rpc, const json& body) {
  const std::string module = rpc.substr(0, rpc.find(':'));
  return json{{rpc, body.at(module + ":input")}};
}

class ConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveYang()) {
      std::printf("SKIPPED: %s not found or yanglint missing\n", kYangDir.c_str());
      std::exit(77);
    }
    fleet_ = StartFleet({"--controllers", "2", "--trust-delay-ms", "100"});
    ASSERT_NE(fleet_, nullptr);
    dir_ = MakeTempDir("conformance");
    json cfg = ConfigForFleet(
        *fleet_, WriteProfile(dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    service_ = StartService(dir_, cfg);
    ASSERT_NE(service_, nullptr);
  }

  std::unique_ptr<Fleet> fleet_;
  std::unique_ptr<Service> service_;
  std::string dir_;
};

TEST_F(ConformanceTest, ServicePayloadsValidate) {
  // Negative control: the check itself must be able to fail ("off" is not the YANG's "Off").
  EXPECT_NE(Yanglint(dir_, "config", kNative,
                     {{"Cisco-IOS-XE-native:native",
                       {{"license", {{"smart", {{"transport-type", "off"}}}}}}}},
                     "negative-control"),
            "");
  std::string failures;
  int checked = 0;
  std::vector<v1::Transport> transports;
  v1::Transport smart;
  smart.set_type(v1::TRANSPORT_TYPE_SMART);
  smart.set_url_default(true);
  smart.set_usage_interval_days(30);
  transports.push_back(smart);
  v1::Transport proxy = smart;
  proxy.mutable_proxy()->set_host("proxy.example.com");
  proxy.mutable_proxy()->set_port(3128);
  proxy.mutable_http_client()->set_source_interface("GigabitEthernet1");
  proxy.mutable_http_client()->set_secure_trustpoint("TP-self-signed-1234567890");
  transports.push_back(proxy);
  for (const v1::Transport& t : transports) {
    grpc::ClientContext ctx;
    v1::PlanTransportRequest req;
    req.set_controller(fleet_->controller(0)["name"]);
    *req.mutable_desired() = t;
    v1::PlanTransportResponse resp;
    grpc::Status s = service_->stub->PlanTransport(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const v1::PlanStep& step : resp.plan().steps()) {
      json body = json::parse(step.body_json());
      const std::string label = absl::StrCat("step", checked++);
      if (step.path() == "data/Cisco-IOS-XE-native:native/license/smart") {
        json doc = {{"Cisco-IOS-XE-native:native",
                     {{"license", {{"smart", body.at("Cisco-IOS-XE-native:smart")}}}}}};
        failures += Yanglint(dir_, "config", kNative, doc, label);
      } else if (step.path() == "operations/Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc") {
        failures += Yanglint(dir_, "rpc", "Cisco-IOS-XE-cli-rpc.yang",
                             RpcEnvelope("Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc", body), label);
      } else {
        failures += "unchecked plan step " + step.path() + "\n";
      }
    }
  }
  for (auto scope : {v1::TRUST_SCOPE_LOCAL, v1::TRUST_SCOPE_ALL}) {
    json input = {
        {"cisco-smart-license:input", adapters::IdTokenTrustInput("wlcsim-valid-x", scope, true)}};
    failures += Yanglint(dir_, "rpc", "cisco-smart-license.yang",
                         RpcEnvelope("cisco-smart-license:id-token-trust", input),
                         absl::StrCat("trust", static_cast<int>(scope)));
    ++checked;
  }
  EXPECT_GE(checked, 5);
  EXPECT_EQ(failures, "");
}

// GETs with curl against the simulator, validated after each licensing step.
std::string Fetch(const Fleet& fleet, int i, const std::string& path) {
  const std::string out = absl::StrCat("/tmp/wlc-conf-", getpid(), ".json");
  const std::string cmd =
      absl::StrCat("curl -s -f --cacert ", fleet.manifest["ca_file"].get<std::string>(), " -u '",
                   fleet.manifest["username"].get<std::string>(), ":",
                   fleet.manifest["password"].get<std::string>(),
                   "' -H 'Accept: application/yang-data+json' https://", fleet.address(i),
                   "/restconf/data/", path, " -o ", out);
  if (std::system(cmd.c_str()) != 0) return "";
  return ReadFileOrEmpty(out);
}

TEST_F(ConformanceTest, SimulatorAnswersValidateThroughTheLifecycle) {
  std::string failures;
  auto check_all = [&](const std::string& phase) {
    json native =
        json::parse(Fetch(*fleet_, 0, "Cisco-IOS-XE-native:native/license/smart"), nullptr, false);
    ASSERT_FALSE(native.is_discarded()) << phase;
    failures += Yanglint(dir_, "config", kNative,
                         {{"Cisco-IOS-XE-native:native",
                           {{"license", {{"smart", native["Cisco-IOS-XE-native:smart"]}}}}}},
                         phase + "-native");
    json state =
        json::parse(Fetch(*fleet_, 0, "cisco-smart-license:licensing/state"), nullptr, false);
    ASSERT_FALSE(state.is_discarded()) << phase;
    failures += Yanglint(
        dir_, "data", "cisco-smart-license.yang",
        {{"cisco-smart-license:licensing", {{"state", state["cisco-smart-license:state"]}}}},
        phase + "-state");
    json join = json::parse(
        Fetch(*fleet_, 0,
              "Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data/emltd-join-count-stat"),
        nullptr, false);
    ASSERT_FALSE(join.is_discarded()) << phase;
    failures += Yanglint(dir_, "data", "Cisco-IOS-XE-wireless-ap-global-oper.yang",
                         {{"Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data",
                           {{"emltd-join-count-stat",
                             join["Cisco-IOS-XE-wireless-ap-global-oper:emltd-join-count-stat"]}}}},
                         phase + "-join");
  };
  check_all("initial");
  const std::string name = fleet_->controller(0)["name"];
  {
    grpc::ClientContext ctx;
    v1::ApplyTransportRequest req;
    req.set_controller(name);
    req.mutable_desired()->set_type(v1::TRANSPORT_TYPE_SMART);
    v1::ApplyTransportResponse resp;
    ASSERT_TRUE(service_->stub->ApplyTransport(&ctx, req, &resp).ok());
  }
  check_all("smart");
  {
    grpc::ClientContext ctx;
    v1::EstablishTrustRequest req;
    req.set_controller(name);
    req.set_id_token("definitely-unknown-token");
    v1::EstablishTrustResponse resp;
    EXPECT_FALSE(service_->stub->EstablishTrust(&ctx, req, &resp).ok());
  }
  check_all("trust-failed");
  {
    grpc::ClientContext ctx;
    v1::EstablishTrustRequest req;
    req.set_controller(name);
    req.set_id_token("wlcsim-valid-conformance");
    v1::EstablishTrustResponse resp;
    grpc::Status s = service_->stub->EstablishTrust(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  check_all("trusted");
  EXPECT_EQ(failures, "");
}

}  // namespace
}  // namespace wlc::testing
