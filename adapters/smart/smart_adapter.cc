#include "adapters/smart/smart_adapter.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/apply.h"
#include "adapters/common/cli_grammar.h"
#include "adapters/common/plan_builder.h"
#include "adapters/common/trust.h"
#include "adapters/common/version.h"

namespace wlc::adapters::smart {
namespace {

using nlohmann::json;

bool UsesDefaultUrl(const v1::Transport& t) { return t.url().empty() || t.url() == kDefaultUrl; }

// Lines that only config-ios-cli-rpc can carry (no YANG leaf).
std::vector<std::string> CliOnlyLines(const v1::Transport& desired) {
  std::vector<std::string> lines;
  if (!UsesDefaultUrl(desired)) lines.push_back("license smart url smart " + desired.url());
  if (desired.has_proxy() && !desired.proxy().host().empty()) {
    lines.push_back("license smart proxy address " + desired.proxy().host());
    lines.push_back(absl::StrCat("license smart proxy port ", desired.proxy().port()));
  }
  if (!desired.http_client().source_interface().empty()) {
    lines.push_back("ip http client source-interface " + desired.http_client().source_interface());
  }
  if (!desired.http_client().secure_trustpoint().empty()) {
    lines.push_back("ip http client secure-trustpoint " +
                    desired.http_client().secure_trustpoint());
  }
  return lines;
}

}  // namespace

std::string SmartAdapter::EndpointUrl(const v1::Transport& transport,
                                      const std::string& url_smart) const {
  if (!url_smart.empty()) return url_smart;
  return transport.url_default() || transport.url().empty() ? kDefaultUrl : transport.url();
}

bool SmartAdapter::MisdirectedTo(const std::string& url) const {
  return absl::StrContains(url, "/cslu/v1/pi");
}

bool SmartAdapter::ReachesOnPrem(const std::string& url) const {
  return absl::StrContains(url, "/SmartTransport");
}

absl::Status SmartAdapter::Validate(const DeviceInfo& device, const v1::Transport& desired) const {
  if (desired.type() != v1::TRANSPORT_TYPE_SMART) {
    return absl::InvalidArgumentError("the smart adapter only plans TRANSPORT_TYPE_SMART");
  }
  if (absl::Status s =
          RequireVersion(device.software_version, kSlupMinimum, "Smart Licensing Using Policy");
      !s.ok()) {
    return s;
  }
  if (!UsesDefaultUrl(desired)) {
    if (absl::Status s = cli::CheckUrl("transport.url", desired.url(), /*require_https=*/true);
        !s.ok()) {
      return s;
    }
  }
  if (desired.has_proxy()) {
    if (absl::Status s = cli::CheckHost("transport.proxy.host", desired.proxy().host()); !s.ok())
      return s;
    if (absl::Status s = cli::CheckPort("transport.proxy.port", desired.proxy().port()); !s.ok())
      return s;
  }
  if (absl::Status s = ValidateHttpClient(device, desired.http_client()); !s.ok()) return s;
  if (absl::Status s = ValidateUsageInterval(desired); !s.ok()) return s;
  if (!CliOnlyLines(desired).empty()) {
    // Proxy, url smart and ip http client have no YANG leaf: only config-ios-cli-rpc carries them.
    if (absl::Status s =
            RequireVersion(device.software_version, kCliRpcMinimum,
                           "proxy, smart URL and ip http client settings over RESTCONF "
                           "(Cisco-IOS-XE-cli-rpc)");
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::TransportPlan> SmartAdapter::PlanTransport(const DeviceContext& ctx,
                                                              const v1::Transport& desired) const {
  if (absl::Status s = Validate(ctx.info, desired); !s.ok()) return s;
  return BuildPlan(ctx, desired, [&](const v1::Transport& cur) {
    PlanParts parts;
    parts.native_description = "set transport smart in license smart config";
    if (cur.type() != v1::TRANSPORT_TYPE_SMART) {
      parts.native_changes["transport-type"] = "smart";
      parts.native_cli.push_back("license smart transport smart");
    }
    if (UsesDefaultUrl(desired) && !cur.url_default()) {
      parts.native_changes["url"] = {{"default", json::array({nullptr})}};
      parts.native_cli.push_back("license smart url default");
    }
    AddUsageInterval(desired, cur, &parts);
    parts.cli_only = CliOnlyLines(desired);
    parts.cli_description = "proxy / smart URL / ip http client lines (not in YANG)";
    return parts;
  });
}

absl::StatusOr<v1::ApplyTransportResponse> SmartAdapter::ApplyTransport(
    const DeviceContext& ctx, const v1::Transport& desired) const {
  absl::StatusOr<v1::ApplyTransportResponse> response =
      ApplyPlanned(ctx, *this, desired, [&](const v1::Transport& applied) {
        return applied.type() == v1::TRANSPORT_TYPE_SMART &&
               (!UsesDefaultUrl(desired) || applied.url_default()) &&
               (desired.usage_interval_days() == 0 ||
                applied.usage_interval_days() == desired.usage_interval_days());
      });
  // `url smart` has no read-back either.
  if (response.ok() && !UsesDefaultUrl(desired))
    response->mutable_applied()->set_url(desired.url());
  return response;
}

absl::StatusOr<v1::Trust> SmartAdapter::EstablishTrust(const DeviceContext& ctx,
                                                       const std::string& id_token,
                                                       v1::TrustScope scope, bool force) const {
  return EstablishTrustWithIdToken(ctx, id_token, scope, force);
}

}  // namespace wlc::adapters::smart
