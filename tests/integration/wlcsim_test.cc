// End-to-end tests of the wlcsim binary: start it as a subprocess on an
// ephemeral port, read its manifest, talk HTTPS (libcurl, CA-verified, host
// checking on) and plain HTTP (control API) to it, kill it by PID.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using nlohmann::json;

constexpr char kSmart[] = "/restconf/data/Cisco-IOS-XE-native:native/license/smart";
constexpr char kState[] = "/restconf/data/cisco-smart-license:licensing/state";
constexpr char kTrust[] = "/restconf/operations/cisco-smart-license:id-token-trust";
constexpr char kCli[] = "/restconf/operations/Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc";
constexpr char kModelledClis[] =
    "/restconf/operations/Cisco-IOS-XE-cli-rpc:get-modelled-config-clis";
constexpr char kJoinCount[] =
    "/restconf/data/Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data/"
    "emltd-join-count-stat";

class CurlEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { curl_global_init(CURL_GLOBAL_DEFAULT); }
  void TearDown() override { curl_global_cleanup(); }
};
[[maybe_unused]] ::testing::Environment* const kCurlEnv =
    ::testing::AddGlobalTestEnvironment(new CurlEnvironment);

struct Response {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string headers;
  long new_connections = 0;
  json Json() const { return json::parse(body, nullptr, false); }
};

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Options for one request.
struct Call {
  std::string method = "GET";
  std::string path;
  std::string body;
  bool has_body = false;
  std::string user;  // "" = manifest credentials
  std::string password;
  bool no_auth = false;
  long timeout_ms = 10000;
  std::string connect_to;     // CURLOPT_CONNECT_TO entry
  std::string host_override;  // dial this address instead of the controller's
};

class WlcsimTest : public ::testing::Test {
 protected:
  // Starts wlcsim with `extra` arguments and an optional fleet file.
  void StartSim(std::vector<std::string> extra = {}, const std::string& fleet = "") {
    char tmpl[] = "/tmp/wlcsim_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::vector<std::string> args = {
        WLCSIM_BINARY,      "--state-dir", dir_ + "/state", "--controllers", "6",
        "--trust-delay-ms", "100"};
    if (!fleet.empty()) {
      std::ofstream(dir_ + "/fleet.json") << fleet;
      args.push_back("--fleet");
      args.push_back(dir_ + "/fleet.json");
    }
    args.insert(args.end(), extra.begin(), extra.end());  // later flags win
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    ASSERT_EQ(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    stdout_fd_ = fds[0];

    std::string out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{stdout_fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[512];
      ssize_t n = read(stdout_fd_, buf, sizeof(buf));
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ASSERT_EQ(out.rfind("wlcsim ready ", 0), 0u) << "wlcsim did not start: " << out;
    std::string manifest_path = out.substr(13, out.find('\n') - 13);
    manifest_ = json::parse(ReadFile(manifest_path), nullptr, false);
    ASSERT_TRUE(manifest_.is_object());
  }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    }
    if (stdout_fd_ >= 0) close(stdout_fd_);
    if (!dir_.empty()) std::system(("rm -rf " + dir_).c_str());
  }

  const json& Controller(int i) const { return manifest_["controllers"][i]; }
  std::string Name(int i) const { return Controller(i)["name"].get<std::string>(); }

  Response Perform(const std::string& url, const Call& call, bool tls) {
    Response r;
    CURL* h = curl_easy_init();
    if (h == nullptr) {
      r.code = CURLE_FAILED_INIT;
      return r;
    }
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Append);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, Append);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &r.headers);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, call.timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Accept: application/yang-data+json");
    if (call.has_body) {
      headers = curl_slist_append(headers, "Content-Type: application/yang-data+json");
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_slist* connect_to = nullptr;
    std::string userpwd;
    if (tls) {
      std::string ca = manifest_["ca_file"].get<std::string>();
      curl_easy_setopt(h, CURLOPT_CAINFO, ca.c_str());
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
      if (!call.no_auth) {
        userpwd = (call.user.empty() ? manifest_["username"].get<std::string>() : call.user) + ":" +
                  (call.user.empty() ? manifest_["password"].get<std::string>() : call.password);
        curl_easy_setopt(h, CURLOPT_USERPWD, userpwd.c_str());
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      }
      if (!call.connect_to.empty()) {
        connect_to = curl_slist_append(nullptr, call.connect_to.c_str());
        curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to);
      }
    }
    r.code = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &r.new_connections);
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
    curl_easy_cleanup(h);
    return r;
  }

  Response Restconf(int controller, Call call) {
    std::string host = call.host_override.empty()
                           ? Controller(controller)["address"].get<std::string>()
                           : call.host_override;
    std::string url =
        "https://" + host + ":" + std::to_string(manifest_["port"].get<int>()) + call.path;
    return Perform(url, call, /*tls=*/true);
  }
  Response Get(int controller, const std::string& path) {
    Call c;
    c.path = path;
    return Restconf(controller, c);
  }
  Response Send(int controller, const std::string& method, const std::string& path,
                const std::string& body) {
    Call c;
    c.method = method;
    c.path = path;
    c.body = body;
    c.has_body = true;
    return Restconf(controller, c);
  }
  Response Control(const std::string& method, const std::string& path,
                   const std::string& body = "") {
    Call c;
    c.method = method;
    c.body = body;
    c.has_body = !body.empty();
    return Perform(manifest_["control_url"].get<std::string>() + path, c, /*tls=*/false);
  }

  json StateInfo(int controller) {
    Response r = Get(controller, kState);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["cisco-smart-license:state"]["state-info"];
  }

  // Polls until the controller has no pending trust (or 5 s pass).
  void WaitTrustDone(int controller) {
    for (int i = 0; i < 100; ++i) {
      Response r = Control("GET", "/controllers/" + Name(controller));
      if (!r.Json().value("trust_pending", true)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "trust did not complete";
  }

  Response Trust(int controller, const std::string& token, bool force = false) {
    json body = {
        {"cisco-smart-license:input", {{"id-token", token}, {"all-ha", false}, {"force", force}}}};
    return Send(controller, "POST", kTrust, body.dump());
  }

  static std::string ErrorTag(const Response& r) {
    json j = r.Json();
    if (j.is_discarded()) return "<not json>";
    return j["ietf-restconf:errors"]["error"][0].value("error-tag", "");
  }

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string dir_;
  json manifest_;
};

std::string UniqueToken(const char* prefix) {
  static int n = 0;
  return std::string(prefix) + std::to_string(getpid()) + "-" + std::to_string(++n);
}

TEST_F(WlcsimTest, ManifestDescribesTheFleet) {
  StartSim();
  ASSERT_EQ(manifest_["controllers"].size(), 6u);
  EXPECT_EQ(manifest_["pid"].get<int>(), pid_);
  EXPECT_EQ(manifest_["username"], "admin");
  EXPECT_GE(manifest_["password"].get<std::string>().size(), 12u);
  int port = manifest_["port"].get<int>();
  EXPECT_GT(port, 0);
  EXPECT_EQ(Controller(0)["name"], "wlc-00001");
  EXPECT_EQ(Controller(0)["address"], "127.1.0.1");
  EXPECT_EQ(Controller(5)["address"], "127.1.0.6");
  EXPECT_EQ(Controller(1)["base_url"], "https://127.1.0.2:" + std::to_string(port));
  std::string serial = Controller(2)["serial"];
  EXPECT_EQ(serial.size(), 11u);
  EXPECT_EQ(Controller(2)["udi"], "P:C9800-CL-K9,S:" + serial);
  EXPECT_EQ(Controller(2)["version"], "17.12.1");
  EXPECT_NE(Controller(2)["serial"], Controller(3)["serial"]);
  EXPECT_NE(ReadFile(manifest_["ca_file"]).find("BEGIN CERTIFICATE"), std::string::npos);
}

TEST_F(WlcsimTest, GetLicensingStateWorks) {
  StartSim();
  Response r = Get(0, kState);
  ASSERT_EQ(r.code, CURLE_OK) << curl_easy_strerror(r.code);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers.find("application/yang-data+json"), std::string::npos);
  json state = r.Json()["cisco-smart-license:state"];
  EXPECT_EQ(state["version"], "5.11.10_rel/42");
  json info = state["state-info"];
  EXPECT_EQ(info["udi"]["sn"], Controller(0)["serial"]);
  EXPECT_EQ(info["transport"]["transport-type"], "transport-type-cslu");
  EXPECT_FALSE(info["transport"].contains("url-settings"));
  ASSERT_EQ(info["usage"].size(), 2u);
  EXPECT_EQ(info["usage"][0]["count"], 10);
  EXPECT_EQ(info["trust-code"][0]["key_udi"], Controller(0)["udi"]);
  EXPECT_EQ(info["trust-code"][0]["is-installed"], false);
  EXPECT_EQ(info["policy"]["policy-perpetual"]["reporting-first-time"], 365);
  EXPECT_EQ(info["registration"]["registration-state"], "reg-state-not-registered");

  Response whole = Get(0, "/restconf/data/cisco-smart-license:licensing");
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(whole.Json()["cisco-smart-license:licensing"]["state"], state);

  Response native = Get(0, kSmart);
  EXPECT_EQ(native.Json(),
            json::parse(R"({"Cisco-IOS-XE-native:smart":{"transport-type":"cslu"}})"));
}

