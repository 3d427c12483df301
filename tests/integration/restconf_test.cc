// The RESTCONF face end to end: HTTPS client -> licensingd (RESTCONF, RFC 8040) -> wlcsim.
// Every answer is RFC 7951 JSON validated by yanglint against proto/yang/wlc-licensing.yang,
// and read answers agree with the gRPC face for the same controller. Ansible's
// ansible.netcommon.restconf_get reads a controller through the face as a real RESTCONF client.
//
// Contract with licensingd (config keys / ready file): restconf_listen, restconf_tls_cert_file,
// restconf_tls_key_file, tokens_file; the ready file gets "restconf_port".
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "curl/curl.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/restconf/json_model.h"
#include "tests/integration/harness.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOperatorToken[] = "restconf-operator-token-0123456789";
constexpr char kReaderToken[] = "restconf-reader-token-0123456789";
constexpr char kCsluUrl[] = "http://cslu.example.com:8182/cslu/v1/pi";
constexpr char kYangJson[] = "application/yang-data+json";

class RestconfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("restconf-test"));
    fleet_ = StartFleet({"--controllers", "3"}).release();
    ASSERT_NE(fleet_, nullptr) << "wlcsim did not start";
    ASSERT_EQ(MakeFaceCertificate(*dir_, "restconf"), "");
    WriteTokens(*dir_ + "/tokens.json", kOperatorToken, kReaderToken);
    json cfg = ConfigForFleet(
        *fleet_, WriteProfile(*dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    cfg["restconf_listen"] = "127.0.0.1:0";
    cfg["restconf_tls_cert_file"] = *dir_ + "/restconf.crt";
    cfg["restconf_tls_key_file"] = *dir_ + "/restconf.key";
    cfg["tokens_file"] = *dir_ + "/tokens.json";
    cfg.erase("allow_anonymous_writes");
    service_ = StartService(*dir_, cfg).release();
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(*dir_ + "/licensingd.log");
    json ready = json::parse(ReadFileOrEmpty(*dir_ + "/ready.json"), nullptr, false);
    ASSERT_TRUE(!ready.is_discarded() && ready.contains("restconf_port"))
        << "licensingd's ready file has no restconf_port: " << ready.dump();
    port_ = ready["restconf_port"].get<int>();
  }
  static void TearDownTestSuite() {
    delete service_;
    delete fleet_;
    service_ = nullptr;
    fleet_ = nullptr;
  }

  static std::string Name(int i) { return fleet_->controller(i)["name"]; }

  static HttpReply Http(const std::string& method, const std::string& path,
                        const std::string& token = kReaderToken, const std::string& body = "",
                        const std::string& content_type = kYangJson) {
    HttpCall call;
    call.method = method;
    call.url = absl::StrCat("https://127.0.0.1:", port_, path);
    call.ca_file = *dir_ + "/restconf.crt";
    call.headers.push_back(absl::StrCat("Accept: ", kYangJson));
    if (!token.empty()) call.headers.push_back(absl::StrCat("Authorization: Bearer ", token));
    if (!body.empty()) call.headers.push_back(absl::StrCat("Content-Type: ", content_type));
    call.body = body;
    HttpReply reply = wlc::testing::Http(call);
    EXPECT_NE(reply.status, 0) << reply.error << " " << call.url;
    return reply;
  }

  // yanglint -t <type> on `doc`; returns "" when valid, else yanglint's complaint.
  static std::string Yanglint(const std::string& type, const json& doc) {
    static int n = 0;
    const std::string path = absl::StrCat(*dir_, "/yang-", n++, ".json");
    WriteFile(path, doc.dump(2));
    int rc = 0;
    const std::string out =
        Shell(absl::StrCat("yanglint -f json -t ", type, " ", WLC_YANG_FILE, " ", path), &rc);
    return rc == 0 ? "" : absl::StrCat("yanglint -t ", type, " ", path, ": ", out);
  }

  static v1::ControllerLicensing GrpcState(const std::string& controller) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", kReaderToken));
    v1::GetLicensingStateRequest req;
    req.set_controller(controller);
    v1::GetLicensingStateResponse resp;
    grpc::Status s = service_->stub->GetLicensingState(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.licensing();
  }

  static void ExpectRestconfError(const HttpReply& r, long status, const std::string& tag) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Header("content-type"), kYangJson);
    json j = r.Json();
    ASSERT_FALSE(j.is_discarded()) << r.body;
    ASSERT_TRUE(j.contains("ietf-restconf:errors")) << r.body;
    const json& e = j["ietf-restconf:errors"]["error"][0];
    EXPECT_EQ(e["error-tag"], tag) << r.body;
    EXPECT_TRUE(e["error-type"].is_string());
    EXPECT_TRUE(e["error-message"].is_string());
  }

  static std::string* dir_;
  static Fleet* fleet_;
  static Service* service_;
  static int port_;
};

