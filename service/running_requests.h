// RunningRequests: the fleet requests a client may stop (FleetService.Interrupt), by the caller's
// identity and the id the client gave the request. A caller can only ever stop its own requests.
// The core owns one (LicensingHandler::running_requests). Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace wlc::service {

class RunningRequests {
 public:
  // While it lives, the request can be interrupted; its destructor forgets it.
  class Registration {
   public:
    ~Registration();
    bool interrupted() const { return flag_->load(); }

   private:
    friend class RunningRequests;
    Registration(RunningRequests* owner, std::pair<std::string, std::string> key,
                 std::shared_ptr<std::atomic<bool>> flag)
        : owner_(owner), key_(std::move(key)), flag_(std::move(flag)) {}
    RunningRequests* owner_;
    std::pair<std::string, std::string> key_;
    std::shared_ptr<std::atomic<bool>> flag_;
  };

  // An empty id: a registration nobody can interrupt. INVALID_ARGUMENT for an id over 64 bytes,
  // ALREADY_EXISTS when the caller already runs a request of that id.
  absl::StatusOr<std::unique_ptr<Registration>> Register(const std::string& caller,
                                                         const std::string& id);
  // NOT_FOUND when `caller` runs no request `id` (another caller's request is not found either).
  absl::Status Interrupt(const std::string& caller, const std::string& id);

 private:
  absl::Mutex mu_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<std::atomic<bool>>> running_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace wlc::service
