// licensingctl as a user runs it: the real binary as a subprocess against licensingd and wlcsim
// (started by the harness), checked by its stdout, stderr and exit code. A small in-process fake
// LicensingService covers what the demo config cannot: bearer metadata and exit code 4.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/harness.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

struct CtlRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs licensingctl with `args` (stdin from `input`), 60 s at most. `while_running` is called
// once in the test's process while licensingctl runs (its pid and stderr file).
CtlRun RunCtl(const std::vector<std::string>& args, const std::string& input = "",
              const std::function<void(pid_t, const std::string&)>& while_running = nullptr) {
  const std::string dir = MakeTempDir("licensingctl-run");
  const std::string in_path = dir + "/in", out_path = dir + "/out", err_path = dir + "/err";
  WriteFile(in_path, input);
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    unsetenv("WLC_LICENSING_SERVER");
    unsetenv("WLC_LICENSING_TOKEN");
    std::vector<std::string> argv = {LICENSINGCTL_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;
    for (auto& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    execv(cargs[0], cargs.data());
    _exit(127);
  }
  CtlRun run;
  if (while_running) while_running(pid, err_path);
  int status = 0;
  for (int i = 0; i < 600; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (run.exit_code == -1) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  run.out = ReadFileOrEmpty(out_path);
  run.err = ReadFileOrEmpty(err_path);
  std::system(absl::StrCat("rm -rf ", dir).c_str());
  return run;
}

std::string Describe(const CtlRun& r) {
  return absl::StrCat("exit ", r.exit_code, "\n--- stdout\n", r.out, "--- stderr\n", r.err);
}

class LicensingctlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("licensingctl-test"));
    fleet_ = StartFleet({"--controllers", "5", "--trust-delay-ms", "100"}).release();
    ASSERT_NE(fleet_, nullptr) << "wlcsim did not start";
    nlohmann::json cfg = ConfigForFleet(
        *fleet_, WriteProfile(*dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    for (size_t i = 0; i < cfg["controllers"].size(); ++i) {
      cfg["controllers"][i]["labels"] = {{"site", i < 2 ? "paris" : "lyon"}};
    }
    // Nothing listens on port 1: a fleet read over --all has one failure.
    cfg["controllers"].push_back({{"name", "wlc-unreachable"},
                                  {"address", "127.0.0.1:1"},
                                  {"credentials_profile", "lab"},
                                  {"software_version", "17.12.1"},
                                  {"labels", {{"site", "nowhere"}}}});
    service_ = StartService(*dir_, cfg).release();
    ASSERT_NE(service_, nullptr) << "licensingd did not start: "
                                 << ReadFileOrEmpty(*dir_ + "/licensingd.log");
    server_ = new std::string(absl::StrCat("127.0.0.1:", service_->grpc_port));
  }

  static void TearDownTestSuite() {
    delete service_;
    delete fleet_;
  }

  static CtlRun Ctl(std::vector<std::string> args, const std::string& input = "") {
    args.push_back("--server");
    args.push_back(*server_);
    return RunCtl(args, input);
  }

  static std::string Name(int i) { return fleet_->controller(i)["name"]; }

  // FleetService is served (not UNIMPLEMENTED) by this licensingd.
  static bool FleetServed() {
    CtlRun r = Ctl({"states", "--names", Name(0)});
    return !(r.exit_code == 3 && r.err.find("UNIMPLEMENTED") != std::string::npos);
  }

  static std::string* dir_;
  static std::string* server_;
  static Fleet* fleet_;
  static Service* service_;
};

std::string* LicensingctlTest::dir_ = nullptr;
std::string* LicensingctlTest::server_ = nullptr;
Fleet* LicensingctlTest::fleet_ = nullptr;
Service* LicensingctlTest::service_ = nullptr;

TEST_F(LicensingctlTest, UsageErrorsExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"no-such-command"},
      {"state"},
      {"state", "a", "b"},
      {"controllers", "--no-such-flag"},
      {"controllers", "-o", "xml"},
      {"plan", Name(0)},
      {"plan", Name(0), "--transport", "pigeon"},
      {"plan", Name(0), "--transport", "smart", "--proxy", "noport"},
      {"plan", Name(0), "--names", Name(1), "--transport", "smart"},
      {"relay", Name(0)},
      {"trust", Name(0), "--token-file", "/nonexistent/token"},
      {"controllers", "--timeout", "soon"},
      {"controllers", "--tls-cert", "c.pem"},
      {"diagnose"},
      {"diagnose", Name(0), "--all"},
      {"diagnose", Name(0), "--no-probe=yes"},
  };
  for (const auto& args : cases) {
    CtlRun r = Ctl(args);
    EXPECT_EQ(r.exit_code, 2) << absl::StrJoin(args, " ") << "\n" << Describe(r);
    EXPECT_FALSE(r.err.empty()) << absl::StrJoin(args, " ");
  }
  // A bundle file is whoever wrote it: wrong types, deep nesting and no JSON are usage errors,
  // never a crash (a number as bundle_type used to abort licensingctl).
  for (const std::string& bundle :
       {std::string(R"({"bundle_type": 5, "acks": {}})"), std::string(R"({"bundle_type": [1]})"),
        std::string(5000, '[') + std::string(5000, ']'), std::string("\xff\xfe")}) {
    const std::string path = *dir_ + "/hostile-bundle.json";
    WriteFile(path, bundle);
    CtlRun r = Ctl({"import", path, "--dry-run"});
    EXPECT_EQ(r.exit_code, 2) << bundle.substr(0, 40) << "\n" << Describe(r);
  }
}

