// sim/sim_clock.h: the fleet's clock runs from the real time at `speed` and only jumps forward.
#include "sim/sim_clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "sim/util.h"

namespace wlc::sim {
namespace {

TEST(SimClockTest, StartsAtTheRealTimeAdvancesAndRunsFaster) {
  SimClock& clock = SimClock::Get();
  EXPECT_NEAR(static_cast<double>(clock.NowS()), static_cast<double>(NowUnix()), 2.0);
  const int64_t before = clock.NowMs();
  clock.Advance(3600);
  EXPECT_GE(clock.NowMs() - before, 3600 * 1000);
  const int64_t after_jump = clock.NowMs();
  clock.Advance(-3600);  // never back
  EXPECT_GE(clock.NowMs(), after_jump);

  clock.SetSpeed(1000);
  EXPECT_EQ(clock.speed(), 1000);
  const int64_t fast_start = clock.NowMs();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(clock.NowMs() - fast_start, 20 * 1000 / 2);  // at least half of 20 s simulated
  clock.SetSpeed(1);
  EXPECT_NEAR(static_cast<double>(SimNowS()), static_cast<double>(clock.NowS()), 1.0);
}

}  // namespace
}  // namespace wlc::sim
