// The one list of transports. AdapterRegistry maps a TransportType to the adapter that
// configures it: built once in main (RegisterBuiltinAdapters), read-only afterwards, so lookups
// need no locking. TransportTraitsOf() answers what the service knows about any type of the model
// — the built-in adapters' traits, and LegacyTransport's for callhome, automatic and an unknown
// type — for the code that interprets a controller's state (native parsing, the state's findings,
// Diagnose) without acting on it; that knowledge is constant, so it needs no registry instance.
#pragma once

#include <map>
#include <memory>
#include <string>

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

// Registers every adapter this build ships (smart, CSLU, SSM On-Prem, offline).
void RegisterBuiltinAdapters(AdapterRegistry& registry);

// What the service knows about `type`; a type outside the model gets the unknown transport's
// traits (those of TRANSPORT_TYPE_UNSPECIFIED). Thread-safe; the reference lives forever.
const TransportTraits& TransportTraitsOf(v1::TransportType type);

// The transport a native license/smart reads as (`transport-type` and `url cslu`, empty when
// absent); the unknown transport's traits when no transport claims it.
const TransportTraits& TransportTraitsOfNative(const std::string& native_type,
                                               const std::string& cslu_url);

}  // namespace wlc::adapters
