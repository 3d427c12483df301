// The core's fan-out (service/fleet.h): concurrency, the global in-flight bound, the request's
// deadline and cancellation, with operations that complete on threads of their own (like the
// HTTPS client's event loop) or block on the fan-out's workers.
#include "service/fleet.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::service {
namespace {

std::vector<ControllerConfig> Targets(int n) {
  std::vector<ControllerConfig> out(n);
  for (int i = 0; i < n; ++i) out[i].name = "wlc-" + std::to_string(i);
  return out;
}

// An asynchronous operation that completes from a "loop" thread after `delay`, counting how many
// are in flight at once.
class FakeLoop {
 public:
  explicit FakeLoop(std::chrono::milliseconds delay) : delay_(delay) {}
  ~FakeLoop() {
    for (std::thread& t : threads_) t.join();
  }
  ControllerOp Op() {
    ControllerOp op;
    op.start = [this](const ControllerConfig& target, absl::Time, ResultCallback done) {
      const int now = ++in_flight_;
      int seen = max_in_flight_.load();
      while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
      }
      std::lock_guard<std::mutex> lock(mu_);
      started_.insert(target.name);
      threads_.emplace_back([this, done = std::move(done)] {
        std::this_thread::sleep_for(delay_);
        --in_flight_;
        v1::ControllerResult r;
        r.mutable_apply()->set_changed(true);
        done(std::move(r));
      });
    };
    return op;
  }
  int max_in_flight() const { return max_in_flight_.load(); }
  std::set<std::string> started() {
    std::lock_guard<std::mutex> lock(mu_);
    return started_;
  }

 private:
  const std::chrono::milliseconds delay_;
  std::atomic<int> in_flight_{0}, max_in_flight_{0};
  std::mutex mu_;
  std::set<std::string> started_;
  std::vector<std::thread> threads_;
};

TEST(RunFleetTest, AsyncOperationsRunConcurrencyAtOnceAndEveryTargetIsEmittedOnce) {
  FakeLoop loop(std::chrono::milliseconds(20));
  FleetRunOptions options;
  options.concurrency = 50;
  std::multiset<std::string> emitted;
  const std::thread::id caller = std::this_thread::get_id();
  bool emitted_elsewhere = false;
  v1::FleetSummary summary = RunFleet(
      Targets(400), options, loop.Op(),
      [&](const v1::ControllerResult& r) {
        emitted.insert(r.controller());
        emitted_elsewhere |= std::this_thread::get_id() != caller;
      },
      [] { return false; });
  EXPECT_EQ(emitted.size(), 400u);
  EXPECT_EQ(std::set<std::string>(emitted.begin(), emitted.end()).size(), 400u);
  EXPECT_FALSE(emitted_elsewhere) << "emit runs on the calling thread";
  EXPECT_EQ(loop.max_in_flight(), 50);
  EXPECT_EQ(summary.total(), 400u);
  EXPECT_EQ(summary.succeeded(), 400u);
  EXPECT_EQ(summary.changed(), 400u);
  EXPECT_EQ(summary.cancelled(), 0u);
}

TEST(RunFleetTest, TwoFanOutsShareTheGlobalLimit) {
  FakeLoop loop(std::chrono::milliseconds(10));
  InFlightLimit limit(7);
  FleetRunOptions options;
  options.concurrency = 100;
  options.limit = &limit;
  std::thread other([&] {
    RunFleet(
        Targets(60), options, loop.Op(), [](auto&) {}, [] { return false; });
  });
  v1::FleetSummary summary = RunFleet(
      Targets(60), options, loop.Op(), [](auto&) {}, [] { return false; });
  other.join();
  EXPECT_EQ(summary.succeeded(), 60u);
  EXPECT_LE(loop.max_in_flight(), 7);
  EXPECT_EQ(limit.in_flight(), 0) << "every slot is given back";
}

