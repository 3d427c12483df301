// trust and relay: establishing trust with an id token, and service-relayed usage reporting.
// The id token is read from a file or stdin, sent once, and redacted from anything printed.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/dry_run.h"
#include "cli/exit_codes.h"
#include "cli/fleet_stream.h"
#include "cli/render_state.h"
#include "cli/render_table.h"
#include "cli/secret_input.h"
#include "cli/target.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

namespace {

int CountInstalled(const v1::Trust& trust) {
  int n = 0;
  for (const v1::TrustCode& c : trust.codes()) n += c.installed() ? 1 : 0;
  return n;
}

std::string TrustResultName(v1::TrustResult r) {
  std::string name = v1::TrustResult_Name(r);
  return name.substr(std::string("TRUST_RESULT_").size());
}

void PrintTrust(const std::string& controller, const v1::Trust& trust, std::ostream& out) {
  out << "Trust on " << controller << ": " << TrustResultName(trust.last_result()) << "\n";
  Table table({"UDI", "INSTALLED", "TIME"});
  for (const v1::TrustCode& c : trust.codes()) {
    table.AddRow({c.udi(), c.installed() ? "yes" : "no", FormatTime(c.installed_time())});
  }
  table.Print(out);
  if (!trust.last_failure_reason().empty()) {
    out << "failure: " << trust.last_failure_reason() << "\n";
  }
}

int UnacknowledgedReports(const v1::Usage& usage) {
  int n = 0;
  for (const v1::RumReport& r : usage.rum_reports()) {
    n += r.state() != v1::RUM_REPORT_STATE_ACKNOWLEDGED ? 1 : 0;
  }
  return n;
}

}  // namespace

int RunTrust(CommandContext& ctx) {
  absl::StatusOr<Target> target = TargetFromArgs(ctx.args);
  if (!target.ok()) return ReportUsage(ctx, target.status());
  const std::string mint_from = ctx.args.Get("mint-from");
  if (ctx.args.Has("token-file") && !mint_from.empty()) {
    return ReportUsage(ctx, absl::InvalidArgumentError("--token-file and --mint-from exclude "
                                                       "each other"));
  }
  std::string token;
  std::string source = absl::StrCat("an id token minted through upstream '", mint_from, "'");
  if (mint_from.empty()) {
    const std::string path = ctx.args.Get("token-file", "-");
    absl::StatusOr<std::string> read = ReadIdToken(path, ctx.in, ctx.in_is_tty, ctx.err);
    if (!read.ok()) return ReportUsage(ctx, read.status());
    token = *read;
    source = path == "-" ? "the id token from stdin" : absl::StrCat("the id token from ", path);
  }
  const bool all_ha = ctx.args.Has("all-ha");
  const bool force = ctx.args.Has("force");
  const std::vector<std::string> secrets = {token};

  if (ctx.args.Has("dry-run")) {
    return PreviewFromState(ctx, *target, [&](const v1::ControllerLicensing& l) {
      const int installed = CountInstalled(l.trust());
      std::string text =
          absl::StrCat("install trust (scope ", all_ha ? "all" : "local", ") with ", source, "; ",
                       installed, "/", l.trust().codes_size(), " trust codes installed now");
      if (installed > 0 && !force) absl::StrAppend(&text, " (refused without --force)");
      return text;
    });
  }

  if (target->fleet()) {
    v1::EstablishTrustsRequest req;
    *req.mutable_selector() = target->selector;
    *req.mutable_options() = target->options;
    req.set_id_token(token);
    req.set_mint_from_upstream(mint_from);
    req.set_scope(all_ha ? v1::TRUST_SCOPE_ALL : v1::TRUST_SCOPE_LOCAL);
    req.set_force(force);
    return RunFleetStream<v1::EstablishTrustsResponse>(
        ctx, req.selector(),
        [&](grpc::ClientContext* call) { return ctx.conn.fleet().EstablishTrusts(call, req); },
        [](const FleetOutcome& o, std::ostream& out) {
          Table table({"CONTROLLER", "RESULT", "TRUST", "CODES-INSTALLED"});
          for (const v1::ControllerResult& r : o.results) {
            table.AddRow({r.controller(), r.code() == 0 ? "ok" : CodeName(r.code()),
                          r.code() == 0 ? TrustResultName(r.trust().last_result()) : "-",
                          r.code() == 0
                              ? absl::StrCat(CountInstalled(r.trust()), "/", r.trust().codes_size())
                              : "-"});
          }
          table.Print(out);
        },
        secrets);
  }
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kUnaryTimeout);
  v1::EstablishTrustRequest req;
  req.set_controller(target->controller);
  req.set_id_token(token);
  req.set_mint_from_upstream(mint_from);
  req.set_scope(all_ha ? v1::TRUST_SCOPE_ALL : v1::TRUST_SCOPE_LOCAL);
  req.set_force(force);
  v1::EstablishTrustResponse resp;
  grpc::Status status = ctx.conn.licensing().EstablishTrust(&call, req, &resp);
  if (!status.ok()) return ReportRpcError(status, ctx.err, secrets);
  if (ctx.format == Format::kTable) {
    PrintTrust(target->controller, resp.trust(), ctx.out);
  } else {
    PrintDocument(ProtoToJson(resp), ctx.format, ctx.out);
  }
  return kExitOk;
}