TEST_F(LicensingctlTest, HelpPerCommandWithExamples) {
  for (const char* command : {"controllers", "state", "states", "plan", "apply", "trust", "relay",
                              "export", "import", "watch", "diagnose"}) {
    CtlRun r = RunCtl({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_THAT(r.out, HasSubstr(absl::StrCat("licensingctl ", command))) << command;
    EXPECT_THAT(r.out, HasSubstr("Examples:")) << command;
    EXPECT_THAT(r.out, HasSubstr("--server")) << command;
  }
  CtlRun top = RunCtl({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_THAT(top.out, HasSubstr("Exit codes"));
}

TEST_F(LicensingctlTest, ListsControllers) {
  CtlRun r = Ctl({"controllers"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("NAME"));
  EXPECT_THAT(r.out, HasSubstr("LABELS"));
  EXPECT_THAT(r.out, HasSubstr(Name(0)));
  EXPECT_THAT(r.out, HasSubstr(fleet_->address(0)));
  EXPECT_THAT(r.out, HasSubstr("site=paris"));
}

TEST_F(LicensingctlTest, StateAsTableJsonAndYaml) {
  CtlRun table = Ctl({"state", Name(3)});
  ASSERT_EQ(table.exit_code, 0) << Describe(table);
  EXPECT_THAT(table.out, HasSubstr(absl::StrCat("Controller:        ", Name(3))));
  EXPECT_THAT(table.out, HasSubstr("type:            CSLU"));
  EXPECT_THAT(table.out, HasSubstr("Entitlements"));
  EXPECT_THAT(table.out, HasSubstr("air-network-"));
  EXPECT_THAT(table.out, HasSubstr("policy-type-cisco-default"));
  EXPECT_THAT(table.out, HasSubstr("Findings"));
  EXPECT_THAT(table.out, HasSubstr(fleet_->controller(3)["udi"].get<std::string>()));

  CtlRun json = Ctl({"state", Name(3), "-o", "json"});
  ASSERT_EQ(json.exit_code, 0) << Describe(json);
  nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << json.out;
  EXPECT_EQ(doc["licensing"]["controller"], Name(3));
  EXPECT_EQ(doc["licensing"]["transport"]["type"], "TRANSPORT_TYPE_CSLU");
  EXPECT_EQ(doc["licensing"]["usage"]["accessPoints"]["active"], 10);

  CtlRun yaml = Ctl({"state", Name(3), "-o", "yaml"});
  ASSERT_EQ(yaml.exit_code, 0) << Describe(yaml);
  EXPECT_THAT(yaml.out, HasSubstr("licensing:\n  controller: " + Name(3) + "\n"));
  EXPECT_THAT(yaml.out, HasSubstr("type: TRANSPORT_TYPE_CSLU"));
}

TEST_F(LicensingctlTest, UnknownControllerIsNotFoundExitThree) {
  CtlRun r = Ctl({"state", "no-such-wlc"});
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  EXPECT_TRUE(r.out.empty());
}

TEST_F(LicensingctlTest, UnreachableServerExitsThree) {
  CtlRun r = RunCtl({"controllers", "--server", "127.0.0.1:1", "--timeout", "2s"});
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  EXPECT_THAT(r.err, ::testing::AnyOf(HasSubstr("UNAVAILABLE"), HasSubstr("DEADLINE_EXCEEDED")));
}

TEST_F(LicensingctlTest, PlanShowsRestconfAndCliLines) {
  const std::string before = fleet_->DeviceConfig(1);
  CtlRun r = Ctl({"plan", Name(1), "--transport", "smart", "--proxy", "proxy.example.com:3128"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("PATCH /restconf/data/Cisco-IOS-XE-native:native/license/smart"));
  EXPECT_THAT(r.out, HasSubstr("license smart transport smart"));
  EXPECT_THAT(r.out, HasSubstr("license smart url default"));
  EXPECT_THAT(r.out, HasSubstr("license smart proxy address proxy.example.com"));
  EXPECT_THAT(r.out, HasSubstr("Current:    CSLU"));

  CtlRun json = Ctl({"plan", Name(1), "--transport", "smart", "-o", "json"});
  ASSERT_EQ(json.exit_code, 0) << Describe(json);
  nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["plan"]["steps"][0]["method"], "PATCH");
  EXPECT_EQ(fleet_->DeviceConfig(1), before) << "plan changed the controller";
}

TEST_F(LicensingctlTest, ApplyDryRunChangesNothing) {
  const std::string before = fleet_->DeviceConfig(1);
  CtlRun r = Ctl({"apply", Name(1), "--transport", "smart", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("license smart transport smart"));
  EXPECT_THAT(r.out, HasSubstr("Dry run"));
  EXPECT_EQ(fleet_->DeviceConfig(1), before) << "a dry run changed the controller";
}

TEST_F(LicensingctlTest, ApplyThenStateShowsTheTransport) {
  CtlRun r = Ctl({"apply", Name(2), "--transport", "smart"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("Changed: yes"));
  EXPECT_THAT(fleet_->DeviceConfig(2), HasSubstr("smart"));

  CtlRun state = Ctl({"state", Name(2), "-o", "json"});
  ASSERT_EQ(state.exit_code, 0) << Describe(state);
  nlohmann::json doc = nlohmann::json::parse(state.out, nullptr, false);
  EXPECT_EQ(doc["licensing"]["transport"]["type"], "TRANSPORT_TYPE_SMART");
  EXPECT_EQ(doc["licensing"]["transport"]["urlDefault"], true);

  CtlRun again = Ctl({"apply", Name(2), "--transport", "smart"});
  ASSERT_EQ(again.exit_code, 0) << Describe(again);
  EXPECT_THAT(again.out, HasSubstr("No change"));
}

TEST_F(LicensingctlTest, FailedApplyPrintsWhatWasRestoredAndWhatIsLeft) {
  const std::string before = fleet_->DeviceConfig(2);
  ASSERT_TRUE(fleet_->SetFaults(2, R"({"status":500,"status_path":"cli-rpc"})"));
  CtlRun r = Ctl({"apply", Name(2), "--transport", "smart", "--proxy", "proxy.example.com:3128"});
  CtlRun json = Ctl({"apply", Name(2), "--transport", "smart", "--proxy", "proxy.example.com:3128",
                     "-o", "json"});
  fleet_->SetFaults(2, "{}");
  EXPECT_NE(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("error: INTERNAL: "));
  EXPECT_THAT(r.err, HasSubstr("\nrestored: Cisco-IOS-XE-native:native/license/smart\n"));
  EXPECT_THAT(r.err, HasSubstr("left changed: license smart proxy address proxy.example.com — "
                               "restore by hand with: no license smart proxy address\n"));
  EXPECT_EQ(fleet_->DeviceConfig(2), before);
  nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << Describe(json);
  EXPECT_EQ(doc["restore"]["attempted"], true);
  EXPECT_EQ(doc["restore"]["leftChanged"][1]["cliToRestore"][0], "no license smart proxy port");
}

TEST_F(LicensingctlTest, TrustFromAFileNeverPrintsTheToken) {
  ASSERT_EQ(Ctl({"apply", Name(0), "--transport", "smart"}).exit_code, 0);
  const std::string token = "wlcsim-valid-ctl-0001";
  const std::string token_file = *dir_ + "/idtoken.txt";
  WriteFile(token_file, token + "\n");

  const std::string before = fleet_->DeviceConfig(0);
  CtlRun dry = Ctl({"trust", Name(0), "--token-file", token_file, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << Describe(dry);
  EXPECT_THAT(dry.out, HasSubstr("would install trust"));
  EXPECT_THAT(dry.out + dry.err, Not(HasSubstr(token)));
  CtlRun unchanged = Ctl({"state", Name(0), "-o", "json"});
  nlohmann::json doc = nlohmann::json::parse(unchanged.out, nullptr, false);
  EXPECT_NE(doc["licensing"]["trust"]["lastResult"], "TRUST_RESULT_SUCCEEDED");

  CtlRun r = Ctl({"trust", Name(0), "--token-file", token_file});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("SUCCEEDED"));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr(token)));

  // Installed already: refused (FAILED_PRECONDITION), still without echoing the token.
  CtlRun again = Ctl({"trust", Name(0), "-o", "json"}, "wlcsim-valid-ctl-0002\n");
  EXPECT_EQ(again.exit_code, 3) << Describe(again);
  EXPECT_THAT(again.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(again.out + again.err, Not(HasSubstr("wlcsim-valid-ctl-0002")));

  // A token the controller rejects, from stdin with --force.
  CtlRun bad = Ctl({"trust", Name(0), "--force", "--token-file", "-"}, "wlcsim-expired-SECRET77\n");
  EXPECT_EQ(bad.exit_code, 3) << Describe(bad);
  EXPECT_THAT(bad.out + bad.err, Not(HasSubstr("SECRET77")));
}

TEST_F(LicensingctlTest, RelayDryRunCallsNoWriteRpc) {
  CtlRun r = Ctl({"relay", Name(4), "--upstream", "no-such-upstream", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("would relay usage to upstream 'no-such-upstream'"));
  CtlRun real = Ctl({"relay", Name(4), "--upstream", "no-such-upstream"});
  EXPECT_EQ(real.exit_code, 3) << Describe(real);
}

TEST_F(LicensingctlTest, FleetStatesTableJsonAndExitCodes) {
  if (!FleetServed()) GTEST_SKIP() << "this licensingd does not serve FleetService yet";
  CtlRun paris = Ctl({"states", "--selector", "site=paris"});
  ASSERT_EQ(paris.exit_code, 0) << Describe(paris);
  EXPECT_THAT(paris.out, HasSubstr("CONTROLLER"));
  EXPECT_THAT(paris.out, HasSubstr("ACK-DEADLINE"));
  EXPECT_THAT(paris.out, HasSubstr(Name(0)));
  EXPECT_THAT(paris.out, HasSubstr(Name(1)));
  EXPECT_THAT(paris.out, Not(HasSubstr(Name(2))));
  // stderr is not a terminal here: one plain progress line per controller, then the summary.
  EXPECT_THAT(paris.err, HasSubstr("[2/2]"));
  EXPECT_THAT(paris.err, HasSubstr("2 controllers: 2 ok, 0 failed"));

  CtlRun all = Ctl({"states", "--all", "-o", "json"});
  EXPECT_EQ(all.exit_code, 1) << Describe(all);
  nlohmann::json doc = nlohmann::json::parse(all.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << all.out;
  EXPECT_EQ(doc["results"].size(), 6u);
  EXPECT_EQ(doc["summary"]["failed"], 1);
}

TEST_F(LicensingctlTest, FleetPlanAndApplyDryRun) {
  if (!FleetServed()) GTEST_SKIP() << "this licensingd does not serve FleetService yet";
  const std::string before = fleet_->DeviceConfig(3) + fleet_->DeviceConfig(4);
  CtlRun plan = Ctl({"plan", "--selector", "site=lyon", "--transport", "offline"});
  ASSERT_EQ(plan.exit_code, 0) << Describe(plan);
  EXPECT_THAT(plan.out, HasSubstr("license smart transport off"));
  CtlRun dry = Ctl({"apply", "--names", Name(3) + "," + Name(4), "--transport", "offline",
                    "--dry-run", "-o", "yaml"});
  ASSERT_EQ(dry.exit_code, 0) << Describe(dry);
  EXPECT_THAT(dry.out, HasSubstr("results:\n- controller: "));
  EXPECT_EQ(fleet_->DeviceConfig(3) + fleet_->DeviceConfig(4), before);
}

TEST_F(LicensingctlTest, MutualTls) {
  const std::string dir = MakeTempDir("licensingctl-tls");
  WriteFile(dir + "/san.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
  const std::string script = absl::StrCat(
      "cd ", dir, " && openssl req -x509 ", key, " -keyout ca.key -out ca.pem -subj /CN=ca -days 1",
      " && openssl req ", key, " -keyout server.key -out server.csr -subj /CN=localhost",
      " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial",
      " -out server.pem -days 1 -extfile san.ext", " && openssl req ", key,
      " -keyout client.key -out client.csr -subj /CN=client",
      " && openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial",
      " -out client.pem -days 1");
  ASSERT_EQ(std::system((script + " >/dev/null 2>&1").c_str()), 0) << "openssl failed";
  nlohmann::json cfg = ConfigForFleet(
      *fleet_, WriteProfile(dir, "lab", fleet_->manifest["username"], fleet_->manifest["password"],
                            fleet_->manifest["ca_file"]));
  cfg["grpc_tls_cert_file"] = dir + "/server.pem";
  cfg["grpc_tls_key_file"] = dir + "/server.key";
  cfg["grpc_tls_client_ca_file"] = dir + "/ca.pem";
  std::unique_ptr<Service> tls_service = StartService(dir, cfg);
  ASSERT_NE(tls_service, nullptr) << ReadFileOrEmpty(dir + "/licensingd.log");
  const std::string addr = absl::StrCat("127.0.0.1:", tls_service->grpc_port);

  CtlRun ok = RunCtl({"--server", addr, "--tls-ca", dir + "/ca.pem", "--tls-cert",
                      dir + "/client.pem", "--tls-key", dir + "/client.key", "controllers"});
  EXPECT_EQ(ok.exit_code, 0) << Describe(ok);
  EXPECT_THAT(ok.out, HasSubstr(Name(0)));

  CtlRun no_client_cert =
      RunCtl({"controllers", "--server", addr, "--tls-ca", dir + "/ca.pem", "--timeout", "3s"});
  EXPECT_EQ(no_client_cert.exit_code, 3) << Describe(no_client_cert);
  CtlRun plaintext = RunCtl({"controllers", "--server", addr, "--timeout", "3s"});
  EXPECT_EQ(plaintext.exit_code, 3) << Describe(plaintext);
}

// Whether licensingctl's exit code agrees with the diagnosis: 5 for critical or unreachable.
int ExpectedDiagnoseExit(const nlohmann::json& diagnosis) {
  const std::string health = diagnosis.value("health", "");
  return health == "HEALTH_CRITICAL" || health == "HEALTH_UNREACHABLE" ? 5 : 0;
}

TEST_F(LicensingctlTest, DiagnoseOneControllerAsChecklist) {
  const std::string before = fleet_->DeviceConfig(4);
  CtlRun json = Ctl({"diagnose", Name(4), "--no-probe", "-o", "json"});
  nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << Describe(json);
  const nlohmann::json& d = doc["diagnosis"];
  EXPECT_EQ(d["controller"], Name(4));
  EXPECT_NE(d["health"], "HEALTH_UNREACHABLE") << json.out;
  EXPECT_EQ(json.exit_code, ExpectedDiagnoseExit(d)) << Describe(json);
  ASSERT_TRUE(d.contains("checks")) << json.out;
  EXPECT_EQ(d["checks"][0]["name"], "controller_reachable");
  EXPECT_EQ(d["checks"][0]["outcome"], "CHECK_OUTCOME_PASSED");

  CtlRun r = Ctl({"diagnose", Name(4), "--no-probe"});
  EXPECT_EQ(r.exit_code, json.exit_code) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr(Name(4) + ": "));
  // Check names are padded to one column; --no-probe skips the endpoint check.
  EXPECT_THAT(r.out, ContainsRegex("\n  \\[ok\\]   controller_reachable +licensing state read over "
                                   "RESTCONF\n"));
  EXPECT_THAT(r.out, ContainsRegex("\n  \\[skip\\] endpoint +endpoint probe skipped\n"));
  if (d.value("healthy", false)) {
    EXPECT_THAT(r.out, HasSubstr(Name(4) + ": healthy"));
  } else {
    EXPECT_THAT(r.out, HasSubstr("Findings ("));
    EXPECT_THAT(r.out, HasSubstr("      evidence: "));
    EXPECT_THAT(r.out, HasSubstr("      see: docs/slup-reference.md"));
    EXPECT_THAT(r.out, HasSubstr(d["findings"][0]["code"].get<std::string>()));
  }
  EXPECT_EQ(fleet_->DeviceConfig(4), before) << "a diagnosis changed the controller";

  CtlRun yaml = Ctl({"diagnose", Name(4), "--no-probe", "-o", "yaml"});
  EXPECT_THAT(yaml.out, HasSubstr("diagnosis:\n  controller: " + Name(4) + "\n"));

  CtlRun unknown = Ctl({"diagnose", "no-such-wlc"});
  EXPECT_EQ(unknown.exit_code, 3) << Describe(unknown);
  EXPECT_THAT(unknown.err, HasSubstr("NOT_FOUND"));
}

TEST_F(LicensingctlTest, DiagnoseSilentControllerIsUnreachableExitFive) {
  ASSERT_FALSE(
      fleet_->ControlPost("/controllers/" + Name(1) + "/faults", R"({"silent":true})").empty());
  CtlRun r = Ctl({"diagnose", Name(1), "--no-probe"});
  CtlRun json = Ctl({"diagnose", Name(1), "--no-probe", "-o", "json"});
  fleet_->ControlPost("/controllers/" + Name(1) + "/faults", "{}");
  EXPECT_EQ(r.exit_code, 5) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr(Name(1) + ": unreachable"));
  EXPECT_THAT(r.out, HasSubstr("  [FAIL] controller_reachable"));
  EXPECT_THAT(r.out, HasSubstr("CRITICAL  CONTROLLER_UNREACHABLE: "));
  EXPECT_THAT(r.out, HasSubstr("        ip http secure-server\n"));  // a remedy line to type
  EXPECT_TRUE(r.err.empty()) << Describe(r);

  EXPECT_EQ(json.exit_code, 5) << Describe(json);
  nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << Describe(json);
  EXPECT_EQ(doc["diagnosis"]["health"], "HEALTH_UNREACHABLE");
  EXPECT_EQ(doc["diagnosis"]["findings"][0]["code"], "CONTROLLER_UNREACHABLE");
  EXPECT_EQ(doc["diagnosis"]["findings"][0]["severity"], "SEVERITY_CRITICAL");
}

TEST_F(LicensingctlTest, DiagnoseFleetByCause) {
  if (!FleetServed()) GTEST_SKIP() << "this licensingd does not serve FleetService yet";
  CtlRun all = Ctl({"diagnose", "--all", "--no-probe"});
  // wlc-unreachable (port 1) is critical: exit 5, not 1 (every diagnosis ran).
  EXPECT_EQ(all.exit_code, 5) << Describe(all);
  EXPECT_THAT(all.out, HasSubstr("CONTROLLER"));
  EXPECT_THAT(all.out, HasSubstr("FINDINGS"));
  EXPECT_THAT(all.out, ContainsRegex("wlc-unreachable +unreachable +CONTROLLER_UNREACHABLE"));
  for (int i = 0; i < 5; ++i) EXPECT_THAT(all.out, HasSubstr(Name(i))) << i;
  EXPECT_THAT(all.out, HasSubstr("By cause:"));
  EXPECT_THAT(all.out, ContainsRegex("  CONTROLLER_UNREACHABLE +1\n"));
  EXPECT_THAT(all.out, ContainsRegex("healthy: [0-5] of 6\n"));
  EXPECT_THAT(all.err, HasSubstr("6 controllers: 6 ok, 0 failed"));

  CtlRun json = Ctl({"diagnose", "--all", "--no-probe", "-o", "json"});
  EXPECT_EQ(json.exit_code, 5) << Describe(json);
  nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << json.out;
  EXPECT_EQ(doc["results"].size(), 6u);
  EXPECT_EQ(doc["summary"]["controllersByCause"]["CONTROLLER_UNREACHABLE"], 1) << json.out;
  EXPECT_EQ(doc["results"][0]["diagnosis"]["controller"], doc["results"][0]["controller"]);

  CtlRun paris = Ctl({"diagnose", "--selector", "site=paris", "--no-probe"});
  EXPECT_THAT(paris.out, HasSubstr(Name(0)));
  EXPECT_THAT(paris.out, Not(HasSubstr(Name(2))));
  EXPECT_THAT(paris.out, ContainsRegex("healthy: [0-2] of 2\n"));
}

// A fake LicensingService: records the authorization metadata; ListControllers wants
// "Bearer good", ApplyTransport is always denied.
class FakeAuthService final : public v1::LicensingService::Service {
 public:
  grpc::Status ListControllers(grpc::ServerContext* ctx, const v1::ListControllersRequest*,
                               v1::ListControllersResponse* resp) override {
    auto it = ctx->client_metadata().find("authorization");
    if (it == ctx->client_metadata().end() || it->second != "Bearer good") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown bearer token");
    }
    resp->add_controllers()->set_name("wlc-fake");
    return grpc::Status::OK;
  }
  grpc::Status ApplyTransport(grpc::ServerContext*, const v1::ApplyTransportRequest*,
                              v1::ApplyTransportResponse*) override {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "reader may not ApplyTransport");
  }
};

// Ctrl-C in the middle of a fleet apply: licensingctl does not die, the service stops starting
// controllers, and the summary says which changed and which were never touched — checked against
// the controllers' own configuration. A fleet of its own (slow controllers, changed transports).
TEST(LicensingctlInterruptTest, CtrlCDuringAFleetApplyPrintsWhatChangedAndWhatWasUntouched) {
  const std::string dir = MakeTempDir("licensingctl-interrupt");
  std::unique_ptr<Fleet> fleet = StartFleet({"--controllers", "4"});
  ASSERT_NE(fleet, nullptr);
  nlohmann::json cfg =
      ConfigForFleet(*fleet, WriteProfile(dir, "lab", fleet->manifest["username"],
                                          fleet->manifest["password"], fleet->manifest["ca_file"]));
  std::unique_ptr<Service> service = StartService(dir, cfg);
  ASSERT_NE(service, nullptr);
  std::vector<std::string> before;
  for (int i = 0; i < 4; ++i) {
    before.push_back(fleet->DeviceConfig(i));
    fleet->ControlPost("/controllers/" + std::string(fleet->controller(i)["name"]) + "/faults",
                       R"({"latency_ms":300})");
  }
  CtlRun r = RunCtl({"apply", "--all", "--transport", "offline", "--concurrency", "1", "-o", "json",
                     "--server", absl::StrCat("127.0.0.1:", service->grpc_port)},
                    "", [](pid_t pid, const std::string& err_path) {
                      // Ctrl-C once the first controller is done.
                      for (int i = 0; i < 300; ++i) {
                        if (ReadFileOrEmpty(err_path).find("[1/4]") != std::string::npos) break;
                        std::this_thread::sleep_for(std::chrono::milliseconds(50));
                      }
                      kill(pid, SIGINT);
                    });
  ASSERT_EQ(r.exit_code, 130) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("interrupted: the service starts no more controllers"));
  EXPECT_THAT(r.err, ContainsRegex("interrupted: [0-9] of 4 controllers worked on \\([0-9] "
                                   "changed\\), [1-3] never started: nothing was sent to them"));
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << Describe(r);
  EXPECT_EQ(doc["summary"]["interrupted"], true);
  ASSERT_EQ(doc["results"].size(), 4u) << "every controller is accounted for";
  int changed = 0, untouched = 0;
  for (int i = 0; i < 4; ++i) {
    const std::string name = fleet->controller(i)["name"];
    for (const nlohmann::json& result : doc["results"]) {
      if (result["controller"] != name) continue;
      if (result["code"] == 1) {  // CANCELLED: never started
        ++untouched;
        EXPECT_EQ(fleet->DeviceConfig(i), before[i]) << name << " was reported untouched";
      } else {
        EXPECT_EQ(result["code"], 0) << result.dump();
        if (result["apply"]["changed"] == true) {
          ++changed;
          EXPECT_NE(fleet->DeviceConfig(i), before[i]) << name << " was reported changed";
        }
      }
    }
  }
  EXPECT_GE(untouched, 1);
  EXPECT_EQ(doc["summary"]["cancelled"], untouched);
  EXPECT_EQ(doc["summary"]["changed"], changed);
}

TEST(LicensingctlAuthTest, BearerTokenAndDeniedExitFour) {
  FakeAuthService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(port, 0);
  const std::string addr = absl::StrCat("127.0.0.1:", port);

  CtlRun ok = RunCtl({"controllers", "--server", addr, "--token", "good"});
  EXPECT_EQ(ok.exit_code, 0) << Describe(ok);
  EXPECT_THAT(ok.out, HasSubstr("wlc-fake"));

  CtlRun anonymous = RunCtl({"controllers", "--server", addr});
  EXPECT_EQ(anonymous.exit_code, 4) << Describe(anonymous);
  EXPECT_THAT(anonymous.err, HasSubstr("UNAUTHENTICATED"));

  CtlRun denied = RunCtl({"apply", "wlc-fake", "--transport", "smart", "--server", addr});
  EXPECT_EQ(denied.exit_code, 4) << Describe(denied);
  EXPECT_THAT(denied.err, HasSubstr("PERMISSION_DENIED"));
  server->Shutdown();
}

}  // namespace
}  // namespace wlc::testing
