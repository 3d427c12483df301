// CsluAdapter: `license smart transport cslu` towards a Cisco Smart License Utility at
// `http://<host>:8182/cslu/v1/pi` (the SLUP default transport). With no URL the controller
// looks for `cslu-local` in DNS. CSLU holds the trust with CSSM, so the controller needs none.
#pragma once

#include "adapters/transport_adapter.h"

namespace wlc::adapters::cslu {

// Where a cslu transport without `license smart url cslu` sends (the host found through DNS).
inline constexpr char kCsluLocalUrl[] = "http://cslu-local:8182/cslu/v1/pi";

class CsluAdapter final : public TransportAdapter {
 public:
  v1::TransportType type() const override { return v1::TRANSPORT_TYPE_CSLU; }
  std::string NativeType() const override { return "cslu"; }
  // "cslu" with a URL that is not SSM On-Prem's (IsOnPremUrl), or with none.
  bool IsNative(const std::string& native_type, const std::string& cslu_url) const override;
  std::string PeerName() const override { return "CSLU"; }
  Reporting reporting() const override { return Reporting::kOnline; }
  std::string DefaultUrl() const override { return kCsluLocalUrl; }
  bool GuessesUnsetUrl() const override { return true; }
  absl::Status Validate(const DeviceInfo& device, const v1::Transport& desired) const override;
  absl::StatusOr<v1::TransportPlan> PlanTransport(const DeviceContext& ctx,
                                                  const v1::Transport& desired) const override;
  absl::StatusOr<v1::ApplyTransportResponse> ApplyTransport(
      const DeviceContext& ctx, const v1::Transport& desired) const override;
  // FAILED_PRECONDITION: a controller that reports to CSLU needs no trust code.
  absl::StatusOr<v1::Trust> EstablishTrust(const DeviceContext& ctx, const std::string& id_token,
                                           v1::TrustScope scope, bool force) const override;
};

}  // namespace wlc::adapters::cslu
