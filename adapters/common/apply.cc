#include "adapters/common/apply.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "adapters/common/apply_restore.h"
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

namespace {

// "restored A, B; restoring FAILED: …; left changed: <line> (restore by hand: <cli> / <cli>), …"
std::string RestoreSummary(const v1::ApplyRestore& restore) {
  std::vector<std::string> parts;
  if (restore.restored_size() > 0) {
    parts.push_back(absl::StrCat("restored ", absl::StrJoin(restore.restored(), ", ")));
  }
  if (!restore.restore_error().empty()) {
    parts.push_back(absl::StrCat("restoring FAILED: ", restore.restore_error()));
  }
  std::vector<std::string> left;
  for (const v1::LeftChanged& l : restore.left_changed()) {
    left.push_back(absl::StrCat(
        l.what(), " (restore by hand: ", absl::StrJoin(l.cli_to_restore(), " / "), ")"));
  }
  if (!left.empty()) parts.push_back(absl::StrCat("left changed: ", absl::StrJoin(left, ", ")));
  return absl::StrJoin(parts, "; ");
}

// Puts the saved configuration back with the reserve as its own deadline (the forward steps
// may have used up theirs) and returns `failure` extended with the outcome.
absl::Status FailAndRestore(const DeviceContext& ctx, absl::Duration reserve,
                            const SavedConfig& saved, int sent, const absl::Status& failure,
                            v1::ApplyTransportResponse* response) {
  std::string outcome = "nothing was changed";
  if (sent > 0) {
    DeviceContext back = ctx;
    back.deadline = absl::Now() + reserve;
    v1::ApplyRestore* restore = response->mutable_restore();
    RestoreSaved(back, saved, restore);
    for (v1::LeftChanged& l : LeftChangedSettings(response->plan(), sent, saved)) {
      *restore->add_left_changed() = std::move(l);
    }
    outcome = RestoreSummary(*restore);
  }
  return WithApplyResponse(
      absl::Status(failure.code(), absl::StrCat(failure.message(), "; ", outcome)), *response);
}

}  // namespace

absl::StatusOr<v1::ApplyTransportResponse> ApplyPlanned(
    const DeviceContext& ctx, const TransportAdapter& adapter, const v1::Transport& desired,
    const std::function<bool(const v1::Transport& applied)>& matches) {
  absl::StatusOr<json> native = ReadNativeSmart(ctx);
  if (!native.ok()) return native.status();
  absl::StatusOr<v1::TransportPlan> plan = adapter.PlanTransport(ctx, desired);
  if (!plan.ok()) return plan.status();

  v1::ApplyTransportResponse response;
  *response.mutable_plan() = *plan;
  const int steps = plan->steps_size();
  absl::StatusOr<SavedConfig> saved = SaveBeforeApply(ctx, *plan, *native);
  if (!saved.ok()) return saved.status();
  for (const SavedTree& tree : saved->trees) response.mutable_restore()->add_saved(tree.path);

  // The forward steps and the read-back run with the deadline minus what the restore needs.
  const absl::Duration reserve = RestoreReserve(saved->trees.size(), ctx.call_timeout);
  DeviceContext forward = ctx;
  if (steps > 0) {
    if (absl::Status s =
            CheckTimeForApply(ctx.info.name, ctx.deadline - absl::Now(), ctx.call_timeout, reserve);
        !s.ok()) {
      return WithApplyResponse(s, response);
    }
    forward.deadline = ctx.deadline - reserve;
  }
  int sent = 0;
  absl::Status executed = ExecutePlan(forward, *plan, &sent);
  response.set_changed(sent > 0);
  if (!executed.ok()) return FailAndRestore(ctx, reserve, *saved, sent, executed, &response);

  absl::StatusOr<json> after = ReadNativeSmart(forward);
  if (!after.ok()) {
    return FailAndRestore(
        ctx, reserve, *saved, steps,
        absl::Status(after.status().code(),
                     absl::StrCat("read-back after the change failed: ", after.status().message())),
        &response);
  }
  v1::Transport applied = TransportFromNativeSmart(*after);
  // Values the controller cannot report back are echoed from the request.
  *applied.mutable_proxy() = desired.proxy();
  *applied.mutable_http_client() = desired.http_client();
  if (!matches(applied)) {
    return FailAndRestore(ctx, reserve, *saved, steps,
                          absl::AbortedError(absl::StrCat(
                              "controller ", ctx.info.name, ": read-back after the change shows ",
                              v1::TransportType_Name(applied.type()), " url '", applied.url(),
                              "', not the requested ", v1::TransportType_Name(desired.type()))),
                          &response);
  }
  *response.mutable_applied() = applied;
  return response;
}

absl::Status WithApplyResponse(absl::Status status, const v1::ApplyTransportResponse& response) {
  status.SetPayload(kApplyResponseTypeUrl, absl::Cord(response.SerializeAsString()));
  return status;
}

std::optional<v1::ApplyTransportResponse> ApplyResponseOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kApplyResponseTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  v1::ApplyTransportResponse response;
  if (!response.ParseFromString(std::string(*payload))) return std::nullopt;
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
