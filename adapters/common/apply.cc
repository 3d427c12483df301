#include "adapters/common/apply.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/cli_grammar.h"
#include "adapters/common/native_license.h"
#include "adapters/common/plan_executor.h"

namespace wlc::adapters {

using nlohmann::json;

absl::StatusOr<json> ReadNativeSmart(const DeviceContext& ctx) {
  absl::StatusOr<json> native =
      ctx.restconf->GetData(ctx.endpoint, kNativeSmartPath, ctx.Remaining());
  if (absl::IsNotFound(native.status())) return json::object();
  if (!native.ok()) return native.status();
  if (native->is_object() && native->contains(kNativeSmartMember)) {
    return (*native)[kNativeSmartMember];
  }
  return json::object();
}

absl::StatusOr<v1::ApplyTransportResponse> ApplyPlanned(
    const DeviceContext& ctx, const TransportAdapter& adapter, const v1::Transport& desired,
    const std::function<bool(const v1::Transport& applied)>& matches) {
  absl::StatusOr<json> saved = ReadNativeSmart(ctx);
  if (!saved.ok()) return saved.status();
  absl::StatusOr<v1::TransportPlan> plan = adapter.PlanTransport(ctx, desired);
  if (!plan.ok()) return plan.status();

  v1::ApplyTransportResponse response;
  *response.mutable_plan() = *plan;
  if (absl::Status s = ExecutePlan(ctx, *plan, *saved); !s.ok()) return s;
  response.set_changed(plan->steps_size() > 0);

  absl::StatusOr<json> after = ReadNativeSmart(ctx);
  if (!after.ok()) return after.status();
  v1::Transport applied = TransportFromNativeSmart(*after);
  // Values the controller cannot report back are echoed from the request.
  *applied.mutable_proxy() = desired.proxy();
  *applied.mutable_http_client() = desired.http_client();
  if (!matches(applied)) {
    return absl::AbortedError(
        absl::StrCat("controller ", ctx.info.name, ": read-back after the change shows ",
                     v1::TransportType_Name(applied.type()), " url '", applied.url(),
                     "', not the requested ", v1::TransportType_Name(desired.type())));
  }
  *response.mutable_applied() = applied;
  return response;
}

std::vector<std::string> HttpClientLines(const v1::Transport& desired) {
  std::vector<std::string> lines;
  if (!desired.http_client().source_interface().empty()) {
    lines.push_back("ip http client source-interface " + desired.http_client().source_interface());
  }
  if (!desired.http_client().secure_trustpoint().empty()) {
    lines.push_back("ip http client secure-trustpoint " +
                    desired.http_client().secure_trustpoint());
  }
  return lines;
}

absl::Status ValidateHttpClient(const DeviceInfo& device, const v1::HttpClient& http_client) {
  if (!http_client.source_interface().empty()) {
    if (absl::Status s = cli::CheckInterfaceName("transport.http_client.source_interface",
                                                 http_client.source_interface());
        !s.ok()) {
      return s;
    }
  }
  const std::string& tp = http_client.secure_trustpoint();
  if (tp.empty()) return absl::OkStatus();
  if (absl::Status s = cli::CheckTrustpointName("transport.http_client.secure_trustpoint", tp);
      !s.ok()) {
    return s;
  }
  const bool is_cl = absl::StartsWith(device.platform_pid, "C9800-CL");
  const bool is_hw = !device.platform_pid.empty() && !is_cl;
  if (is_cl && tp == "CISCO_IDEVID_SUDI") {
    return absl::InvalidArgumentError(
        "transport.http_client.secure_trustpoint: a 9800-CL has no SUDI; use its "
        "TP-self-signed-<digits> trustpoint");
  }
  if (is_hw && absl::StartsWith(tp, "TP-self-signed-")) {
    return absl::InvalidArgumentError(
        absl::StrCat("transport.http_client.secure_trustpoint: ", device.platform_pid,
                     " authenticates to CSSM with its SUDI; use CISCO_IDEVID_SUDI"));
  }
  return absl::OkStatus();
}

}  // namespace wlc::adapters
