// Hostile input through the real path (gRPC / RESTCONF / Prometheus -> licensingd -> HTTPS ->
// wlcsim): each attack of docs/security.md played as an attacker would, and its safe outcome
// asserted — the precise status, nothing sent where it must not go (a trap listener counts
// connections), the audit line, the service still serving, and no secret in any log line, error
// or answer.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/harness.h"
#include "wlc/licensing/v1/fleet.grpc.pb.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOperatorToken[] = "security-operator-token-0123456789";
constexpr char kReaderToken[] = "security-reader-token-0123456789ab";
constexpr char kYangJson[] = "application/yang-data+json";
constexpr char kIdToken[] = "wlcsim-expired-SECRET-id-token-7781";

// A TCP listener on 127.0.0.1 that only counts who connects: an ad-hoc target the service must
// never reach. (A TLS server is not needed: with the checks, not even a SYN may arrive.)
class Trap {
 public:
  Trap() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 16);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 100) > 0) {
          int c = accept(fd_, nullptr, nullptr);
          if (c >= 0) {
            ++connections_;
            close(c);
          }
        }
      }
    });
  }
  ~Trap() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  int connections() const { return connections_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

class SecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("security-test"));
    fleet_ = StartFleet({"--controllers", "2"}).release();
    ASSERT_NE(fleet_, nullptr) << "wlcsim did not start";
    ASSERT_EQ(MakeFaceCertificate(*dir_, "face"), "");
    WriteTokens(*dir_ + "/tokens.json", kOperatorToken, kReaderToken);
    const std::string lab = WriteProfile(*dir_, "lab", fleet_->manifest["username"],
                                         fleet_->manifest["password"], fleet_->manifest["ca_file"]);
    json cfg = ConfigForFleet(*fleet_, lab);
    // The same password in a profile an attacker would love: no TLS verification, and ad-hoc
    // targets allowed on a network the trap is not on.
    json wide = json::parse(ReadFileOrEmpty(lab));
    wide.erase("ca_file");
    wide["insecure_skip_verify"] = true;
    wide["allowed_targets"] = {"127.77.0.0/16", "*.wlc.test"};
    WriteFile(*dir_ + "/wide.json", wide.dump());
    cfg["credentials_profiles"]["wide"] = *dir_ + "/wide.json";
    json inventory = {{"controllers", cfg["controllers"]}};
    WriteFile(*dir_ + "/inventory.json", inventory.dump());
    cfg.erase("controllers");
    cfg.erase("allow_anonymous_writes");
    cfg["inventory_file"] = *dir_ + "/inventory.json";
    cfg["tokens_file"] = *dir_ + "/tokens.json";
    cfg["restconf_listen"] = "127.0.0.1:0";
    cfg["restconf_tls_cert_file"] = *dir_ + "/face.crt";
    cfg["restconf_tls_key_file"] = *dir_ + "/face.key";
    cfg["metrics_listen"] = "127.0.0.1:0";
    config_ = new json(cfg);
    service_ = StartService(*dir_, cfg).release();
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(*dir_ + "/licensingd.log");
    fleet_stub_ = v1::FleetService::NewStub(
                      grpc::CreateChannel(absl::StrCat("127.0.0.1:", service_->grpc_port),
                                          grpc::InsecureChannelCredentials()))
                      .release();
  }
  static void TearDownTestSuite() {
    delete fleet_stub_;
    delete service_;
    delete fleet_;
    delete config_;
  }

  static std::string Name(int i) { return fleet_->controller(i)["name"]; }
  static std::string Log() { return ReadFileOrEmpty(service_->log_path); }

  // The audit lines of the log that name `action`.
  static std::vector<json> AuditLines(const std::string& action) {
    std::vector<json> out;
    for (absl::string_view line : absl::StrSplit(Log(), '\n')) {
      json j = json::parse(line, nullptr, false);
      if (!j.is_discarded() && j.value("audit", "") == "true" && j.value("action", "") == action)
        out.push_back(j);
    }
    return out;
  }

  static void Auth(grpc::ClientContext* ctx, const std::string& token) {
    if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  }

  // A fleet read of one ad-hoc target; returns the stream's status (and the one result, if any).
  static grpc::Status ReadAdHoc(const std::string& token, const std::string& name,
                                const std::string& address, const std::string& profile,
                                v1::ControllerResult* result = nullptr) {
    grpc::ClientContext ctx;
    Auth(&ctx, token);
    v1::ListLicensingStatesRequest req;
    v1::AdHocTarget* t = req.mutable_selector()->add_targets();
    t->set_name(name);
    t->set_address(address);
    t->set_credentials_profile(profile);
    auto reader = fleet_stub_->ListLicensingStates(&ctx, req);
    v1::ListLicensingStatesResponse resp;
    while (reader->Read(&resp)) {
      if (resp.event().has_result() && result != nullptr) *result = resp.event().result();
    }
    return reader->Finish();
  }

  static HttpReply Restconf(const std::string& method, const std::string& path,
                            const std::string& token, const std::string& body = "") {
    HttpCall call;
    call.method = method;
    call.url =
        absl::StrCat("https://127.0.0.1:", service_->ready["restconf_port"].get<int>(), path);
    call.ca_file = *dir_ + "/face.crt";
    call.headers = {absl::StrCat("Accept: ", kYangJson)};
    if (!token.empty()) call.headers.push_back("Authorization: Bearer " + token);
    if (!body.empty()) call.headers.push_back(absl::StrCat("Content-Type: ", kYangJson));
    call.body = body;
    return Http(call);
  }

  static HttpReply Metrics(const std::string& path) {
    HttpCall call;
    call.url = absl::StrCat("http://127.0.0.1:", service_->ready["metrics_port"].get<int>(), path);
    return Http(call);
  }

  // licensingd --check_config on `cfg`: its exit code and output.
  static std::pair<int, std::string> CheckConfig(const json& cfg) {
    static int n = 0;
    const std::string path = absl::StrCat(*dir_, "/check-", n++, ".json");
    WriteFile(path, cfg.dump());
    int rc = 0;
    std::string out =
        Shell(absl::StrCat(LICENSINGD_PATH, " --config ", path, " --check_config"), &rc);
    return {rc, out};
  }

  static std::string* dir_;
  static Fleet* fleet_;
  static Service* service_;
  static json* config_;
  static v1::FleetService::Stub* fleet_stub_;
};

