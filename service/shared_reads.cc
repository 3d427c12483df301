#include "service/shared_reads.h"

#include "absl/time/clock.h"

namespace wlc::service {

void SharedReads::Read(const std::string& key, absl::Time deadline, absl::Duration max_age,
                       const Start& start, Callback done) {
  Result answer;
  bool from_cache = false, lead = false;
  {
    absl::MutexLock lock(&mu_);
    auto hit = max_age > absl::ZeroDuration() ? cache_.find(key) : cache_.end();
    if (hit != cache_.end() && absl::Now() - hit->second.read_at <= max_age) {
      lru_.splice(lru_.begin(), lru_, hit->second.lru);
      ++counts_.cached;
      answer = hit->second.licensing;
      from_cache = true;
    } else {
      auto flying = in_flight_.find(key);
      if (flying != in_flight_.end() && flying->second.deadline <= deadline) {
        ++counts_.shared;
        flying->second.waiters.push_back(std::move(done));
        return;
      }
      ++counts_.device;
      if (flying == in_flight_.end()) {
        // The reader's own answer comes through Finish, like the waiters'.
        InFlight& read = in_flight_[key];
        read.deadline = deadline;
        read.waiters.push_back(std::move(done));
        lead = true;
      }
    }
  }
  if (from_cache) return done(std::move(answer));
  // A read in flight that ends later than this caller may wait: this caller reads alone.
  if (!lead) return start(deadline, std::move(done));
  const absl::Time started = absl::Now();
  start(deadline, [this, key, started](Result result) { Finish(key, started, std::move(result)); });
}

void SharedReads::Finish(const std::string& key, absl::Time read_at, Result result) {
  std::vector<Callback> waiters;
  {
    absl::MutexLock lock(&mu_);
    auto it = in_flight_.find(key);
    if (it != in_flight_.end()) {
      waiters = std::move(it->second.waiters);
      in_flight_.erase(it);
    }
    if (result.ok() && capacity_ > 0) {
      auto hit = cache_.find(key);
      if (hit != cache_.end()) {
        lru_.erase(hit->second.lru);
        cache_.erase(hit);
      }
      lru_.push_front(key);
      cache_[key] = Cached{read_at, *result, lru_.begin()};
      while (cache_.size() > capacity_) {
        cache_.erase(lru_.back());
        lru_.pop_back();
      }
    }
  }
  for (Callback& waiter : waiters) waiter(result);
}

SharedReads::Counts SharedReads::counts() const {
  absl::MutexLock lock(&mu_);
  return counts_;
}

}  // namespace wlc::service
