// plan and apply: transport changes for one controller or a fleet.
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/fleet_stream.h"
#include "cli/render_plan.h"
#include "cli/render_table.h"
#include "cli/target.h"
#include "cli/transport_flags.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

namespace {

// Fleet tables: one summary row per controller, then each plan in full.
void PrintFleetPlans(const FleetOutcome& outcome, bool apply, bool dry_run, std::ostream& out) {
  Table table(apply
                  ? std::vector<std::string>{"CONTROLLER", "RESULT", "STEPS", "CHANGED", "APPLIED"}
                  : std::vector<std::string>{"CONTROLLER", "RESULT", "STEPS", "NO-CHANGE"});
  for (const v1::ControllerResult& r : outcome.results) {
    const std::string result = r.code() == 0 ? "ok" : CodeName(r.code());
    if (apply) {
      const v1::ApplyTransportResponse& a = r.apply();
      table.AddRow({r.controller(), result, absl::StrCat(a.plan().steps_size()),
                    dry_run ? "dry-run" : (a.changed() ? "yes" : "no"),
                    a.has_applied() ? DescribeTransport(a.applied()) : "-"});
    } else {
      table.AddRow({r.controller(), result, absl::StrCat(r.plan().steps_size()),
                    r.plan().no_change() ? "yes" : "no"});
    }
  }
  table.Print(out);
  for (const v1::ControllerResult& r : outcome.results) {
    if (r.code() != 0) {
      if (apply && r.apply().restore().attempted()) {
        out << "\n" << r.controller() << ": " << r.message() << "\n";
        PrintRestore(r.apply().restore(), out);
      }
      continue;
    }
    out << "\n";
    PrintPlan(apply ? r.apply().plan() : r.plan(), out);
  }
}

}  // namespace

int RunPlan(CommandContext& ctx) {
  absl::StatusOr<Target> target = TargetFromArgs(ctx.args);
  if (!target.ok()) return ReportUsage(ctx, target.status());
  absl::StatusOr<v1::Transport> desired = DesiredTransportFromArgs(ctx.args);
  if (!desired.ok()) return ReportUsage(ctx, desired.status());

  if (target->fleet()) {
    v1::PlanTransportsRequest req;
    *req.mutable_selector() = target->selector;
    *req.mutable_options() = target->options;
    *req.mutable_desired() = *desired;
    return RunFleetStream<v1::PlanTransportsResponse>(
        ctx, req.selector(),
        [&](grpc::ClientContext* call) { return ctx.conn.fleet().PlanTransports(call, req); },
        [](const FleetOutcome& o, std::ostream& out) { PrintFleetPlans(o, false, false, out); });
  }
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kUnaryTimeout);
  v1::PlanTransportRequest req;
  req.set_controller(target->controller);
  *req.mutable_desired() = *desired;
  v1::PlanTransportResponse resp;
  grpc::Status status = ctx.conn.licensing().PlanTransport(&call, req, &resp);
  if (!status.ok()) return ReportRpcError(status, ctx.err);
  if (ctx.format == Format::kTable) {
    PrintPlan(resp.plan(), ctx.out);
  } else {
    PrintDocument(ProtoToJson(resp), ctx.format, ctx.out);
  }
  return kExitOk;
}

int RunApply(CommandContext& ctx) {
  absl::StatusOr<Target> target = TargetFromArgs(ctx.args);
  if (!target.ok()) return ReportUsage(ctx, target.status());
  absl::StatusOr<v1::Transport> desired = DesiredTransportFromArgs(ctx.args);
  if (!desired.ok()) return ReportUsage(ctx, desired.status());
  const bool dry_run = ctx.args.Has("dry-run");

  if (target->fleet()) {
    v1::ApplyTransportsRequest req;
    *req.mutable_selector() = target->selector;
    *req.mutable_options() = target->options;
    *req.mutable_desired() = *desired;
    req.set_dry_run(dry_run);
    return RunFleetStream<v1::ApplyTransportsResponse>(
        ctx, req.selector(),
        [&](grpc::ClientContext* call) { return ctx.conn.fleet().ApplyTransports(call, req); },
        [dry_run](const FleetOutcome& o, std::ostream& out) {
          PrintFleetPlans(o, true, dry_run, out);
        });
  }
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kUnaryTimeout);
  v1::ApplyTransportRequest req;
  req.set_controller(target->controller);
  *req.mutable_desired() = *desired;
  req.set_dry_run(dry_run);
  v1::ApplyTransportResponse resp;
  grpc::Status status = ctx.conn.licensing().ApplyTransport(&call, req, &resp);
  if (!status.ok()) {
    const int code = ReportRpcError(status, ctx.err);
    if (std::optional<v1::ApplyTransportResponse> detail = ApplyResponseOfError(status)) {
      if (ctx.format == Format::kTable) {
        PrintRestore(detail->restore(), ctx.err);
      } else {
        PrintDocument(ProtoToJson(*detail), ctx.format, ctx.out);
      }
    }
    return code;
  }
  if (ctx.format == Format::kTable) {
    PrintApply(resp, dry_run, ctx.out);
  } else {
    PrintDocument(ProtoToJson(resp), ctx.format, ctx.out);
  }
  return kExitOk;
}

}  // namespace wlc::cli