std::string* SecurityTest::dir_ = nullptr;
Fleet* SecurityTest::fleet_ = nullptr;
Service* SecurityTest::service_ = nullptr;
json* SecurityTest::config_ = nullptr;
v1::FleetService::Stub* SecurityTest::fleet_stub_ = nullptr;

// Attack: make the service connect anywhere with a controller's password, as a reader.
TEST_F(SecurityTest, AdHocTargetsAreForOperatorsAndOnlyWhereTheProfileAllows) {
  Trap trap;
  const std::string trap_address = absl::StrCat("127.0.0.1:", trap.port());
  // Anonymous and reader: refused before anything is resolved; the refusal is audited.
  EXPECT_EQ(ReadAdHoc("", "evil", trap_address, "wide").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ReadAdHoc(kReaderToken, "evil", trap_address, "wide").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Operator, a profile bound to the inventory only (the default).
  grpc::Status s = ReadAdHoc(kOperatorToken, "evil", trap_address, "lab");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("allowed_targets"));
  // Operator, the wide profile: an address outside its networks.
  s = ReadAdHoc(kOperatorToken, "evil", trap_address, "wide");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Operator, a name that matches no host pattern and resolves outside the networks (what a
  // rebinding DNS answer looks like): refused at the connection, after resolution.
  v1::ControllerResult result;
  s = ReadAdHoc(kOperatorToken, "evil", absl::StrCat("localhost:", trap.port()), "wide", &result);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(result.code(), static_cast<int>(grpc::StatusCode::PERMISSION_DENIED))
      << result.message();
  EXPECT_THAT(result.message(), HasSubstr("outside the credentials profile's allowed_targets"));
  // A name of the inventory cannot be borrowed for another address.
  EXPECT_EQ(ReadAdHoc(kOperatorToken, Name(0), trap_address, "wide").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(trap.connections(), 0) << "the service connected to a target it must not reach";

  // Readers learn nothing about how an address answers: a closed port and the listening trap
  // are refused with the same words.
  const std::string a = ReadAdHoc(kOperatorToken, "x", "127.0.0.1:1", "wide").error_message();
  const std::string b = ReadAdHoc(kOperatorToken, "x", "127.0.0.1:2", "wide").error_message();
  EXPECT_EQ(a, b);

  std::vector<json> audited = AuditLines("ListLicensingStates");
  ASSERT_GE(audited.size(), 3u);
  EXPECT_EQ(audited[0]["who"], "anonymous");
  EXPECT_EQ(audited[0]["outcome"], "UNAUTHENTICATED");
  EXPECT_EQ(audited[1]["who"], "viewer");
  EXPECT_EQ(audited[1]["outcome"], "PERMISSION_DENIED");
  EXPECT_THAT(audited[1]["controllers"].get<std::string>(), HasSubstr("target:evil@127.0.0.1"));
}

// Attack: a 200 KB body nested 100,000 deep, to the operations any reader may call. It used to
// kill the service with SIGSEGV; now it is a 400 and the service keeps serving.
TEST_F(SecurityTest, DeeplyNestedBodiesAreRefusedAndTheServiceKeepsServing) {
  const std::string deep =
      "{\"wlc-licensing:input\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  for (const char* op : {"plan-transport", "diagnose"}) {
    HttpReply r = Restconf("POST", absl::StrCat("/restconf/operations/wlc-licensing:", op),
                           kReaderToken, deep);
    EXPECT_EQ(r.status, 400) << op << ": " << r.error << r.body.substr(0, 300);
    EXPECT_LT(r.body.size(), 2048u);
  }
  EXPECT_TRUE(service_->process->Running());
  EXPECT_EQ(
      Restconf("GET", "/restconf/data/wlc-licensing:licensing/controller=" + Name(0), kReaderToken)
          .status,
      200);
}

// Attack: oversized strings that would become a URL on the controller or be echoed back.
TEST_F(SecurityTest, OversizedUrlsAndNamesAreRefusedQuotingOnlyAPrefix) {
  const std::string config_before = fleet_->DeviceConfig(0);
  {
    grpc::ClientContext ctx;
    Auth(&ctx, kOperatorToken);
    v1::ApplyTransportRequest req;
    req.set_controller(Name(0));
    req.mutable_desired()->set_type(v1::TRANSPORT_TYPE_CSLU);
    req.mutable_desired()->set_url("http://cslu.example.com:8182/cslu/v1/pi/" +
                                   std::string(900 * 1024, 'a'));
    v1::ApplyTransportResponse resp;
    grpc::Status s = service_->stub->ApplyTransport(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << s.error_message().substr(0, 200);
    EXPECT_LT(s.error_message().size(), 512u);
  }
  EXPECT_EQ(fleet_->DeviceConfig(0), config_before);  // nothing reached the controller
  {
    grpc::ClientContext ctx;
    Auth(&ctx, kReaderToken);
    v1::GetLicensingStateRequest req;
    req.set_controller(std::string(3 << 20, 'x'));
    v1::GetLicensingStateResponse resp;
    grpc::Status s = service_->stub->GetLicensingState(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_LT(s.error_message().size(), 512u);
  }
}

// Attack: probe for write access on every face; each refusal leaves its audit line.
TEST_F(SecurityTest, RefusedWritesAreAuditedOnEveryFace) {
  auto apply = [](const std::string& token, const std::string& controller) {
    grpc::ClientContext ctx;
    Auth(&ctx, token);
    v1::ApplyTransportRequest req;
    req.set_controller(controller);
    req.mutable_desired()->set_type(v1::TRANSPORT_TYPE_OFFLINE);
    v1::ApplyTransportResponse resp;
    return service_->stub->ApplyTransport(&ctx, req, &resp).error_code();
  };
  const size_t before = AuditLines("ApplyTransport").size();
  const std::string config_before = fleet_->DeviceConfig(0);
  EXPECT_EQ(apply("", Name(0)), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(apply("not-a-token-at-all-0000", Name(0)), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(apply(kReaderToken, Name(0)), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(apply(kOperatorToken, "no-such-controller"), grpc::StatusCode::NOT_FOUND);
  // RESTCONF: no token, a reader's token, a body that is not JSON.
  const std::string op = "/restconf/operations/wlc-licensing:apply-transport";
  const std::string body =
      json{{"wlc-licensing:input", {{"controller", Name(0)}, {"desired", {{"type", "offline"}}}}}}
          .dump();
  EXPECT_EQ(Restconf("POST", op, "", body).status, 401);
  EXPECT_EQ(Restconf("POST", op, kReaderToken, body).status, 403);
  EXPECT_EQ(Restconf("POST", op, kOperatorToken, "{not json").status, 400);
  std::vector<json> lines = AuditLines("ApplyTransport");
  ASSERT_EQ(lines.size(), before + 7) << Log();
  std::vector<std::string> outcomes;
  for (size_t i = before; i < lines.size(); ++i) outcomes.push_back(lines[i]["outcome"]);
  EXPECT_THAT(outcomes, ::testing::ElementsAre("UNAUTHENTICATED", "UNAUTHENTICATED",
                                               "PERMISSION_DENIED", "NOT_FOUND", "UNAUTHENTICATED",
                                               "PERMISSION_DENIED", "INVALID_ARGUMENT"));
  EXPECT_EQ(lines[before + 3]["controllers"], "no-such-controller");
  // An unknown token on RESTCONF is refused before the operation is known: audited under its
  // method and path.
  EXPECT_EQ(Restconf("POST", op, "not-a-token-at-all-0000", body).status, 401);
  EXPECT_EQ(AuditLines("RESTCONF POST " + op).size(), 1u);
  // Nothing of that reached a controller.
  EXPECT_EQ(fleet_->DeviceConfig(0), config_before);
}

// Attack: a token listed twice with two roles, a broken TLS key, a listen address that is not
// one — each found by --check_config (and fatal at start), naming the key, never the secret.
TEST_F(SecurityTest, CheckConfigFindsBrokenTokensTlsAndAddresses) {
  auto [ok_rc, ok_out] = CheckConfig(*config_);
  EXPECT_EQ(ok_rc, 0) << ok_out;

  WriteFile(*dir_ + "/tokens-dup.json",
            json{{"tokens",
                  {{{"name", "ops"}, {"role", "operator"}, {"token", kReaderToken}},
                   {{"name", "viewer"}, {"role", "reader"}, {"token", kReaderToken}}}}}
                .dump());
  json dup = *config_;
  dup["tokens_file"] = *dir_ + "/tokens-dup.json";
  auto [dup_rc, dup_out] = CheckConfig(dup);
  EXPECT_EQ(dup_rc, 2);
  EXPECT_THAT(dup_out, HasSubstr("same token"));
  EXPECT_THAT(dup_out, Not(HasSubstr(kReaderToken)));

  WriteFile(*dir_ + "/broken.key",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  json tls = *config_;
  tls["restconf_tls_key_file"] = *dir_ + "/broken.key";
  auto [tls_rc, tls_out] = CheckConfig(tls);
  EXPECT_EQ(tls_rc, 2);
  EXPECT_THAT(tls_out, HasSubstr("restconf_tls_key_file"));

  json listen = *config_;
  listen["metrics_listen"] = "127.0.0.1";
  auto [listen_rc, listen_out] = CheckConfig(listen);
  EXPECT_EQ(listen_rc, 2);
  EXPECT_THAT(listen_out, HasSubstr("metrics_listen"));
}

// Attack (or accident): a hot reload of `{}` must not empty the fleet.
TEST_F(SecurityTest, AnEmptyInventoryReloadIsRefused) {
  const std::string original = ReadFileOrEmpty(*dir_ + "/inventory.json");
  auto count = [] {
    grpc::ClientContext ctx;
    Auth(&ctx, kReaderToken);
    v1::ListControllersResponse resp;
    service_->stub->ListControllers(&ctx, v1::ListControllersRequest(), &resp);
    return resp.controllers_size();
  };
  ASSERT_EQ(count(), 2);
  WriteFile(*dir_ + "/inventory.json", "{}");
  std::string metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = Metrics("/metrics").body;
    if (metrics.find("wlc_licensing_inventory_reloads_total{outcome=\"empty\"} 1") !=
        std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_THAT(metrics, HasSubstr("wlc_licensing_inventory_reloads_total{outcome=\"empty\"} 1"));
  EXPECT_EQ(count(), 2);
  EXPECT_THAT(Log(),
              HasSubstr("\"level\":\"warning\",\"msg\":\"inventory file has no controllers"));
  WriteFile(*dir_ + "/inventory.json", original);
}

// An id token sent for trust never comes back: not in the answer, the error, the metrics.
TEST_F(SecurityTest, AnIdTokenNeverComesBack) {
  {  // Smart transport, so the token really travels to the controller and its CSSM.
    grpc::ClientContext ctx;
    Auth(&ctx, kOperatorToken);
    v1::ApplyTransportRequest req;
    req.set_controller(Name(1));
    req.mutable_desired()->set_type(v1::TRANSPORT_TYPE_SMART);
    req.mutable_desired()->set_url_default(true);
    v1::ApplyTransportResponse resp;
    ASSERT_TRUE(service_->stub->ApplyTransport(&ctx, req, &resp).ok());
  }
  grpc::ClientContext ctx;
  Auth(&ctx, kOperatorToken);
  v1::EstablishTrustRequest req;
  req.set_controller(Name(1));
  req.set_id_token(kIdToken);
  v1::EstablishTrustResponse resp;
  grpc::Status s = service_->stub->EstablishTrust(&ctx, req, &resp);
  EXPECT_FALSE(s.ok());  // wlcsim's CSSM refuses an expired token
  EXPECT_THAT(s.error_message(), HasSubstr("expired"));
  EXPECT_THAT(s.error_message(), Not(HasSubstr(kIdToken)));
  EXPECT_THAT(resp.DebugString(), Not(HasSubstr(kIdToken)));
  EXPECT_THAT(Metrics("/metrics").body, Not(HasSubstr(kIdToken)));
  EXPECT_THAT(Metrics(absl::StrCat("/probe?target=", Name(1))).body, Not(HasSubstr(kIdToken)));
  EXPECT_EQ(AuditLines("EstablishTrust").size(), 1u);
}

// Secrets: after every attack above, no password or token in the log.
TEST_F(SecurityTest, ZzNoSecretInTheLog) {
  const std::string log = Log();
  EXPECT_THAT(log, Not(HasSubstr(kIdToken)));
  EXPECT_THAT(log, Not(HasSubstr(fleet_->manifest["password"].get<std::string>())));
  EXPECT_THAT(log, Not(HasSubstr(kOperatorToken)));
  EXPECT_THAT(log, Not(HasSubstr(kReaderToken)));
}

}  // namespace
}  // namespace wlc::testing
