#include "observability/logging.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace wlc::log {
namespace {

TEST(LoggingTest, LinesAreJsonWithSecretsRedacted) {
  RegisterSecret("hunter2-password");
  std::string line = FormatLine(
      Level::kInfo, "login with hunter2-password failed",
      {{"controller", "wlc-1"}, {"password", "anything"}, {"detail", "x hunter2-password y"}});
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["controller"], "wlc-1");
  EXPECT_EQ(j["password"], "[REDACTED]");
  EXPECT_EQ(line.find("hunter2"), std::string::npos);
  UnregisterSecret("hunter2-password");
  EXPECT_EQ(Redact("hunter2-password"), "hunter2-password");
}

TEST(LoggingTest, ScopedSecretIsRedactedOnlyWhileHeld) {
  {
    ScopedSecret token("idtoken-ABCDEF");
    EXPECT_EQ(Redact("t=idtoken-ABCDEF"), "t=[REDACTED]");
  }
  EXPECT_EQ(Redact("t=idtoken-ABCDEF"), "t=idtoken-ABCDEF");
}

}  // namespace
}  // namespace wlc::log
