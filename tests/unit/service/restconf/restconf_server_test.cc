// The RESTCONF routing of the diagnose operation, in process: a RestconfServer on 127.0.0.1
// port 0 (plain HTTP) in front of a LicensingHandler with an empty inventory, so every answer
// is decided before any device traffic.
#include "service/restconf/restconf_server.h"

#include <memory>
#include <string>
#include <vector>

#include "adapters/common/input_limits.h"
#include "adapters/registry.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "service/config.h"

namespace wlc::service::restconf {
namespace {

using json = nlohmann::json;

constexpr char kYangJson[] = "application/yang-data+json";

class RestconfServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handler_ = std::make_unique<LicensingHandler>(&config_, &registry_, &http_);
    RestconfOptions options;
    options.allow_plain_http = true;
    options.threads = 2;
    server_ = std::make_unique<RestconfServer>(handler_.get(), &authorizer_, options);
    absl::StatusOr<int> port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
  }
  void TearDown() override { server_->Stop(); }

  httplib::Result Post(const std::string& path, const std::string& body) {
    return client_->Post(path, httplib::Headers{{"Accept", kYangJson}}, body, kYangJson);
  }

  Config config_;
  adapters::AdapterRegistry registry_;
  device::HttpsClient http_;
  Authorizer authorizer_;  // no tokens: anonymous readers
  std::unique_ptr<LicensingHandler> handler_;
  std::unique_ptr<RestconfServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(RestconfServerTest, OperationsListDiagnose) {
  httplib::Result r = client_->Get("/restconf/operations", httplib::Headers{{"Accept", kYangJson}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(json::parse(r->body)["ietf-restconf:operations"].contains("wlc-licensing:diagnose"))
      << r->body;
}

TEST_F(RestconfServerTest, DiagnoseUnknownControllerIsRfc8040NotFound) {
  httplib::Result r =
      Post("/restconf/operations/wlc-licensing:diagnose",
           R"({"wlc-licensing:input":{"controller":"wlc-00001","skip-endpoint-probe":false}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), kYangJson);
  const json body = json::parse(r->body, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << r->body;
  const json& e = body["ietf-restconf:errors"]["error"][0];
  EXPECT_EQ(e["error-type"], "application") << r->body;
  EXPECT_EQ(e["error-tag"], "invalid-value") << r->body;
  EXPECT_EQ(e["error-path"], "/wlc-licensing:licensing/controller[name='wlc-00001']") << r->body;
  EXPECT_NE(e["error-message"].get<std::string>().find("wlc-00001"), std::string::npos);
}

TEST_F(RestconfServerTest, DiagnoseRejectsBadInput) {
  struct Case {
    const char* body;
    int status;
    const char* tag;
  };
  const Case cases[] = {
      {R"({"wlc-licensing:input":{}})", 400, "missing-element"},
      {R"({"wlc-licensing:input":{"controller":"a","probe":true}})", 400, "unknown-element"},
      {R"({"wlc-licensing:input":{"controller":"a","skip-endpoint-probe":"yes"}})", 400,
       "invalid-value"},
      {R"({"input":{"controller":"a"}})", 400, "unknown-element"},
  };
  for (const Case& c : cases) {
    httplib::Result r = Post("/restconf/operations/wlc-licensing:diagnose", c.body);
    ASSERT_TRUE(r) << c.body;
    EXPECT_EQ(r->status, c.status) << c.body << " -> " << r->body;
    EXPECT_EQ(json::parse(r->body)["ietf-restconf:errors"]["error"][0]["error-tag"], c.tag)
        << c.body << " -> " << r->body;
  }
  httplib::Result get = client_->Get("/restconf/operations/wlc-licensing:diagnose",
                                     httplib::Headers{{"Accept", kYangJson}});
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 405);
  EXPECT_EQ(get->get_header_value("Allow"), "POST, OPTIONS");
}

// The limits of adapters/common/input_limits.h on the wire: a hostile body gets a clear 400 and
// the server keeps serving.
TEST_F(RestconfServerTest, HostileBodiesAreRefusedAndTheServerKeepsServing) {
  const std::string deep = "{\"wlc-licensing:input\":" + std::string(100000, '[') + "}";
  struct Case {
    const char* name;
    std::string path;
    std::string body;
    int status;
    std::string message;  // how the error-message starts
  };
  const std::vector<Case> cases = {
      {"100,000 deep to plan-transport", "/restconf/operations/wlc-licensing:plan-transport", deep,
       400, "the body: nested deeper than 64 levels"},
      {"100,000 deep to diagnose", "/restconf/operations/wlc-licensing:diagnose", deep, 400,
       "the body: nested deeper than 64 levels"},
      {"1 MB member name", "/restconf/operations/wlc-licensing:diagnose",
       "{\"" + std::string(1 << 19, 'm') + "\":1}", 400,
       "unexpected member '" + std::string(64, 'm') + "\xE2\x80\xA6 (524288 bytes)'"},
      {"1 MB controller name", "/restconf/operations/wlc-licensing:diagnose",
       "{\"wlc-licensing:input\":{\"controller\":\"" + std::string(1 << 19, 'c') + "\"}}", 400,
       "controller name too long ('" + std::string(64, 'c') + "\xE2\x80\xA6 (524288 bytes)')"},
  };
  for (const Case& c : cases) {
    httplib::Result r = Post(c.path, c.body);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(r->status, c.status) << c.name << ": " << r->body.substr(0, 300);
    const json body = json::parse(r->body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << c.name;
    const std::string message = body["ietf-restconf:errors"]["error"][0]["error-message"];
    EXPECT_EQ(message.substr(0, c.message.size()), c.message) << c.name << ": " << message;
    EXPECT_LT(r->body.size(), 1000u) << c.name << ": the error echoes the input";
  }
  // Larger than the body limit: refused by the listener.
  httplib::Result big = Post("/restconf/operations/wlc-licensing:diagnose",
                             std::string(limits::kMaxRestconfBodyBytes + 1, ' '));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  httplib::Result still =
      client_->Get("/restconf/operations", httplib::Headers{{"Accept", kYangJson}});
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
}

// Answer() applies the same limits without a listener (the listener's own caps do not apply).
TEST_F(RestconfServerTest, AnswerEnforcesTargetAndNameLimits) {
  struct Case {
    const char* name;
    std::string method;
    std::string target;
    std::string body;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"9 KB target", "GET", "/restconf/data/" + std::string(9000, 'x'), "", 414,
       "request target too long (9015 bytes, at most 8192)"},
      {"2 MB body", "POST", "/restconf/operations/wlc-licensing:diagnose",
       std::string(2 << 20, ' '), 413, "the body is larger than 1048576 bytes"},
      {"unknown operation quoted short", "POST", "/restconf/operations/" + std::string(8000, 'o'),
       "", 404, "no such resource: /restconf/operations/" + std::string(43, 'o')},
      {"bad query parameter quoted short", "GET", "/restconf/data?" + std::string(8000, 'q') + "=1",
       "", 400,
       "unsupported query parameter '" + std::string(64, 'q') + "\xE2\x80\xA6 (8000 bytes)'"},
      {"long name in the path", "GET",
       "/restconf/data/wlc-licensing:licensing/controller=" + std::string(100, 'w'), "", 400,
       "controller name too long ('" + std::string(64, 'w') + "\xE2\x80\xA6 (100 bytes)')"},
  };
  for (const Case& c : cases) {
    httplib::Request req;
    req.method = c.method;
    req.target = c.target;
    req.body = c.body;
    req.headers.emplace("Content-Type", kYangJson);
    RestconfReply reply = server_->Answer(req);
    EXPECT_EQ(reply.status, c.status) << c.name << ": " << reply.body.substr(0, 300);
    const json body = json::parse(reply.body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << c.name;
    const std::string message = body["ietf-restconf:errors"]["error"][0]["error-message"];
    EXPECT_EQ(message.substr(0, c.message.size()), c.message) << c.name << ": " << message;
    EXPECT_LT(reply.body.size(), 1000u) << c.name << ": the error echoes the input";
  }
}

}  // namespace
}  // namespace wlc::service::restconf