TEST_F(WlcsimTest, WrongOrMissingPasswordIs401) {
  StartSim();
  Call c;
  c.path = kState;
  c.user = "admin";
  c.password = "wrong";
  Response r = Restconf(0, c);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(ErrorTag(r), "access-denied");
  EXPECT_NE(r.headers.find("WWW-Authenticate: Basic realm=\"restconf\""), std::string::npos);
  c.no_auth = true;
  EXPECT_EQ(Restconf(0, c).status, 401);
}

TEST_F(WlcsimTest, InvalidPatchIsRejectedAndChangesNothing) {
  StartSim();
  ASSERT_EQ(
      Send(1, "PATCH", kSmart,
           R"({"Cisco-IOS-XE-native:smart":{"transport-type":"smart","usage":{"interval":30}}})")
          .status,
      204);
  std::string before = Get(1, kSmart).body;

  Response off =
      Send(1, "PATCH", kSmart,
           R"({"Cisco-IOS-XE-native:smart":{"transport-type":"off","usage":{"interval":7}}})");
  EXPECT_EQ(off.status, 400);
  EXPECT_EQ(ErrorTag(off), "invalid-value");
  EXPECT_EQ(off.Json()["ietf-restconf:errors"]["error"][0]["error-path"],
            "/Cisco-IOS-XE-native:native/license/smart/transport-type");

  Response proxy =
      Send(1, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{"proxy":{"address":"x"}}})");
  EXPECT_EQ(proxy.status, 400);
  EXPECT_EQ(ErrorTag(proxy), "unknown-element");
  Response url_smart =
      Send(1, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{"url":{"smart":"https://x"}}})");
  EXPECT_EQ(ErrorTag(url_smart), "unknown-element");
  Response both =
      Send(1, "PATCH", kSmart,
           R"({"Cisco-IOS-XE-native:smart":{"url":{"default":[null],"name":"https://x"}}})");
  EXPECT_EQ(both.status, 400);
  Response bad_empty =
      Send(1, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{"url":{"default":true}}})");
  EXPECT_EQ(bad_empty.status, 400);
  Response interval =
      Send(1, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{"usage":{"interval":400}}})");
  EXPECT_EQ(interval.status, 400);
  Response cslu =
      Send(1, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{"url":{"cslu":"not a uri"}}})");
  EXPECT_EQ(cslu.status, 400);
  Response malformed = Send(1, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":)");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(ErrorTag(malformed), "malformed-message");

  EXPECT_EQ(Get(1, kSmart).body, before);
}

