#include "adapters/legacy/legacy_transport.h"

namespace wlc::adapters::legacy {

std::string LegacyTransport::NativeType() const {
  switch (type_) {
    case v1::TRANSPORT_TYPE_CALLHOME:
      return "callhome";
    case v1::TRANSPORT_TYPE_AUTOMATIC:
      return "automatic";
    default:
      return "";  // the unknown transport is never read from a native name
  }
}

TransportTraits::Reporting LegacyTransport::reporting() const {
  return type_ == v1::TRANSPORT_TYPE_UNSPECIFIED ? Reporting::kUnknown : Reporting::kLegacy;
}

}  // namespace wlc::adapters::legacy
