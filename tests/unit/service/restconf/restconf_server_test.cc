// The RESTCONF routing of the diagnose operation, in process: a RestconfServer on 127.0.0.1
// port 0 (plain HTTP) in front of a LicensingHandler with an empty inventory, so every answer
// is decided before any device traffic.
#include "service/restconf/restconf_server.h"

#include <memory>
#include <string>

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

}  // namespace
}  // namespace wlc::service::restconf
