// ProbeLimiter: bounds the live device reads that /probe scrapes make, so a scrape storm cannot
// turn into device load.
//
//  * Single flight per controller: while a read of a controller is in flight (or waiting for a
//    slot), every other probe of that controller waits for it and gets the same result. There is
//    no cache: once the read has finished, the next probe starts a new one.
//  * A global cap: at most `max_concurrent_reads` reads run at once. A read that finds no free
//    slot waits for one until its deadline.
//
// Run() returns what the read returned, or
//   RESOURCE_EXHAUSTED  no slot freed before the deadline (nothing was read: answer 503), also
//                       for a probe that joined a read still waiting for its slot;
//   DEADLINE_EXCEEDED   the probe joined a read in flight that did not finish before the probe's
//                       own deadline (the controller is slow; the read goes on for the others).
// A joined read runs with the deadline of the probe that started it.
//
// Thread-safe. `read` runs on the calling thread, without the limiter's lock held.
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::service::metrics {

class ProbeLimiter {
 public:
  using Result = absl::StatusOr<::wlc::licensing::v1::ControllerLicensing>;

  // `max_concurrent_reads` >= 1.
  explicit ProbeLimiter(int max_concurrent_reads);
  ProbeLimiter(const ProbeLimiter&) = delete;
  ProbeLimiter& operator=(const ProbeLimiter&) = delete;

  // How a call was served.
  enum class Admission {
    kRead,      // ran `read` in a slot of its own
    kShared,    // joined the read another caller had in flight for the same key
    kRejected,  // RESOURCE_EXHAUSTED from the limiter: no slot within the deadline
  };

  // Reads controller `key` with `read`, or shares the read of `key` already in flight.
  // `*admission` (optional) says which; a RESOURCE_EXHAUSTED that `read` itself returned is
  // kRead or kShared, never kRejected.
  Result Run(const std::string& key, absl::Time deadline, absl::FunctionRef<Result()> read,
             Admission* admission = nullptr);

  int max_concurrent_reads() const { return max_; }
  // Reads holding a slot now, and the callers that joined the read of `key` in flight (-1 when
  // no read of `key` is in flight or waiting for a slot); for tests.
  int reads_in_flight() const;
  int sharers(const std::string& key) const;

 private:
  struct Flight {
    bool reading = false;  // holds a slot
    bool done = false;
    int sharers = 0;
    Result result;
  };

  absl::Status Busy() const;

  const int max_;
  mutable absl::Mutex mu_;
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, std::shared_ptr<Flight>> flights_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wlc::service::metrics
