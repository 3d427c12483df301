// SharedReads (service/shared_reads.h): one device read in flight per controller, a bounded cache
// for callers that accept an age.
#include "service/shared_reads.h"

#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace wlc::service {
namespace {

using Result = SharedReads::Result;

// Reads that finish only when the test says so.
struct PendingReads {
  std::vector<SharedReads::Callback> open;
  SharedReads::Start start() {
    return [this](absl::Time, SharedReads::Callback done) { open.push_back(std::move(done)); };
  }
  void FinishAll(Result r) {
    std::vector<SharedReads::Callback> now;
    now.swap(open);
    for (auto& done : now) done(r);
  }
};

wlc::licensing::v1::ControllerLicensing Named(const std::string& name) {
  wlc::licensing::v1::ControllerLicensing l;
  l.set_controller(name);
  return l;
}

TEST(SharedReadsTest, ConcurrentReadsOfOneControllerShareOneDeviceRead) {
  SharedReads reads(8);
  PendingReads device;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  std::vector<std::string> answers;
  for (int i = 0; i < 16; ++i) {
    reads.Read("wlc-1", deadline, absl::ZeroDuration(), device.start(),
               [&](Result r) { answers.push_back(r->controller()); });
  }
  reads.Read("wlc-2", deadline, absl::ZeroDuration(), device.start(),
             [&](Result r) { answers.push_back(r->controller()); });
  EXPECT_EQ(device.open.size(), 2u) << "one read per controller";
  device.open[0](Named("wlc-1"));
  device.open[1](Named("wlc-2"));
  EXPECT_EQ(answers.size(), 17u);
  EXPECT_EQ(reads.counts().device, 2u);
  EXPECT_EQ(reads.counts().shared, 15u);
}

TEST(SharedReadsTest, FreshReadsAreNotCachedAnswersButAgedOnesMayBe) {
  SharedReads reads(8);
  PendingReads device;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  int answered = 0;
  auto count = [&](Result r) { answered += r.ok(); };
  reads.Read("wlc-1", deadline, absl::ZeroDuration(), device.start(), count);
  device.FinishAll(Named("wlc-1"));
  // Fresh: a new read. An age of a minute: the cache.
  reads.Read("wlc-1", deadline, absl::ZeroDuration(), device.start(), count);
  EXPECT_EQ(device.open.size(), 1u);
  device.FinishAll(Named("wlc-1"));
  reads.Read("wlc-1", deadline, absl::Minutes(1), device.start(), count);
  EXPECT_TRUE(device.open.empty());
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(reads.counts().cached, 1u);
}

TEST(SharedReadsTest, FailuresAreSharedButNeverCached) {
  SharedReads reads(8);
  PendingReads device;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  std::vector<absl::StatusCode> codes;
  auto code = [&](Result r) { codes.push_back(r.status().code()); };
  reads.Read("wlc-1", deadline, absl::Minutes(1), device.start(), code);
  reads.Read("wlc-1", deadline, absl::Minutes(1), device.start(), code);
  device.FinishAll(absl::UnavailableError("refused"));
  EXPECT_EQ(codes, std::vector<absl::StatusCode>(2, absl::StatusCode::kUnavailable));
  reads.Read("wlc-1", deadline, absl::Minutes(1), device.start(), code);
  EXPECT_EQ(device.open.size(), 1u) << "a failure is not served to a later caller";
}

TEST(SharedReadsTest, AShortDeadlineDoesNotWaitForALongRead) {
  SharedReads reads(8);
  PendingReads device;
  const absl::Time now = absl::Now();
  reads.Read("wlc-1", now + absl::Seconds(60), absl::ZeroDuration(), device.start(), [](Result) {});
  reads.Read("wlc-1", now + absl::Seconds(1), absl::ZeroDuration(), device.start(), [](Result) {});
  EXPECT_EQ(device.open.size(), 2u);
  // A longer deadline joins the shorter read.
  reads.Read("wlc-1", now + absl::Seconds(90), absl::ZeroDuration(), device.start(), [](Result) {});
  EXPECT_EQ(device.open.size(), 2u);
  device.FinishAll(Named("wlc-1"));
}

TEST(SharedReadsTest, TheCacheIsBoundedLeastRecentlyUsedFirstOut) {
  SharedReads reads(2);
  PendingReads device;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  for (const char* name : {"a", "b", "c"}) {
    reads.Read(name, deadline, absl::ZeroDuration(), device.start(), [](Result) {});
    device.FinishAll(Named(name));
  }
  reads.Read("a", deadline, absl::Hours(1), device.start(), [](Result) {});
  EXPECT_EQ(device.open.size(), 1u) << "a was evicted";
  device.FinishAll(Named("a"));
  reads.Read("c", deadline, absl::Hours(1), device.start(), [](Result) {});
  EXPECT_TRUE(device.open.empty()) << "c is still cached";
}

}  // namespace
}  // namespace wlc::service
