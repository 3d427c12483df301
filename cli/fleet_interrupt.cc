#include "cli/fleet_interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "absl/strings/str_format.h"

namespace wlc::cli {
namespace {

std::atomic<int> g_signals{0};
void OnSignal(int) { g_signals.fetch_add(1); }

struct sigaction g_previous_int, g_previous_term;

// Straight to the terminal: the main thread may be writing to ctx.err at the same moment.
void Say(const char* text) {
  ssize_t ignored = ::write(STDERR_FILENO, text, std::char_traits<char>::length(text));
  (void)ignored;
}

}  // namespace

const std::string& FleetRequestId() {
  static const std::string id = [] {
    std::random_device random;
    return absl::StrFormat("licensingctl-%08x%08x", random(), random());
  }();
  return id;
}

FleetInterrupt::FleetInterrupt(CommandContext& ctx, grpc::ClientContext* call)
    : ctx_(ctx), call_(call) {
  g_signals.store(0);
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
  watcher_ = std::thread([this] { Watch(); });
}

FleetInterrupt::~FleetInterrupt() {
  done_.store(true);
  watcher_.join();
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

void FleetInterrupt::Watch() {
  while (!done_.load()) {
    const int signals = g_signals.load();
    if (signals >= 1 && stage_.load() == 0) {
      stage_.store(1);
      Say("\ninterrupted: the service starts no more controllers and finishes those in flight "
          "(Ctrl-C again to stop waiting)\n");
      grpc::ClientContext stop;
      ctx_.conn.Prepare(&stop, absl::Seconds(5));
      stop.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      wlc::licensing::v1::InterruptRequest request;
      request.set_request_id(FleetRequestId());
      wlc::licensing::v1::InterruptResponse response;
      // A service without Interrupt (or that already finished) gets the call cancelled instead.
      if (!ctx_.conn.fleet().Interrupt(&stop, request, &response).ok()) {
        stage_.store(2);
        call_->TryCancel();
      }
    }
    if (signals >= 2 && stage_.load() == 1) {
      stage_.store(2);
      Say("\nabandoned: not waiting for the controllers in flight\n");
      call_->TryCancel();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace wlc::cli
