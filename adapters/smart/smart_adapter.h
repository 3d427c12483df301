// SmartAdapter: `license smart transport smart`, direct to CSSM (smartreceiver.cisco.com) or
// through an HTTPS proxy.
//
// Plan, in order:
//   1. PATCH native license/smart: transport-type smart, url default (or the smart URL through
//      cli-rpc when a non-default receiver is given), usage interval when set.
//   2. config-ios-cli-rpc (17.9.1+): `license smart proxy address|port`, `license smart url smart`,
//      `ip http client source-interface|secure-trustpoint` — none of these is in the YANG.
// Trust: id token against CSSM (cisco-smart-license:id-token-trust). Reports to CSSM at
// kDefaultUrl unless `license smart url smart` names another receiver (On-Prem's SmartTransport
// form reads back as smart too: ReachesOnPrem).
#pragma once

#include "adapters/transport_adapter.h"

namespace wlc::adapters::smart {

// CSSM's smart receiver: where `license smart url default` sends.
inline constexpr char kDefaultUrl[] = "https://smartreceiver.cisco.com/licservice/license";

class SmartAdapter final : public TransportAdapter {
 public:
  v1::TransportType type() const override { return v1::TRANSPORT_TYPE_SMART; }
  std::string NativeType() const override { return "smart"; }
  Reporting reporting() const override { return Reporting::kOnline; }
  bool NeedsTrust() const override { return true; }
  std::string DefaultUrl() const override { return kDefaultUrl; }
  // `url smart` wins; `url default` (or no URL) is kDefaultUrl.
  std::string EndpointUrl(const v1::Transport& transport,
                          const std::string& url_smart) const override;
  // A CSLU / SSM On-Prem URL (/cslu/v1/pi): that server answers the smart protocol with nothing.
  bool MisdirectedTo(const std::string& url) const override;
  // On-Prem's https://<onprem>/SmartTransport.
  bool ReachesOnPrem(const std::string& url) const override;

  absl::Status Validate(const DeviceInfo& device, const v1::Transport& desired) const override;
  absl::StatusOr<v1::TransportPlan> PlanTransport(const DeviceContext& ctx,
                                                  const v1::Transport& desired) const override;
  absl::StatusOr<v1::ApplyTransportResponse> ApplyTransport(
      const DeviceContext& ctx, const v1::Transport& desired) const override;
  absl::StatusOr<v1::Trust> EstablishTrust(const DeviceContext& ctx, const std::string& id_token,
                                           v1::TrustScope scope, bool force) const override;
};

}  // namespace wlc::adapters::smart
