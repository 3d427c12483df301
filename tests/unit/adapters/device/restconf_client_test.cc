#include "adapters/device/restconf_client.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/unit/adapters/device/fixture.h"

namespace wlc::device {
namespace {

using testing::ClosedPort;
using testing::ExpectEachCallReported;
using testing::ExpectedAuthorization;
using testing::FixtureServer;
using ::testing::HasSubstr;
using testing::kPassword;
using ::testing::Not;
using testing::ObservedCallCase;
using testing::RecordingCallObserver;
using ::testing::StartsWith;

constexpr absl::Duration kTimeout = absl::Seconds(5);

void ExpectNoSecret(const absl::Status& status) {
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr(kPassword)));
  EXPECT_THAT(std::string(status.message()),
              Not(HasSubstr(absl::Base64Escape(absl::StrCat(testing::kUsername, ":", kPassword)))));
}

std::string ErrorBody(const std::string& tag, const std::string& message) {
  return nlohmann::json{
      {"ietf-restconf:errors",
       {{"error",
         {{{"error-type", "application"}, {"error-tag", tag}, {"error-message", message}}}}}}}
      .dump();
}

// --- StatusFromHttp: pure mapping, no server -------------------------------------------------

TEST(StatusFromHttpTest, MapsCodesAndQuotesTheDevice) {
  CredentialsProfile profile{"lab", "netops", kPassword, "", false};
  const DeviceEndpoint device{"wlc-1", "https://127.1.0.5:8443", &profile};
  const std::string what = "PATCH data/Cisco-IOS-XE-native:native/license/smart";
  struct Case {
    long http;
    std::string body;
    absl::StatusCode code;
    std::string message;  // exact when not empty
  };
  const std::vector<Case> cases = {
      {200, "", absl::StatusCode::kOk, ""},
      {201, "", absl::StatusCode::kOk, ""},
      {204, "", absl::StatusCode::kOk, ""},
      {400, ErrorBody("invalid-value", "bad token"), absl::StatusCode::kInvalidArgument,
       "controller wlc-1: PATCH data/Cisco-IOS-XE-native:native/license/smart: HTTP 400 "
       "invalid-value: bad token"},
      {400, ErrorBody("malformed-message", "x"), absl::StatusCode::kInvalidArgument, ""},
      {401, ErrorBody("access-denied", "nope"), absl::StatusCode::kUnauthenticated,
       "controller wlc-1 rejected the credentials of profile lab (PATCH "
       "data/Cisco-IOS-XE-native:native/license/smart: HTTP 401 access-denied: nope)"},
      {403, ErrorBody("access-denied", "nacm"), absl::StatusCode::kPermissionDenied, ""},
      {404, "", absl::StatusCode::kNotFound,
       "controller wlc-1: PATCH data/Cisco-IOS-XE-native:native/license/smart: HTTP 404"},
      {405, "", absl::StatusCode::kUnimplemented, ""},
      {409, ErrorBody("data-exists", "already there"), absl::StatusCode::kAlreadyExists, ""},
      {409, ErrorBody("lock-denied", "locked"), absl::StatusCode::kAborted, ""},
      {409, ErrorBody("in-use", "busy"), absl::StatusCode::kAborted, ""},
      {412, "", absl::StatusCode::kFailedPrecondition, ""},
      {413, "", absl::StatusCode::kInvalidArgument, ""},
      {500, ErrorBody("operation-failed", "crash"), absl::StatusCode::kInternal, ""},
      {500, "<html>not json</html>", absl::StatusCode::kInternal, ""},
      {501, "", absl::StatusCode::kUnimplemented, ""},
      {502, "", absl::StatusCode::kUnavailable, ""},
      {503, ErrorBody("resource-denied", "busy"), absl::StatusCode::kUnavailable, ""},
      {504, "", absl::StatusCode::kUnavailable, ""},
      {302, "", absl::StatusCode::kUnknown, ""},
      {418, "", absl::StatusCode::kUnknown, ""},
      {429, "", absl::StatusCode::kUnknown, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.http);
    HttpResponse response;
    response.status = c.http;
    response.body = c.body;
    const absl::Status status = RestconfClient::StatusFromHttp(device, what, response);
    EXPECT_EQ(status.code(), c.code) << status;
    ExpectNoSecret(status);
    if (!c.message.empty()) {
      EXPECT_EQ(status.message(), c.message);
    }
    if (!status.ok() && c.http != 401) {
      EXPECT_THAT(std::string(status.message()),
                  StartsWith(absl::StrCat("controller wlc-1: ", what, ": HTTP ", c.http)));
    }
  }
}

