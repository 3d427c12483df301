// Watch, in the core: the changes between successive reads of the selected controllers. The gRPC
// face streams what Watch emits; nothing else of it lives in a face.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "service/handler.h"
#include "wlc/licensing/v1/fleet.pb.h"

namespace wlc::service {

// One watcher's memory: the last state seen of each controller and whether it answered.
class WatchEngine {
 public:
  // The events one read result makes, in this order: INITIAL on a controller's first answer;
  // UNREACHABLE when it stops answering (once, with the reason); REACHABLE when it answers
  // again; then one event per change (transport, trust installed/lost, report sent, ACK
  // received, health), each with the new state.
  std::vector<v1::WatchLicensingResponse> Observe(const v1::ControllerResult& result,
                                                  absl::Time now);

 private:
  std::map<std::string, v1::ControllerLicensing> last_;
  std::map<std::string, bool> reachable_;
};

// Watches until `cancelled()`: every `interval` it resolves the selector again (the inventory may
// change), reads every target through the core's fan-out (asynchronous reads, each within
// min(per-controller deadline, interval), accepting answers options.max_age_ms old — default half
// the interval, so many watchers of one controller share its reads) and emits the events
// (serialized, from the calling thread). Returns the selector's error (INVALID_ARGUMENT, NOT_FOUND,
// PERMISSION_DENIED), or OK once cancelled.
absl::Status Watch(const LicensingHandler& handler, const v1::Selector& selector,
                   const v1::FleetOptions& options, absl::Duration interval,
                   const std::function<void(const v1::WatchLicensingResponse&)>& emit,
                   const std::function<bool()>& cancelled);

}  // namespace wlc::service
