// licensingctl: the command-line client of licensingd (LicensingService, FleetService).
//
//   licensingctl states --selector site=paris
//   licensingctl apply wlc-00001 --transport smart --dry-run
//   licensingctl trust wlc-00001 --token-file idtoken.txt
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command_table.h"
#include "cli/exit_codes.h"

namespace {

using namespace wlc::cli;  // NOLINT: the entry point of this namespace's program

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Common flags may come before the command (`licensingctl --server h:p states`): move the
  // command name to the front.
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a[0] != '-') {
      if (i > 0) std::rotate(args.begin(), args.begin() + i, args.begin() + i + 1);
      break;
    }
    if (a.find('=') != std::string::npos) continue;
    for (const FlagSpec& f : CommonFlags()) {
      const bool match =
          a == "--" + f.name || (f.short_name != 0 && a == std::string("-") + f.short_name);
      if (match && !f.value_name.empty()) ++i;  // skip the flag's value
    }
  }
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    if (args.size() >= 2) {
      if (const Command* c = FindCommand(args[1]); c != nullptr) {
        std::cout << CommandHelp(*c);
        return kExitOk;
      }
    }
    (args.empty() ? std::cerr : std::cout) << MainHelp();
    return args.empty() ? kExitUsage : kExitOk;
  }
  const Command* command = FindCommand(args[0]);
  if (command == nullptr) {
    std::cerr << "licensingctl: unknown command '" << args[0] << "'\n"
              << "see 'licensingctl --help'\n";
    return kExitUsage;
  }
  std::vector<FlagSpec> specs = CommonFlags();
  specs.insert(specs.end(), command->flags.begin(), command->flags.end());
  auto usage = [&](const std::string& message) {
    std::cerr << "licensingctl " << command->name << ": " << message << "\n"
              << "see 'licensingctl " << command->name << " --help'\n";
    return kExitUsage;
  };
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs(std::vector<std::string>(args.begin() + 1, args.end()), specs);
  if (!parsed.ok()) return usage(std::string(parsed.status().message()));
  if (parsed->Has("help")) {
    std::cout << CommandHelp(*command);
    return kExitOk;
  }
  const size_t n = parsed->positional().size();
  if (n < command->min_positional) {
    return usage(absl::StrCat("missing ", command->arguments));
  }
  if (n > command->max_positional) {
    return usage(
        absl::StrCat("unexpected argument '", parsed->positional()[command->max_positional], "'"));
  }
  absl::StatusOr<Format> format = ParseFormat(parsed->Get("output", "table"));
  if (!format.ok()) return usage(std::string(format.status().message()));
  absl::StatusOr<ConnectionOptions> options = ConnectionOptionsFromArgs(*parsed);
  if (!options.ok()) return usage(std::string(options.status().message()));
  Connection conn(*options);
  if (absl::Status s = conn.Open(); !s.ok()) return usage(std::string(s.message()));

  CommandContext ctx{command->name,
                     *parsed,
                     conn,
                     *format,
                     std::cin,
                     std::cout,
                     std::cerr,
                     isatty(STDIN_FILENO) == 1,
                     isatty(STDERR_FILENO) == 1};
  int code = command->run(ctx);
  std::cout.flush();
  return code;
}

}  // namespace

int main(int argc, char** argv) { return Main(argc, argv); }