std::string* RestconfTest::dir_ = nullptr;
Fleet* RestconfTest::fleet_ = nullptr;
Service* RestconfTest::service_ = nullptr;
int RestconfTest::port_ = 0;

TEST_F(RestconfTest, DiscoveryResources) {
  HttpReply meta = Http("GET", "/.well-known/host-meta", "");
  EXPECT_EQ(meta.status, 200);
  EXPECT_THAT(meta.Header("content-type"), HasSubstr("application/xrd+xml"));
  EXPECT_THAT(meta.body, HasSubstr("<Link rel=\"restconf\" href=\"/restconf\"/>"));

  HttpReply root = Http("GET", "/restconf", "");
  EXPECT_EQ(root.status, 200);
  EXPECT_EQ(root.Header("content-type"), kYangJson);
  EXPECT_TRUE(root.Json()["ietf-restconf:restconf"].contains("data")) << root.body;

  HttpReply version = Http("GET", "/restconf/yang-library-version", "");
  EXPECT_EQ(version.Json()["ietf-restconf:yang-library-version"], "2016-06-21");

  HttpReply ops = Http("GET", "/restconf/operations");
  EXPECT_EQ(ops.status, 200);
  EXPECT_TRUE(ops.Json()["ietf-restconf:operations"].contains("wlc-licensing:plan-transport"));
  EXPECT_TRUE(ops.Json()["ietf-restconf:operations"].contains("wlc-licensing:diagnose"));
}

TEST_F(RestconfTest, GetAllControllers) {
  HttpReply r = Http("GET", "/restconf/data/wlc-licensing:licensing");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), kYangJson);
  json j = r.Json();
  ASSERT_TRUE(j.contains("wlc-licensing:licensing")) << r.body;
  const json& list = j["wlc-licensing:licensing"]["controller"];
  ASSERT_EQ(list.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(list[i]["name"], Name(i));
    EXPECT_EQ(list[i]["status"]["health"].get<std::string>() == "unreachable", false);
  }
  EXPECT_EQ(Yanglint("data", j), "");

  HttpReply whole = Http("GET", "/restconf/data");
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(Yanglint("data", whole.Json()), "");
}

TEST_F(RestconfTest, GetOneControllerAgreesWithGrpc) {
  HttpReply r = Http("GET", "/restconf/data/wlc-licensing:licensing/controller=" + Name(1));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.Json();
  ASSERT_EQ(j["wlc-licensing:controller"].size(), 1u) << r.body;
  const json& entry = j["wlc-licensing:controller"][0];
  EXPECT_EQ(Yanglint("data", {{"wlc-licensing:licensing", {{"controller", {entry}}}}}), "");

  v1::ControllerLicensing grpc = GrpcState(Name(1));
  json from_grpc = service::restconf::ToYangJson(grpc);
  // The same model through both faces; the read times differ by construction.
  for (const char* node : {"name", "address", "platform", "transport", "trust", "reservation"}) {
    EXPECT_EQ(entry.value(node, json()), from_grpc.value(node, json())) << node;
  }
  for (const char* node : {"entitlement", "access-points", "policy", "rum-report"}) {
    EXPECT_EQ(entry["usage"].value(node, json()), from_grpc["usage"].value(node, json())) << node;
  }
  EXPECT_EQ(entry["status"]["health"], from_grpc["status"]["health"]);
  // And back: the RESTCONF JSON parses into the same proto as the gRPC answer.
  v1::ControllerLicensing back;
  ASSERT_TRUE(service::restconf::FromYangJson(entry, "/c", &back).ok());
  EXPECT_EQ(back.transport().SerializeAsString(), grpc.transport().SerializeAsString());
  EXPECT_EQ(back.trust().SerializeAsString(), grpc.trust().SerializeAsString());

  // A node below the controller.
  HttpReply t =
      Http("GET", absl::StrCat("/restconf/data/wlc-licensing:licensing/controller=", Name(1),
                               "/transport/type"));
  EXPECT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.Json()["wlc-licensing:type"], from_grpc["transport"]["type"]);
}

