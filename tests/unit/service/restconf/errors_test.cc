#include "service/restconf/errors.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "observability/logging.h"
#include "service/restconf/json_model.h"

namespace wlc::service::restconf {
namespace {

TEST(FromStatusTest, MapsEveryCode) {
  struct Case {
    absl::StatusCode code;
    int http;
    const char* tag;
  };
  const Case cases[] = {
      {absl::StatusCode::kInvalidArgument, 400, "invalid-value"},
      {absl::StatusCode::kOutOfRange, 400, "invalid-value"},
      {absl::StatusCode::kFailedPrecondition, 400, "operation-failed"},
      {absl::StatusCode::kUnauthenticated, 401, "access-denied"},
      {absl::StatusCode::kPermissionDenied, 403, "access-denied"},
      {absl::StatusCode::kNotFound, 404, "invalid-value"},
      {absl::StatusCode::kAlreadyExists, 409, "data-exists"},
      {absl::StatusCode::kAborted, 409, "in-use"},
      {absl::StatusCode::kResourceExhausted, 429, "resource-denied"},
      {absl::StatusCode::kUnimplemented, 501, "operation-not-supported"},
      {absl::StatusCode::kUnavailable, 503, "operation-failed"},
      {absl::StatusCode::kDeadlineExceeded, 504, "operation-failed"},
      {absl::StatusCode::kInternal, 500, "operation-failed"},
      {absl::StatusCode::kUnknown, 500, "operation-failed"},
      {absl::StatusCode::kCancelled, 500, "operation-failed"},
      {absl::StatusCode::kDataLoss, 500, "operation-failed"},
  };
  for (const Case& c : cases) {
    RestconfError e = FromStatus(absl::Status(c.code, "boom"), "application", "/p");
    EXPECT_EQ(e.http_status, c.http) << absl::StatusCodeToString(c.code);
    EXPECT_EQ(e.tag, c.tag) << absl::StatusCodeToString(c.code);
    EXPECT_EQ(e.type, "application");
    EXPECT_EQ(e.path, "/p");
  }
}

TEST(FromStatusTest, UsesTheTagAndPathOfTheParser) {
  absl::Status s = WithRestconfError(absl::InvalidArgumentError("x"), "unknown-element",
                                     "/wlc-licensing:plan-transport/input/colour");
  RestconfError e = FromStatus(s, "protocol", "/ignored");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.tag, "unknown-element");
  EXPECT_EQ(e.path, "/wlc-licensing:plan-transport/input");
  EXPECT_EQ(e.bad_element, "colour");
}

TEST(ErrorBodyTest, Rfc8040ShapeAndRedaction) {
  log::RegisterSecret("hunter2-password");
  RestconfError e = FromStatus(absl::UnavailableError("login hunter2-password refused"),
                               "application", "/wlc-licensing:licensing/controller[name='a']");
  nlohmann::json body = nlohmann::json::parse(ErrorBody(e));
  const nlohmann::json& err = body["ietf-restconf:errors"]["error"][0];
  EXPECT_EQ(err["error-type"], "application");
  EXPECT_EQ(err["error-tag"], "operation-failed");
  EXPECT_EQ(err["error-path"], "/wlc-licensing:licensing/controller[name='a']");
  EXPECT_EQ(err["error-message"].get<std::string>().find("hunter2"), std::string::npos);
  log::UnregisterSecret("hunter2-password");

  nlohmann::json no_path =
      nlohmann::json::parse(ErrorBody(ProtocolError(415, "invalid-value", "media")));
  EXPECT_FALSE(no_path["ietf-restconf:errors"]["error"][0].contains("error-path"));
  EXPECT_EQ(no_path["ietf-restconf:errors"]["error"][0]["error-type"], "protocol");
}

TEST(ErrorBodyTest, ErrorInfoCarriesBadElementAndMoreMembers) {
  RestconfError e = ProtocolError(400, "unknown-element", "unknown member", "/x:y");
  e.bad_element = "bogus";
  e.info = {{"wlc-licensing:output", {{"changed", true}, {"plan", {{"controller", "\xff"}}}}}};
  nlohmann::json body = nlohmann::json::parse(ErrorBody(e));
  const nlohmann::json& info = body["ietf-restconf:errors"]["error"][0]["error-info"];
  EXPECT_EQ(info["bad-element"], "bogus");
  EXPECT_EQ(info["wlc-licensing:output"]["changed"], true);
  // A device string that is not UTF-8 is replaced, not thrown on.
  EXPECT_EQ(info["wlc-licensing:output"]["plan"]["controller"], "\xef\xbf\xbd");
}

// Found by tests/fuzz (regressions/restconf_request/path-invalid-utf8-in-error): a resource path
// with bytes that are not UTF-8 is quoted in the error, and the body must still be JSON.
TEST(ErrorBodyTest, InvalidUtf8InTheMessageIsReplaced) {
  const std::string body =
      ErrorBody(ProtocolError(404, "invalid-value", "no such resource: /restconf\xef\xef/x"));
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << body;
  EXPECT_EQ(parsed["ietf-restconf:errors"]["error"][0]["error-message"],
            "no such resource: /restconf\xEF\xBF\xBD\xEF\xBF\xBD/x");
}

}  // namespace
}  // namespace wlc::service::restconf