TEST(StatusFromHttpTest, ReadsEveryErrorAndBareObjects) {
  const DeviceEndpoint device{"wlc-1", "https://x", nullptr};
  HttpResponse response;
  response.status = 409;
  // data-exists in the second entry still means ALREADY_EXISTS.
  response.body = R"({"ietf-restconf:errors":{"error":[
      {"error-tag":"operation-failed","error-message":"first"},
      {"error-tag":"data-exists","error-message":"second"}]}})";
  absl::Status status = RestconfClient::StatusFromHttp(device, "POST data/x", response);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(status.message(),
            "controller wlc-1: POST data/x: HTTP 409 operation-failed: first (and 1 more errors)");

  response.body = R"({"ietf-restconf:errors":{"error":{"error-tag":"data-exists"}}})";
  status = RestconfClient::StatusFromHttp(device, "POST data/x", response);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);

  response.status = 401;
  status = RestconfClient::StatusFromHttp(device, "GET data/x", response);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(status.message()), HasSubstr("none are configured"));
}

TEST(StatusFromHttpTest, DeviceTextIsSanitisedAndBounded) {
  const DeviceEndpoint device{"wlc-1", "https://x", nullptr};
  HttpResponse response;
  response.status = 400;
  response.body = ErrorBody("invalid-value\n",
                            "line one\nline\ttwo\x1b[31m\x7f" + std::string(1000, 'x') + "TAIL");
  const absl::Status status = RestconfClient::StatusFromHttp(device, "GET data/x", response);
  const std::string message(status.message());
  EXPECT_THAT(message, HasSubstr("HTTP 400 invalid-value: line one line two[31m"));
  for (char c : message) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << message;
  EXPECT_THAT(message, Not(HasSubstr("TAIL")));
  EXPECT_THAT(message, HasSubstr("..."));
  EXPECT_LT(message.size(), 400u);

  // A cut never splits a UTF-8 sequence: 2-byte characters, odd offset.
  std::string accents;
  for (int i = 0; i < 400; ++i) accents += "\xC3\xA9";  // é
  response.body = ErrorBody("invalid-value", "x" + accents);
  const std::string cut(RestconfClient::StatusFromHttp(device, "GET data/x", response).message());
  const std::string device_text = cut.substr(cut.find(": x") + 2);
  EXPECT_TRUE(nlohmann::json::accept(nlohmann::json(device_text).dump())) << device_text;
  EXPECT_NE(static_cast<unsigned char>(device_text[device_text.size() - 4]), 0xC3);
}

