// What every licensingctl command gets: its parsed flags, the connection, the output format and
// the standard streams (injected so the commands never reach for globals).
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "cli/args.h"
#include "cli/connection.h"
#include "cli/output.h"

namespace wlc::cli {

struct CommandContext {
  std::string command;
  const ParsedArgs& args;
  Connection& conn;
  Format format;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool in_is_tty = false;
  bool err_is_tty = false;
};

// Default deadlines: one controller, a fleet stream (results arrive as they finish).
inline constexpr absl::Duration kUnaryTimeout = absl::Seconds(60);
inline constexpr absl::Duration kFleetTimeout = absl::Minutes(15);

// Prints "licensingctl <command>: <message>" and a pointer to --help; returns kExitUsage.
int ReportUsage(CommandContext& ctx, const absl::Status& status);

}  // namespace wlc::cli
