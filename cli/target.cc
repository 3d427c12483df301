#include "cli/target.h"

#include "absl/status/status.h"
#include "cli/selector.h"

namespace wlc::cli {

absl::StatusOr<Target> TargetFromArgs(const ParsedArgs& args) {
  const bool has_name = !args.positional().empty();
  if (has_name == HasSelector(args)) {
    return absl::InvalidArgumentError(
        has_name ? "give a controller name or --selector/--names/--all, not both"
                 : "give a controller name or --selector/--names/--all");
  }
  Target t;
  if (has_name) {
    t.controller = args.positional()[0];
    return t;
  }
  absl::StatusOr<wlc::licensing::v1::Selector> selector = SelectorFromArgs(args);
  if (!selector.ok()) return selector.status();
  absl::StatusOr<wlc::licensing::v1::FleetOptions> options = FleetOptionsFromArgs(args);
  if (!options.ok()) return options.status();
  t.selector = *selector;
  t.options = *options;
  return t;
}

}  // namespace wlc::cli