TEST_F(RestconfTest, UnknownControllerIs404) {
  HttpReply r = Http("GET", "/restconf/data/wlc-licensing:licensing/controller=no%20such%2Fwlc");
  ExpectRestconfError(r, 404, "invalid-value");
  EXPECT_EQ(r.Json()["ietf-restconf:errors"]["error"][0]["error-path"],
            "/wlc-licensing:licensing/controller[name='no such/wlc']");
  ExpectRestconfError(Http("GET", "/restconf/data/wlc-licensing:nothing"), 404, "invalid-value");
  ExpectRestconfError(Http("GET", "/restconf/elsewhere"), 404, "invalid-value");
}

TEST_F(RestconfTest, PatchTransportThenReadBack) {
  const std::string resource =
      absl::StrCat("/restconf/data/wlc-licensing:licensing/controller=", Name(2), "/transport");
  json body = {{"wlc-licensing:transport", {{"type", "cslu"}, {"url", kCsluUrl}}}};
  HttpReply r = Http("PATCH", resource, kOperatorToken, body.dump());
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(r.body.empty());

  HttpReply back = Http("GET", resource);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.Json()["wlc-licensing:transport"]["type"], "cslu") << back.body;
  EXPECT_EQ(back.Json()["wlc-licensing:transport"]["url"], kCsluUrl);
  EXPECT_EQ(GrpcState(Name(2)).transport().type(), v1::TRANSPORT_TYPE_CSLU);

  // Back to smart, as any later test expects a default controller.
  body = {{"wlc-licensing:transport", {{"type", "smart"}, {"url-default", true}}}};
  EXPECT_EQ(Http("PATCH", resource, kOperatorToken, body.dump()).status, 204);
  EXPECT_EQ(GrpcState(Name(2)).transport().type(), v1::TRANSPORT_TYPE_SMART);
}