TEST_F(WlcsimTest, SmartTransportWithDefaultUrlIsReflectedEverywhere) {
  StartSim();
  Response patch =
      Send(2, "PATCH", kSmart,
           R"({"Cisco-IOS-XE-native:smart":{"transport-type":"smart","url":{"default":[null]}}})");
  ASSERT_EQ(patch.status, 204) << patch.body;
  json native = Get(2, kSmart).Json()["Cisco-IOS-XE-native:smart"];
  EXPECT_EQ(native["transport-type"], "smart");
  EXPECT_EQ(native["url"], json::parse(R"({"default":[null]})"));
  json transport = StateInfo(2)["transport"];
  EXPECT_EQ(transport["transport-type"], "transport-type-smart");
  EXPECT_EQ(transport["url-settings"]["url-registration"],
            "https://smartreceiver.cisco.com/licservice/license");
  EXPECT_EQ(transport["url-settings"]["url-utility"],
            "https://smartreceiver.cisco.com/licservice/license");

  // The url-setting choice: setting a set-urls leaf removes "default".
  ASSERT_EQ(
      Send(
          2, "PATCH", kSmart,
          R"({"Cisco-IOS-XE-native:smart":{"url":{"name":"https://onprem.example/SmartTransport"}}})")
          .status,
      204);
  native = Get(2, kSmart).Json()["Cisco-IOS-XE-native:smart"];
  EXPECT_EQ(native["url"], json::parse(R"({"name":"https://onprem.example/SmartTransport"})"));

  // PATCH on the native root, then PUT (replace) and DELETE of url.
  ASSERT_EQ(
      Send(
          2, "PATCH", "/restconf/data/Cisco-IOS-XE-native:native",
          R"({"Cisco-IOS-XE-native:native":{"license":{"smart":{"transport-type":"cslu","url":{"cslu":"http://10.1.1.1:8182/cslu/v1/pi"}}}}})")
          .status,
      204);
  native = Get(2, kSmart).Json()["Cisco-IOS-XE-native:smart"];
  EXPECT_EQ(native["transport-type"], "cslu");
  EXPECT_EQ(native["url"]["cslu"], "http://10.1.1.1:8182/cslu/v1/pi");
  EXPECT_EQ(StateInfo(2)["transport"], json::parse(R"({"transport-type":"transport-type-cslu"})"));
  Call del;
  del.method = "DELETE";
  del.path = std::string(kSmart) + "/url";
  EXPECT_EQ(Restconf(2, del).status, 204);
  EXPECT_FALSE(Get(2, kSmart).Json()["Cisco-IOS-XE-native:smart"].contains("url"));
  ASSERT_EQ(
      Send(2, "PUT", kSmart, R"({"Cisco-IOS-XE-native:smart":{"transport-type":"Off"}})").status,
      204);
  EXPECT_EQ(Get(2, kSmart).Json(),
            json::parse(R"({"Cisco-IOS-XE-native:smart":{"transport-type":"Off"}})"));
  EXPECT_EQ(StateInfo(2)["transport"]["transport-type"], "transport-type-off");
}

TEST_F(WlcsimTest, TrustWithValidTokenInstallsAfterTheDelay) {
  StartSim();
  Response r = Trust(0, UniqueToken("wlcsim-valid-"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(
      r.Json(),
      json::parse(R"({"cisco-smart-license:output":{"return-code":"registrationinprogress"}})"));
  EXPECT_EQ(StateInfo(0)["trust-code"][0]["is-installed"], false);  // asynchronous
  WaitTrustDone(0);
  json info = StateInfo(0);
  EXPECT_EQ(info["trust-code"][0]["is-installed"], true);
  EXPECT_TRUE(info["trust-code"][0].contains("time-installed"));
  EXPECT_EQ(info["registration"]["registration-state"], "reg-state-not-registered");
  json events = Control("GET", "/controllers/" + Name(0)).Json()["events"];
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["message"],
            "%SMART_LIC-6-TRUST_INSTALL_SUCCESS: A new licensing trust code was successfully "
            "installed on " +
                Controller(0)["udi"].get<std::string>() + ".");
}

TEST_F(WlcsimTest, TrustFailuresShowInRegistrationAndEvents) {
  StartSim();
  std::string token = UniqueToken("wlcsim-valid-");
  ASSERT_EQ(Trust(0, token).status, 200);
  WaitTrustDone(0);
  ASSERT_EQ(StateInfo(0)["trust-code"][0]["is-installed"], true);

  // Same token on another controller: already used.
  ASSERT_EQ(Trust(1, token).status, 200);
  WaitTrustDone(1);
  json reg = StateInfo(1)["registration"];
  EXPECT_EQ(reg["registration-state"], "reg-state-failed");
  EXPECT_EQ(reg["registration-failed"]["fail-message"], "token already used");
  EXPECT_TRUE(reg["registration-failed"].contains("fail-time"));
  EXPECT_EQ(StateInfo(1)["trust-code"][0]["is-installed"], false);
  json events = Control("GET", "/controllers/" + Name(1)).Json()["events"];
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["message"],
            "%SMART_LIC-3-TRUST_CODE_INSTALL_FAILED: The install of a new licensing trust code "
            "has failed on " +
                Controller(1)["udi"].get<std::string>() + ": token already used.");

  // Trust already installed, no force.
  std::string time_installed = StateInfo(0)["trust-code"][0]["time-installed"];
  ASSERT_EQ(Trust(0, UniqueToken("wlcsim-valid-")).status, 200);
  WaitTrustDone(0);
  reg = StateInfo(0)["registration"];
  EXPECT_EQ(reg["registration-state"], "reg-state-failed");
  EXPECT_EQ(reg["registration-failed"]["fail-message"], "trust code already installed");
  EXPECT_EQ(StateInfo(0)["trust-code"][0]["time-installed"], time_installed);

  // With force it is replaced and registration is reset.
  ASSERT_EQ(Trust(0, UniqueToken("wlcsim-valid-"), /*force=*/true).status, 200);
  WaitTrustDone(0);
  EXPECT_EQ(StateInfo(0)["registration"]["registration-state"], "reg-state-not-registered");

  // Expired and unknown tokens; a registered extra token works.
  ASSERT_EQ(Trust(2, "wlcsim-expired-1").status, 200);
  WaitTrustDone(2);
  EXPECT_EQ(StateInfo(2)["registration"]["registration-failed"]["fail-message"], "token expired");
  ASSERT_EQ(Trust(3, "random-token").status, 200);
  WaitTrustDone(3);
  EXPECT_EQ(StateInfo(3)["registration"]["registration-failed"]["fail-message"], "unknown token");
  ASSERT_EQ(Control("POST", "/tokens", R"({"token":"random-token","valid":true})").status, 200);
  ASSERT_EQ(Trust(3, "random-token").status, 200);
  WaitTrustDone(3);
  EXPECT_EQ(StateInfo(3)["trust-code"][0]["is-installed"], true);

  // Input validation.
  EXPECT_EQ(Send(4, "POST", kTrust, R"({"cisco-smart-license:input":{"force":true}})").status, 400);
  EXPECT_EQ(Trust(4, "").status, 400);
  EXPECT_EQ(Trust(4, std::string(256, 'a')).status, 400);
}

TEST_F(WlcsimTest, CliRpcAcceptsKnownLinesAndRejectsJunkAtomically) {
  StartSim();
  Response ok = Send(
      0, "POST", kCli,
      R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy address 10.0.0.1\nlicense smart proxy port 3128\nlicense smart url smart https://onprem.example/SmartTransport\nlicense smart transport smart\nip http client source-interface GigabitEthernet1\ncrypto pki trustpoint SLA-TrustPoint\n revocation-check none\n"}})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(ok.Json()["Cisco-IOS-XE-cli-rpc:output"].contains("result"));
  json cli = Control("GET", "/controllers/" + Name(0)).Json()["cli"];
  EXPECT_EQ(cli["proxy_address"], "10.0.0.1");
  EXPECT_EQ(cli["proxy_port"], 3128);
  EXPECT_EQ(cli["url_smart"], "https://onprem.example/SmartTransport");
  EXPECT_EQ(cli["ip_http_client_source_interface"], "GigabitEthernet1");
  EXPECT_EQ(cli["sla_trustpoint_revocation_check"], "none");
  json transport = StateInfo(0)["transport"];
  EXPECT_EQ(transport["transport-type"], "transport-type-smart");
  EXPECT_EQ(transport["url-settings"]["url-registration"], "https://onprem.example/SmartTransport");

  Response junk = Send(
      0, "POST", kCli,
      R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy address 10.9.9.9\nlicense smart bogus"}})");
  EXPECT_EQ(junk.status, 400);
  EXPECT_EQ(ErrorTag(junk), "operation-failed");
  json error = junk.Json()["ietf-restconf:errors"]["error"][0];
  EXPECT_EQ(error["error-message"], "% Invalid input detected at '^' marker.");
  EXPECT_EQ(error["error-info"]["line"], "license smart bogus");
  Response control_char = Send(
      0, "POST", kCli,
      R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy port 8080\u0007"}})");
  EXPECT_EQ(control_char.status, 400);
  cli = Control("GET", "/controllers/" + Name(0)).Json()["cli"];
  EXPECT_EQ(cli["proxy_address"], "10.0.0.1");  // nothing applied
  EXPECT_EQ(cli["proxy_port"], 3128);

  Response no = Send(
      0, "POST", kCli,
      R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"no license smart proxy address\nno license smart proxy port"}})");
  EXPECT_EQ(no.status, 200);
  cli = Control("GET", "/controllers/" + Name(0)).Json()["cli"];
  EXPECT_EQ(cli["proxy_address"], "");
  EXPECT_EQ(cli["proxy_port"], 0);
}

TEST_F(WlcsimTest, VersionGates) {
  StartSim({}, R"([{"index":0,"version":"17.3.2"},{"index":1,"version":"17.9.1"},
                   {"index":2,"version":"17.10.1","aps":7}])");
  const std::string cli =
      R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy port 3128"}})";
  EXPECT_EQ(Send(0, "POST", kCli, cli).status, 404);
  EXPECT_EQ(Send(1, "POST", kCli, cli).status, 200);
  Response old = Get(1, kJoinCount);
  EXPECT_EQ(old.status, 404);
  EXPECT_EQ(ErrorTag(old), "invalid-value");
  EXPECT_EQ(Get(0, kJoinCount).status, 404);
  Response joined = Get(2, kJoinCount);
  EXPECT_EQ(joined.status, 200);
  EXPECT_EQ(
      joined.Json(),
      json::parse(
          R"({"Cisco-IOS-XE-wireless-ap-global-oper:emltd-join-count-stat":{"joined-aps-count":7}})"));
  EXPECT_EQ(Get(3, kJoinCount).status, 200);

  // AP joins via the control API show in both views.
  ASSERT_EQ(Control("POST", "/controllers/" + Name(3) + "/aps", R"({"joined":25})").status, 200);
  EXPECT_EQ(
      Get(3, kJoinCount)
          .Json()["Cisco-IOS-XE-wireless-ap-global-oper:emltd-join-count-stat"]["joined-aps-count"],
      25);
  EXPECT_EQ(StateInfo(3)["usage"][1]["count"], 25);
  ASSERT_EQ(Control("POST", "/controllers/" + Name(3) + "/aps", R"({"joined":0})").status, 200);
  EXPECT_FALSE(StateInfo(3).contains("usage"));
}

TEST_F(WlcsimTest, GetModelledConfigClisReadsBackWhatConfigIosCliRpcApplied) {
  StartSim({}, R"([{"index":0,"version":"17.6.1"},{"index":1,"version":"17.9.1"}])");
  // Version gate: answered exactly like config-ios-cli-rpc.
  Response gated = Send(0, "POST", kModelledClis, "");
  Response gated_cli =
      Send(0, "POST", kCli, R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"x"}})");
  EXPECT_EQ(gated.status, 404);
  EXPECT_EQ(gated.status, gated_cli.status);
  EXPECT_EQ(ErrorTag(gated), ErrorTag(gated_cli));
  EXPECT_EQ(gated.Json()["ietf-restconf:errors"]["error"][0]["error-message"],
            gated_cli.Json()["ietf-restconf:errors"]["error"][0]["error-message"]);

  // Defaults: hostname, SLA-TrustPoint with CRL checking, transport cslu.
  Response fresh = Send(1, "POST", kModelledClis, "");
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(fresh.Json(),
            json({{"Cisco-IOS-XE-cli-rpc:output",
                   {{"result", "hostname " + Name(1) +
                                   "\ncrypto pki trustpoint SLA-TrustPoint\n revocation-check crl\n"
                                   "license smart transport cslu\n"}}}}));

  const std::string lines =
      "license smart url smart https://onprem.example/SmartTransport\n"
      "license smart url cslu http://10.1.1.1:8182/cslu/v1/pi\n"
      "license smart transport smart\n"
      "license smart proxy address 10.0.0.1\n"
      "license smart proxy port 3128\n"
      "ip http client source-interface GigabitEthernet1\n"
      "ip http client secure-trustpoint TP-self-signed-1234\n"
      "crypto pki trustpoint SLA-TrustPoint\n"
      " revocation-check none\n";
  ASSERT_EQ(
      Send(1, "POST", kCli, json{{"Cisco-IOS-XE-cli-rpc:input", {{"config-clis", lines}}}}.dump())
          .status,
      200);
  ASSERT_EQ(
      Send(1, "PATCH", kSmart, R"({"Cisco-IOS-XE-native:smart":{"usage":{"interval":7}}})").status,
      204);
  Response r =
      Send(1, "POST", kModelledClis, R"({"Cisco-IOS-XE-cli-rpc:input":{"datastore":"running"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.headers.find("application/yang-data+json") != std::string::npos, true);
  std::string text = r.Json()["Cisco-IOS-XE-cli-rpc:output"]["result"];
  for (const char* line :
       {"hostname wlc-00002\n", "crypto pki trustpoint SLA-TrustPoint\n revocation-check none\n",
        "license smart url smart https://onprem.example/SmartTransport\n",
        "license smart url cslu http://10.1.1.1:8182/cslu/v1/pi\n",
        "license smart transport smart\n", "license smart proxy address 10.0.0.1\n",
        "license smart proxy port 3128\n", "license smart usage interval 7\n",
        "ip http client source-interface GigabitEthernet1\n",
        "ip http client secure-trustpoint TP-self-signed-1234\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << " missing from:\n" << text;
  }
  // The text is valid config-ios-cli-rpc input (minus hostname, which wlcsim does not take).
  std::string replay = text.substr(text.find('\n') + 1);
  EXPECT_EQ(
      Send(1, "POST", kCli, json{{"Cisco-IOS-XE-cli-rpc:input", {{"config-clis", replay}}}}.dump())
          .status,
      200);
  // `url default` replaces `url smart`.
  ASSERT_EQ(Send(1, "POST", kCli,
                 R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart url default"}})")
                .status,
            200);
  text = Send(1, "POST", kModelledClis, "{}").Json()["Cisco-IOS-XE-cli-rpc:output"]["result"];
  EXPECT_NE(text.find("license smart url default\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("url smart"), std::string::npos) << text;

  // Input validation (RFC 8040 errors like the other RPCs).
  Response unknown =
      Send(1, "POST", kModelledClis, R"({"Cisco-IOS-XE-cli-rpc:input":{"format":"text"}})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(ErrorTag(unknown), "unknown-element");
  Response bad =
      Send(1, "POST", kModelledClis, R"({"Cisco-IOS-XE-cli-rpc:input":{"datastore":"startup"}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorTag(bad), "invalid-value");
  EXPECT_EQ(Send(1, "POST", kModelledClis, "{").status, 400);
  EXPECT_EQ(Send(1, "POST", kModelledClis, R"({"input":{}})").status, 400);
  EXPECT_EQ(Get(1, kModelledClis).status, 405);
  Response candidate =
      Send(1, "POST", kModelledClis, R"({"Cisco-IOS-XE-cli-rpc:input":{"datastore":"candidate"}})");
  EXPECT_EQ(candidate.status, 200);
  EXPECT_TRUE(candidate.Json()["Cisco-IOS-XE-cli-rpc:output"].contains("error-message"));
}

// Date: <IMF-fixdate> of a response, as Unix seconds (-1 if absent).
int64_t DateHeaderUnix(const std::string& headers) {
  size_t at = headers.find("\r\nDate: ");
  if (at == std::string::npos) at = headers.find("\r\ndate: ");
  if (at == std::string::npos) return -1;
  std::string value = headers.substr(at + 8, headers.find("\r\n", at + 2) - at - 8);
  std::tm tm{};
  const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return -1;
  return static_cast<int64_t>(timegm(&tm));
}

TEST_F(WlcsimTest, DateHeaderShowsEachControllersOwnClock) {
  StartSim({}, R"([{"index":1,"clock_offset_s":7200}])");
  Response base = Get(0, kState);
  Response ahead = Get(1, kState);
  ASSERT_EQ(base.status, 200);
  int64_t t0 = DateHeaderUnix(base.headers);
  int64_t t1 = DateHeaderUnix(ahead.headers);
  ASSERT_GT(t0, 0) << base.headers;
  ASSERT_GT(t1, 0) << ahead.headers;
  EXPECT_NEAR(static_cast<double>(t1 - t0), 7200.0, 5.0);
  EXPECT_NEAR(static_cast<double>(t0), static_cast<double>(time(nullptr)), 5.0);
  // The control API moves a controller's clock; every answer carries a Date,
  // errors and the SLP REST API included.
  ASSERT_EQ(
      Control("POST", "/controllers/" + Name(2) + "/clock", R"({"offset_seconds":-3600})").status,
      200);
  Call unauth;
  unauth.path = kState;
  unauth.no_auth = true;
  Response denied = Restconf(2, unauth);
  EXPECT_EQ(denied.status, 401);
  EXPECT_NEAR(static_cast<double>(DateHeaderUnix(denied.headers) - t0), -3600.0, 5.0);
  Response slp = Get(1, "/smartlic-service/list");
  EXPECT_EQ(slp.status, 200);
  EXPECT_NEAR(static_cast<double>(DateHeaderUnix(slp.headers) - t0), 7200.0, 5.0);
  Response missing = Get(0, "/restconf/data/no-such:thing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_GT(DateHeaderUnix(missing.headers), 0);
}

TEST_F(WlcsimTest, NativeHttpClientAndSlaTrustpointTreesMirrorTheCli) {
  StartSim({}, R"([{"index":1,"version":"17.6.1"}])");
  constexpr char kHttpClient[] =
      "/restconf/data/Cisco-IOS-XE-native:native/ip/Cisco-IOS-XE-http:http/client";
  constexpr char kTrustpoint[] =
      "/restconf/data/Cisco-IOS-XE-native:native/crypto/Cisco-IOS-XE-crypto:pki/"
      "trustpoint=SLA-TrustPoint";
  // Nothing set: IOS-XE shows no empty container; the SLA-TrustPoint checks CRLs by default.
  EXPECT_EQ(Get(0, kHttpClient).status, 404);
  EXPECT_EQ(Get(0, kTrustpoint).Json(), json::parse(R"({"Cisco-IOS-XE-crypto:trustpoint":
      [{"id":"SLA-TrustPoint","revocation-check":["crl"]}]})"));
  ASSERT_EQ(
      Send(
          0, "POST", kCli,
          R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"ip http client source-interface Vlan10\ncrypto pki trustpoint SLA-TrustPoint\n revocation-check none"}})")
          .status,
      200);
  EXPECT_EQ(Get(0, kHttpClient).Json(),
            json::parse(R"({"Cisco-IOS-XE-http:client":{"source-interface":"Vlan10"}})"));
  EXPECT_EQ(Get(0, kTrustpoint).Json()["Cisco-IOS-XE-crypto:trustpoint"][0]["revocation-check"],
            json::array({"none"}));
  // Strict like a 9800: unknown leaves and bad values are rejected, nothing changes.
  Response unknown = Send(0, "PUT", kHttpClient,
                          R"({"Cisco-IOS-XE-http:client":{"source-interface":"Vlan1","bogus":1}})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(ErrorTag(unknown), "unknown-element");
  EXPECT_EQ(ErrorTag(Send(0, "PUT", kTrustpoint,
                          R"({"Cisco-IOS-XE-crypto:trustpoint":[{"id":"SLA-TrustPoint",
                              "revocation-check":["maybe"]}]})")),
            "invalid-value");
  EXPECT_EQ(
      Control("GET", "/controllers/" + Name(0)).Json()["cli"]["ip_http_client_source_interface"],
      "Vlan10");
  // PUT replaces, DELETE clears; the CLI view follows.
  ASSERT_EQ(
      Send(0, "PUT", kHttpClient,
           R"({"Cisco-IOS-XE-http:client":{"secure-trustpoint":"TP-self-signed-1234567890"}})")
          .status,
      204);
  ASSERT_EQ(
      Send(
          0, "PUT", kTrustpoint,
          R"({"Cisco-IOS-XE-crypto:trustpoint":[{"id":"SLA-TrustPoint","revocation-check":["crl"]}]})")
          .status,
      204);
  json cli = Control("GET", "/controllers/" + Name(0)).Json()["cli"];
  EXPECT_EQ(cli["ip_http_client_source_interface"], "");
  EXPECT_EQ(cli["ip_http_client_secure_trustpoint"], "TP-self-signed-1234567890");
  EXPECT_EQ(cli["sla_trustpoint_revocation_check"], "");
  EXPECT_EQ(Send(0, "DELETE", kHttpClient, "").status, 204);
  EXPECT_EQ(Send(0, "DELETE", kHttpClient, "").status, 404);
  // The negations licensingd prints for settings no model carries.
  ASSERT_EQ(
      Send(
          0, "POST", kCli,
          R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart url smart https://onprem.example/SmartTransport\nno license smart url smart\nno ip http client source-interface"}})")
          .status,
      200);
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0)).Json()["cli"]["url_smart"], "");
  // Not modelled before 17.9.1.
  EXPECT_EQ(Get(1, kHttpClient).status, 404);
  EXPECT_EQ(Get(1, kTrustpoint).status, 404);
}

TEST_F(WlcsimTest, CountedStatusFaultsAndPathLatency) {
  StartSim();
  ASSERT_EQ(
      Control("POST", "/controllers/" + Name(0) + "/faults",
              R"({"status":500,"status_path":"license/smart","status_skip":1,"status_count":1})")
          .status,
      200);
  EXPECT_EQ(Get(0, kSmart).status, 200);  // skipped
  EXPECT_EQ(Get(0, kState).status, 200);  // another path
  EXPECT_EQ(Get(0, kSmart).status, 500);  // the one counted failure
  EXPECT_EQ(Get(0, kSmart).status, 200);  // and the fault has cleared itself
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/faults",
                    R"({"latency_ms":600,"latency_path":"cli-rpc"})")
                .status,
            200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Get(0, kSmart).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(
      Send(0, "POST", kCli,
           R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy port 3128"}})")
          .status,
      200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(600));
}

TEST_F(WlcsimTest, FaultsAffectOnlyTheirController) {
  StartSim();
  ASSERT_EQ(Control("POST", "/controllers/" + Name(1) + "/faults", R"({"silent":true})").status,
            200);
  Response silent;
  auto start = std::chrono::steady_clock::now();
  std::thread hung([&] {
    Call c;
    c.path = kState;
    c.timeout_ms = 1500;
    silent = Restconf(1, c);
  });
  // While controller 2 hangs, the others answer promptly.
  for (int i = 0; i < 5; ++i) {
    Response r = Get(0, kState);
    EXPECT_EQ(r.status, 200);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1400));
  hung.join();
  EXPECT_EQ(silent.code, CURLE_OPERATION_TIMEDOUT);

  ASSERT_EQ(Control("POST", "/controllers/" + Name(1) + "/faults", R"({"status":503})").status,
            200);
  Response unavailable = Get(1, kState);
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(ErrorTag(unavailable), "operation-failed");

  ASSERT_EQ(
      Control("POST", "/controllers/" + Name(1) + "/faults", R"({"malformed_json":true})").status,
      200);
  Response malformed = Get(1, kState);
  EXPECT_EQ(malformed.status, 200);
  EXPECT_TRUE(malformed.Json().is_discarded());

  ASSERT_EQ(Control("POST", "/controllers/" + Name(1) + "/faults", R"({"latency_ms":400})").status,
            200);
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(Get(1, kState).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(400));

  ASSERT_EQ(Control("POST", "/controllers/" + Name(1) + "/faults", R"({"reset":true})").status,
            200);
  Response reset = Get(1, kState);
  EXPECT_NE(reset.code, CURLE_OK);

  ASSERT_EQ(Control("POST", "/controllers/" + Name(1) + "/faults", "{}").status, 200);
  EXPECT_EQ(Get(1, kState).status, 200);
  EXPECT_EQ(Control("POST", "/controllers/" + Name(1) + "/faults", R"({"bogus":1})").status, 400);
}

