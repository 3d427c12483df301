// The plain-HTTP control API for tests and users (JSON in, JSON out):
//   GET  /healthz                          -> {"ok":true}
//   GET  /controllers                      -> [{"name","address","version"}...]
//   GET  /controllers/<name>               -> the controller's full internal state
//   POST /controllers/<name>/aps           {"joined": N}
//   POST /controllers/<name>/faults {"latency_ms","silent","status","malformed_json","reset"}
//                                          (replaces all faults; {} clears)
//   POST /controllers/<name>/trust         {"installed": bool} (set trust directly)
//   POST /controllers/<name>/rum-reports   {"closed": N} (adds N closed, unacked reports)
//   POST /controllers/<name>/ack           {"deadline_days": 90} (ACK: clears closed reports)
//   POST /tokens                           {"token": "...", "valid": true, "expired": false}
// Thread-safe: takes the fleet mutex.
#ifndef WLC_SIM_CONTROL_API_H_
#define WLC_SIM_CONTROL_API_H_

#include "fleet.h"
#include "http_types.h"

namespace wlc::sim {

class ControlApi {
 public:
  explicit ControlApi(Fleet* fleet) : fleet_(fleet) {}
  HttpResponse Handle(const HttpRequest& request);

 private:
  HttpResponse HandleOrThrow(const HttpRequest& request);

  Fleet* fleet_;
};

}  // namespace wlc::sim

#endif  // WLC_SIM_CONTROL_API_H_
