// The apply's own restore: the time reserve arithmetic, the refusal to start without it, the
// negation of CLI lines, which sent lines are left changed, and the response carried by a
// failed apply's status.
#include "adapters/common/apply_restore.h"

#include "adapters/common/apply.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wlc::adapters {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(RestoreReserveTest, OneBoundedCallPerSavedTreeAndNeverLessThanTheBudget) {
  struct Case {
    size_t trees;
    absl::Duration call_timeout;
    absl::Duration want;
  };
  for (const Case& c : std::vector<Case>{
           {1, absl::Seconds(10), absl::Seconds(2)},
           {3, absl::Seconds(10), absl::Seconds(6)},
           {3, absl::Seconds(1), absl::Seconds(3)},
           {1, absl::Milliseconds(500), absl::Seconds(2)},  // the floor
           {2, absl::Milliseconds(500), absl::Seconds(2)},
           {0, absl::Seconds(10), absl::Seconds(2)},
       }) {
    EXPECT_EQ(RestoreReserve(c.trees, c.call_timeout), c.want)
        << c.trees << " trees, call timeout " << c.call_timeout;
  }
}

TEST(CheckTimeForApplyTest, NeedsTheFirstStepPlusTheReserve) {
  const absl::Duration reserve = absl::Seconds(4);
  EXPECT_TRUE(CheckTimeForApply("wlc-1", absl::Seconds(6), absl::Seconds(10), reserve).ok());
  EXPECT_TRUE(CheckTimeForApply("wlc-1", absl::Seconds(5), absl::Seconds(1), reserve).ok());
  EXPECT_FALSE(
      CheckTimeForApply("wlc-1", absl::Milliseconds(5999), absl::Seconds(10), reserve).ok());
  absl::Status s = CheckTimeForApply("wlc-1", absl::Milliseconds(5500), absl::Seconds(10), reserve);
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(s.message(), HasSubstr("controller wlc-1: not enough time left to apply and "
                                     "restore: need 6.0s, have 5.5s; nothing was changed"));
  s = CheckTimeForApply("wlc-1", -absl::Seconds(3), absl::Seconds(10), reserve);
  EXPECT_THAT(s.message(), HasSubstr("need 6.0s, have 0.0s"));
}

TEST(NegateCliLineTest, DropsTheValueAndPrefixesNo) {
  struct Case {
    const char* line;
    const char* want;
  };
  for (const Case& c : std::vector<Case>{
           {"license smart proxy address proxy.example.com", "no license smart proxy address"},
           {"license smart proxy port 3128", "no license smart proxy port"},
           {"license smart url smart https://onprem.example.com/SmartTransport",
            "no license smart url smart"},
           {"ip http client source-interface GigabitEthernet1",
            "no ip http client source-interface"},
           {"ip http client secure-trustpoint TP-self-signed-1234567890",
            "no ip http client secure-trustpoint"},
           {" revocation-check none", " no revocation-check"},
           {"shutdown", "no shutdown"},
       }) {
    EXPECT_EQ(NegateCliLine(c.line), c.want) << c.line;
  }
}

v1::TransportPlan PlanOf(std::vector<std::vector<std::string>> steps) {
  v1::TransportPlan plan;
  for (const auto& lines : steps) {
    v1::PlanStep* step = plan.add_steps();
    for (const std::string& l : lines) step->add_cli_lines(l);
  }
  return plan;
}

TEST(LeftChangedSettingsTest, OnlyLinesNoSavedTreeCoversFromSentSteps) {
  const v1::TransportPlan plan =
      PlanOf({{"license smart transport smart", "license smart url default"},
              {"license smart proxy address p.example.com", "license smart proxy port 3128",
               "ip http client source-interface Vlan10", "crypto pki trustpoint SLA-TrustPoint",
               " revocation-check none"}});
  SavedConfig saved;  // license/smart only (a release that models neither tree)
  std::vector<v1::LeftChanged> left = LeftChangedSettings(plan, 2, saved);
  ASSERT_EQ(left.size(), 4u);
  EXPECT_EQ(left[0].what(), "license smart proxy address p.example.com");
  EXPECT_THAT(left[0].cli_to_restore(), ElementsAre("no license smart proxy address"));
  EXPECT_EQ(left[1].what(), "license smart proxy port 3128");
  EXPECT_EQ(left[2].what(), "ip http client source-interface Vlan10");
  EXPECT_THAT(left[2].cli_to_restore(), ElementsAre("no ip http client source-interface"));
  EXPECT_EQ(left[3].what(), "crypto pki trustpoint SLA-TrustPoint / revocation-check none");
  EXPECT_THAT(left[3].cli_to_restore(),
              ElementsAre("crypto pki trustpoint SLA-TrustPoint", " no revocation-check"));

  saved.http_client = saved.sla_trustpoint = true;  // 17.9.1+: both trees saved
  left = LeftChangedSettings(plan, 2, saved);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[1].what(), "license smart proxy port 3128");
  // Only the first step was sent: nothing outside license/smart changed.
  EXPECT_TRUE(LeftChangedSettings(plan, 1, saved).empty());
  EXPECT_TRUE(LeftChangedSettings(plan, 0, saved).empty());
}

TEST(ApplyResponsePayloadTest, RoundTripsThroughTheStatus) {
  v1::ApplyTransportResponse response;
  response.set_changed(true);
  response.mutable_restore()->set_attempted(true);
  response.mutable_restore()->add_restored("Cisco-IOS-XE-native:native/license/smart");
  absl::Status s = WithApplyResponse(absl::InternalError("step 2 of 2 failed"), response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(s.message(), "step 2 of 2 failed");
  std::optional<v1::ApplyTransportResponse> back = ApplyResponseOf(s);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->changed());
  EXPECT_THAT(back->restore().restored(), ElementsAre("Cisco-IOS-XE-native:native/license/smart"));
  EXPECT_FALSE(ApplyResponseOf(absl::InternalError("plain")).has_value());
}

}  // namespace
}  // namespace wlc::adapters
