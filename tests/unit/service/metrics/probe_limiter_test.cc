// ProbeLimiter: the cap on reads in flight under many threads, a waiter that gets no slot within
// its deadline, and single flight (concurrent probes of one controller share one read; a fake
// read counts its calls).
#include "service/metrics/probe_limiter.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace wlc::service::metrics {
namespace {

namespace v1 = ::wlc::licensing::v1;
using Admission = ProbeLimiter::Admission;
using Result = ProbeLimiter::Result;

Result Licensing(const std::string& serial) {
  v1::ControllerLicensing l;
  l.mutable_platform()->set_serial_number(serial);
  return l;
}

// Waits (up to 10 s) until `done` holds.
template <typename F>
bool Eventually(F done) {
  for (int i = 0; i < 1000 && !done(); ++i) absl::SleepFor(absl::Milliseconds(10));
  return done();
}

TEST(ProbeLimiterTest, CapHonouredUnderManyThreads) {
  ProbeLimiter limiter(3);
  std::atomic<int> running{0}, peak{0}, calls{0};
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 24; ++i) {
    threads.emplace_back([&, i] {
      Result r = limiter.Run("wlc-" + std::to_string(i), absl::Now() + absl::Seconds(30), [&] {
        ++calls;
        const int now = ++running;
        for (int p = peak.load(); now > p && !peak.compare_exchange_weak(p, now);) {
        }
        absl::SleepFor(absl::Milliseconds(20));
        --running;
        return Licensing("s");
      });
      if (r.ok()) ++ok;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 24);
  EXPECT_EQ(calls.load(), 24);  // distinct controllers: nothing shared
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 2) << "the reads never ran concurrently: the test proves nothing";
  EXPECT_EQ(limiter.reads_in_flight(), 0);
}

TEST(ProbeLimiterTest, NoFreeSlotWithinTheDeadlineIsBusy) {
  ProbeLimiter limiter(1);
  absl::Notification release, started;
  std::thread holder([&] {
    (void)limiter.Run("wlc-1", absl::Now() + absl::Seconds(30), [&] {
      started.Notify();
      release.WaitForNotification();
      return Licensing("1");
    });
  });
  started.WaitForNotification();
  int calls = 0;
  Admission admission = Admission::kRead;
  const absl::Time start = absl::Now();
  Result r = limiter.Run(
      "wlc-2", start + absl::Milliseconds(150),
      [&] {
        ++calls;
        return Licensing("2");
      },
      &admission);
  const absl::Duration waited = absl::Now() - start;
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();
  EXPECT_EQ(admission, Admission::kRejected);
  EXPECT_EQ(calls, 0);
  EXPECT_GE(waited, absl::Milliseconds(140));
  EXPECT_LT(waited, absl::Seconds(2));
  release.Notify();
  holder.join();
  // The slot is free again: the next read runs.
  r = limiter.Run(
      "wlc-2", absl::Now() + absl::Seconds(5), [] { return Licensing("2"); }, &admission);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(admission, Admission::kRead);
}

TEST(ProbeLimiterTest, WaiterGetsTheSlotThatFreesInTime) {
  ProbeLimiter limiter(1);
  absl::Notification started;
  std::thread holder([&] {
    (void)limiter.Run("wlc-1", absl::Now() + absl::Seconds(30), [&] {
      started.Notify();
      absl::SleepFor(absl::Milliseconds(100));
      return Licensing("1");
    });
  });
  started.WaitForNotification();
  Admission admission = Admission::kRejected;
  Result r = limiter.Run(
      "wlc-2", absl::Now() + absl::Seconds(10), [] { return Licensing("2"); }, &admission);
  holder.join();
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->platform().serial_number(), "2");
  EXPECT_EQ(admission, Admission::kRead);
}