TEST(StatusFromHttpTest, HostileBodiesDoNotCrash) {
  const DeviceEndpoint device{"wlc-1", "https://x", nullptr};
  HttpResponse response;
  response.status = 400;
  for (const std::string& body :
       {std::string(1 << 20, '['), std::string("{\"ietf-restconf:errors\":[1,2]}"),
        std::string("{\"ietf-restconf:errors\":{\"error\":[1,\"x\",null]}}"),
        std::string("\xff\xfe"), std::string("null")}) {
    response.body = body;
    EXPECT_EQ(RestconfClient::StatusFromHttp(device, "GET data/x", response).code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(EncodeKeyTest, EncodesEverythingOutsideUnreserved) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"wlc-1.site_a~b", "wlc-1.site_a~b"},
      {"AP 1", "AP%201"},
      {"a,b", "a%2Cb"},
      {"a/b", "a%2Fb"},
      {"Cisco-IOS-XE:x=y", "Cisco-IOS-XE%3Ax%3Dy"},
      {"50%", "50%25"},
      {"é", "%C3%A9"},
      {std::string("\x00\x7f", 2), "%00%7F"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(EncodeKey(in), want) << in;
}

// --- Against the fixture server -------------------------------------------------------------

class RestconfClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto launched = FixtureServer::Launch();
    if (launched.ok()) {
      server_ = std::move(launched).value().release();
    } else {
      launch_error_ = new std::string(launched.status().ToString());
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(server_, nullptr) << *launch_error_;
    profile_ = server_->GoodProfile();
    device_ = DeviceEndpoint{"wlc-test", server_->base_url() + "/", &profile_};
  }

  nlohmann::json Recorded(const std::string& id) {
    absl::StatusOr<nlohmann::json> doc = client_.GetData(device_, "recorded/" + id, kTimeout);
    EXPECT_TRUE(doc.ok()) << doc.status();
    return doc.ok() ? *doc : nlohmann::json();
  }

  static FixtureServer* server_;
  static std::string* launch_error_;
  CredentialsProfile profile_;
  DeviceEndpoint device_;
  HttpsClient http_;
  RestconfClient client_{&http_};
};

FixtureServer* RestconfClientTest::server_ = nullptr;
std::string* RestconfClientTest::launch_error_ = nullptr;

TEST_F(RestconfClientTest, GetDataSendsAcceptAndAuthAndParsesJson) {
  absl::StatusOr<nlohmann::json> doc = client_.GetData(device_, "ok", kTimeout);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(*doc, nlohmann::json({{"ok", true}}));

  absl::StatusOr<nlohmann::json> echo = client_.GetData(device_, "/echo", kTimeout);
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ((*echo)["method"], "GET");
  EXPECT_EQ((*echo)["path"], "/restconf/data/echo");
  EXPECT_EQ((*echo)["headers"]["accept"], "application/yang-data+json");
  EXPECT_EQ((*echo)["headers"]["authorization"], ExpectedAuthorization());
}

TEST_F(RestconfClientTest, GetDataOfNoContentIsAnEmptyObject) {
  absl::StatusOr<nlohmann::json> doc = client_.GetData(device_, "empty", kTimeout);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(*doc, nlohmann::json::object());
}

TEST_F(RestconfClientTest, WritesDeliverMethodBodyAndContentType) {
  const nlohmann::json body = {{"Cisco-IOS-XE-native:smart", {{"transport", {{"smart", {}}}}}}};
  ASSERT_TRUE(client_.PatchData(device_, "record/patch", body, kTimeout).ok());
  ASSERT_TRUE(client_.PutData(device_, "record/put", body, kTimeout).ok());
  ASSERT_TRUE(client_.DeleteData(device_, "record/delete", kTimeout).ok());
  for (const auto& [id, method] : std::vector<std::pair<std::string, std::string>>{
           {"patch", "PATCH"}, {"put", "PUT"}, {"delete", "DELETE"}}) {
    SCOPED_TRACE(id);
    const nlohmann::json seen = Recorded(id);
    EXPECT_EQ(seen["method"], method);
    EXPECT_EQ(seen["path"], "/restconf/data/record/" + id);
    EXPECT_EQ(seen["headers"]["authorization"], ExpectedAuthorization());
    if (method == "DELETE") {
      EXPECT_EQ(seen["body"], "");
    } else {
      EXPECT_EQ(seen["headers"]["content-type"], "application/yang-data+json");
      EXPECT_EQ(nlohmann::json::parse(seen["body"].get<std::string>()), body);
    }
  }
}

TEST_F(RestconfClientTest, DeleteOfNoContentSucceeds) {
  EXPECT_TRUE(client_.DeleteData(device_, "empty", kTimeout).ok());
}

TEST_F(RestconfClientTest, InvalidUtf8InABodyIsReplacedNotThrown) {
  const nlohmann::json body = {{"name", std::string("bad\xff")}};
  EXPECT_TRUE(client_.PatchData(device_, "record/utf8", body, kTimeout).ok());
  EXPECT_EQ(Recorded("utf8")["body"], "{\"name\":\"bad\xEF\xBF\xBD\"}");
}

TEST_F(RestconfClientTest, RpcWrapsInputAndUnwrapsOutput) {
  absl::StatusOr<nlohmann::json> output =
      client_.Rpc(device_, "mod:rpc", {{"id-token", "abc"}}, kTimeout);
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_EQ(*output, nlohmann::json({{"received", {{"mod:input", {{"id-token", "abc"}}}}}}));

  output = client_.Rpc(device_, "mod:void", nlohmann::json::object(), kTimeout);
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_EQ(*output, nlohmann::json::object());

  absl::StatusOr<nlohmann::json> echo = client_.Rpc(device_, "m:echo", {}, kTimeout);
  EXPECT_EQ(echo.status().code(), absl::StatusCode::kInternal) << echo.status();  // no output

  for (const std::string bad : {"norpc", ":rpc", "mod:"}) {
    EXPECT_EQ(client_.Rpc(device_, bad, {}, kTimeout).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST_F(RestconfClientTest, HttpErrorsMapToStatusCodes) {
  struct Case {
    std::string path;
    absl::StatusCode code;
    std::string substring;
  };
  const std::vector<Case> cases = {
      {"status/400/invalid-value", absl::StatusCode::kInvalidArgument,
       "controller wlc-test: GET data/status/400/invalid-value: HTTP 400 invalid-value: device "
       "says 400"},
      {"status/401/access-denied", absl::StatusCode::kUnauthenticated,
       "controller wlc-test rejected the credentials of profile lab"},
      {"status/403/access-denied", absl::StatusCode::kPermissionDenied, "HTTP 403"},
      {"status/404/invalid-value", absl::StatusCode::kNotFound, "HTTP 404 invalid-value"},
      {"status/409/data-exists", absl::StatusCode::kAlreadyExists, "HTTP 409 data-exists"},
      {"status/409/lock-denied", absl::StatusCode::kAborted, "HTTP 409 lock-denied"},
      {"status/412", absl::StatusCode::kFailedPrecondition, "HTTP 412"},
      {"status/500", absl::StatusCode::kInternal, "HTTP 500 operation-failed: device says 500"},
      {"status/503/resource-denied", absl::StatusCode::kUnavailable, "HTTP 503"},
      {"longmessage", absl::StatusCode::kInvalidArgument, "line one line two"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    absl::Status status = client_.GetData(device_, c.path, kTimeout).status();
    EXPECT_EQ(status.code(), c.code) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.substring));
    ExpectNoSecret(status);
    // The same mapping holds for writes.
    status = client_.PatchData(device_, c.path, {{"a", 1}}, kTimeout);
    EXPECT_EQ(status.code(), c.code) << status;
    ExpectNoSecret(status);
  }
}

TEST_F(RestconfClientTest, MalformedJsonIsInternal) {
  absl::Status status = client_.GetData(device_, "malformed", kTimeout).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(status.message(), "controller wlc-test: GET data/malformed: malformed JSON in answer");
  status = client_.Rpc(device_, "m:malformed", {}, kTimeout).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
}

TEST_F(RestconfClientTest, WrongPasswordIsUnauthenticatedAndNamesTheProfileOnly) {
  CredentialsProfile wrong = profile_;
  wrong.password = std::string(kPassword) + "-old";
  DeviceEndpoint device = device_;
  device.credentials = &wrong;
  absl::Status status = client_.GetData(device, "auth", kTimeout).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << status;
  EXPECT_THAT(std::string(status.message()),
              StartsWith("controller wlc-test rejected the credentials of profile lab"));
  ExpectNoSecret(status);
  EXPECT_TRUE(client_.GetData(device_, "auth", kTimeout).ok());
}

TEST_F(RestconfClientTest, TransportErrorsKeepTheirCodeWithTheControllerPrefixed) {
  const std::string closed = absl::StrCat("https://127.0.0.1:", ClosedPort());
  DeviceEndpoint down{"wlc-down", closed, &profile_};
  absl::Status status = client_.GetData(down, "ok", kTimeout).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()),
              StartsWith(absl::StrCat("controller wlc-down: GET data/ok: ", closed,
                                      ": connection refused")));

  status = client_.PatchData(device_, "silent", {}, absl::Milliseconds(300));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_THAT(std::string(status.message()), StartsWith("controller wlc-test: PATCH data/silent"));

  DeviceEndpoint bad_url{"wlc-bad", "not a url", &profile_};
  EXPECT_EQ(client_.DeleteData(bad_url, "x", kTimeout).code(), absl::StatusCode::kInvalidArgument);
}

// Every failure mode, one recognisable password: it must appear in none of the messages.
TEST_F(RestconfClientTest, NoPasswordInAnyErrorMessage) {
  CredentialsProfile other_ca = profile_;
  other_ca.ca_file = server_->tls().other_ca;
  CredentialsProfile wrong = profile_;
  wrong.password = std::string(kPassword) + "-old";
  const std::string origin = server_->base_url();
  const std::vector<DeviceEndpoint> devices = {
      device_,
      {"wlc-wrong-ca", origin, &other_ca},
      {"wlc-wrong-password", origin, &wrong},
      {"wlc-down", absl::StrCat("https://127.0.0.1:", ClosedPort()), &profile_},
      {"wlc-userinfo", absl::StrCat("https://netops:", kPassword, "@127.0.0.1:", server_->port()),
       &profile_},
      {"wlc-garbage", absl::StrCat("https://[", kPassword, "]:1"), &profile_},
  };
  const std::vector<std::string> paths = {"auth",       "status/400/invalid-value",
                                          "status/401", "status/409/data-exists",
                                          "status/500", "malformed",
                                          "reset",      "close",
                                          "silent"};
  int failures = 0;
  for (const DeviceEndpoint& device : devices) {
    for (const std::string& path : paths) {
      SCOPED_TRACE(device.name + " " + path);
      for (const absl::Status& status :
           {client_.GetData(device, path, absl::Milliseconds(300)).status(),
            client_.PatchData(device, path, {{"password", "body-only"}}, absl::Milliseconds(300)),
            client_.Rpc(device, "m:" + path, {}, absl::Milliseconds(300)).status()}) {
        if (status.ok()) continue;
        ++failures;
        ExpectNoSecret(status);
        EXPECT_THAT(std::string(status.message()), Not(HasSubstr("body-only")));
      }
    }
  }
  EXPECT_GT(failures, 100);
}

// Each call reaches the observer once, with its method and the status the caller gets: the
// HTTP answer's code, a timeout's, a malformed answer's. An RPC name refused up front is no call.
TEST_F(RestconfClientTest, ReportsEveryCallWithItsMethodAndOutcome) {
  RecordingCallObserver observer;
  const RestconfClient client(&http_, &observer);
  const std::vector<ObservedCallCase> cases = {
      {"GET 200", [&] { return client.GetData(device_, "ok", kTimeout).status(); }, "GET",
       absl::StatusCode::kOk},
      {"GET 404",
       [&] { return client.GetData(device_, "status/404/invalid-value", kTimeout).status(); },
       "GET", absl::StatusCode::kNotFound},
      {"GET 500", [&] { return client.GetData(device_, "status/500", kTimeout).status(); }, "GET",
       absl::StatusCode::kInternal},
      {"GET timeout",
       [&] { return client.GetData(device_, "silent", absl::Milliseconds(300)).status(); }, "GET",
       absl::StatusCode::kDeadlineExceeded},
      {"GET malformed", [&] { return client.GetData(device_, "malformed", kTimeout).status(); },
       "GET", absl::StatusCode::kInternal},
      {"PATCH 200",
       [&] {
         return client.PatchData(device_, "record/p", {{"a", 1}}, kTimeout);
       },
       "PATCH", absl::StatusCode::kOk},
      {"PUT 409",
       [&] {
         return client.PutData(device_, "status/409/data-exists", {{"a", 1}}, kTimeout);
       },
       "PUT", absl::StatusCode::kAlreadyExists},
      {"DELETE 204", [&] { return client.DeleteData(device_, "empty", kTimeout); }, "DELETE",
       absl::StatusCode::kOk},
      {"RPC 200", [&] { return client.Rpc(device_, "mod:rpc", {}, kTimeout).status(); }, "POST",
       absl::StatusCode::kOk},
      {"RPC 503", [&] { return client.Rpc(device_, "m:status/503/x", {}, kTimeout).status(); },
       "POST", absl::StatusCode::kUnavailable},
      {"clock 404", [&] { return client.DeviceClock(device_, kTimeout).status(); }, "GET",
       absl::StatusCode::kNotFound},
      {"refused connection",
       [&] {
         const DeviceEndpoint down{"wlc-down", absl::StrCat("https://127.0.0.1:", ClosedPort()),
                                   &profile_};
         return client.GetData(down, "ok", kTimeout).status();
       },
       "GET", absl::StatusCode::kUnavailable},
  };
  ExpectEachCallReported(observer, DeviceApi::kRestconf, cases);

  // The timeout's duration is the time the caller waited.
  EXPECT_FALSE(client.GetData(device_, "silent", absl::Milliseconds(300)).ok());
  const std::vector<RecordingCallObserver::Finished> slow = observer.Take();
  ASSERT_EQ(slow.size(), 1u);
  EXPECT_GE(slow[0].took, absl::Milliseconds(250));
  EXPECT_LT(slow[0].took, kTimeout);

  EXPECT_EQ(client.Rpc(device_, "norpc", {}, kTimeout).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(observer.Take().empty());
}

// --- Retries (ReadRetryPolicy, WriteRetryPolicy) against the fixture's flaky routes ----------

class RestconfRetryTest : public RestconfClientTest {
 protected:
  // A route id no other test uses, so the fixture's per-id counter starts at zero.
  static std::string Fresh(const std::string& what) {
    static int next = 0;
    return absl::StrCat(what, "-", ++next);
  }
  int Hits(const std::string& id) {
    absl::StatusOr<nlohmann::json> doc = plain_.GetData(device_, "hits/" + id, kTimeout);
    EXPECT_TRUE(doc.ok()) << doc.status();
    return doc.ok() ? (*doc)["hits"].get<int>() : -1;
  }
  RecordingCallObserver observer_;
  RestconfClient observed_{&http_, &observer_};
  RestconfClient plain_{&http_};
};

TEST_F(RestconfRetryTest, EachTransientReadFailureIsRetriedAndSucceeds) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"status/500", "http_500"}, {"status/502", "http_502"}, {"status/503", "http_503"},
      {"status/504", "http_504"}, {"reset", "reset"},         {"close", "eof"},
      {"truncated", "truncated"}};
  for (const auto& [route, cause] : cases) {
    SCOPED_TRACE(route);
    const std::string id = Fresh("read");
    CallStats stats;
    DeviceEndpoint device = device_;
    device.stats = &stats;
    // A new client, so the failing attempt is on a new connection: on a kept-alive one libcurl
    // replaces a connection that fails before any answer itself (the next test).
    HttpsClient http;
    RestconfClient client(&http, &observer_);
    absl::StatusOr<nlohmann::json> doc =
        client.GetData(device, absl::StrCat("flaky/", id, "/1/", route), kTimeout);
    ASSERT_TRUE(doc.ok()) << doc.status();
    EXPECT_EQ((*doc)["attempt"], 2);
    EXPECT_EQ(Hits(id), 2);
    EXPECT_EQ(stats.attempts(), 2);
    EXPECT_EQ(stats.retries(), (std::map<std::string, int64_t>{{cause, 1}}));
    EXPECT_EQ(observer_.TakeRetries(), std::vector<std::string>{cause});
    std::vector<RecordingCallObserver::Finished> calls = observer_.Take();
    ASSERT_EQ(calls.size(), 1u);  // one call, two attempts
    EXPECT_EQ(calls[0].code, absl::StatusCode::kOk);
  }
}

