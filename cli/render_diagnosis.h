// Human views of a Diagnosis: the checklist of one controller (diagnose <controller>) and the
// fleet view (one row per controller, then controllers per cause).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "wlc/licensing/v1/fleet.pb.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::cli {

// healthy, warning, critical, unreachable ("-" when unspecified).
std::string HealthName(wlc::licensing::v1::Health health);

// True for the diagnoses licensingctl exits 5 on: health critical or unreachable.
bool IsCritical(const wlc::licensing::v1::Diagnosis& d);

// "<controller>: <health> (...)", every check as "  [ok]   name  detail" / "  [FAIL] ..." /
// "  [skip] ...", then every finding with its evidence, remedy lines (verbatim, indented, to be
// typed as they are) and "see: <reference>"; the controller's clock and syslog lines when known.
void PrintDiagnosis(const wlc::licensing::v1::Diagnosis& d, std::ostream& out);

// CONTROLLER HEALTH FINDINGS
std::vector<std::string> DiagnosisHeader();
std::vector<std::string> DiagnosisRow(const wlc::licensing::v1::Diagnosis& d);
// A controller the service could not diagnose: the error code in HEALTH.
std::vector<std::string> DiagnosisErrorRow(const std::string& controller, int code);

// "By cause:" CAUSE CONTROLLERS (most controllers first), then "healthy: N of M".
void PrintByCause(const wlc::licensing::v1::FleetSummary& summary, std::ostream& out);

}  // namespace wlc::cli
