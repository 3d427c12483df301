#include "cli/fleet_stream.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/selector.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

int ExpectedTotal(CommandContext& ctx, const v1::Selector& selector) {
  if (selector.labels().empty() && !selector.all()) {
    return ExpectedCount(selector, v1::ListControllersResponse());
  }
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, absl::Seconds(5));
  call.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  v1::ListControllersResponse inventory;
  if (!ctx.conn.licensing().ListControllers(&call, {}, &inventory).ok()) return 0;
  return ExpectedCount(selector, inventory);
}

std::string InterruptedLine(const FleetOutcome& outcome) {
  if (outcome.has_summary) {
    const v1::FleetSummary& s = outcome.summary;
    return absl::StrCat("interrupted: ", s.total() - s.cancelled(), " of ", s.total(),
                        " controllers worked on (", s.changed(), " changed), ", s.cancelled(),
                        " never started: nothing was sent to them");
  }
  int changed = 0;
  for (const v1::ControllerResult& r : outcome.results) changed += r.apply().changed() ? 1 : 0;
  std::string line = absl::StrCat("abandoned: ", outcome.results.size(), " results arrived (",
                                  changed, " changed)");
  if (outcome.expected > 0) {
    const int unknown = outcome.expected - static_cast<int>(outcome.results.size());
    absl::StrAppend(&line, ", ", std::max(0, unknown),
                    " without a result: those in flight may still finish on the service (its "
                    "audit log has their outcome), the others were not started");
  }
  return line;
}

int FinishFleet(CommandContext& ctx, const grpc::Status& status, const FleetOutcome& arrived,
                const FleetTableRenderer& render_table, const std::vector<std::string>& secrets) {
  // Results arrive in completion order; print them by name so runs compare line by line.
  FleetOutcome outcome = arrived;
  std::stable_sort(outcome.results.begin(), outcome.results.end(),
                   [](const v1::ControllerResult& a, const v1::ControllerResult& b) {
                     return a.controller() < b.controller();
                   });
  int failed = 0;
  for (const v1::ControllerResult& r : outcome.results) failed += r.code() != 0 ? 1 : 0;
  // A request the service refused as a whole (bad selector, unknown name) printed nothing yet.
  if (!status.ok() && outcome.results.empty() && !outcome.abandoned) {
    return ReportRpcError(status, ctx.err, secrets);
  }
  if (ctx.format == Format::kTable) {
    if (!outcome.results.empty()) render_table(outcome, ctx.out);
    if (ctx.err_is_tty) {
      for (const v1::ControllerResult& r : outcome.results) {
        if (r.code() == 0) continue;
        ctx.err << r.controller() << ": " << CodeName(r.code()) << ": "
                << Redact(r.message(), secrets) << "\n";
      }
    }
    if (outcome.has_summary) ctx.err << SummaryLine(outcome.summary) << "\n";
  } else {
    nlohmann::ordered_json doc = {{"results", nlohmann::ordered_json::array()}};
    for (const v1::ControllerResult& r : outcome.results) {
      v1::ControllerResult copy = r;
      copy.set_message(Redact(r.message(), secrets));
      doc["results"].push_back(ProtoToJson(copy));
    }
    if (outcome.has_summary) doc["summary"] = ProtoToJson(outcome.summary);
    PrintDocument(doc, ctx.format, ctx.out);
  }
  ctx.out.flush();
  if (outcome.abandoned) {
    ctx.err << InterruptedLine(outcome) << "\n";
    return kExitInterrupted;
  }
  if (!status.ok()) return ReportRpcError(status, ctx.err, secrets);
  if (outcome.interrupted && outcome.has_summary && outcome.summary.interrupted()) {
    ctx.err << InterruptedLine(outcome) << "\n";
    return kExitInterrupted;
  }
  if (failed > 0 || (outcome.has_summary && outcome.summary.failed() > 0)) return kExitSomeFailed;
  return kExitOk;
}

}  // namespace wlc::cli
