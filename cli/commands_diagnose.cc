// diagnose: the troubleshooting procedure on one controller (a checklist) or a fleet (one row per
// controller and the controllers per cause). Read only.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/fleet_stream.h"
#include "cli/render_diagnosis.h"
#include "cli/render_table.h"
#include "cli/target.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

namespace {

void PrintFleetDiagnoses(const FleetOutcome& outcome, std::ostream& out) {
  Table table(DiagnosisHeader());
  for (const v1::ControllerResult& r : outcome.results) {
    table.AddRow(r.code() == 0 ? DiagnosisRow(r.diagnosis())
                               : DiagnosisErrorRow(r.controller(), r.code()));
  }
  table.Print(out);
  if (outcome.has_summary) PrintByCause(outcome.summary, out);
}

}  // namespace

int RunDiagnose(CommandContext& ctx) {
  absl::StatusOr<Target> target = TargetFromArgs(ctx.args);
  if (!target.ok()) return ReportUsage(ctx, target.status());
  const bool skip_probe = ctx.args.Has("no-probe");

  if (target->fleet()) {
    v1::DiagnoseFleetRequest req;
    *req.mutable_selector() = target->selector;
    *req.mutable_options() = target->options;
    req.set_skip_endpoint_probe(skip_probe);
    FleetOutcome outcome;
    grpc::Status status = ReadFleetStream<v1::DiagnoseFleetResponse>(
        ctx, req.selector(),
        [&](grpc::ClientContext* call) { return ctx.conn.fleet().DiagnoseFleet(call, req); },
        &outcome);
    const int code = FinishFleet(ctx, status, outcome, PrintFleetDiagnoses);
    if (code != kExitOk) return code;
    for (const v1::ControllerResult& r : outcome.results) {
      if (r.has_diagnosis() && IsCritical(r.diagnosis())) return kExitCritical;
    }
    return kExitOk;
  }
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kUnaryTimeout);
  v1::DiagnoseRequest req;
  req.set_controller(target->controller);
  req.set_skip_endpoint_probe(skip_probe);
  v1::DiagnoseResponse resp;
  grpc::Status status = ctx.conn.licensing().Diagnose(&call, req, &resp);
  if (!status.ok()) return ReportRpcError(status, ctx.err);
  if (ctx.format == Format::kTable) {
    PrintDiagnosis(resp.diagnosis(), ctx.out);
  } else {
    PrintDocument(ProtoToJson(resp), ctx.format, ctx.out);
  }
  return IsCritical(resp.diagnosis()) ? kExitCritical : kExitOk;
}

}  // namespace wlc::cli