TEST_F(RestconfRetryTest, AReadOnAKeptAliveConnectionTheServerDroppedSucceeds) {
  for (const std::string route : {"reset", "close"}) {
    SCOPED_TRACE(route);
    ASSERT_TRUE(observed_.GetData(device_, "ok", kTimeout).ok());  // a kept-alive connection
    const std::string id = Fresh("dropped");
    absl::StatusOr<nlohmann::json> doc =
        observed_.GetData(device_, absl::StrCat("flaky/", id, "/1/", route), kTimeout);
    ASSERT_TRUE(doc.ok()) << doc.status();
    EXPECT_EQ(Hits(id), 2);
    observer_.TakeRetries();  // a libcurl replacement or a retry: either is fine for a read
  }
}

TEST_F(RestconfRetryTest, ReadAttemptsAreBounded) {
  const std::string id = Fresh("bounded");
  CallStats stats;
  DeviceEndpoint device = device_;
  device.stats = &stats;
  absl::StatusOr<nlohmann::json> doc =
      observed_.GetData(device, absl::StrCat("flaky/", id, "/100/status/503"), kTimeout);
  EXPECT_EQ(doc.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Hits(id), 4);
  EXPECT_EQ(stats.attempts(), 4);
}

TEST_F(RestconfRetryTest, NoRetryStartsWhoseBackoffWouldPassTheDeadline) {
  // 40 ms leaves room for the first attempt only: backoffs of up to 100, 200, 400 ms would
  // mostly end past it, and none may run over.
  for (int i = 0; i < 5; ++i) {
    const std::string id = Fresh("deadline");
    const absl::Time start = absl::Now();
    absl::StatusOr<nlohmann::json> doc = observed_.GetData(
        device_, absl::StrCat("flaky/", id, "/100/status/500"), absl::Milliseconds(40));
    EXPECT_FALSE(doc.ok());
    EXPECT_LT(absl::Now() - start, absl::Milliseconds(40) + absl::Milliseconds(100));
  }
}

