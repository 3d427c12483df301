// watch: streams licensing changes of the selected controllers until interrupted (Ctrl-C ends
// it cleanly with exit code 0) or the server ends the stream.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/render_state.h"
#include "cli/selector.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

namespace {

std::atomic<bool> g_interrupted{false};
void OnInterrupt(int) { g_interrupted.store(true); }

std::string KindName(v1::ChangeKind kind) {
  std::string name = v1::ChangeKind_Name(kind);
  return name.substr(std::string("CHANGE_KIND_").size());
}

}  // namespace

int RunWatch(CommandContext& ctx) {
  v1::WatchLicensingRequest req;
  absl::StatusOr<v1::Selector> selector = SelectorFromArgs(ctx.args);
  if (!selector.ok()) return ReportUsage(ctx, selector.status());
  absl::StatusOr<v1::FleetOptions> options = FleetOptionsFromArgs(ctx.args);
  if (!options.ok()) return ReportUsage(ctx, options.status());
  *req.mutable_selector() = *selector;
  *req.mutable_options() = *options;
  if (!HasSelector(ctx.args)) req.mutable_selector()->set_all(true);
  if (ctx.args.Has("interval")) {
    uint32_t seconds = 0;
    if (!absl::SimpleAtoi(ctx.args.Get("interval"), &seconds) || seconds == 0) {
      return ReportUsage(ctx, absl::InvalidArgumentError("--interval: seconds, at least 1"));
    }
    req.set_interval_seconds(seconds);
  }

  grpc::ClientContext call;
  ctx.conn.Prepare(&call, absl::InfiniteDuration());
  // A signal handler may not call into gRPC: a small thread turns the flag into a cancel.
  signal(SIGINT, OnInterrupt);
  signal(SIGTERM, OnInterrupt);
  std::atomic<bool> done{false};
  std::thread canceller([&] {
    while (!done.load()) {
      if (g_interrupted.load()) {
        call.TryCancel();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  auto reader = ctx.conn.fleet().WatchLicensing(&call, req);
  if (ctx.format == Format::kTable) {
    ctx.out << absl::StrFormat("%-17s  %-16s  %-17s  %s\n", "TIME", "CONTROLLER", "CHANGE",
                               "DETAIL");
    ctx.out.flush();
  }
  v1::WatchLicensingResponse event;
  while (reader->Read(&event)) {
    if (ctx.format == Format::kTable) {
      std::string detail = event.detail();
      if (event.has_licensing() && event.kind() == v1::CHANGE_KIND_INITIAL && detail.empty()) {
        const auto row = StateRow(event.licensing());
        detail = absl::StrFormat("transport %s, trust %s, health %s", row[1], row[2], row[7]);
      }
      ctx.out << absl::StrFormat("%-17s  %-16s  %-17s  %s\n", FormatTime(event.time()),
                                 event.controller(), KindName(event.kind()), detail);
      ctx.out.flush();
    } else {
      PrintStreamDocument(ProtoToJson(event), ctx.format, ctx.out);
    }
  }
  grpc::Status status = reader->Finish();
  done.store(true);
  canceller.join();
  if (g_interrupted.load()) return kExitOk;
  if (!status.ok()) return ReportRpcError(status, ctx.err);
  return kExitOk;
}

}  // namespace wlc::cli