TEST(ProbeLimiterTest, ConcurrentProbesOfOneControllerShareOneRead) {
  ProbeLimiter limiter(4);
  constexpr int kProbes = 20;
  std::atomic<int> calls{0};
  absl::Notification release;
  std::vector<Result> results(kProbes);
  std::vector<Admission> admissions(kProbes);
  std::vector<std::thread> threads;
  auto probe = [&](int i) {
    results[i] = limiter.Run(
        "wlc-1", absl::Now() + absl::Seconds(30),
        [&] {
          ++calls;
          release.WaitForNotification();
          return Licensing("shared");
        },
        &admissions[i]);
  };
  threads.emplace_back(probe, 0);
  ASSERT_TRUE(Eventually([&] { return limiter.reads_in_flight() == 1; }));
  for (int i = 1; i < kProbes; ++i) threads.emplace_back(probe, i);
  ASSERT_TRUE(Eventually([&] { return limiter.sharers("wlc-1") == kProbes - 1; }));
  release.Notify();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1);
  int shared = 0;
  for (int i = 0; i < kProbes; ++i) {
    ASSERT_TRUE(results[i].ok()) << i;
    EXPECT_EQ(results[i]->platform().serial_number(), "shared");
    shared += admissions[i] == Admission::kShared;
  }
  EXPECT_EQ(shared, kProbes - 1);
  EXPECT_EQ(admissions[0], Admission::kRead);
  // No cache: once the read is over, the next probe reads again.
  (void)limiter.Run("wlc-1", absl::Now() + absl::Seconds(5), [&] {
    ++calls;
    return Licensing("again");
  });
  EXPECT_EQ(calls.load(), 2);
}

TEST(ProbeLimiterTest, SharerStopsAtItsOwnDeadline) {
  ProbeLimiter limiter(1);
  absl::Notification release;
  Result first;
  std::thread reader([&] {
    first = limiter.Run("wlc-1", absl::Now() + absl::Seconds(30), [&] {
      release.WaitForNotification();
      return Licensing("1");
    });
  });
  ASSERT_TRUE(Eventually([&] { return limiter.reads_in_flight() == 1; }));
  Admission admission = Admission::kRead;
  // Joins the read in flight: the controller is slow, not the limiter busy.
  Result r = limiter.Run(
      "wlc-1", absl::Now() + absl::Milliseconds(100), [] { return Licensing("never"); },
      &admission);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_EQ(admission, Admission::kShared);
  // A probe of another controller finds no slot: busy.
  r = limiter.Run(
      "wlc-2", absl::Now() + absl::Milliseconds(50), [] { return Licensing("never"); }, &admission);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(admission, Admission::kRejected);
  release.Notify();
  reader.join();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->platform().serial_number(), "1");
}

TEST(ProbeLimiterTest, SharersOfAReadWaitingForASlotAreBusyToo) {
  ProbeLimiter limiter(1);
  absl::Notification release;
  std::thread holder([&] {
    (void)limiter.Run("wlc-1", absl::Now() + absl::Seconds(30), [&] {
      release.WaitForNotification();
      return Licensing("1");
    });
  });
  ASSERT_TRUE(Eventually([&] { return limiter.reads_in_flight() == 1; }));
  // wlc-2's first probe waits for the slot; a second probe of wlc-2 joins it.
  Admission a = Admission::kRead, b = Admission::kRead;
  Result ra, rb;
  std::thread waiter([&] {
    ra = limiter.Run(
        "wlc-2", absl::Now() + absl::Milliseconds(300), [] { return Licensing("never"); }, &a);
  });
  ASSERT_TRUE(Eventually([&] { return limiter.sharers("wlc-2") == 0; }));
  rb = limiter.Run(
      "wlc-2", absl::Now() + absl::Milliseconds(50), [] { return Licensing("ran"); }, &b);
  EXPECT_EQ(limiter.sharers("wlc-2"), 1);
  waiter.join();
  EXPECT_EQ(rb.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ra.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(a, Admission::kRejected);
  EXPECT_EQ(b, Admission::kRejected);
  release.Notify();
  holder.join();
}

}  // namespace
}  // namespace wlc::service::metrics
