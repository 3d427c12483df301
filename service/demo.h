// Demo mode: starts a simulated fleet (wlcsim) and writes a config for it, so that
// `licensingd --demo` shows real licensing state without a lab.
#pragma once

#include <sys/types.h>

#include <string>

#include "absl/status/statusor.h"

namespace wlc::service {

struct DemoFleet {
  pid_t wlcsim_pid = -1;
  std::string dir;          // temp dir with manifest, CA, profile and config
  std::string config_path;  // licensingd config for the fleet
};

// Finds wlcsim (`wlcsim_path` if set, else beside this binary, else the build tree), starts it
// with `controllers` controllers and waits up to 20 s for its manifest.
absl::StatusOr<DemoFleet> StartDemoFleet(const std::string& self_path,
                                         const std::string& wlcsim_path, int controllers,
                                         const std::string& grpc_listen);
void StopDemoFleet(const DemoFleet& fleet);

}  // namespace wlc::service
