#include "adapters/smart/smart_adapter.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "adapters/common/cli_grammar.h"
#include "adapters/common/native_license.h"
#include "adapters/common/plan_executor.h"
#include "adapters/common/trust.h"
#include "adapters/common/version.h"

namespace wlc::adapters::smart {
namespace {

using nlohmann::json;

bool UsesDefaultUrl(const v1::Transport& t) {
  return t.url().empty() || t.url() == kDefaultSmartUrl;
}

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

absl::StatusOr<json> ReadNativeSmart(const DeviceContext& ctx) {
  absl::StatusOr<json> native =
      ctx.restconf->GetData(ctx.endpoint, kNativeSmartPath, ctx.Remaining());
  if (absl::IsNotFound(native.status())) return json::object();
  if (!native.ok()) return native.status();
  if (native->is_object() && native->contains(kNativeSmartMember))
    return (*native)[kNativeSmartMember];
  return json::object();
}

}  // namespace

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
  if (!desired.http_client().source_interface().empty()) {
    if (absl::Status s = cli::CheckInterfaceName("transport.http_client.source_interface",
                                                 desired.http_client().source_interface());
        !s.ok()) {
      return s;
    }
  }
  if (!desired.http_client().secure_trustpoint().empty()) {
    if (absl::Status s = cli::CheckTrustpointName("transport.http_client.secure_trustpoint",
                                                  desired.http_client().secure_trustpoint());
        !s.ok()) {
      return s;
    }
  }
  if (desired.usage_interval_days() > 365) {
    return absl::InvalidArgumentError("transport.usage_interval_days must be 1..365 (0 = policy)");
  }
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
  absl::StatusOr<json> current = ReadNativeSmart(ctx);
  if (!current.ok()) return current.status();

  v1::TransportPlan plan;
  plan.set_controller(ctx.info.name);
  *plan.mutable_current() = TransportFromNativeSmart(*current);
  *plan.mutable_desired() = desired;

  const v1::Transport& cur = plan.current();
  json smart = json::object();
  std::vector<std::string> cli;
  if (cur.type() != v1::TRANSPORT_TYPE_SMART) {
    smart["transport-type"] = "smart";
    cli.push_back("license smart transport smart");
  }
  if (UsesDefaultUrl(desired) && !cur.url_default()) {
    smart["url"] = {{"default", json::array({nullptr})}};
    cli.push_back("license smart url default");
  }
  if (desired.usage_interval_days() != 0 &&
      desired.usage_interval_days() != cur.usage_interval_days()) {
    smart["usage"] = {{"interval", desired.usage_interval_days()}};
    cli.push_back(absl::StrCat("license smart usage interval ", desired.usage_interval_days()));
  }
  if (!smart.empty()) {
    *plan.add_steps() =
        NativeSmartPatchStep("set transport smart in license smart config", smart, cli);
  }
  std::vector<std::string> cli_only = CliOnlyLines(desired);
  if (!cli_only.empty()) {
    // No YANG read-back exists for these lines, so they are always sent (they are idempotent).
    *plan.add_steps() =
        CliRpcStep("proxy / smart URL / ip http client lines (not in YANG)", cli_only);
  }
  plan.set_no_change(plan.steps_size() == 0);
  return plan;
}

absl::StatusOr<v1::ApplyTransportResponse> SmartAdapter::ApplyTransport(
    const DeviceContext& ctx, const v1::Transport& desired) const {
  absl::StatusOr<json> saved = ReadNativeSmart(ctx);
  if (!saved.ok()) return saved.status();
  absl::StatusOr<v1::TransportPlan> plan = PlanTransport(ctx, desired);
  if (!plan.ok()) return plan.status();

  v1::ApplyTransportResponse response;
  *response.mutable_plan() = *plan;
  if (absl::Status s = ExecutePlan(ctx, *plan, *saved); !s.ok()) return s;
  response.set_changed(plan->steps_size() > 0);

  absl::StatusOr<json> after = ReadNativeSmart(ctx);
  if (!after.ok()) return after.status();
  v1::Transport applied = TransportFromNativeSmart(*after);
  if (applied.type() != v1::TRANSPORT_TYPE_SMART ||
      (UsesDefaultUrl(desired) && !applied.url_default()) ||
      (desired.usage_interval_days() != 0 &&
       applied.usage_interval_days() != desired.usage_interval_days())) {
    return absl::AbortedError(absl::StrCat("controller ", ctx.info.name,
                                           ": read-back after the change does not show transport "
                                           "smart with the requested URL and interval"));
  }
  // Values the controller cannot report back are echoed from the request.
  *applied.mutable_proxy() = desired.proxy();
  *applied.mutable_http_client() = desired.http_client();
  if (!UsesDefaultUrl(desired)) applied.set_url(desired.url());
  *response.mutable_applied() = applied;
  return response;
}

absl::StatusOr<v1::Trust> SmartAdapter::EstablishTrust(const DeviceContext& ctx,
                                                       const std::string& id_token,
                                                       v1::TrustScope scope, bool force) const {
  return EstablishTrustWithIdToken(ctx, id_token, scope, force);
}

}  // namespace wlc::adapters::smart
