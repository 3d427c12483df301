// The licensingctl commands. Each returns the process exit code (see exit_codes.h).
#pragma once

#include "cli/command.h"

namespace wlc::cli {

int RunControllers(CommandContext& ctx);  // commands_read.cc
int RunState(CommandContext& ctx);
int RunStates(CommandContext& ctx);
int RunPlan(CommandContext& ctx);  // commands_transport.cc
int RunApply(CommandContext& ctx);
int RunTrust(CommandContext& ctx);  // commands_trust.cc
int RunRelay(CommandContext& ctx);
int RunExport(CommandContext& ctx);  // commands_bundle.cc
int RunImport(CommandContext& ctx);
int RunWatch(CommandContext& ctx);     // commands_watch.cc
int RunDiagnose(CommandContext& ctx);  // commands_diagnose.cc

}  // namespace wlc::cli