TEST(RunFleetTest, CancellationStartsNothingMoreAndFinishesWhatIsInFlight) {
  FakeLoop loop(std::chrono::milliseconds(30));
  FleetRunOptions options;
  options.concurrency = 4;
  std::atomic<int> results{0};
  std::vector<v1::ControllerResult> cancelled;
  v1::FleetSummary summary = RunFleet(
      Targets(100), options, loop.Op(),
      [&](const v1::ControllerResult& r) {
        ++results;
        if (r.code() == static_cast<int>(absl::StatusCode::kCancelled)) cancelled.push_back(r);
      },
      [&] { return results.load() >= 6; });
  // Whatever started finished and was emitted as done; the rest was never sent anything.
  const size_t started = loop.started().size();
  EXPECT_GE(started, 6u);
  EXPECT_LE(started, 6u + 4u);
  EXPECT_EQ(summary.succeeded(), started);
  EXPECT_EQ(summary.cancelled(), 100u - started);
  EXPECT_EQ(summary.changed(), started);
  ASSERT_EQ(cancelled.size(), 100u - started);
  for (const v1::ControllerResult& r : cancelled) {
    EXPECT_EQ(loop.started().count(r.controller()), 0u) << r.controller();
    EXPECT_NE(r.message().find("nothing was sent to it"), std::string::npos);
  }
}

TEST(RunFleetTest, BlockingOperationsRunOnConcurrencyWorkers) {
  FleetRunOptions options;
  options.concurrency = 3;
  std::mutex mu;
  std::set<std::thread::id> threads;
  std::atomic<int> in_flight{0}, most{0};
  ControllerOp op;
  op.run = [&](const ControllerConfig&, absl::Time deadline) {
    const int now = ++in_flight;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      threads.insert(std::this_thread::get_id());
    }
    EXPECT_LT(deadline, absl::Now() + absl::Seconds(61));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --in_flight;
    return v1::ControllerResult();
  };
  v1::FleetSummary summary = RunFleet(
      Targets(30), options, op, [](auto&) {}, [] { return false; });
  EXPECT_EQ(summary.succeeded(), 30u);
  EXPECT_EQ(most.load(), 3);
  EXPECT_LE(threads.size(), 3u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
}

TEST(RunFleetTest, TargetsNotStartedBeforeTheRequestDeadlineAreDeadlineExceeded) {
  FakeLoop loop(std::chrono::milliseconds(50));
  FleetRunOptions options;
  options.concurrency = 2;
  options.deadline = absl::Now() + absl::Milliseconds(70);
  v1::FleetSummary summary = RunFleet(
      Targets(10), options, loop.Op(), [](auto&) {}, [] { return false; });
  EXPECT_EQ(summary.total(), 10u);
  EXPECT_EQ(summary.succeeded(), loop.started().size());
  EXPECT_LE(loop.started().size(), 4u);
  EXPECT_EQ(summary.failures_by_code().at("DEADLINE_EXCEEDED"), 10u - loop.started().size());
}

TEST(RunFleetTest, DiagnosesAreTalliedByCause) {
  ControllerOp op;
  op.run = [](const ControllerConfig& target, absl::Time) {
    v1::ControllerResult r;
    v1::Diagnosis* d = r.mutable_diagnosis();
    d->set_healthy(target.name == "wlc-0");
    if (target.name != "wlc-0") {
      v1::Finding* f = d->add_findings();
      f->set_code("ACK_OVERDUE");
      f->set_severity(v1::SEVERITY_CRITICAL);
      v1::Finding* info = d->add_findings();
      info->set_code("NOTE");
      info->set_severity(v1::SEVERITY_INFO);
    }
    return r;
  };
  v1::FleetSummary summary = RunFleet(
      Targets(3), FleetRunOptions(), op, [](auto&) {}, [] { return false; });
  EXPECT_EQ(summary.healthy(), 1u);
  EXPECT_EQ(summary.controllers_by_cause().at("ACK_OVERDUE"), 2u);
  EXPECT_EQ(summary.controllers_by_cause().count("NOTE"), 0u);
}

TEST(InFlightLimitTest, NeverGivesMoreThanItsMaximum) {
  InFlightLimit limit(2);
  EXPECT_TRUE(limit.TryAcquire());
  EXPECT_TRUE(limit.TryAcquire());
  EXPECT_FALSE(limit.TryAcquire());
  limit.Release();
  EXPECT_TRUE(limit.TryAcquire());
  EXPECT_EQ(limit.in_flight(), 2);
}

}  // namespace
}  // namespace wlc::service
