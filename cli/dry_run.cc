#include "cli/dry_run.h"

#include "cli/exit_codes.h"
#include "cli/fleet_stream.h"
#include "cli/render_table.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

namespace {

nlohmann::ordered_json Action(const std::string& controller, const std::string& text) {
  return {{"controller", controller}, {"wouldDo", text}};
}

}  // namespace

int PreviewFromState(CommandContext& ctx, const Target& target,
                     const std::function<std::string(const v1::ControllerLicensing&)>& describe) {
  if (!target.fleet()) {
    grpc::ClientContext call;
    ctx.conn.Prepare(&call, kUnaryTimeout);
    v1::GetLicensingStateRequest req;
    req.set_controller(target.controller);
    v1::GetLicensingStateResponse resp;
    grpc::Status status = ctx.conn.licensing().GetLicensingState(&call, req, &resp);
    if (!status.ok()) return ReportRpcError(status, ctx.err);
    const std::string text = describe(resp.licensing());
    if (ctx.format == Format::kTable) {
      ctx.out << "Dry run: " << target.controller << ": would " << text << "\n";
    } else {
      PrintDocument({{"dryRun", true}, {"actions", {Action(target.controller, text)}}}, ctx.format,
                    ctx.out);
    }
    return kExitOk;
  }
  v1::ListLicensingStatesRequest req;
  *req.mutable_selector() = target.selector;
  *req.mutable_options() = target.options;
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kFleetTimeout);
  auto reader = ctx.conn.fleet().ListLicensingStates(&call, req);
  v1::ListLicensingStatesResponse resp;
  Table table({"CONTROLLER", "WOULD"});
  nlohmann::ordered_json actions = nlohmann::ordered_json::array();
  bool some_failed = false;
  while (reader->Read(&resp)) {
    if (!resp.event().has_result()) continue;
    const v1::ControllerResult& r = resp.event().result();
    std::string text = r.code() == 0 ? describe(r.licensing())
                                     : "nothing: state unreadable (" + CodeName(r.code()) + ": " +
                                           r.message() + ")";
    some_failed |= r.code() != 0;
    table.AddRow({r.controller(), text});
    actions.push_back(Action(r.controller(), text));
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return ReportRpcError(status, ctx.err);
  if (ctx.format == Format::kTable) {
    ctx.out << "Dry run: nothing is changed.\n";
    table.Print(ctx.out);
  } else {
    PrintDocument({{"dryRun", true}, {"actions", actions}}, ctx.format, ctx.out);
  }
  return some_failed ? kExitSomeFailed : kExitOk;
}

}  // namespace wlc::cli