TEST_F(RestconfRetryTest, AmbiguousWriteFailuresAreNotRetried) {
  for (const std::string route : {"status/500", "status/503", "reset", "close", "truncated",
                                  "status/409/operation-failed", "status/409/data-exists"}) {
    SCOPED_TRACE(route);
    ASSERT_TRUE(observed_.GetData(device_, "ok", kTimeout).ok());  // a kept-alive connection
    const std::string id = Fresh("write");
    CallStats stats;
    DeviceEndpoint device = device_;
    device.stats = &stats;
    const absl::Status status = observed_.PatchData(
        device, absl::StrCat("flaky/", id, "/1/", route), nlohmann::json{{"a", 1}}, kTimeout);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(Hits(id), 1);  // the server saw exactly one write
    EXPECT_EQ(stats.attempts(), 1);
    EXPECT_TRUE(observer_.TakeRetries().empty());
  }
}

TEST_F(RestconfRetryTest, AWriteThatTimedOutIsNotRetried) {
  const std::string id = Fresh("timeout");
  const absl::Status status =
      observed_.PatchData(device_, absl::StrCat("flaky/", id, "/1/silent"),
                          nlohmann::json{{"a", 1}}, absl::Milliseconds(300));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Hits(id), 1);
}

TEST_F(RestconfRetryTest, WritesTheControllerRefusedUntouchedAreRetriedAndLandOnce) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"lock-denied", "lock_denied"}, {"in-use", "in_use"}, {"resource-denied", "resource_denied"}};
  for (const auto& [tag, cause] : cases) {
    SCOPED_TRACE(tag);
    const std::string id = Fresh("lock");
    CallStats stats;
    DeviceEndpoint device = device_;
    device.stats = &stats;
    const absl::Status status =
        observed_.PatchData(device, absl::StrCat("flaky/", id, "/2/status/409/", tag),
                            nlohmann::json{{"a", 1}}, kTimeout);
    EXPECT_TRUE(status.ok()) << status;
    EXPECT_EQ(Hits(id), 3);  // two refusals, then the one write that landed
    EXPECT_EQ(stats.attempts(), 3);
    EXPECT_EQ(stats.retries(), (std::map<std::string, int64_t>{{cause, 2}}));
    EXPECT_EQ(observer_.TakeRetries(), (std::vector<std::string>{cause, cause}));
  }
  // An RPC is a write too.
  const std::string id = Fresh("rpc");
  EXPECT_TRUE(observed_
                  .Rpc(device_, absl::StrCat("m:flaky/", id, "/1/status/409/lock-denied"),
                       nlohmann::json::object(), kTimeout)
                  .ok());
  EXPECT_EQ(Hits(id), 2);
}

