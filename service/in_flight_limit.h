// InFlightLimit: the one bound on controllers worked on at once by all fan-outs together (every
// face, every request, service/fleet.h). The core owns one, sized by the config's
// `fleet_max_in_flight`; a fan-out that cannot get a slot waits for one. Thread-safe, lock-free.
#pragma once

#include <algorithm>
#include <atomic>

namespace wlc::service {

class InFlightLimit {
 public:
  explicit InFlightLimit(int max) : max_(std::max(1, max)) {}
  InFlightLimit(const InFlightLimit&) = delete;
  InFlightLimit& operator=(const InFlightLimit&) = delete;

  // Takes a slot when one is free.
  bool TryAcquire() {
    int now = in_flight_.load(std::memory_order_relaxed);
    while (now < max_) {
      if (in_flight_.compare_exchange_weak(now, now + 1, std::memory_order_acq_rel)) return true;
    }
    return false;
  }
  void Release() { in_flight_.fetch_sub(1, std::memory_order_acq_rel); }
  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  int max() const { return max_; }

 private:
  const int max_;
  std::atomic<int> in_flight_{0};
};

}  // namespace wlc::service
