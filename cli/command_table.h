// The list of licensingctl commands with their flags, arity and help (the only list: main
// dispatches through it and --help prints from it).
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/command.h"

namespace wlc::cli {

struct Command {
  std::string name;
  // Positional arguments as shown in help, e.g. "<controller>".
  std::string arguments;
  std::string summary;
  // Extra help text and examples.
  std::string details;
  // Flags beyond the common ones (connection, -o, --help).
  std::vector<FlagSpec> flags;
  size_t min_positional = 0;
  size_t max_positional = 0;
  int (*run)(CommandContext& ctx) = nullptr;
};

const std::vector<Command>& AllCommands();
const Command* FindCommand(const std::string& name);

// Connection flags, -o and --help: accepted by every command.
std::vector<FlagSpec> CommonFlags();

std::string CommandHelp(const Command& command);
std::string MainHelp();

}  // namespace wlc::cli
