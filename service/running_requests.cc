#include "service/running_requests.h"

#include "absl/strings/str_cat.h"
#include "adapters/common/input_limits.h"

namespace wlc::service {

RunningRequests::Registration::~Registration() {
  if (owner_ == nullptr || key_.second.empty()) return;
  absl::MutexLock lock(&owner_->mu_);
  owner_->running_.erase(key_);
}

absl::StatusOr<std::unique_ptr<RunningRequests::Registration>> RunningRequests::Register(
    const std::string& caller, const std::string& id) {
  auto flag = std::make_shared<std::atomic<bool>>(false);
  if (id.empty()) {
    return std::unique_ptr<Registration>(new Registration(nullptr, {}, std::move(flag)));
  }
  if (id.size() > limits::kMaxNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("options.request_id too long ('", limits::QuotePrefix(id), "')"));
  }
  absl::MutexLock lock(&mu_);
  if (!running_.emplace(std::make_pair(caller, id), flag).second) {
    return absl::AlreadyExistsError(absl::StrCat("a fleet request with request_id '",
                                                 limits::QuotePrefix(id), "' is already running"));
  }
  return std::unique_ptr<Registration>(new Registration(this, {caller, id}, std::move(flag)));
}

absl::Status RunningRequests::Interrupt(const std::string& caller, const std::string& id) {
  absl::MutexLock lock(&mu_);
  auto it = running_.find({caller, id});
  if (it == running_.end()) {
    return absl::NotFoundError(absl::StrCat("no running fleet request with request_id '",
                                            limits::QuotePrefix(id), "' of this caller"));
  }
  it->second->store(true);
  return absl::OkStatus();
}

}  // namespace wlc::service