TEST_F(WlcsimTest, RequestCountersShowGetsAndConcurrencyPerController) {
  StartSim();
  const std::string requests = "/controllers/" + Name(0) + "/requests";
  ASSERT_EQ(Control("POST", requests, "{}").Json()["total"], 0);
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/faults", R"({"latency_ms":500})").status,
            200);
  std::vector<std::thread> gets;
  for (int i = 0; i < 3; ++i) gets.emplace_back([&] { EXPECT_EQ(Get(0, kState).status, 200); });
  for (std::thread& t : gets) t.join();
  EXPECT_EQ(Get(1, kState).status, 200);  // another controller: not counted here
  json counted = Control("GET", requests).Json();
  EXPECT_EQ(counted["total"], 3) << counted;
  EXPECT_EQ(counted["gets"], 3) << counted;
  EXPECT_EQ(counted["max_in_flight"], 3) << counted;
  EXPECT_EQ(counted["in_flight"], 0) << counted;
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/faults", "{}").status, 200);
  json reset = Control("POST", requests, "{}").Json();
  EXPECT_EQ(reset["total"], 0) << reset;
  EXPECT_EQ(reset["max_in_flight"], 0) << reset;
}

TEST_F(WlcsimTest, FleetFileFaultsAndOverrides) {
  StartSim({"--aps", "3"}, R"([{"index":4,"faults":{"status":500},"transport":"smart",
                                "url_default":true,"trust_installed":true}])");
  EXPECT_EQ(Get(4, kState).status, 500);
  json state = Control("GET", "/controllers/" + Name(4)).Json();
  EXPECT_EQ(state["licensing_state"]["state-info"]["transport"]["transport-type"],
            "transport-type-smart");
  EXPECT_EQ(state["licensing_state"]["state-info"]["trust-code"][0]["is-installed"], true);
  EXPECT_EQ(StateInfo(0)["usage"][0]["count"], 3);
}

