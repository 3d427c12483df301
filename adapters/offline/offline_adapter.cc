#include "adapters/offline/offline_adapter.h"

#include "absl/strings/str_cat.h"
#include "adapters/common/apply.h"
#include "adapters/common/plan_builder.h"
#include "adapters/common/version.h"

namespace wlc::adapters::offline {

absl::Status OfflineAdapter::Validate(const DeviceInfo& device,
                                      const v1::Transport& desired) const {
  if (desired.type() != v1::TRANSPORT_TYPE_OFFLINE) {
    return absl::InvalidArgumentError("the offline adapter only plans TRANSPORT_TYPE_OFFLINE");
  }
  if (!desired.url().empty() || (desired.has_proxy() && !desired.proxy().host().empty())) {
    return absl::InvalidArgumentError("transport.url and transport.proxy do not apply to offline");
  }
  return RequireVersion(device.software_version, kSlupMinimum, "Smart Licensing Using Policy");
}

absl::StatusOr<v1::TransportPlan> OfflineAdapter::PlanTransport(
    const DeviceContext& ctx, const v1::Transport& desired) const {
  if (absl::Status s = Validate(ctx.info, desired); !s.ok()) return s;
  return BuildPlan(ctx, desired, [&](const v1::Transport& cur) {
    PlanParts parts;
    parts.native_description = "set transport off in license smart config";
    if (cur.type() != v1::TRANSPORT_TYPE_OFFLINE) {
      // The YANG enum is "Off"; "off" is rejected by the controller.
      parts.native_changes["transport-type"] = "Off";
      parts.native_cli.push_back("license smart transport off");
    }
    return parts;
  });
}

absl::StatusOr<v1::ApplyTransportResponse> OfflineAdapter::ApplyTransport(
    const DeviceContext& ctx, const v1::Transport& desired) const {
  return ApplyPlanned(ctx, *this, desired, [](const v1::Transport& applied) {
    return applied.type() == v1::TRANSPORT_TYPE_OFFLINE;
  });
}

absl::StatusOr<v1::Trust> OfflineAdapter::EstablishTrust(const DeviceContext& ctx,
                                                         const std::string&, v1::TrustScope,
                                                         bool) const {
  return absl::FailedPreconditionError(absl::StrCat(
      "controller ", ctx.info.name,
      " is air-gapped (transport off): it cannot redeem an id token; its trust arrives with an "
      "imported ACK or trust-code file"));
}

}  // namespace wlc::adapters::offline
