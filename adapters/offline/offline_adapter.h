// OfflineAdapter: `license smart transport off` for air-gapped controllers. Usage leaves the
// controller as files (`license smart save usage …`), travels to CSSM by other means, and the
// ACK comes back with `license smart import …` — or the service relays both (ReportUsage).
#pragma once

#include "adapters/transport_adapter.h"

namespace wlc::adapters::offline {

class OfflineAdapter final : public TransportAdapter {
 public:
  v1::TransportType type() const override { return v1::TRANSPORT_TYPE_OFFLINE; }
  // The YANG enum is capitalised; "off" is rejected by the controller.
  std::string NativeType() const override { return "Off"; }
  Reporting reporting() const override { return Reporting::kOffline; }
  absl::Status Validate(const DeviceInfo& device, const v1::Transport& desired) const override;
  absl::StatusOr<v1::TransportPlan> PlanTransport(const DeviceContext& ctx,
                                                  const v1::Transport& desired) const override;
  absl::StatusOr<v1::ApplyTransportResponse> ApplyTransport(
      const DeviceContext& ctx, const v1::Transport& desired) const override;
  // FAILED_PRECONDITION: an air-gapped controller cannot reach CSSM to redeem an id token.
  absl::StatusOr<v1::Trust> EstablishTrust(const DeviceContext& ctx, const std::string& id_token,
                                           v1::TrustScope scope, bool force) const override;
};

}  // namespace wlc::adapters::offline
