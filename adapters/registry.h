// AdapterRegistry: the one map from TransportType to its adapter. Built once in main
// (RegisterBuiltinAdapters), read-only afterwards, so lookups need no locking.
#pragma once

#include <map>
#include <memory>

#include "absl/status/statusor.h"
#include "adapters/transport_adapter.h"

namespace wlc::adapters {

class AdapterRegistry {
 public:
  // ALREADY_EXISTS when an adapter for the same transport is registered twice.
  absl::Status Register(std::unique_ptr<TransportAdapter> adapter);
  // INVALID_ARGUMENT for UNSPECIFIED, UNIMPLEMENTED for a transport without an adapter.
  absl::StatusOr<const TransportAdapter*> Find(v1::TransportType type) const;

 private:
  std::map<v1::TransportType, std::unique_ptr<TransportAdapter>> adapters_;
};

// Registers every adapter this build ships (smart, ...).
void RegisterBuiltinAdapters(AdapterRegistry& registry);

}  // namespace wlc::adapters
