#include "adapters/registry.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "adapters/cslu/cslu_adapter.h"
#include "adapters/offline/offline_adapter.h"
#include "adapters/onprem/onprem_adapter.h"
#include "adapters/smart/smart_adapter.h"

namespace wlc::adapters {

absl::Duration DeviceContext::Remaining() const {
  absl::Duration left = std::min(call_timeout, deadline - absl::Now());
  return left < absl::Milliseconds(1) ? absl::Milliseconds(1) : left;
}

absl::Status AdapterRegistry::Register(std::unique_ptr<TransportAdapter> adapter) {
  const v1::TransportType type = adapter->type();
  if (adapters_.count(type) != 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("an adapter for ", v1::TransportType_Name(type), " is already registered"));
  }
  adapters_.emplace(type, std::move(adapter));
  return absl::OkStatus();
}

absl::StatusOr<const TransportAdapter*> AdapterRegistry::Find(v1::TransportType type) const {
  if (type == v1::TRANSPORT_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError("transport type is required");
  }
  auto it = adapters_.find(type);
  if (it == adapters_.end()) {
    return absl::UnimplementedError(
        absl::StrCat("no adapter for transport ", v1::TransportType_Name(type)));
  }
  return it->second.get();
}

void RegisterBuiltinAdapters(AdapterRegistry& registry) {
  // Registration of distinct types cannot fail.
  (void)registry.Register(std::make_unique<smart::SmartAdapter>());
  (void)registry.Register(std::make_unique<cslu::CsluAdapter>());
  (void)registry.Register(std::make_unique<onprem::OnPremAdapter>());
  (void)registry.Register(std::make_unique<offline::OfflineAdapter>());
}

}  // namespace wlc::adapters
