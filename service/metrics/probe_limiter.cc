#include "service/metrics/probe_limiter.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace wlc::service::metrics {

ProbeLimiter::ProbeLimiter(int max_concurrent_reads) : max_(std::max(1, max_concurrent_reads)) {}

int ProbeLimiter::reads_in_flight() const {
  absl::MutexLock lock(&mu_);
  return in_use_;
}

int ProbeLimiter::sharers(const std::string& key) const {
  absl::MutexLock lock(&mu_);
  auto it = flights_.find(key);
  return it == flights_.end() ? -1 : it->second->sharers;
}

absl::Status ProbeLimiter::Busy() const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "busy: all ", max_, " probe device reads (probe_max_concurrent_reads) are in use"));
}

ProbeLimiter::Result ProbeLimiter::Run(const std::string& key, absl::Time deadline,
                                       absl::FunctionRef<Result()> read, Admission* admission) {
  Admission ignored;
  if (admission == nullptr) admission = &ignored;
  std::shared_ptr<Flight> flight;
  {
    absl::MutexLock lock(&mu_);
    auto it = flights_.find(key);
    if (it != flights_.end()) {
      // Join: this reference keeps the Flight alive after the reader erases its map entry.
      flight = it->second;
      *admission = Admission::kShared;
      ++flight->sharers;
      if (!mu_.AwaitWithDeadline(absl::Condition(&flight->done), deadline)) {
        if (!flight->reading) {
          *admission = Admission::kRejected;
          return Busy();
        }
        return absl::DeadlineExceededError(
            "the read in flight for this controller did not finish within the scrape budget");
      }
      // The reader may have been refused a slot: then this probe was refused too.
      if (!flight->reading) *admission = Admission::kRejected;
      return flight->result;
    }
    flight = std::make_shared<Flight>();
    flights_.emplace(key, flight);
    auto slot_free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return in_use_ < max_; };
    if (!mu_.AwaitWithDeadline(absl::Condition(&slot_free), deadline)) {
      *admission = Admission::kRejected;
      flight->result = Busy();
      flight->done = true;
      flights_.erase(key);
      return flight->result;
    }
    ++in_use_;
    flight->reading = true;
    *admission = Admission::kRead;
  }
  Result result = read();
  absl::MutexLock lock(&mu_);
  --in_use_;
  flight->result = result;
  flight->done = true;
  flights_.erase(key);
  return result;
}

}  // namespace wlc::service::metrics
