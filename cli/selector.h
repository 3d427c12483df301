// Which controllers a fleet command acts on (--selector, --names, --all) and the fleet options
// (--concurrency, --per-controller-timeout). The service resolves the selector; the client only
// counts the controllers it expects, to draw a progress bar with a total.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/args.h"
#include "wlc/licensing/v1/fleet.pb.h"
#include "wlc/licensing/v1/service.pb.h"

namespace wlc::cli {

std::vector<FlagSpec> SelectorFlags();

// True when any of --selector, --names, --all is given.
bool HasSelector(const ParsedArgs& args);

// INVALID_ARGUMENT (usage) for an empty --names entry.
absl::StatusOr<wlc::licensing::v1::Selector> SelectorFromArgs(const ParsedArgs& args);

// INVALID_ARGUMENT (usage) for a non-numeric or out-of-range value. The options carry the
// process's FleetRequestId, so that Ctrl-C can interrupt the request.
absl::StatusOr<wlc::licensing::v1::FleetOptions> FleetOptionsFromArgs(const ParsedArgs& args);

// Kubernetes-style equality selector: "site=paris,role!=lab,version" (every term must hold).
bool LabelsMatch(const std::map<std::string, std::string>& labels, const std::string& selector);

// How many inventory controllers `selector` names (union of names, labels and ad-hoc targets).
int ExpectedCount(const wlc::licensing::v1::Selector& selector,
                  const wlc::licensing::v1::ListControllersResponse& inventory);

}  // namespace wlc::cli
