#include "adapters/common/plan_builder.h"

#include "absl/strings/str_cat.h"
#include "adapters/common/apply.h"
#include "adapters/common/native_license.h"
#include "adapters/common/plan_executor.h"

namespace wlc::adapters {

void AddUsageInterval(const v1::Transport& desired, const v1::Transport& current,
                      PlanParts* parts) {
  if (desired.usage_interval_days() == 0 ||
      desired.usage_interval_days() == current.usage_interval_days()) {
    return;
  }
  parts->native_changes["usage"] = {{"interval", desired.usage_interval_days()}};
  parts->native_cli.push_back(
      absl::StrCat("license smart usage interval ", desired.usage_interval_days()));
}

absl::Status ValidateUsageInterval(const v1::Transport& desired) {
  if (desired.usage_interval_days() > 365) {
    return absl::InvalidArgumentError("transport.usage_interval_days must be 1..365 (0 = policy)");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::TransportPlan> BuildPlan(
    const DeviceContext& ctx, const v1::Transport& desired,
    const std::function<PlanParts(const v1::Transport& current)>& build) {
  absl::StatusOr<nlohmann::json> current = ReadNativeSmart(ctx);
  if (!current.ok()) return current.status();
  v1::TransportPlan plan;
  plan.set_controller(ctx.info.name);
  *plan.mutable_current() = TransportFromNativeSmart(*current);
  *plan.mutable_desired() = desired;
  PlanParts parts = build(plan.current());
  if (!parts.native_changes.empty()) {
    *plan.add_steps() =
        NativeSmartPatchStep(parts.native_description, parts.native_changes, parts.native_cli);
  }
  if (!parts.cli_only.empty())
    *plan.add_steps() = CliRpcStep(parts.cli_description, parts.cli_only);
  plan.set_no_change(plan.steps_size() == 0);
  return plan;
}

}  // namespace wlc::adapters
