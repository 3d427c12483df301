// Runs one FleetService streaming call: reads every ControllerResult as it arrives (feeding the
// progress display), then the summary; prints the collected results in the chosen format and
// turns the outcome into an exit code (0 all ok, 1 some controllers failed, 3/4 the call failed).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/fleet_interrupt.h"
#include "cli/progress.h"
#include "grpcpp/grpcpp.h"
#include "wlc/licensing/v1/fleet.grpc.pb.h"

namespace wlc::cli {

struct FleetOutcome {
  std::vector<wlc::licensing::v1::ControllerResult> results;
  wlc::licensing::v1::FleetSummary summary;
  bool has_summary = false;
  // Ctrl-C (fleet_interrupt.h): the request was interrupted, or the call abandoned.
  bool interrupted = false;
  bool abandoned = false;
  int expected = 0;  // controllers the selector should pick (0: unknown)
};

using FleetTableRenderer = std::function<void(const FleetOutcome&, std::ostream&)>;

// Controllers the selector should pick, from ListControllers (no device traffic); 0 when unknown.
int ExpectedTotal(CommandContext& ctx, const wlc::licensing::v1::Selector& selector);

// Prints the outcome (table through `render_table`, or JSON/YAML {"results": [...],
// "summary": {...}}) and returns the exit code. `secrets` are redacted from error messages.
// After Ctrl-C the summary says what changed and what was never started (exit 130); an
// abandoned call also names how many controllers have no result (their outcome is unknown here).
int FinishFleet(CommandContext& ctx, const grpc::Status& status, const FleetOutcome& outcome,
                const FleetTableRenderer& render_table,
                const std::vector<std::string>& secrets = {});

// What Ctrl-C left: "interrupted: 48 of 1000 controllers worked on (8 changed), 952 never
// started: nothing was sent to them", or for an abandoned call what arrived and what is unknown.
std::string InterruptedLine(const FleetOutcome& outcome);

// Reads the whole stream `start` opens on a prepared context into `outcome` (feeding the
// progress display on stderr) and returns the call's status. Response is any *Response with a
// FleetEvent. For commands that look at the results before choosing the exit code (diagnose).
template <typename Response>
grpc::Status ReadFleetStream(
    CommandContext& ctx, const wlc::licensing::v1::Selector& selector,
    const std::function<std::unique_ptr<grpc::ClientReader<Response>>(grpc::ClientContext*)>& start,
    FleetOutcome* outcome) {
  outcome->expected = ExpectedTotal(ctx, selector);
  Progress progress(ctx.err, ctx.err_is_tty, outcome->expected);
  grpc::ClientContext call;
  ctx.conn.Prepare(&call, kFleetTimeout);
  FleetInterrupt interrupt(ctx, &call);
  std::unique_ptr<grpc::ClientReader<Response>> reader = start(&call);
  Response response;
  while (reader->Read(&response)) {
    const wlc::licensing::v1::FleetEvent& event = response.event();
    if (event.has_result()) {
      progress.Add(event.result().controller(), event.result().code(), event.result().message());
      outcome->results.push_back(event.result());
    } else if (event.has_summary()) {
      outcome->summary = event.summary();
      outcome->has_summary = true;
    }
  }
  grpc::Status status = reader->Finish();
  progress.Finish();
  outcome->interrupted = interrupt.interrupted();
  outcome->abandoned = interrupt.abandoned();
  return status;
}

// ReadFleetStream, then FinishFleet.
template <typename Response>
int RunFleetStream(
    CommandContext& ctx, const wlc::licensing::v1::Selector& selector,
    const std::function<std::unique_ptr<grpc::ClientReader<Response>>(grpc::ClientContext*)>& start,
    const FleetTableRenderer& render_table, const std::vector<std::string>& secrets = {}) {
  FleetOutcome outcome;
  grpc::Status status = ReadFleetStream<Response>(ctx, selector, start, &outcome);
  return FinishFleet(ctx, status, outcome, render_table, secrets);
}

}  // namespace wlc::cli
