// The desired transport of plan/apply from flags: --transport smart|cslu|onprem|offline, --url,
// --proxy host:port, --source-interface, --trustpoint, --usage-interval, --revocation-check-none.
// The client checks only the shape (the service validates values against the device grammar).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "cli/args.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::cli {

std::vector<FlagSpec> TransportFlags();

// INVALID_ARGUMENT (usage) for a missing/unknown --transport or a malformed --proxy.
absl::StatusOr<wlc::licensing::v1::Transport> DesiredTransportFromArgs(const ParsedArgs& args);

}  // namespace wlc::cli
