// Dry runs of commands whose RPC has no dry_run field (trust, relay): read the current state of
// the target (read-only RPCs only) and print, per controller, what the command would do.
#pragma once

#include <functional>
#include <string>

#include "cli/command.h"
#include "cli/target.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::cli {

// `describe` turns a controller's current state into "would ..." text. Exit codes as for the
// command itself (3/4 when the state cannot be read, 1 when some controllers of a fleet fail).
int PreviewFromState(
    CommandContext& ctx, const Target& target,
    const std::function<std::string(const wlc::licensing::v1::ControllerLicensing&)>& describe);

}  // namespace wlc::cli
