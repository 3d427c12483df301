#include "sim_clock.h"

#include "util.h"

namespace wlc::sim {

SimClock& SimClock::Get() {
  static SimClock clock;
  return clock;
}

SimClock::SimClock() : base_wall_ms_(NowMillis()), base_steady_(std::chrono::steady_clock::now()) {}

int64_t SimClock::NowMs() {
  std::lock_guard<std::mutex> lock(mu_);
  auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                           base_steady_);
  return base_wall_ms_ + static_cast<int64_t>(elapsed.count() * speed_);
}

double SimClock::speed() {
  std::lock_guard<std::mutex> lock(mu_);
  return speed_;
}

void SimClock::SetSpeed(double speed) {
  int64_t now = NowMs();
  std::lock_guard<std::mutex> lock(mu_);
  base_wall_ms_ = now;
  base_steady_ = std::chrono::steady_clock::now();
  speed_ = speed;
}

void SimClock::Advance(int64_t seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  if (seconds > 0) base_wall_ms_ += seconds * 1000;
}

}  // namespace wlc::sim