TEST_F(RestconfTest, PlanTransportRpc) {
  json input = {{"controller", Name(0)}, {"desired", {{"type", "cslu"}, {"url", kCsluUrl}}}};
  EXPECT_EQ(Yanglint("rpc", {{"wlc-licensing:plan-transport", input}}), "");
  const std::string before = fleet_->DeviceConfig(0);
  HttpReply r = Http("POST", "/restconf/operations/wlc-licensing:plan-transport", kReaderToken,
                     json{{"wlc-licensing:input", input}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json out = r.Json()["wlc-licensing:output"];
  ASSERT_TRUE(out.contains("plan")) << r.body;
  EXPECT_EQ(out["plan"]["controller"], Name(0));
  EXPECT_EQ(out["plan"]["desired"]["type"], "cslu");
  EXPECT_FALSE(out["plan"]["step"].empty()) << r.body;
  EXPECT_EQ(out["plan"]["no-change"], false);
  EXPECT_EQ(Yanglint("reply", {{"wlc-licensing:plan-transport", out}}), "");
  EXPECT_EQ(fleet_->DeviceConfig(0), before) << "a plan changes nothing";

  // apply-transport as an RPC, dry run.
  input["dry-run"] = true;
  HttpReply apply = Http("POST", "/restconf/operations/wlc-licensing:apply-transport",
                         kOperatorToken, json{{"wlc-licensing:input", input}}.dump());
  ASSERT_EQ(apply.status, 200) << apply.body;
  EXPECT_EQ(apply.Json()["wlc-licensing:output"]["changed"], false);
  EXPECT_EQ(
      Yanglint("reply", {{"wlc-licensing:apply-transport", apply.Json()["wlc-licensing:output"]}}),
      "");
}

TEST_F(RestconfTest, FailedApplyCarriesItsOutputInErrorInfo) {
  const std::string before = fleet_->DeviceConfig(0);
  ASSERT_TRUE(fleet_->SetFaults(0, R"({"status":500,"status_path":"cli-rpc"})"));
  json input = {{"controller", Name(0)},
                {"desired",
                 {{"type", "smart"},
                  {"url-default", true},
                  {"proxy", {{"host", "proxy.example.com"}, {"port", 3128}}}}}};
  HttpReply r = Http("POST", "/restconf/operations/wlc-licensing:apply-transport", kOperatorToken,
                     json{{"wlc-licensing:input", input}}.dump());
  fleet_->SetFaults(0, "{}");
  ASSERT_EQ(r.status, 500) << r.body;
  json error = r.Json()["ietf-restconf:errors"]["error"][0];
  EXPECT_EQ(error["error-tag"], "operation-failed");
  json output = error["error-info"]["wlc-licensing:output"];
  ASSERT_TRUE(output.is_object()) << r.body;
  EXPECT_EQ(output["restore"]["attempted"], true) << r.body;
  EXPECT_EQ(output["restore"]["restored"][0], "Cisco-IOS-XE-native:native/license/smart");
  EXPECT_EQ(output["restore"]["left-changed"][0]["cli-to-restore"][0],
            "no license smart proxy address");
  // The same output the YANG declares for the operation.
  EXPECT_EQ(Yanglint("reply", {{"wlc-licensing:apply-transport", output}}), "");
  EXPECT_EQ(fleet_->DeviceConfig(0), before);
}

TEST_F(RestconfTest, DiagnoseRpc) {
  json input = {{"controller", Name(1)}, {"skip-endpoint-probe", true}};
  EXPECT_EQ(Yanglint("rpc", {{"wlc-licensing:diagnose", input}}), "");
  const std::string before = fleet_->DeviceConfig(1);
  HttpReply r = Http("POST", "/restconf/operations/wlc-licensing:diagnose", kReaderToken,
                     json{{"wlc-licensing:input", input}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), kYangJson);
  json out = r.Json()["wlc-licensing:output"];
  ASSERT_TRUE(out.contains("diagnosis")) << r.body;
  const json& d = out["diagnosis"];
  EXPECT_EQ(d["controller"], Name(1));
  EXPECT_TRUE(d["healthy"].get<bool>() || !d.value("finding", json::array()).empty()) << r.body;
  EXPECT_NE(d["health"], "unreachable") << r.body;
  ASSERT_FALSE(d.value("check", json::array()).empty()) << r.body;
  EXPECT_EQ(d["check"][0]["name"], "controller_reachable");
  EXPECT_EQ(d["check"][0]["outcome"], "passed");
  EXPECT_EQ(Yanglint("reply", {{"wlc-licensing:diagnose", out}}), "");
  EXPECT_EQ(fleet_->DeviceConfig(1), before) << "a diagnosis changes nothing";

  ExpectRestconfError(Http("POST", "/restconf/operations/wlc-licensing:diagnose", kReaderToken,
                           json{{"wlc-licensing:input", {{"controller", "no-such-wlc"}}}}.dump()),
                      404, "invalid-value");
  ExpectRestconfError(Http("POST", "/restconf/operations/wlc-licensing:diagnose", "",
                           json{{"wlc-licensing:input", input}}.dump()),
                      401, "access-denied");
}

TEST_F(RestconfTest, EstablishTrustNeverEchoesTheIdToken) {
  // Trust is for controllers that talk to Cisco themselves: smart transport first.
  const std::string transport =
      absl::StrCat("/restconf/data/wlc-licensing:licensing/controller=", Name(0), "/transport");
  ASSERT_EQ(Http("PATCH", transport, kOperatorToken,
                 R"({"wlc-licensing:transport":{"type":"smart","url-default":true}})")
                .status,
            204);
  const std::string token = "wlcsim-valid-restconf-test-1";
  json input = {{"controller", Name(0)}, {"id-token", token}, {"force", true}};
  EXPECT_EQ(Yanglint("rpc", {{"wlc-licensing:establish-trust", input}}), "");
  HttpReply r = Http("POST", "/restconf/operations/wlc-licensing:establish-trust", kOperatorToken,
                     json{{"wlc-licensing:input", input}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, Not(HasSubstr(token)));
  json out = r.Json()["wlc-licensing:output"];
  EXPECT_EQ(out["trust"]["last-result"], "succeeded") << r.body;
  EXPECT_EQ(Yanglint("reply", {{"wlc-licensing:establish-trust", out}}), "");
  // The same token again fails on the controller; the error does not quote it either.
  HttpReply again = Http("POST", "/restconf/operations/wlc-licensing:establish-trust",
                         kOperatorToken, json{{"wlc-licensing:input", input}}.dump());
  EXPECT_THAT(again.body, Not(HasSubstr(token)));
  const std::string log = ReadFileOrEmpty(service_->log_path);
  EXPECT_THAT(log, Not(HasSubstr(token)));
  EXPECT_THAT(log, Not(HasSubstr(kOperatorToken)));
  EXPECT_THAT(log, Not(HasSubstr(kReaderToken)));
  EXPECT_THAT(log, HasSubstr("restconf request"));
}

TEST_F(RestconfTest, AuthenticationAndRoles) {
  const std::string data = "/restconf/data/wlc-licensing:licensing/controller=" + Name(0);
  HttpReply none = Http("GET", data, "");
  ExpectRestconfError(none, 401, "access-denied");
  EXPECT_THAT(none.Header("www-authenticate"), HasSubstr("Bearer"));
  ExpectRestconfError(Http("GET", data, "not-a-known-token-at-all"), 401, "access-denied");

  json transport = {{"wlc-licensing:transport", {{"type", "cslu"}, {"url", kCsluUrl}}}};
  const std::string before = fleet_->DeviceConfig(0);
  ExpectRestconfError(Http("PATCH", data + "/transport", kReaderToken, transport.dump()), 403,
                      "access-denied");
  ExpectRestconfError(Http("PATCH", data + "/transport", "", transport.dump()), 401,
                      "access-denied");
  json input = {{"wlc-licensing:input",
                 {{"controller", Name(0)}, {"desired", {{"type", "cslu"}, {"url", kCsluUrl}}}}}};
  ExpectRestconfError(Http("POST", "/restconf/operations/wlc-licensing:apply-transport",
                           kReaderToken, input.dump()),
                      403, "access-denied");
  EXPECT_EQ(fleet_->DeviceConfig(0), before) << "refused writes change nothing";
}

TEST_F(RestconfTest, MalformedRequests) {
  const std::string op = "/restconf/operations/wlc-licensing:plan-transport";
  ExpectRestconfError(Http("POST", op, kReaderToken, "{not json"), 400, "malformed-message");
  HttpReply unknown = Http("POST", op, kReaderToken,
                           R"({"wlc-licensing:input":{"controller":"x","colour":"red"}})");
  ExpectRestconfError(unknown, 400, "unknown-element");
  EXPECT_EQ(unknown.Json()["ietf-restconf:errors"]["error"][0]["error-path"],
            "/wlc-licensing:plan-transport/input");
  ExpectRestconfError(Http("POST", op, kReaderToken, R"({"input":{}})"), 400, "unknown-element");
  ExpectRestconfError(
      Http("POST", op, kReaderToken, R"({"wlc-licensing:input":{"desired":{"type":"smart"}}})"),
      400, "missing-element");
  ExpectRestconfError(
      Http("POST", op, kReaderToken,
           R"({"wlc-licensing:input":{"controller":"x","desired":{"type":"pigeon"}}})"),
      400, "invalid-value");
  ExpectRestconfError(Http("POST", op, kReaderToken, "<input/>", "application/yang-data+xml"), 415,
                      "invalid-value");
  ExpectRestconfError(Http("POST", "/restconf/operations/wlc-licensing:nope", kReaderToken, "{}"),
                      404, "invalid-value");
  HttpReply wrong_method =
      Http("DELETE", "/restconf/data/wlc-licensing:licensing/controller=" + Name(0));
  ExpectRestconfError(wrong_method, 405, "operation-not-supported");
  EXPECT_EQ(wrong_method.Header("allow"), "GET, OPTIONS");
  ExpectRestconfError(Http("GET", op), 405, "operation-not-supported");
  ExpectRestconfError(Http("POST", op, kReaderToken,
                           json{{"wlc-licensing:input", {{"controller", "no-such-wlc"}}}}.dump()),
                      404, "invalid-value");
}

// Ansible's RESTCONF client (ansible.netcommon.httpapi + restconf) reads one controller.
TEST_F(RestconfTest, AnsibleRestconfGet) {
  int rc = 0;
  Shell("command -v ansible-playbook", &rc);
  if (rc != 0) GTEST_SKIP() << "ansible-playbook is not installed (Debian package ansible)";
  Shell(
      "test -f /usr/lib/python3/dist-packages/ansible_collections/ansible/netcommon/plugins/"
      "httpapi/restconf.py",
      &rc);
  if (rc != 0) GTEST_SKIP() << "the ansible.netcommon collection (restconf httpapi) is missing";
  const std::string adir = *dir_ + "/ansible";
  Shell("mkdir -p " + adir, &rc);
  json host = {
      {"ansible_host", "127.0.0.1"},
      {"ansible_httpapi_port", port_},
      {"ansible_connection", "ansible.netcommon.httpapi"},
      {"ansible_network_os", "ansible.netcommon.restconf"},
      {"ansible_httpapi_use_ssl", true},
      {"ansible_httpapi_validate_certs", false},
      {"ansible_httpapi_session_key", {{"Authorization", absl::StrCat("Bearer ", kReaderToken)}}}};
  // JSON is YAML: an inventory file in YAML form.
  WriteFile(adir + "/inventory.yml",
            json{{"all",
                  {{"hosts",
                    {{"licensingd", host},
                     {"localhost",
                      {{"ansible_connection", "local"},
                       {"ansible_python_interpreter", "/usr/bin/python3"}}}}}}}}
                .dump(2));
  WriteFile(adir + "/playbook.yml", absl::StrCat(R"(- hosts: licensingd
  gather_facts: false
  tasks:
    - name: read one controller over RESTCONF
      ansible.netcommon.restconf_get:
        path: /data/wlc-licensing:licensing/controller=)",
                                                 Name(0), R"(
        output: json
      register: state
    - name: save it
      ansible.builtin.copy:
        content: "{{ state.response | to_json }}"
        dest: )",
                                                 adir, R"(/state.json
      delegate_to: localhost
)"));
  const std::string cmd = absl::StrCat(
      "cd ", adir, " && env HOME=", adir, " ANSIBLE_LOCAL_TEMP=", adir, "/tmp",
      " ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=", adir, "/pc ANSIBLE_NOCOLOR=1",
      " ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 timeout 120 ansible-playbook -i inventory.yml "
      "playbook.yml");
  const std::string out = Shell(cmd, &rc);
  ASSERT_EQ(rc, 0) << cmd << "\n" << out;
  json state = json::parse(ReadFileOrEmpty(adir + "/state.json"), nullptr, false);
  ASSERT_FALSE(state.is_discarded()) << out;
  ASSERT_TRUE(state.contains("wlc-licensing:controller")) << state.dump();
  EXPECT_EQ(state["wlc-licensing:controller"][0]["name"], Name(0));
  EXPECT_EQ(state["wlc-licensing:controller"][0]["transport"]["type"],
            service::restconf::ToYangJson(GrpcState(Name(0)))["transport"]["type"]);
  EXPECT_THAT(out, Not(HasSubstr(kReaderToken)));
}

}  // namespace
}  // namespace wlc::testing
