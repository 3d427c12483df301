#include "cli/command.h"

#include "cli/exit_codes.h"

namespace wlc::cli {

int ReportUsage(CommandContext& ctx, const absl::Status& status) {
  ctx.err << "licensingctl " << ctx.command << ": " << status.message() << "\n"
          << "see 'licensingctl " << ctx.command << " --help'\n";
  return kExitUsage;
}

}  // namespace wlc::cli
