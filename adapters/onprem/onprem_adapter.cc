#include "adapters/onprem/onprem_adapter.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/apply.h"
#include "adapters/common/cli_grammar.h"
#include "adapters/common/native_license.h"
#include "adapters/common/plan_builder.h"
#include "adapters/common/trust.h"
#include "adapters/common/version.h"
#include "adapters/cslu/cslu_adapter.h"

namespace wlc::adapters::onprem {
namespace {

using nlohmann::json;

std::vector<std::string> CliOnlyLines(const v1::Transport& desired) {
  std::vector<std::string> lines;
  if (IsSmartTransportUrl(desired.url()))
    lines.push_back("license smart url smart " + desired.url());
  if (desired.sla_revocation_check_none()) {
    lines.push_back("crypto pki trustpoint SLA-TrustPoint");
    lines.push_back(" revocation-check none");
  }
  for (std::string& l : HttpClientLines(desired)) lines.push_back(std::move(l));
  return lines;
}

bool IsTenant(absl::string_view t) {
  if (t.empty() || t.size() > 64) return false;
  for (char c : t) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

bool OnPremAdapter::IsNative(const std::string& native_type, const std::string& cslu_url) const {
  return native_type == NativeType() && IsOnPremUrl(cslu_url);
}

std::string OnPremAdapter::DefaultUrl() const { return cslu::kCsluLocalUrl; }

bool IsSmartTransportUrl(const std::string& url) {
  return absl::StartsWith(url, "https://") && absl::EndsWith(url, "/SmartTransport");
}

absl::Status OnPremAdapter::Validate(const DeviceInfo& device, const v1::Transport& desired) const {
  if (desired.type() != v1::TRANSPORT_TYPE_ONPREM) {
    return absl::InvalidArgumentError("the onprem adapter only plans TRANSPORT_TYPE_ONPREM");
  }
  if (absl::Status s =
          RequireVersion(device.software_version, kSlupMinimum, "Smart Licensing Using Policy");
      !s.ok()) {
    return s;
  }
  if (desired.url().empty()) {
    return absl::InvalidArgumentError(
        "transport.url is required: https://<onprem>/cslu/v1/pi/<tenant> or "
        "https://<onprem>/SmartTransport");
  }
  if (absl::Status s = cli::CheckUrl("transport.url", desired.url(), /*require_https=*/true);
      !s.ok()) {
    return s;
  }
  const std::string& url = desired.url();
  const size_t pi = url.find("/cslu/v1/pi/");
  if (!IsSmartTransportUrl(url)) {
    if (pi == std::string::npos || !IsTenant(url.substr(pi + 12))) {
      return absl::InvalidArgumentError(
          "transport.url: an SSM On-Prem URL has the form https://<onprem>/cslu/v1/pi/<tenant> "
          "(tenant of letters, digits, '-', '_', '.') or https://<onprem>/SmartTransport");
    }
  }
  if (desired.has_proxy() && !desired.proxy().host().empty()) {
    return absl::InvalidArgumentError("transport.proxy applies to the smart transport only");
  }
  if (absl::Status s = ValidateUsageInterval(desired); !s.ok()) return s;
  if (absl::Status s = ValidateHttpClient(device, desired.http_client()); !s.ok()) return s;
  if (!CliOnlyLines(desired).empty()) {
    return RequireVersion(device.software_version, kCliRpcMinimum,
                          "the SmartTransport URL, SLA-TrustPoint revocation-check and ip http "
                          "client settings over RESTCONF (Cisco-IOS-XE-cli-rpc)");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::TransportPlan> OnPremAdapter::PlanTransport(const DeviceContext& ctx,
                                                               const v1::Transport& desired) const {
  if (absl::Status s = Validate(ctx.info, desired); !s.ok()) return s;
  const bool smart_form = IsSmartTransportUrl(desired.url());
  return BuildPlan(ctx, desired, [&](const v1::Transport& cur) {
    PlanParts parts;
    if (smart_form) {
      parts.native_description = "set transport smart (On-Prem SmartTransport URL follows)";
      if (cur.type() != v1::TRANSPORT_TYPE_SMART) {
        parts.native_changes["transport-type"] = "smart";
        parts.native_cli.push_back("license smart transport smart");
      }
    } else {
      parts.native_description = "set transport cslu with the SSM On-Prem URL";
      if (cur.type() != v1::TRANSPORT_TYPE_CSLU && cur.type() != v1::TRANSPORT_TYPE_ONPREM) {
        parts.native_changes["transport-type"] = "cslu";
        parts.native_cli.push_back("license smart transport cslu");
      }
      if (cur.url() != desired.url()) {
        parts.native_changes["url"] = {{"cslu", desired.url()}};
        parts.native_cli.push_back("license smart url cslu " + desired.url());
      }
    }
    AddUsageInterval(desired, cur, &parts);
    parts.cli_only = CliOnlyLines(desired);
    parts.cli_description = "SmartTransport URL / SLA-TrustPoint / ip http client (not in YANG)";
    return parts;
  });
}

absl::StatusOr<v1::ApplyTransportResponse> OnPremAdapter::ApplyTransport(
    const DeviceContext& ctx, const v1::Transport& desired) const {
  const bool smart_form = IsSmartTransportUrl(desired.url());
  absl::StatusOr<v1::ApplyTransportResponse> response =
      ApplyPlanned(ctx, *this, desired, [&](const v1::Transport& applied) {
        if (smart_form) return applied.type() == v1::TRANSPORT_TYPE_SMART;
        return applied.type() == v1::TRANSPORT_TYPE_ONPREM && applied.url() == desired.url();
      });
  if (response.ok()) {
    // The SmartTransport form reads back as "smart" (url smart has no leaf): report what it is.
    response->mutable_applied()->set_type(v1::TRANSPORT_TYPE_ONPREM);
    response->mutable_applied()->set_url(desired.url());
    response->mutable_applied()->set_sla_revocation_check_none(desired.sla_revocation_check_none());
  }
  return response;
}

absl::StatusOr<v1::Trust> OnPremAdapter::EstablishTrust(const DeviceContext& ctx,
                                                        const std::string& id_token,
                                                        v1::TrustScope scope, bool force) const {
  return EstablishTrustWithIdToken(ctx, id_token, scope, force);
}

}  // namespace wlc::adapters::onprem
