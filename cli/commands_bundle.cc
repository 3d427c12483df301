// export and import: usage and ACK bundles for air-gapped controllers (files moved by hand to
// and from CSSM).
#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "adapters/common/input_limits.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/render_table.h"
#include "cli/selector.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

namespace {

bool AnyFailed(const google::protobuf::RepeatedPtrField<v1::ControllerOutcome>& outcomes) {
  return std::any_of(outcomes.begin(), outcomes.end(),
                     [](const v1::ControllerOutcome& o) { return o.code() != 0; });
}

void PrintOutcomes(const google::protobuf::RepeatedPtrField<v1::ControllerOutcome>& outcomes,
                   std::ostream& out) {
  Table table({"CONTROLLER", "RESULT", "REPORTS", "MESSAGE"});
  for (const v1::ControllerOutcome& o : outcomes) {
    table.AddRow({o.controller(), o.code() == 0 ? "ok" : CodeName(o.code()),
                  o.report_ids().empty() ? "-" : absl::StrJoin(o.report_ids(), ","), o.message()});
  }
  table.Print(out);
}

// Names from --names, plus the inventory controllers --selector/--all pick (resolved here, as
// ExportUsage takes names only).
absl::StatusOr<std::vector<std::string>> ResolveNames(CommandContext& ctx, grpc::Status* rpc) {
  absl::StatusOr<v1::Selector> selector = SelectorFromArgs(ctx.args);
  if (!selector.ok()) return selector.status();
  std::vector<std::string> names(selector->names().begin(), selector->names().end());
  if (selector->all() || !selector->labels().empty()) {
    grpc::ClientContext call;
    ctx.conn.Prepare(&call, kUnaryTimeout);
    v1::ListControllersResponse inventory;
    *rpc = ctx.conn.licensing().ListControllers(&call, {}, &inventory);
    if (!rpc->ok()) return names;
    for (const v1::ControllerSummary& c : inventory.controllers()) {
      std::map<std::string, std::string> labels(c.labels().begin(), c.labels().end());
      if ((selector->all() || LabelsMatch(labels, selector->labels())) &&
          std::find(names.begin(), names.end(), c.name()) == names.end()) {
        names.push_back(c.name());
      }
    }
  }
  return names;
}

}  // namespace

int RunExport(CommandContext& ctx) {
  grpc::Status rpc;
  absl::StatusOr<std::vector<std::string>> names = ResolveNames(ctx, &rpc);
  if (!names.ok()) return ReportUsage(ctx, names.status());
  if (!rpc.ok()) return ReportRpcError(rpc, ctx.err);
  if (names->empty()) {
    return ReportUsage(
        ctx, absl::InvalidArgumentError("name the controllers: --names, --selector or --all"));
  }
  const std::string path = ctx.args.Get("out-file", "-");
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kFleetTimeout);
  v1::ExportUsageRequest req;
  for (const std::string& n : *names) req.add_controllers(n);
  v1::ExportUsageResponse resp;
  grpc::Status status = ctx.conn.licensing().ExportUsage(&call, req, &resp);
  if (!status.ok()) return ReportRpcError(status, ctx.err);

  // With the bundle on stdout, everything else goes to stderr.
  std::ostream& report = path == "-" ? ctx.err : ctx.out;
  if (path == "-") {
    ctx.out << resp.bundle();
    ctx.out.flush();
  } else {
    const std::string tmp = path + ".tmp";
    {
      std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
      file << resp.bundle();
      if (!file) {
        ctx.err << "error: cannot write " << tmp << "\n";
        return kExitRequestFailed;
      }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
      ctx.err << "error: cannot write " << path << "\n";
      return kExitRequestFailed;
    }
  }
  if (ctx.format == Format::kTable) {
    PrintOutcomes(resp.outcomes(), report);
    if (path != "-")
      report << "bundle written to " << path << " (" << resp.bundle().size()
             << " bytes); upload it to CSSM\n";
  } else {
    v1::ExportUsageResponse summary = resp;
    summary.clear_bundle();
    nlohmann::ordered_json doc = ProtoToJson(summary);
    doc["bundleFile"] = path;
    doc["bundleBytes"] = resp.bundle().size();
    PrintDocument(doc, ctx.format, report);
  }
  return AnyFailed(resp.outcomes()) ? kExitSomeFailed : kExitOk;
}

int RunImport(CommandContext& ctx) {
  const std::string path = ctx.args.positional()[0];
  std::string bundle;
  if (path == "-") {
    std::stringstream ss;
    ss << ctx.in.rdbuf();
    bundle = ss.str();
  } else {
    absl::StatusOr<std::string> text = limits::ReadFileAtMost(path, limits::kMaxBundleBytes);
    if (!text.ok()) return ReportUsage(ctx, text.status());
    bundle = *std::move(text);
  }
  // The service checks the bundle again; this is for a clear local error and the dry run. The
  // same limits as the service's (a bundle is whoever wrote the file's text).
  absl::StatusOr<nlohmann::json> parsed = limits::ParseJson(bundle, limits::kMaxBundleBytes, path);
  if (!parsed.ok() || !parsed->is_object()) {
    return ReportUsage(ctx, absl::InvalidArgumentError(path + " is not a JSON ACK bundle"));
  }
  const nlohmann::json& type = (*parsed)["bundle_type"];
  const std::string bundle_type = type.is_string() ? type.get<std::string>() : "?";
  absl::StatusOr<v1::Selector> selector = SelectorFromArgs(ctx.args);
  if (!selector.ok()) return ReportUsage(ctx, selector.status());
  v1::ImportAcknowledgementsRequest req;
  req.set_bundle(bundle);
  for (const std::string& n : selector->names()) req.add_controllers(n);

  if (ctx.args.Has("dry-run")) {
    if (bundle_type != "RUM_ACK") {
      return ReportUsage(
          ctx, absl::InvalidArgumentError(path + " is not an ACK bundle (bundle_type RUM_ACK)"));
    }
    const size_t acks =
        parsed->contains("acks") && (*parsed)["acks"].is_array() ? (*parsed)["acks"].size() : 0;
    const std::string into = req.controllers().empty() ? "every inventory controller an ACK names"
                                                       : absl::StrJoin(req.controllers(), ",");
    const std::string text =
        absl::StrCat("import ", acks, " ACKs (bundle_type ", bundle_type, ") into ", into);
    if (ctx.format == Format::kTable) {
      ctx.out << "Dry run: would " << text << "\n";
    } else {
      PrintDocument({{"dryRun", true}, {"wouldDo", text}}, ctx.format, ctx.out);
    }
    return kExitOk;
  }
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kFleetTimeout);
  v1::ImportAcknowledgementsResponse resp;
  grpc::Status status = ctx.conn.licensing().ImportAcknowledgements(&call, req, &resp);
  if (!status.ok()) return ReportRpcError(status, ctx.err);
  if (ctx.format == Format::kTable) {
    PrintOutcomes(resp.outcomes(), ctx.out);
  } else {
    PrintDocument(ProtoToJson(resp), ctx.format, ctx.out);
  }
  return AnyFailed(resp.outcomes()) ? kExitSomeFailed : kExitOk;
}

}  // namespace wlc::cli
