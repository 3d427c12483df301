// Bearer tokens and roles: one token one role (a token listed twice is a load error that names
// the entries, never the token), and the operator-only checks with their precise codes.
#include "service/auth.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wlc::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "tok-0123456789abcdef-secret";

TEST(AuthorizerTest, ATokenListedTwiceIsALoadError) {
  const std::string digest = Sha256Hex(kToken);
  for (const std::string& text :
       {std::string(R"({"tokens":[{"name":"ci","role":"operator","token":")") + kToken +
            R"("},{"name":"grafana","role":"reader","token":")" + kToken + R"("}]})",
        std::string(R"({"tokens":[{"name":"ci","role":"operator","token":")") + kToken +
            R"("},{"name":"grafana","role":"reader","sha256":")" + digest + R"("}]})",
        std::string(R"({"tokens":[{"name":"a","role":"reader","sha256":")") + digest +
            R"("},{"name":"b","role":"reader","sha256":")" + digest + R"("}]})"}) {
    absl::StatusOr<Authorizer> a = Authorizer::FromJson(text, false);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(a.status().message(), HasSubstr("same token"));
    EXPECT_THAT(a.status().message(), Not(HasSubstr(kToken)));
    EXPECT_THAT(a.status().message(), Not(HasSubstr(digest)));
  }
}

TEST(AuthorizerTest, RolesDecideWithPreciseCodes) {
  absl::StatusOr<Authorizer> a = Authorizer::FromJson(
      std::string(R"({"tokens":[{"name":"ops","role":"operator","token":")") + kToken +
          R"("},{"name":"grafana","role":"reader","token":"reader-0123456789abcdef"}]})",
      false);
  ASSERT_TRUE(a.ok()) << a.status();
  absl::StatusOr<Principal> anon = a->Authenticate("");
  absl::StatusOr<Principal> reader = a->Authenticate("Bearer reader-0123456789abcdef");
  absl::StatusOr<Principal> op = a->Authenticate(std::string("Bearer ") + kToken);
  ASSERT_TRUE(anon.ok() && reader.ok() && op.ok());
  EXPECT_EQ(a->Authenticate("Bearer nope-nope-nope-nope").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(a->AuthorizeRead(*anon, "X").code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(a->AuthorizeRead(*reader, "X").ok());
  EXPECT_EQ(a->AuthorizeWrite(*reader, "ApplyTransport").code(),
            absl::StatusCode::kPermissionDenied);
  absl::Status adhoc = a->AuthorizeOperator(*reader, "ListLicensingStates", "with ad-hoc targets");
  EXPECT_EQ(adhoc.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(adhoc.message(), HasSubstr("with ad-hoc targets"));
  EXPECT_EQ(a->AuthorizeOperator(*anon, "ListLicensingStates", "with ad-hoc targets").code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(a->AuthorizeOperator(*op, "ListLicensingStates", "with ad-hoc targets").ok());
  // Without tokens, anonymous writes (and operator reads) only where the config allows them.
  EXPECT_FALSE(Authorizer(false).AuthorizeOperator(Principal{}, "X", "y").ok());
  EXPECT_TRUE(Authorizer(true).AuthorizeOperator(Principal{}, "X", "y").ok());
}

}  // namespace
}  // namespace wlc::service
