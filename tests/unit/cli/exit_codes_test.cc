// cli/exit_codes.h: code names, redaction of secrets, and the exit code of a failed RPC.
#include "cli/exit_codes.h"

#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

TEST(CliExitCodesTest, CodeNames) {
  EXPECT_EQ(CodeName(0), "OK");
  EXPECT_EQ(CodeName(5), "NOT_FOUND");
  EXPECT_EQ(CodeName(14), "UNAVAILABLE");
  EXPECT_EQ(CodeName(16), "UNAUTHENTICATED");
  EXPECT_EQ(CodeName(17), "CODE_17");
  EXPECT_EQ(CodeName(-1), "CODE_-1");
}

TEST(CliExitCodesTest, RedactReplacesEveryNonEmptySecret) {
  EXPECT_EQ(Redact("token abc and abc, key k1", {"abc", "", "k1"}),
            "token [REDACTED] and [REDACTED], key [REDACTED]");
  EXPECT_EQ(Redact("nothing here", {}), "nothing here");
}

TEST(CliExitCodesTest, ReportRpcErrorPrintsAndChoosesTheExitCode) {
  struct Case {
    grpc::StatusCode code;
    int exit_code;
  };
  for (const Case& c : {Case{grpc::StatusCode::UNAUTHENTICATED, kExitDenied},
                        Case{grpc::StatusCode::PERMISSION_DENIED, kExitDenied},
                        Case{grpc::StatusCode::UNAVAILABLE, kExitRequestFailed},
                        Case{grpc::StatusCode::INVALID_ARGUMENT, kExitRequestFailed}}) {
    std::ostringstream err;
    EXPECT_EQ(ReportRpcError(grpc::Status(c.code, "id token sekrit rejected"), err, {"sekrit"}),
              c.exit_code);
    EXPECT_EQ(err.str(), "error: " + CodeName(c.code) + ": id token [REDACTED] rejected\n");
  }
}

}  // namespace
}  // namespace wlc::cli
