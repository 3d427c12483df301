#include "adapters/cslu/cslu_adapter.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/apply.h"
#include "adapters/common/cli_grammar.h"
#include "adapters/common/native_license.h"
#include "adapters/common/plan_builder.h"
#include "adapters/common/version.h"

namespace wlc::adapters::cslu {

bool CsluAdapter::IsNative(const std::string& native_type, const std::string& cslu_url) const {
  return native_type == NativeType() && !IsOnPremUrl(cslu_url);
}

absl::Status CsluAdapter::Validate(const DeviceInfo& device, const v1::Transport& desired) const {
  if (desired.type() != v1::TRANSPORT_TYPE_CSLU) {
    return absl::InvalidArgumentError("the cslu adapter only plans TRANSPORT_TYPE_CSLU");
  }
  if (absl::Status s =
          RequireVersion(device.software_version, kSlupMinimum, "Smart Licensing Using Policy");
      !s.ok()) {
    return s;
  }
  if (!desired.url().empty()) {
    if (absl::Status s = cli::CheckUrl("transport.url", desired.url(), /*require_https=*/false);
        !s.ok()) {
      return s;
    }
    if (!absl::EndsWith(desired.url(), "/cslu/v1/pi")) {
      return absl::InvalidArgumentError(
          "transport.url: a CSLU URL has the form http://<host>:8182/cslu/v1/pi (an URL with a "
          "tenant after /cslu/v1/pi/ is SSM On-Prem: use TRANSPORT_TYPE_ONPREM)");
    }
  }
  if (desired.has_proxy() && !desired.proxy().host().empty()) {
    return absl::InvalidArgumentError("transport.proxy applies to the smart transport only");
  }
  if (absl::Status s = ValidateUsageInterval(desired); !s.ok()) return s;
  if (absl::Status s = ValidateHttpClient(device, desired.http_client()); !s.ok()) return s;
  if (!HttpClientLines(desired).empty()) {
    return RequireVersion(device.software_version, kCliRpcMinimum,
                          "ip http client settings over RESTCONF (Cisco-IOS-XE-cli-rpc)");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::TransportPlan> CsluAdapter::PlanTransport(const DeviceContext& ctx,
                                                             const v1::Transport& desired) const {
  if (absl::Status s = Validate(ctx.info, desired); !s.ok()) return s;
  return BuildPlan(ctx, desired, [&](const v1::Transport& cur) {
    PlanParts parts;
    parts.native_description = "set transport cslu in license smart config";
    // On-Prem is the cslu transport too; only the URL tells them apart.
    const bool cslu_now =
        cur.type() == v1::TRANSPORT_TYPE_CSLU || cur.type() == v1::TRANSPORT_TYPE_ONPREM;
    if (!cslu_now) {
      parts.native_changes["transport-type"] = "cslu";
      parts.native_cli.push_back("license smart transport cslu");
    }
    if (!desired.url().empty() && cur.url() != desired.url()) {
      parts.native_changes["url"] = {{"cslu", desired.url()}};
      parts.native_cli.push_back("license smart url cslu " + desired.url());
    }
    AddUsageInterval(desired, cur, &parts);
    parts.cli_only = HttpClientLines(desired);
    parts.cli_description = "ip http client lines (not in YANG)";
    return parts;
  });
}

absl::StatusOr<v1::ApplyTransportResponse> CsluAdapter::ApplyTransport(
    const DeviceContext& ctx, const v1::Transport& desired) const {
  return ApplyPlanned(ctx, *this, desired, [&](const v1::Transport& applied) {
    return applied.type() == v1::TRANSPORT_TYPE_CSLU &&
           (desired.url().empty() || applied.url() == desired.url());
  });
}

absl::StatusOr<v1::Trust> CsluAdapter::EstablishTrust(const DeviceContext& ctx, const std::string&,
                                                      v1::TrustScope, bool) const {
  return absl::FailedPreconditionError(
      absl::StrCat("controller ", ctx.info.name,
                   " reports through CSLU, which holds the trust with CSSM: the controller needs "
                   "no trust code"));
}

}  // namespace wlc::adapters::cslu
