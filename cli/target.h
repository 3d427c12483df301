// The target of a command that works on one controller or on a fleet: a positional controller
// name, or --selector/--names/--all (exactly one of the two forms).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "cli/args.h"
#include "wlc/licensing/v1/fleet.pb.h"

namespace wlc::cli {

struct Target {
  // Set for a single controller.
  std::string controller;
  // Set for a fleet (when `controller` is empty).
  wlc::licensing::v1::Selector selector;
  wlc::licensing::v1::FleetOptions options;
  bool fleet() const { return controller.empty(); }
};

// INVALID_ARGUMENT (usage) for both forms, neither, or a malformed selector/option.
absl::StatusOr<Target> TargetFromArgs(const ParsedArgs& args);

}  // namespace wlc::cli
