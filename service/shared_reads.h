// SharedReads: so that clients cannot overload a controller. Concurrent reads of one controller
// (gRPC clients, /probe, watchers, the metrics refresh, RESTCONF) share one device read in flight,
// and a caller may accept an answer up to `max_age` old from a small bounded cache (least recently
// used first out). Only successful reads are kept; a failure is shared by the callers that waited
// for it, never served to later ones. The core owns one (LicensingHandler).
//
// A caller joins a read in flight only when that read's deadline is no later than its own (so a
// short-deadline caller never waits past its deadline for a long read); otherwise it starts its
// own. Thread-safe; callbacks run on whichever thread finished the read and must not block.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::service {

class SharedReads {
 public:
  using Result = absl::StatusOr<wlc::licensing::v1::ControllerLicensing>;
  using Callback = std::function<void(Result)>;
  // Starts one device read that ends by `deadline` and calls its callback exactly once.
  using Start = std::function<void(absl::Time deadline, Callback done)>;

  explicit SharedReads(size_t cache_entries) : capacity_(cache_entries) {}

  // Reads `key` (one controller: name, address, profile): from the cache when an answer at most
  // `max_age` old is there (zero: never), else by joining the read in flight, else by `start`.
  void Read(const std::string& key, absl::Time deadline, absl::Duration max_age, const Start& start,
            Callback done);

  struct Counts {
    uint64_t device = 0;  // reads sent to a controller
    uint64_t shared = 0;  // answered by a read another caller started
    uint64_t cached = 0;  // answered from the cache
  };
  Counts counts() const;

 private:
  struct InFlight {
    absl::Time deadline;
    std::vector<Callback> waiters;
  };
  struct Cached {
    absl::Time read_at;
    wlc::licensing::v1::ControllerLicensing licensing;
    std::list<std::string>::iterator lru;
  };
  void Finish(const std::string& key, absl::Time read_at, Result result);

  const size_t capacity_;
  mutable absl::Mutex mu_;
  std::map<std::string, InFlight> in_flight_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Cached> cache_ ABSL_GUARDED_BY(mu_);
  std::list<std::string> lru_ ABSL_GUARDED_BY(mu_);  // most recent first
  Counts counts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wlc::service
