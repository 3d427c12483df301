// service/audit.h: one JSON line per attempted change, refusals included, secrets redacted.
#include "service/audit.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "observability/logging.h"

namespace wlc::service {
namespace {

std::vector<std::string>* lines = nullptr;

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lines = &captured_;
    log::SetSinkForTesting([](const std::string& line) { lines->push_back(line); });
  }
  void TearDown() override {
    log::SetSinkForTesting(nullptr);
    lines = nullptr;
  }
  nlohmann::json Only() {
    EXPECT_EQ(captured_.size(), 1u);
    return captured_.empty() ? nlohmann::json() : nlohmann::json::parse(captured_.back());
  }
  std::vector<std::string> captured_;
};

TEST_F(AuditTest, AcceptedChange) {
  Audit({"ops-bot", "ipv4:127.0.0.1:5555"}, "ApplyTransport", "wlc-1", absl::OkStatus(),
        "transport smart");
  nlohmann::json j = Only();
  EXPECT_EQ(j["audit"], "true");
  EXPECT_EQ(j["who"], "ops-bot");
  EXPECT_EQ(j["peer"], "ipv4:127.0.0.1:5555");
  EXPECT_EQ(j["action"], "ApplyTransport");
  EXPECT_EQ(j["controllers"], "wlc-1");
  EXPECT_EQ(j["outcome"], "OK");
  EXPECT_EQ(j["detail"], "transport smart");
  EXPECT_EQ(j["level"], "info");
}

TEST_F(AuditTest, RefusalCarriesTheCodeAndARedactedMessage) {
  log::ScopedSecret token("idtoken-SECRET-42");
  Audit(Caller{}, "EstablishTrust", "wlc-2",
        absl::PermissionDeniedError("reader token may not use idtoken-SECRET-42"), "ignored");
  nlohmann::json j = Only();
  EXPECT_EQ(j["who"], "anonymous");
  EXPECT_EQ(j["outcome"], "PERMISSION_DENIED");
  EXPECT_EQ(j["detail"], "reader token may not use [REDACTED]");
  EXPECT_EQ(j["level"], "warning");
  EXPECT_EQ(captured_.back().find("SECRET-42"), std::string::npos);
}

}  // namespace
}  // namespace wlc::service
