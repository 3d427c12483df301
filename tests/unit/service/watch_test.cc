// Watch's engine (service/watch.h): the events successive reads make.
#include "service/watch.h"

#include "gtest/gtest.h"

namespace wlc::service {
namespace {

v1::ControllerResult Read(const std::string& name, v1::TransportType type, int64_t last_ack) {
  v1::ControllerResult r;
  r.set_controller(name);
  r.mutable_licensing()->mutable_transport()->set_type(type);
  r.mutable_licensing()->mutable_usage()->mutable_last_ack_time()->set_seconds(last_ack);
  return r;
}

v1::ControllerResult Failed(const std::string& name) {
  v1::ControllerResult r;
  r.set_controller(name);
  r.set_code(static_cast<int>(absl::StatusCode::kUnavailable));
  r.set_message("connection refused");
  return r;
}

std::vector<v1::ChangeKind> Kinds(const std::vector<v1::WatchLicensingResponse>& events) {
  std::vector<v1::ChangeKind> out;
  for (const auto& e : events) out.push_back(e.kind());
  return out;
}

TEST(WatchEngineTest, InitialThenChangesThenReachability) {
  WatchEngine engine;
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  EXPECT_EQ(Kinds(engine.Observe(Read("a", v1::TRANSPORT_TYPE_CSLU, 0), now)),
            std::vector<v1::ChangeKind>{v1::CHANGE_KIND_INITIAL});
  EXPECT_TRUE(engine.Observe(Read("a", v1::TRANSPORT_TYPE_CSLU, 0), now).empty());
  auto changed = engine.Observe(Read("a", v1::TRANSPORT_TYPE_SMART, 1'799'999'000), now);
  EXPECT_EQ(Kinds(changed), (std::vector<v1::ChangeKind>{v1::CHANGE_KIND_TRANSPORT_CHANGED,
                                                         v1::CHANGE_KIND_ACK_RECEIVED}));
  EXPECT_EQ(changed[0].detail(), "transport TRANSPORT_TYPE_CSLU -> TRANSPORT_TYPE_SMART");
  EXPECT_EQ(changed[0].time().seconds(), 1'800'000'000);
  // Unreachable is said once, with the reason; the next answer is REACHABLE.
  auto down = engine.Observe(Failed("a"), now);
  ASSERT_EQ(Kinds(down), std::vector<v1::ChangeKind>{v1::CHANGE_KIND_UNREACHABLE});
  EXPECT_EQ(down[0].detail(), "connection refused");
  EXPECT_FALSE(down[0].has_licensing());
  EXPECT_TRUE(engine.Observe(Failed("a"), now).empty());
  EXPECT_EQ(Kinds(engine.Observe(Read("a", v1::TRANSPORT_TYPE_SMART, 1'799'999'000), now)),
            std::vector<v1::ChangeKind>{v1::CHANGE_KIND_REACHABLE});
}

TEST(WatchEngineTest, ControllersAreTrackedApart) {
  WatchEngine engine;
  const absl::Time now = absl::Now();
  EXPECT_EQ(Kinds(engine.Observe(Failed("b"), now)),
            std::vector<v1::ChangeKind>{v1::CHANGE_KIND_UNREACHABLE});
  EXPECT_EQ(Kinds(engine.Observe(Read("a", v1::TRANSPORT_TYPE_OFFLINE, 0), now)),
            std::vector<v1::ChangeKind>{v1::CHANGE_KIND_INITIAL});
  EXPECT_EQ(Kinds(engine.Observe(Read("b", v1::TRANSPORT_TYPE_OFFLINE, 0), now)),
            std::vector<v1::ChangeKind>{v1::CHANGE_KIND_INITIAL});
}

}  // namespace
}  // namespace wlc::service
