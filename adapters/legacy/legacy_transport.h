// LegacyTransport: what the service knows about the transports a controller may carry that it
// reads but does not configure — `license smart transport callhome` and `automatic`, from before
// SLUP — and about a `transport-type` it does not know (TRANSPORT_TYPE_UNSPECIFIED). No adapter
// exists for them (the registry's Find answers UNIMPLEMENTED); Diagnose and the state's findings
// still need their traits: no trust code, no default URL, reports named as going to CSSM.
#pragma once

#include <string>

#include "adapters/transport_adapter.h"

namespace wlc::adapters::legacy {

class LegacyTransport final : public TransportTraits {
 public:
  // `type` is CALLHOME, AUTOMATIC or UNSPECIFIED (the unknown transport: no native name).
  explicit LegacyTransport(v1::TransportType type) : type_(type) {}

  v1::TransportType type() const override { return type_; }
  std::string NativeType() const override;
  Reporting reporting() const override;

 private:
  v1::TransportType type_;
};

}  // namespace wlc::adapters::legacy
