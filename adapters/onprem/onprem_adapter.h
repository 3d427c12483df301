// OnPremAdapter: SSM On-Prem. Under SLUP the controller reaches On-Prem with the cslu transport
// and `license smart url cslu https://<onprem>/cslu/v1/pi/<tenant>`; the older
// `https://<onprem>/SmartTransport` form uses the smart transport with `license smart url smart`
// (config-ios-cli-rpc, 17.9.1+). Controllers that cannot fetch On-Prem's CRL need
// `revocation-check none` on SLA-TrustPoint (sla_revocation_check_none). Trust: id token issued by
// On-Prem, installed with the same RPC as for CSSM.
#pragma once

#include "adapters/transport_adapter.h"

namespace wlc::adapters::onprem {

class OnPremAdapter final : public TransportAdapter {
 public:
  v1::TransportType type() const override { return v1::TRANSPORT_TYPE_ONPREM; }
  // The cslu transport carries it: "cslu" with an On-Prem URL (IsOnPremUrl). The SmartTransport
  // form reads back as the smart transport.
  std::string NativeType() const override { return "cslu"; }
  bool IsNative(const std::string& native_type, const std::string& cslu_url) const override;
  std::string PeerName() const override { return "SSM On-Prem"; }
  Reporting reporting() const override { return Reporting::kOnline; }
  bool NeedsTrust() const override { return true; }
  // As for CSLU: without a URL the controller looks for cslu-local.
  std::string DefaultUrl() const override;
  bool GuessesUnsetUrl() const override { return true; }
  bool ReachesOnPrem(const std::string& /*url*/) const override { return true; }
  absl::Status Validate(const DeviceInfo& device, const v1::Transport& desired) const override;
  absl::StatusOr<v1::TransportPlan> PlanTransport(const DeviceContext& ctx,
                                                  const v1::Transport& desired) const override;
  absl::StatusOr<v1::ApplyTransportResponse> ApplyTransport(
      const DeviceContext& ctx, const v1::Transport& desired) const override;
  absl::StatusOr<v1::Trust> EstablishTrust(const DeviceContext& ctx, const std::string& id_token,
                                           v1::TrustScope scope, bool force) const override;
};

// True for `https://<host>[:port]/SmartTransport`.
bool IsSmartTransportUrl(const std::string& url);

}  // namespace wlc::adapters::onprem
