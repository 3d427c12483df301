// The fleet's simulated wall clock. It starts at the real time and runs
// `speed` times faster (--clock-speed; 3600 = an hour per second); the control
// API can jump it forward (POST /clock {"advance_seconds":N}). Every licensing
// time in wlcsim (RUM report ids and windows, ACKs, deadlines, trust install
// times, events) comes from here; a controller's own clock adds its skew
// (Controller::clock_offset_s). Thread-safe (one mutex, never held long).
#ifndef WLC_SIM_SIM_CLOCK_H_
#define WLC_SIM_SIM_CLOCK_H_

#include <chrono>
#include <cstdint>
#include <mutex>

namespace wlc::sim {

class SimClock {
 public:
  // The process-wide clock.
  static SimClock& Get();

  // Simulated Unix time in milliseconds.
  int64_t NowMs();
  int64_t NowS() { return NowMs() / 1000; }
  double speed();
  void SetSpeed(double speed);  // > 0
  void Advance(int64_t seconds);  // >= 0; the clock never goes back

 private:
  SimClock();
  std::mutex mu_;
  double speed_ = 1.0;
  int64_t base_wall_ms_;  // simulated time at base_steady_
  std::chrono::steady_clock::time_point base_steady_;
};

inline int64_t SimNowMs() { return SimClock::Get().NowMs(); }
inline int64_t SimNowS() { return SimClock::Get().NowS(); }

}  // namespace wlc::sim

#endif  // WLC_SIM_SIM_CLOCK_H_