TEST_F(WlcsimTest, CertificateCarriesTheControllerIpSan) {
  StartSim();
  // Verification against ca.pem with host checking succeeds on controller 2...
  Response ok = Get(1, kState);
  EXPECT_EQ(ok.code, CURLE_OK) << curl_easy_strerror(ok.code);
  // ...and the certificate names only its own address: reaching controller 2
  // while expecting controller 3 fails host verification.
  std::string port = std::to_string(manifest_["port"].get<int>());
  Call c;
  c.path = kState;
  c.connect_to = "127.1.0.3:" + port + ":127.1.0.2:" + port;
  Response mismatch = Restconf(2, c);
  EXPECT_EQ(mismatch.code, CURLE_PEER_FAILED_VERIFICATION) << curl_easy_strerror(mismatch.code);
}

TEST_F(WlcsimTest, HttpBehaviour) {
  StartSim();
  Response missing = Get(0, "/restconf/data/Cisco-IOS-XE-native:native/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorTag(missing), "invalid-value");
  Response method = Send(0, "POST", kState, "{}");
  EXPECT_EQ(method.status, 405);
  EXPECT_NE(method.headers.find("Allow:"), std::string::npos);
  Response big = Send(0, "PATCH", kSmart, std::string(2 << 20, ' '));
  EXPECT_EQ(big.status, 413);

  // Not a simulated controller address: the connection is closed.
  Call c;
  c.path = kState;
  c.host_override = "127.1.0.7";
  EXPECT_NE(Restconf(0, c).code, CURLE_OK);

  // Keep-alive: one handle, two requests, one connection.
  CURL* h = curl_easy_init();
  std::string body;
  std::string url = Controller(0)["base_url"].get<std::string>() + kState;
  std::string ca = manifest_["ca_file"].get<std::string>();
  std::string userpwd = "admin:" + manifest_["password"].get<std::string>();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(h, CURLOPT_USERPWD, userpwd.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  ASSERT_EQ(curl_easy_perform(h), CURLE_OK);
  ASSERT_EQ(curl_easy_perform(h), CURLE_OK);
  long connects = -1;
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  EXPECT_EQ(connects, 0);
  curl_easy_cleanup(h);
}

TEST_F(WlcsimTest, ReportsAndAckShowInState) {
  StartSim();
  EXPECT_FALSE(StateInfo(0).contains("rum-ack"));
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/rum-reports", R"({"closed":2})").status,
            200);
  json info = StateInfo(0);
  ASSERT_EQ(info["rum-reports-closed-keys"].size(), 2u);
  EXPECT_TRUE(info["rum-reports-closed-keys"][0]["report-id"].is_string());
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/ack", "{}").status, 200);
  info = StateInfo(0);
  EXPECT_FALSE(info.contains("rum-reports-closed-keys"));
  EXPECT_TRUE(info["rum-ack"].contains("last-received-time"));
  EXPECT_TRUE(info["rum-ack"].contains("next-report-deadline"));
}

TEST_F(WlcsimTest, ListenerPerAddressServesEveryController) {
  StartSim({"--listener-per-address"});
  for (int i = 0; i < 6; ++i) {
    Response r = Get(i, kState);
    EXPECT_EQ(r.code, CURLE_OK) << curl_easy_strerror(r.code);
    EXPECT_EQ(r.status, 200);
  }
}

TEST_F(WlcsimTest, ThousandControllersStartQuickly) {
  auto start = std::chrono::steady_clock::now();
  StartSim({"--controllers", "1000"});
  // Generous bound for sanitizer builds; normally well under a second.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_EQ(manifest_["controllers"].size(), 1000u);
  EXPECT_EQ(manifest_["controllers"][999]["address"], "127.1.3.232");
  EXPECT_EQ(Get(999, kState).status, 200);
}

// ---------------------------------------------------------------------------
// IOS-XE server realism (sim/realism.h) through real HTTPS.

// One libcurl handle kept across requests: one kept-alive connection, as a
// service holding its connection to a controller.
class KeptAlive {
 public:
  KeptAlive(const json& manifest, const json& controller) {
    h_ = curl_easy_init();
    ca_ = manifest["ca_file"].get<std::string>();
    userpwd_ =
        manifest["username"].get<std::string>() + ":" + manifest["password"].get<std::string>();
    base_ = controller["base_url"].get<std::string>();
  }
  ~KeptAlive() { curl_easy_cleanup(h_); }
  KeptAlive(const KeptAlive&) = delete;
  KeptAlive& operator=(const KeptAlive&) = delete;

  Response Get(const std::string& path, long ssl_version = CURL_SSLVERSION_DEFAULT) {
    Response r;
    curl_easy_setopt(h_, CURLOPT_URL, (base_ + path).c_str());
    curl_easy_setopt(h_, CURLOPT_CAINFO, ca_.c_str());
    curl_easy_setopt(h_, CURLOPT_USERPWD, userpwd_.c_str());
    curl_easy_setopt(h_, CURLOPT_SSLVERSION, ssl_version);
    curl_easy_setopt(h_, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(h_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, Append);
    curl_easy_setopt(h_, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h_, CURLOPT_HEADERFUNCTION, Append);
    curl_easy_setopt(h_, CURLOPT_HEADERDATA, &r.headers);
    r.code = curl_easy_perform(h_);
    curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(h_, CURLINFO_NUM_CONNECTS, &r.new_connections);
    return r;
  }

 private:
  CURL* h_;
  std::string ca_, userpwd_, base_;
};

TEST_F(WlcsimTest, RealisticProfileIsStrictByDefault) {
  StartSim({"--profile", "ios-xe-9800"});
  json knobs = Control("GET", "/controllers/" + Name(3) + "/realism").Json();
  EXPECT_EQ(knobs["latency_p50_ms"], 150) << knobs;
  EXPECT_EQ(knobs["latency_p99_ms"], 600);
  EXPECT_EQ(knobs["max_connections"], 2);
  EXPECT_EQ(knobs["requests_per_connection"], 25);
  EXPECT_EQ(knobs["connection_life_s"], 180);
  EXPECT_EQ(knobs["connection_idle_s"], 180);
  EXPECT_EQ(knobs["datastore_lock"], true);
  EXPECT_EQ(knobs["error_rate"], 0.01);
  EXPECT_EQ(knobs["tls12_only"], true);
  // TLS 1.2 only, RSA-2048 certificates.
  KeptAlive tls13(manifest_, Controller(3));
  EXPECT_NE(tls13.Get(kState, CURL_SSLVERSION_TLSv1_3).code, CURLE_OK);
  KeptAlive tls12(manifest_, Controller(3));
  Response ok = tls12.Get(kState, CURL_SSLVERSION_TLSv1_2);
  EXPECT_EQ(ok.code, CURLE_OK) << curl_easy_strerror(ok.code);
  std::string ca = manifest_["ca_file"].get<std::string>();
  EXPECT_EQ(
      std::system(
          ("openssl x509 -noout -text -in " + ca + " | grep -q 'Public-Key: (2048 bit)'").c_str()),
      0);
  // The answer took the profile's latency (p50 150 ms; at least a few ms).
  auto start = std::chrono::steady_clock::now();
  tls12.Get(kState);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(5));
}

TEST_F(WlcsimTest, LatencyOfOneControllerDoesNotBlockAnother) {
  StartSim({}, R"([{"index":0,"latency_p50_ms":800,"latency_p99_ms":900}])");
  auto start = std::chrono::steady_clock::now();
  std::thread slow([&] { EXPECT_EQ(Get(0, kState).status, 200); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Get(1, kState).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(600));
  slow.join();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

TEST_F(WlcsimTest, TwoConnectionControllerNeverSeesAThird) {
  StartSim({}, R"([{"index":0,"max_connections":2}])");
  auto a = std::make_unique<KeptAlive>(manifest_, Controller(0));
  KeptAlive b(manifest_, Controller(0)), c(manifest_, Controller(0));
  EXPECT_EQ(a->Get(kState).status, 200);
  EXPECT_EQ(b.Get(kState).status, 200);
  Response third = c.Get(kState);
  EXPECT_NE(third.code, CURLE_OK);        // reset at accept
  EXPECT_EQ(a->Get(kState).status, 200);  // the two kept-alive ones still serve
  json counted = Control("GET", "/controllers/" + Name(0) + "/requests").Json();
  EXPECT_EQ(counted["max_connections_seen"], 2) << counted;
  EXPECT_EQ(counted["connections_open"], 2) << counted;
  EXPECT_GE(counted["connections_refused"], 1) << counted;
  EXPECT_EQ(Get(1, kState).status, 200);  // another controller: its own cap (none)
  // Once a slot frees up, a new connection is admitted.
  a.reset();
  bool admitted = false;
  for (int i = 0; i < 40 && !admitted; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    admitted = c.Get(kState).status == 200;
  }
  EXPECT_TRUE(admitted);
  counted = Control("GET", "/controllers/" + Name(0) + "/requests").Json();
  EXPECT_EQ(counted["max_connections_seen"], 2) << counted;
}

TEST_F(WlcsimTest, TwentyFifthAnswerClosesTheKeptAliveConnection) {
  StartSim({}, R"([{"index":0,"requests_per_connection":25}])");
  KeptAlive conn(manifest_, Controller(0));
  long connects = 0;
  for (int i = 1; i <= 30; ++i) {
    Response r = conn.Get(kState);
    ASSERT_EQ(r.status, 200) << i;
    connects += r.new_connections;
    bool close = r.headers.find("Connection: close") != std::string::npos;
    EXPECT_EQ(close, i == 25) << i << r.headers;
  }
  EXPECT_EQ(connects, 2);
  json counted = Control("GET", "/controllers/" + Name(0) + "/requests").Json();
  EXPECT_EQ(counted["closed_after_requests"], 1) << counted;
  EXPECT_EQ(counted["connections_accepted"], 2) << counted;
}

TEST_F(WlcsimTest, IdleConnectionIsClosedAfterIdleSeconds) {
  StartSim({}, R"([{"index":0,"connection_idle_s":1}])");
  KeptAlive conn(manifest_, Controller(0));
  EXPECT_EQ(conn.Get(kState).new_connections, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  Response again = conn.Get(kState);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.new_connections, 1);  // the old one was closed by the server
  json counted = Control("GET", "/controllers/" + Name(0) + "/requests").Json();
  EXPECT_EQ(counted["closed_idle"], 1) << counted;
}

TEST_F(WlcsimTest, ConnectionLifeEndsAKeptAliveConnectionAfterItsAnswer) {
  StartSim({}, R"([{"index":0,"connection_life_s":1}])");
  KeptAlive conn(manifest_, Controller(0));
  Response young = conn.Get(kState);
  EXPECT_EQ(young.headers.find("Connection: close"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Response old = conn.Get(kState);
  EXPECT_EQ(old.status, 200);
  EXPECT_EQ(old.new_connections, 0);
  EXPECT_NE(old.headers.find("Connection: close"), std::string::npos) << old.headers;
  EXPECT_EQ(conn.Get(kState).new_connections, 1);
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0) + "/requests").Json()["closed_life"], 1);
}

TEST_F(WlcsimTest, SyncWindowAfterAChangeRefusesTheNextWriteUnapplied) {
  StartSim();
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/realism", R"({"sync_ms":400})").status,
            200);
  EXPECT_EQ(Control("POST", "/controllers/" + Name(0) + "/realism", R"({"sync":1})").status, 400);
  auto cli = [](int port) {
    return R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy port )" +
           std::to_string(port) + "\"}}";
  };
  EXPECT_EQ(Send(0, "POST", kCli, cli(3128)).status, 200);
  Response busy = Send(0, "POST", kCli, cli(8080));
  EXPECT_EQ(busy.status, 409);
  EXPECT_EQ(ErrorTag(busy), "in-use");
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0)).Json()["cli"]["proxy_port"], 3128);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(Send(0, "POST", kCli, cli(8080)).status, 200);
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0) + "/requests").Json()["sync_denied"], 1);
}

