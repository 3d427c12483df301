// controllers, state, states: read-only commands.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/fleet_stream.h"
#include "cli/render_state.h"
#include "cli/render_table.h"
#include "cli/selector.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

int RunControllers(CommandContext& ctx) {
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kUnaryTimeout);
  v1::ListControllersResponse resp;
  grpc::Status status = ctx.conn.licensing().ListControllers(&call, {}, &resp);
  if (!status.ok()) return ReportRpcError(status, ctx.err);
  if (ctx.format != Format::kTable) {
    PrintDocument(ProtoToJson(resp), ctx.format, ctx.out);
    return kExitOk;
  }
  Table table({"NAME", "ADDRESS", "VERSION", "PROFILE", "LABELS"});
  for (const v1::ControllerSummary& c : resp.controllers()) {
    std::vector<std::string> labels;
    for (const auto& [k, v] : c.labels()) labels.push_back(absl::StrCat(k, "=", v));
    std::sort(labels.begin(), labels.end());
    table.AddRow({c.name(), c.address(), c.software_version(), c.credentials_profile(),
                  absl::StrJoin(labels, ",")});
  }
  table.Print(ctx.out);
  return kExitOk;
}

int RunState(CommandContext& ctx) {
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kUnaryTimeout);
  v1::GetLicensingStateRequest req;
  req.set_controller(ctx.args.positional()[0]);
  v1::GetLicensingStateResponse resp;
  grpc::Status status = ctx.conn.licensing().GetLicensingState(&call, req, &resp);
  if (!status.ok()) return ReportRpcError(status, ctx.err);
  if (ctx.format == Format::kTable) {
    PrintStateDetail(resp.licensing(), ctx.out);
  } else {
    PrintDocument(ProtoToJson(resp), ctx.format, ctx.out);
  }
  return kExitOk;
}

int RunStates(CommandContext& ctx) {
  absl::StatusOr<v1::ListLicensingStatesRequest> req =
      [&]() -> absl::StatusOr<v1::ListLicensingStatesRequest> {
    v1::ListLicensingStatesRequest r;
    absl::StatusOr<v1::Selector> selector = SelectorFromArgs(ctx.args);
    if (!selector.ok()) return selector.status();
    absl::StatusOr<v1::FleetOptions> options = FleetOptionsFromArgs(ctx.args);
    if (!options.ok()) return options.status();
    *r.mutable_selector() = *selector;
    *r.mutable_options() = *options;
    // No selector at all: the whole inventory, as `licensingctl controllers` lists it.
    if (!HasSelector(ctx.args)) r.mutable_selector()->set_all(true);
    return r;
  }();
  if (!req.ok()) return ReportUsage(ctx, req.status());
  return RunFleetStream<v1::ListLicensingStatesResponse>(
      ctx, req->selector(),
      [&](grpc::ClientContext* call) { return ctx.conn.fleet().ListLicensingStates(call, *req); },
      [](const FleetOutcome& outcome, std::ostream& out) {
        Table table(StateHeader());
        for (const v1::ControllerResult& r : outcome.results) {
          table.AddRow(r.code() == 0 ? StateRow(r.licensing())
                                     : StateErrorRow(r.controller(), r.code()));
        }
        table.Print(out);
      });
}

}  // namespace wlc::cli