int RunRelay(CommandContext& ctx) {
  absl::StatusOr<Target> target = TargetFromArgs(ctx.args);
  if (!target.ok()) return ReportUsage(ctx, target.status());
  const std::string upstream = ctx.args.Get("upstream");
  if (upstream.empty()) {
    return ReportUsage(ctx, absl::InvalidArgumentError("--upstream is required"));
  }
  if (ctx.args.Has("dry-run")) {
    return PreviewFromState(ctx, *target, [&](const v1::ControllerLicensing& l) {
      return absl::StrCat(
          "relay usage to upstream '", upstream, "': ", UnacknowledgedReports(l.usage()),
          " RUM reports not acknowledged yet, last ACK ", FormatTime(l.usage().last_ack_time()));
    });
  }
  auto ids = [](const google::protobuf::RepeatedField<uint64_t>& v) {
    return v.empty() ? std::string("-") : absl::StrJoin(v, ",");
  };
  if (target->fleet()) {
    v1::RelayUsagesRequest req;
    *req.mutable_selector() = target->selector;
    *req.mutable_options() = target->options;
    req.set_upstream(upstream);
    return RunFleetStream<v1::RelayUsagesResponse>(
        ctx, req.selector(),
        [&](grpc::ClientContext* call) { return ctx.conn.fleet().RelayUsages(call, req); },
        [&](const FleetOutcome& o, std::ostream& out) {
          Table table({"CONTROLLER", "RESULT", "COLLECTED", "ACKNOWLEDGED", "POLL-ID"});
          for (const v1::ControllerResult& r : o.results) {
            table.AddRow({r.controller(), r.code() == 0 ? "ok" : CodeName(r.code()),
                          ids(r.relay().collected_report_ids()),
                          ids(r.relay().acknowledged_report_ids()), r.relay().poll_id()});
          }
          table.Print(out);
        });
  }
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kUnaryTimeout);
  v1::RelayUsageRequest req;
  req.set_controller(target->controller);
  req.set_upstream(upstream);
  v1::RelayUsageResponse resp;
  grpc::Status status = ctx.conn.licensing().RelayUsage(&call, req, &resp);
  if (!status.ok()) return ReportRpcError(status, ctx.err);
  if (ctx.format == Format::kTable) {
    ctx.out << "Relayed usage of " << target->controller << " through '" << upstream << "'\n"
            << "  collected reports:    " << ids(resp.collected_report_ids()) << "\n"
            << "  acknowledged reports: " << ids(resp.acknowledged_report_ids()) << "\n"
            << "  poll id:              " << (resp.poll_id().empty() ? "-" : resp.poll_id())
            << "\n";
  } else {
    PrintDocument(ProtoToJson(resp), ctx.format, ctx.out);
  }
  return kExitOk;
}

}  // namespace wlc::cli