TEST_F(WlcsimTest, TruncatedBodiesAndDbalErrorsAtTheirRate) {
  StartSim({}, R"([{"index":0,"truncate_rate":1},{"index":1,"error_rate":1}])");
  Response cut = Get(0, kState);
  EXPECT_EQ(cut.code, CURLE_PARTIAL_FILE) << curl_easy_strerror(cut.code);
  Response dbal = Get(1, kState);
  EXPECT_EQ(dbal.status, 500);
  EXPECT_EQ(ErrorTag(dbal), "operation-failed");
  EXPECT_NE(dbal.body.find("Process DBAL response failed"), std::string::npos);
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0) + "/requests").Json()["truncated"], 1);
  EXPECT_EQ(Control("GET", "/controllers/" + Name(1) + "/requests").Json()["injected_500"], 1);
}

TEST_F(WlcsimTest, InjectedLockRefusesWritesUnappliedUntilItClears) {
  StartSim();
  const std::string body =
      R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy port 3128"}})";
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/lock", R"({"seconds":0.5})").status, 200);
  Response denied = Send(0, "POST", kCli, body);
  EXPECT_EQ(denied.status, 409);
  EXPECT_EQ(ErrorTag(denied), "lock-denied");
  EXPECT_NE(denied.body.find("the configuration database is locked by session"), std::string::npos);
  EXPECT_EQ(Get(0, kState).status, 200);  // reads go on
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0)).Json()["cli"]["proxy_port"], 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(Send(0, "POST", kCli, body).status, 200);
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0)).Json()["cli"]["proxy_port"], 3128);
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0) + "/requests").Json()["lock_denied"], 1);
  EXPECT_EQ(Control("POST", "/controllers/" + Name(0) + "/lock", R"({"minutes":1})").status, 400);
}

TEST_F(WlcsimTest, ConcurrentWriteFromAnotherConnectionIsLockDenied) {
  StartSim({}, R"([{"index":0,"datastore_lock":true,"latency_p50_ms":600}])");
  const std::string body =
      R"({"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy port 3128"}})";
  Response first;
  std::thread writer([&] { first = Send(0, "POST", kCli, body); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Response second = Send(0, "POST", kCli, body);
  writer.join();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(ErrorTag(second), "lock-denied");
}

TEST_F(WlcsimTest, ResetFaultHitsAKeptAliveConnection) {
  StartSim();
  KeptAlive conn(manifest_, Controller(0));
  ASSERT_EQ(conn.Get(kState).status, 200);
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/faults", R"({"reset":true})").status,
            200);
  EXPECT_NE(conn.Get(kState).code, CURLE_OK);
  EXPECT_EQ(Control("GET", "/controllers/" + Name(0) + "/requests").Json()["resets"], 1);
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/faults", "{}").status, 200);
  EXPECT_EQ(conn.Get(kState).status, 200);
}

}  // namespace

// ---------------------------------------------------------------------------
// Licensing behaviour: fast clock, usage cycle, transports, trust failures,
// RPC variants, SLP REST API, factory reset, versions, faults, syslog.

constexpr char kXeLicense[] = "/restconf/operations/Cisco-IOS-XE-rpc:license";

class WlcsimLicensingTest : public WlcsimTest {
 protected:
  json Usage(int i) { return Control("GET", "/controllers/" + Name(i) + "/usage").Json(); }
  json Debug(int i) { return Control("GET", "/controllers/" + Name(i)).Json(); }
  bool HasEvent(int i, const std::string& text) {
    json d = Debug(i);
    for (const json& e : d["events"])
      if (e["message"].get<std::string>().find(text) != std::string::npos) return true;
    last_events_ = d["events"].dump();
    return false;
  }
  std::string last_events_;
  // Waits until pred() holds (up to 10 s).
  template <class F>
  bool WaitFor(F pred) {
    for (int i = 0; i < 200; ++i) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void Advance(int64_t seconds) {
    ASSERT_EQ(Control("POST", "/clock", json{{"advance_seconds", seconds}}.dump()).status, 200);
  }
};

TEST_F(WlcsimLicensingTest, EachTransportReachesAcknowledgedThroughTheBackends) {
  StartSim({"--upstream", "backends", "--clock-speed", "60"},
           R"([{"index":1,"transport":"smart","url_default":true},
               {"index":2,"url_cslu":"https://ssm-onprem.example/cslu/v1/pi/wlcsim-1",
                "cli":"crypto pki trustpoint SLA-TrustPoint\n revocation-check none"},
               {"index":3,"url_cslu":"https://ssm-onprem.example/cslu/v1/pi/wlcsim-1"},
               {"index":4,"transport":"off"}])");
  ASSERT_TRUE(manifest_.contains("backends"));
  EXPECT_EQ(manifest_["upstream"], "backends");
  ASSERT_EQ(Trust(1, "wlcsim-valid-smart").status, 200);
  WaitTrustDone(1);
  ASSERT_TRUE(StateInfo(1)["trust-code"][0]["is-installed"].get<bool>());
  Advance(31 * 86400);
  for (int i : {0, 1, 2}) {
    EXPECT_TRUE(WaitFor([&] {
      return Usage(i)["last_ack_received"] != "<none>" && Usage(i)["unacknowledged_reports"] == 0;
    })) << "controller "
        << i << ": " << Usage(i).dump();
    json info = StateInfo(i);
    EXPECT_TRUE(info.contains("rum-ack")) << i;
    EXPECT_FALSE(info.contains("rum-reports-closed-keys")) << i << info.dump() << Usage(i).dump();
    EXPECT_EQ(Usage(i)["communication"]["result_polling"]["last_response"], "OK");
  }
  // Next ACK deadline = last ACK + 90 days (Cisco default subscription).
  json ack = StateInfo(0)["rum-ack"];
  EXPECT_NE(ack["last-received-time"], ack["next-report-deadline"]);
  // On-Prem without revocation-check none: CRL fetch fails, nothing is sent.
  EXPECT_TRUE(HasEvent(3, "%PKI-3-CRL_FETCH_FAIL: CRL fetch for trustpoint SLA-TrustPoint failed"));
  EXPECT_EQ(Usage(3)["last_ack_received"], "<none>");
  // Off: nothing sent, the backlog is visible.
  json off = StateInfo(4);
  ASSERT_TRUE(off.contains("rum-reports-closed-keys"));
  EXPECT_EQ(off["rum-reports-closed-keys"][0]["report-state"], "rum-report-state-closed");
  EXPECT_EQ(Usage(4)["last_report_push"], "<none>");
  // History: the usage request went out as a SLUP envelope and got an answer.
  json history = Control("GET", "/controllers/" + Name(1) + "/history").Json();
  ASSERT_EQ(history["Usage Reporting"].size(), 1u);
  EXPECT_NE(history["Usage Reporting"][0]["request"].get<std::string>().find("LICENSE_USAGE"),
            std::string::npos);
}

