#include "cli/command_table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/connection.h"
#include "cli/selector.h"
#include "cli/transport_flags.h"

namespace wlc::cli {

namespace {

std::vector<FlagSpec> Join(std::vector<std::vector<FlagSpec>> groups) {
  std::vector<FlagSpec> all;
  for (auto& g : groups) all.insert(all.end(), g.begin(), g.end());
  return all;
}

const FlagSpec kDryRun = {"dry-run", "", "show what would change; change nothing"};

std::vector<Command> BuildCommands() {
  return {
      {"controllers",
       "",
       "list the controllers of the inventory (no device traffic)",
       "Examples:\n"
       "  licensingctl controllers\n"
       "  licensingctl controllers -o json | jq -r '.controllers[].name'\n",
       {},
       0,
       0,
       &RunControllers},
      {"state",
       "<controller>",
       "licensing state of one controller, read from the controller",
       "Shows transport, trust codes, entitlements, policy, RUM reports and findings with their\n"
       "remedies.\n\n"
       "Examples:\n"
       "  licensingctl state wlc-00001\n"
       "  licensingctl state wlc-00001 -o yaml\n",
       {},
       1,
       1,
       &RunState},
      {"states", "", "licensing state of many controllers (FleetService, streamed)",
       "Without a selector: every controller of the inventory.\n\n"
       "Examples:\n"
       "  licensingctl states\n"
       "  licensingctl states --selector 'site=paris,role!=lab'\n"
       "  licensingctl states --names wlc-00001,wlc-00002 -o json\n",
       SelectorFlags(), 0, 0, &RunStates},
      {"plan", "[<controller>]", "the change that would move controllers to a transport (dry run)",
       "Shows each step with its RESTCONF method and path and the equivalent CLI lines.\n\n"
       "Examples:\n"
       "  licensingctl plan wlc-00001 --transport smart\n"
       "  licensingctl plan wlc-00001 --transport smart --proxy proxy.example.com:3128\n"
       "  licensingctl plan wlc-00001 --transport onprem \\\n"
       "      --url https://onprem.example.com/cslu/v1/pi/TENANT --revocation-check-none\n"
       "  licensingctl plan --selector site=paris --transport cslu --url "
       "http://cslu:8182/cslu/v1/pi\n",
       Join({TransportFlags(), SelectorFlags()}), 0, 1, &RunPlan},
      {"apply", "[<controller>]", "apply a transport and verify it by reading it back",
       "Examples:\n"
       "  licensingctl apply wlc-00001 --transport smart --dry-run\n"
       "  licensingctl apply wlc-00001 --transport smart\n"
       "  licensingctl apply --selector site=paris --transport offline\n",
       Join({TransportFlags(), SelectorFlags(), {kDryRun}}), 0, 1, &RunApply},
      {"trust", "[<controller>]", "establish trust with an id token",
       "The id token is never taken from the command line: it is read from --token-file, from\n"
       "stdin (--token-file - or no token flag), or minted by the service (--mint-from). It is\n"
       "never printed.\n\n"
       "Examples:\n"
       "  licensingctl trust wlc-00001 --token-file ~/idtoken.txt\n"
       "  pass show cssm/idtoken | licensingctl trust wlc-00001\n"
       "  licensingctl trust --selector site=paris --mint-from cssm --all-ha\n"
       "  licensingctl trust wlc-00001 --token-file t.txt --dry-run\n",
       Join({{{"token-file", "FILE", "read the id token from FILE ('-' = stdin)"},
              {"mint-from", "UPSTREAM", "mint one id token per controller through this upstream"},
              {"all-ha", "", "install on every member of an HA pair (scope all)"},
              {"force", "", "replace an installed trust code"},
              kDryRun},
             SelectorFlags()}),
       0, 1, &RunTrust},
      {"relay", "[<controller>]", "service-relayed usage reporting (upload RUM, import the ACK)",
       "Examples:\n"
       "  licensingctl relay wlc-00001 --upstream cssm\n"
       "  licensingctl relay --all --upstream onprem --dry-run\n",
       Join({{{"upstream", "NAME", "upstream API from the service config (required)"}, kDryRun},
             SelectorFlags()}),
       0, 1, &RunRelay},
      {"export", "", "unreported RUM reports as one bundle for an offline upload to CSSM",
       "Writes the bundle to -O FILE (default stdout; the outcome table then goes to stderr).\n\n"
       "Examples:\n"
       "  licensingctl export --names wlc-00001,wlc-00002 -O usage.json\n"
       "  licensingctl export --selector site=airgap -O usage.json\n",
       Join({{{"out-file", "FILE", "write the bundle here ('-' = stdout)", 'O'}}, SelectorFlags()}),
       0, 0, &RunExport},
      {"import",
       "<bundle.json>",
       "import an ACK bundle downloaded from CSSM",
       "Examples:\n"
       "  licensingctl import ack.json\n"
       "  licensingctl import ack.json --names wlc-00001 --dry-run\n",
       {{"names", "A,B", "only these controllers (default: every controller an ACK names)"},
        kDryRun},
       1,
       1,
       &RunImport},
      {"diagnose", "[<controller>]",
       "run the troubleshooting procedure: checks, findings and the exact remedies (read only)",
       "One controller: a checklist ([ok] / [FAIL] / [skip] per check, in the order of the\n"
       "procedure), then each finding with its evidence, the CLI lines that fix it and the\n"
       "reference section. A fleet (--selector/--names/--all): one row per controller with its\n"
       "finding codes, then the controllers per cause. An unreachable controller is a finding\n"
       "(CONTROLLER_UNREACHABLE), not an error. --no-probe skips the service's own DNS/TCP/TLS\n"
       "probe of the transport endpoint.\n\n"
       "Exits 5 when a controller's health is critical or unreachable (1, 3 and 4 as for the\n"
       "other commands, and before 5).\n\n"
       "Examples:\n"
       "  licensingctl diagnose wlc-00001\n"
       "  licensingctl diagnose wlc-00001 --no-probe -o json | jq '.diagnosis.findings[].code'\n"
       "  licensingctl diagnose --selector site=paris\n"
       "  licensingctl diagnose --all --no-probe -o yaml\n",
       Join({{{"no-probe", "", "skip the service's probe of the transport endpoint"}},
             SelectorFlags()}),
       0, 1, &RunDiagnose},
      {"watch", "", "stream licensing changes (report, ACK, trust, transport, reachability)",
       "Runs until Ctrl-C. -o json prints one JSON object per line.\n\n"
       "Examples:\n"
       "  licensingctl watch\n"
       "  licensingctl watch --selector site=paris --interval 10 -o json\n",
       Join({{{"interval", "SECONDS", "seconds between reads of each controller (default 30)"}},
             SelectorFlags()}),
       0, 0, &RunWatch},
  };
}

}  // namespace

const std::vector<Command>& AllCommands() {
  static const std::vector<Command>* commands = new std::vector<Command>(BuildCommands());
  return *commands;
}

const Command* FindCommand(const std::string& name) {
  for (const Command& c : AllCommands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<FlagSpec> CommonFlags() {
  std::vector<FlagSpec> flags = ConnectionFlags();
  flags.push_back({"output", "FORMAT", "table (default), json or yaml", 'o'});
  flags.push_back({"help", "", "this help", 'h'});
  return flags;
}

std::string CommandHelp(const Command& c) {
  std::string out = absl::StrCat("licensingctl ", c.name);
  if (!c.arguments.empty()) absl::StrAppend(&out, " ", c.arguments);
  absl::StrAppend(&out, " [flags]\n\n", c.summary, "\n\n", c.details);
  if (!c.flags.empty()) absl::StrAppend(&out, "\nFlags:\n", FormatFlagHelp(c.flags));
  absl::StrAppend(&out, "\nCommon flags:\n", FormatFlagHelp(CommonFlags()));
  return out;
}

std::string MainHelp() {
  std::string out =
      "licensingctl: Smart Licensing Using Policy for Catalyst 9800 fleets, over licensingd's "
      "gRPC API.\n\nUsage: licensingctl <command> [arguments] [flags]\n\nCommands:\n";
  size_t width = 0;
  for (const Command& c : AllCommands()) width = std::max(width, c.name.size());
  for (const Command& c : AllCommands()) {
    absl::StrAppend(&out, "  ", c.name, std::string(width - c.name.size() + 2, ' '), c.summary,
                    "\n");
  }
  absl::StrAppend(&out, "\nCommon flags:\n", FormatFlagHelp(CommonFlags()),
                  "\nExit codes: 0 ok, 1 some controllers failed, 2 usage error, 3 request "
                  "failed,\n4 unauthenticated or permission denied, 5 diagnose found a critical "
                  "problem.\n"
                  "'licensingctl <command> --help' shows a command's flags and examples.\n");
  return out;
}

}  // namespace wlc::cli
