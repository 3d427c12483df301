// Ctrl-C during a fleet command tells the truth instead of killing licensingctl. The first SIGINT
// (or SIGTERM) asks the service to stop the request (FleetService.Interrupt with the request's
// id): it starts no more controllers, finishes those in flight and streams them, reports the rest
// CANCELLED (nothing was sent to them) and ends with its summary, which licensingctl prints as
// usual. A second signal abandons the call: what had arrived is printed, and the controllers
// without a result are named as unknown (those in flight may still finish on the service; its
// audit log has the outcome).
//
// A signal handler may not call into gRPC: a small thread turns the handler's flag into the RPC.
// One per fleet call; not reentrant.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "cli/command.h"
#include "grpcpp/grpcpp.h"

namespace wlc::cli {

// The id licensingctl gives its fleet request (random, one per process).
const std::string& FleetRequestId();

class FleetInterrupt {
 public:
  // Installs the handlers for the duration of `call`.
  FleetInterrupt(CommandContext& ctx, grpc::ClientContext* call);
  ~FleetInterrupt();  // restores the previous handlers
  FleetInterrupt(const FleetInterrupt&) = delete;
  FleetInterrupt& operator=(const FleetInterrupt&) = delete;

  bool interrupted() const { return stage_.load() >= 1; }
  bool abandoned() const { return stage_.load() >= 2; }

 private:
  void Watch();

  CommandContext& ctx_;
  grpc::ClientContext* call_;
  std::atomic<int> stage_{0};  // 0 running, 1 interrupt asked, 2 abandoned
  std::atomic<bool> done_{false};
  std::thread watcher_;
};

}  // namespace wlc::cli