TEST_F(WlcsimLicensingTest, BackendDownAndDnsFailTrustWithTheReferenceMessages) {
  StartSim({"--upstream", "backends"}, R"([{"index":1,"transport":"smart","url_default":true}])");
  ASSERT_EQ(Control("POST", "/upstream/faults", R"({"cslu":"dns","receiver":"down"})").status, 200);
  Trust(0, "wlcsim-valid-a");
  Trust(1, "wlcsim-valid-b");
  WaitTrustDone(0);
  WaitTrustDone(1);
  EXPECT_TRUE(
      HasEvent(0,
               "%SMART_LIC-3-COMM_FAILED: Communications failure with the Cisco Smart License "
               "Utility (CSLU) : Unable to resolve server hostname/domain name"));
  EXPECT_TRUE(HasEvent(1,
                       "%SMART_LIC-3-COMM_FAILED: Communications failure with the Cisco Smart "
                       "Software Manager (CSSM) : Communications failure"));
  EXPECT_EQ(StateInfo(1)["registration"]["registration-state"], "reg-state-failed");
  // Back up: trust works and COMM_RESTORED is logged.
  ASSERT_EQ(Control("POST", "/upstream/faults", R"({"cslu":"up","receiver":"up"})").status, 200);
  Trust(1, "wlcsim-valid-c");
  WaitTrustDone(1);
  EXPECT_TRUE(WaitFor([&] { return StateInfo(1)["trust-code"][0]["is-installed"].get<bool>(); }));
  EXPECT_TRUE(HasEvent(1, "%SMART_LIC-5-COMM_RESTORED"));
}

TEST_F(WlcsimLicensingTest, TrustFailures) {
  StartSim({}, R"([{"index":0,"clock_offset_s":7200},{"index":1,"faults":{"dns_failure":true}},
                   {"index":2,"faults":{"backend_down":true}}])");
  Trust(0, "wlcsim-valid-skew");
  Trust(1, "wlcsim-valid-dns");
  Trust(2, "wlcsim-valid-down");
  Trust(3, "wlcsim-expired-1");
  Trust(4, "no-such-token");
  for (int i = 0; i < 5; ++i) WaitTrustDone(i);
  EXPECT_TRUE(WaitFor([&] {
    return HasEvent(0,
                    "has failed on " + Controller(0)["udi"].get<std::string>() + ": clock skew.");
  }));
  EXPECT_TRUE(HasEvent(1, "Unable to resolve server hostname/domain name")) << last_events_;
  EXPECT_TRUE(HasEvent(2, "(CSSM) : Communications failure") ||
              HasEvent(2, "(CSLU) : Communications failure"));
  EXPECT_TRUE(WaitFor([&] { return HasEvent(3, ": token expired."); }));
  EXPECT_TRUE(WaitFor([&] { return HasEvent(4, ": unknown token."); }));
  // Skew repaired through the control API: trust succeeds.
  ASSERT_EQ(
      Control("POST", "/controllers/" + Name(0) + "/clock", R"({"offset_seconds":60})").status,
      200);
  Trust(0, "wlcsim-valid-skew2");
  WaitTrustDone(0);
  EXPECT_TRUE(WaitFor([&] { return StateInfo(0)["trust-code"][0]["is-installed"].get<bool>(); }));
  // Reused token.
  Trust(5, "wlcsim-valid-skew2");
  WaitTrustDone(5);
  EXPECT_TRUE(WaitFor([&] { return HasEvent(5, ": token already used."); }));
}

TEST_F(WlcsimLicensingTest, HaPairTrustAllAndLocal) {
  StartSim({}, R"([{"index":0,"ha":true},{"index":1,"ha":true}])");
  ASSERT_EQ(
      Send(
          0, "POST", kXeLicense,
          R"({"Cisco-IOS-XE-rpc:input":{"smart":{"trust":{"idtoken":"wlcsim-valid-ha1","all":[null]}}}})")
          .status,
      200);
  Trust(1, "wlcsim-valid-ha2");  // all-ha false = local
  WaitTrustDone(0);
  WaitTrustDone(1);
  ASSERT_TRUE(WaitFor([&] { return StateInfo(1)["trust-code"][0]["is-installed"].get<bool>(); }));
  json all = StateInfo(0)["trust-code"];
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0]["is-installed"].get<bool>());
  EXPECT_TRUE(all[1]["is-installed"].get<bool>());
  json local = StateInfo(1)["trust-code"];
  ASSERT_EQ(local.size(), 2u);
  EXPECT_FALSE(local[1]["is-installed"].get<bool>());
}

TEST_F(WlcsimLicensingTest, ApJoinsShowInTheNextSnapshotAndReport) {
  StartSim({"--clock-speed", "1"});
  json before = Usage(0);
  ASSERT_EQ(before["rum_reports"].size(), 2u);
  EXPECT_EQ(before["rum_reports"][0]["state"], "OPEN");
  EXPECT_EQ(before["rum_reports"][0]["count"], 10);
  // Report ids: epoch seconds at creation, +1 per report.
  EXPECT_EQ(before["rum_reports"][1]["report_id"].get<uint64_t>(),
            before["rum_reports"][0]["report_id"].get<uint64_t>() + 1);
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/aps", R"({"joined":13})").status, 200);
  Advance(8 * 3600 + 5);
  ASSERT_TRUE(WaitFor([&] { return Usage(0)["rum_reports"].size() == 4u; }));
  json after = Usage(0);
  EXPECT_EQ(after["air_entities"]["aps_newly_added"], 3);
  EXPECT_EQ(after["rum_reports"][0]["state"], "CLOSED");
  EXPECT_EQ(after["rum_reports"][2]["added"], 3);
  EXPECT_EQ(after["rum_reports"][2]["count"], 13);
  // The closed reports are listed by RESTCONF.
  EXPECT_EQ(StateInfo(0)["rum-reports-closed-keys"].size(), 2u);
  // A reminder is logged 30 days before the ACK deadline (90 days).
  Advance(61 * 86400);
  EXPECT_TRUE(WaitFor([&] {
    return HasEvent(
        0, "%SMART_LIC-6-REPORTING_REQUIRED: A Usage report acknowledgement will be required in");
  }));
}

TEST_F(WlcsimLicensingTest, AirGappedSaveUsageAndImportAck) {
  StartSim({}, R"([{"index":0,"transport":"off"}])");
  // Save usage through the Cisco-IOS-XE-rpc:license RPC.
  Response save = Send(
      0, "POST", kXeLicense,
      R"({"Cisco-IOS-XE-rpc:input":{"smart":{"save":{"usage":{"unreported":{"file":"bootflash:rum.txt"}}}}}})");
  ASSERT_EQ(save.status, 200) << save.body;
  // Read it back through the SLP REST API (base64).
  Response file = Get(0, "/smartlic-service/file/bootflash:rum.txt");
  ASSERT_EQ(file.status, 200) << file.body;
  std::string b64 = file.Json()["data"];
  EXPECT_FALSE(b64.empty());
  Response list = Get(0, "/smartlic-service/list");
  ASSERT_EQ(list.status, 200);
  json reports = list.Json()["reports"];
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0]["state"], "UNACK");
  // CSSM's ACK (any JSON naming the report ids) imported via SLP REST.
  json ack = {
      {"acks",
       {{{"acknowledged_report_ids", {reports[0]["report_id"], reports[1]["report_id"]}}}}}};
  std::string ack_b64;
  {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string in = ack.dump();
    for (size_t i = 0; i < in.size(); i += 3) {
      uint32_t v = static_cast<uint8_t>(in[i]) << 16;
      if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
      if (i + 2 < in.size()) v |= static_cast<uint8_t>(in[i + 2]);
      ack_b64 += k[(v >> 18) & 63];
      ack_b64 += k[(v >> 12) & 63];
      ack_b64 += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
      ack_b64 += i + 2 < in.size() ? k[v & 63] : '=';
    }
  }
  Response imp = Send(0, "POST", "/smartlic-service/import", json{{"data", ack_b64}}.dump());
  ASSERT_EQ(imp.status, 200) << imp.body;
  EXPECT_EQ(imp.Json()["message"], "Import Data Successful");
  EXPECT_TRUE(StateInfo(0).contains("rum-ack"));
  EXPECT_FALSE(StateInfo(0).contains("rum-reports-closed-keys"));
  // close-reports then all-reports: the new windows come back unacknowledged.
  Response close = Send(0, "POST", "/smartlic-service/close-reports", "");
  ASSERT_EQ(close.status, 200);
  EXPECT_EQ(close.Json()["closed_report_ids"].size(), 2u);
  Response all = Get(0, "/smartlic-service/all-reports");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.Json()["count"], 2);
  // The file written through SLP REST imports through the RPC too.
  ASSERT_EQ(
      Send(0, "PUT", "/smartlic-service/file/bootflash:ack2.txt", json{{"data", ack_b64}}.dump())
          .status,
      200);
  Response rpc_import = Send(0, "POST", "/restconf/operations/cisco-smart-license:import-file",
                             R"({"cisco-smart-license:input":{"file-path":"bootflash:ack2.txt"}})");
  EXPECT_EQ(rpc_import.status, 200);
  // Wrong credentials on the SLP REST API.
  Call c;
  c.path = "/smartlic-service/list";
  c.no_auth = true;
  EXPECT_EQ(Restconf(0, c).status, 401);
}

