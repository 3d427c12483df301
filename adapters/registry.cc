#include "adapters/registry.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "adapters/cslu/cslu_adapter.h"
#include "adapters/legacy/legacy_transport.h"
#include "adapters/offline/offline_adapter.h"
#include "adapters/onprem/onprem_adapter.h"
#include "adapters/smart/smart_adapter.h"

namespace wlc::adapters {
namespace {

// The adapters this build ships: RegisterBuiltinAdapters and the traits catalogue both take
// theirs from here.
std::vector<std::unique_ptr<TransportAdapter>> BuiltinAdapters() {
  std::vector<std::unique_ptr<TransportAdapter>> adapters;
  adapters.push_back(std::make_unique<smart::SmartAdapter>());
  adapters.push_back(std::make_unique<cslu::CsluAdapter>());
  adapters.push_back(std::make_unique<onprem::OnPremAdapter>());
  adapters.push_back(std::make_unique<offline::OfflineAdapter>());
  return adapters;
}

using Catalogue = std::vector<std::unique_ptr<const TransportTraits>>;

// Every transport type of the model, built on first use and never destroyed (no exit-time
// destructor races with a request thread still reading it).
const Catalogue& Known() {
  static const Catalogue* const known = [] {
    auto* c = new Catalogue;
    for (std::unique_ptr<TransportAdapter>& a : BuiltinAdapters()) c->push_back(std::move(a));
    for (v1::TransportType t : {v1::TRANSPORT_TYPE_CALLHOME, v1::TRANSPORT_TYPE_AUTOMATIC,
                                v1::TRANSPORT_TYPE_UNSPECIFIED}) {
      c->push_back(std::make_unique<legacy::LegacyTransport>(t));
    }
    return c;
  }();
  return *known;
}

const TransportTraits& Unknown() { return *Known().back(); }

}  // namespace

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
  for (std::unique_ptr<TransportAdapter>& a : BuiltinAdapters())
    (void)registry.Register(std::move(a));
}

const TransportTraits& TransportTraitsOf(v1::TransportType type) {
  for (const std::unique_ptr<const TransportTraits>& t : Known()) {
    if (t->type() == type) return *t;
  }
  return Unknown();
}

const TransportTraits& TransportTraitsOfNative(const std::string& native_type,
                                               const std::string& cslu_url) {
  for (const std::unique_ptr<const TransportTraits>& t : Known()) {
    if (t->IsNative(native_type, cslu_url)) return *t;
  }
  return Unknown();
}

}  // namespace wlc::adapters
