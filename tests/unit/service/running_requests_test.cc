#include "service/running_requests.h"

#include "gtest/gtest.h"

namespace wlc::service {
namespace {

TEST(RunningRequestsTest, OnlyTheCallerCanInterruptItsRequest) {
  RunningRequests running;
  auto mine = running.Register("alice", "apply-1");
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(running.Interrupt("bob", "apply-1").code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE((*mine)->interrupted());
  EXPECT_TRUE(running.Interrupt("alice", "apply-1").ok());
  EXPECT_TRUE((*mine)->interrupted());
}

TEST(RunningRequestsTest, IdsAreUniquePerCallerAndForgottenWhenTheRequestEnds) {
  RunningRequests running;
  {
    auto first = running.Register("alice", "x");
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(running.Register("alice", "x").status().code(), absl::StatusCode::kAlreadyExists);
    EXPECT_TRUE(running.Register("bob", "x").ok());
  }
  EXPECT_EQ(running.Interrupt("alice", "x").code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(running.Register("alice", "x").ok());
}

TEST(RunningRequestsTest, WithoutAnIdNothingCanInterrupt) {
  RunningRequests running;
  auto a = running.Register("alice", "");
  auto b = running.Register("alice", "");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(running.Interrupt("alice", "").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(running.Register("alice", std::string(65, 'i')).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wlc::service