TEST_F(WlcsimLicensingTest, FactoryResetAndVersionGates) {
  StartSim({}, R"([{"index":0,"trust_installed":true},{"index":1,"version":"17.3.1"},
                   {"index":2,"version":"17.17.1","aps":3},{"index":3,"version":"17.12.1","aps":2}])");
  Response reset = Control("POST", "/controllers/" + Name(0) + "/factory-reset");
  ASSERT_EQ(reset.status, 200);
  EXPECT_EQ(reset.Json()["result"],
            "%Warning: reload required after \"license smart factory reset\" command");
  EXPECT_FALSE(StateInfo(0)["trust-code"][0]["is-installed"].get<bool>());
  EXPECT_EQ(Usage(0)["rum_reports"].size(), 0u);
  Advance(3601);
  EXPECT_TRUE(WaitFor([&] { return Usage(0)["rum_reports"].size() == 2u; }));
  // Legacy Smart Licensing before 17.3.2: no SLUP leaves, no trust RPC.
  json legacy = StateInfo(1);
  EXPECT_FALSE(legacy.contains("policy"));
  EXPECT_FALSE(legacy.contains("trust-code"));
  EXPECT_EQ(Trust(1, "wlcsim-valid-x").status, 404);
  EXPECT_EQ(Get(1, "/smartlic-service/list").status, 404);
  // ap-license from 17.17.1, one capwap-data entry per joined AP.
  const std::string ap =
      "/restconf/data/Cisco-IOS-XE-wireless-access-point-oper:access-point-oper-data";
  json aps =
      Get(2, ap)
          .Json()["Cisco-IOS-XE-wireless-access-point-oper:access-point-oper-data"]["capwap-data"];
  ASSERT_EQ(aps.size(), 3u);
  EXPECT_EQ(aps[0]["ap-license"]["cw-lic-state"], "cw-non-compliant");
  json old =
      Get(3, ap)
          .Json()["Cisco-IOS-XE-wireless-access-point-oper:access-point-oper-data"]["capwap-data"];
  ASSERT_EQ(old.size(), 2u);
  EXPECT_FALSE(old[0].contains("ap-license"));
}

TEST_F(WlcsimLicensingTest, TlsFailureAnd401Faults) {
  StartSim(
      {}, R"([{"index":0,"faults":{"tls_failure":true}},{"index":1,"faults":{"force_401":true}}])");
  Response tls = Get(0, kState);
  EXPECT_NE(tls.code, CURLE_OK);
  EXPECT_EQ(Get(1, kState).status, 401);
  ASSERT_EQ(Control("POST", "/controllers/" + Name(0) + "/faults", "{}").status, 200);
  EXPECT_EQ(Get(0, kState).status, 200);
}

TEST_F(WlcsimLicensingTest, SyslogLinesReachAUdpCollector) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), 0);
  socklen_t len = sizeof(sa);
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  StartSim({"--syslog", "udp://127.0.0.1:" + std::to_string(ntohs(sa.sin_port))});
  Trust(2, "wlcsim-valid-syslog");
  std::string all;
  char buf[2048];
  for (int i = 0; i < 4; ++i) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    all += std::string(buf, static_cast<size_t>(n)) + "\n";
  }
  close(fd);
  EXPECT_NE(all.find("%CRYPTO_ENGINE-5-KEY_DELETED"), std::string::npos) << all;
  EXPECT_NE(all.find(Name(2)), std::string::npos) << all;
  EXPECT_NE(all.find(Controller(2)["address"].get<std::string>()), std::string::npos) << all;
  EXPECT_EQ(all.rfind("<189>", 0), 0u) << all;  // local7.notice
}

TEST_F(WlcsimLicensingTest, ReceiverRequiringClientCertNeedsAFittingSecureTrustpoint) {
  StartSim({}, R"([{"index":0,"transport":"smart","url_default":true},
                   {"index":1,"transport":"smart","url_default":true,"pid":"C9800-40-K9"},
                   {"index":2},
                   {"index":3,"transport":"smart","url_default":true,"trust_installed":true},
                   {"index":4,"cli":"crypto pki trustpoint SLA-TrustPoint\n revocation-check none"}])");
  // The On-Prem seed form (transport cslu, `license smart url <https>/SmartTransport`).
  ASSERT_EQ(
      Send(
          4, "PATCH", kSmart,
          R"({"Cisco-IOS-XE-native:smart":{"url":{"name":"https://ssm-onprem.example/SmartTransport"}}})")
          .status,
      204);
  ASSERT_EQ(
      Control("POST", "/upstream/faults", R"({"receiver_requires_client_cert":"yes"})").status,
      400);
  ASSERT_EQ(Control("POST", "/upstream/faults", R"({"receiver_requires_client_cert":true})").status,
            200);
  EXPECT_EQ(Control("GET", "/upstream").Json()["faults"]["receiver_requires_client_cert"], true);
  auto cli = [&](int i, const std::string& lines) {
    return Send(i, "POST", kCli,
                json{{"Cisco-IOS-XE-cli-rpc:input", {{"config-clis", lines}}}}.dump())
        .status;
  };
  auto fail_message = [&](int i) -> std::string {
    json reg = StateInfo(i)["registration"];
    if (reg["registration-state"] != "reg-state-failed") return "<" + reg.dump() + ">";
    return reg["registration-failed"]["fail-message"];
  };
  auto installed = [&](int i) { return StateInfo(i)["trust-code"][0]["is-installed"].get<bool>(); };

  // 9800-CL without a secure-trustpoint: the TLS session to CSSM fails.
  Trust(0, "wlcsim-valid-mtls-1");
  EXPECT_TRUE(WaitFor([&] {
    return fail_message(0).find("client certificate") != std::string::npos;
  })) << fail_message(0);
  EXPECT_FALSE(installed(0));
  EXPECT_TRUE(HasEvent(0,
                       "%SMART_LIC-3-COMM_FAILED: Communications failure with the Cisco Smart "
                       "Software Manager (CSSM) : Communications failure"))
      << last_events_;
  // CISCO_IDEVID_SUDI does not exist on a 9800-CL: still refused. The token was not spent.
  ASSERT_EQ(cli(0, "ip http client secure-trustpoint CISCO_IDEVID_SUDI"), 200);
  Trust(0, "wlcsim-valid-mtls-1");
  EXPECT_TRUE(WaitFor([&] {
    return fail_message(0).find("client certificate of trustpoint CISCO_IDEVID_SUDI") !=
           std::string::npos;
  })) << fail_message(0);
  EXPECT_FALSE(installed(0));
  // Its self-signed trustpoint is accepted.
  ASSERT_EQ(cli(0, "ip http client secure-trustpoint TP-self-signed-1234"), 200);
  Trust(0, "wlcsim-valid-mtls-1");
  EXPECT_TRUE(WaitFor([&] { return installed(0); })) << fail_message(0);
  EXPECT_TRUE(HasEvent(0, "%SMART_LIC-5-COMM_RESTORED"));

  // A 9800-40 presents its SUDI; a self-signed trustpoint does not fit it.
  ASSERT_EQ(cli(1, "ip http client secure-trustpoint TP-self-signed-99"), 200);
  Trust(1, "wlcsim-valid-mtls-2");
  EXPECT_TRUE(
      WaitFor([&] { return fail_message(1).find("client certificate") != std::string::npos; }));
  ASSERT_EQ(cli(1, "ip http client secure-trustpoint CISCO_IDEVID_SUDI"), 200);
  Trust(1, "wlcsim-valid-mtls-2");
  EXPECT_TRUE(WaitFor([&] { return installed(1); })) << fail_message(1);

  // CSLU is not the smart receiver: unaffected.
  Trust(2, "wlcsim-valid-mtls-3");
  EXPECT_TRUE(WaitFor([&] { return installed(2); })) << fail_message(2);
  // The On-Prem SmartTransport form is a smart receiver too.
  Trust(4, "wlcsim-valid-mtls-4");
  EXPECT_TRUE(WaitFor([&] {
    return fail_message(4).find("client certificate") != std::string::npos;
  })) << fail_message(4);

  // A usage push is not delivered either.
  ASSERT_EQ(Control("POST", "/controllers/" + Name(3) + "/sync").status, 200);
  EXPECT_TRUE(WaitFor([&] {
    return Usage(3)["last_report_fail_message"].get<std::string>().find("client certificate") !=
           std::string::npos;
  })) << Usage(3).dump();
  EXPECT_EQ(Usage(3)["last_ack_received"], "<none>");
  EXPECT_TRUE(StateInfo(3).contains("rum-reports-closed-keys"));

  // Fault off: the same controller reports.
  ASSERT_EQ(
      Control("POST", "/upstream/faults", R"({"receiver_requires_client_cert":false})").status,
      200);
  ASSERT_EQ(Control("POST", "/controllers/" + Name(3) + "/sync").status, 200);
  EXPECT_TRUE(WaitFor([&] { return Usage(3)["last_ack_received"] != "<none>"; }))
      << Usage(3).dump();
}