TEST_F(RestconfRetryTest, AsyncGetIsRetriedWithoutBlockingTheLoop) {
  const std::string id = Fresh("async");
  CallStats stats;
  DeviceEndpoint device = device_;
  device.stats = &stats;
  testing::Latch retried(1);
  std::mutex mu;
  absl::StatusOr<nlohmann::json> result = absl::UnknownError("not called");
  observed_.GetDataAsync(device, absl::StrCat("flaky/", id, "/2/status/503"), kTimeout,
                         [&](absl::StatusOr<nlohmann::json> doc) {
                           std::lock_guard<std::mutex> lock(mu);
                           result = std::move(doc);
                           retried.CountDown();
                         });
  // While it backs off, the same loop serves other requests at once.
  for (int i = 0; i < 5; ++i) {
    const absl::Time start = absl::Now();
    EXPECT_TRUE(plain_.GetData(device_, "ok", kTimeout).ok());
    EXPECT_LT(absl::Now() - start, absl::Milliseconds(100));
  }
  ASSERT_TRUE(retried.WaitFor(std::chrono::seconds(10)));
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)["attempt"], 3);
  EXPECT_EQ(stats.attempts(), 3);
  EXPECT_EQ(stats.retries(), (std::map<std::string, int64_t>{{"http_503", 2}}));
}

TEST_F(RestconfRetryTest, ControllerClosingKeptAliveConnectionsIsNoFailure) {
  // IOS-XE's request limit (announced) and an unannounced close found on reuse.
  for (const std::string route : {"limit/3", "dropafter/2"}) {
    SCOPED_TRACE(route);
    for (int i = 0; i < 10; ++i) {
      CallStats stats;
      DeviceEndpoint device = device_;
      device.stats = &stats;
      absl::StatusOr<nlohmann::json> doc = observed_.GetData(device, route, kTimeout);
      EXPECT_TRUE(doc.ok()) << doc.status();
      EXPECT_EQ(stats.attempts(), 1);  // replaced under the request, not retried
    }
  }
  EXPECT_TRUE(observer_.TakeRetries().empty());
}

}  // namespace
}  // namespace wlc::device
