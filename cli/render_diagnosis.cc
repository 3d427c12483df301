#include "cli/render_diagnosis.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "cli/exit_codes.h"
#include "cli/render_state.h"
#include "cli/render_table.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

namespace {

std::string Suffix(const std::string& name, absl::string_view prefix) {
  absl::string_view rest = name;
  if (!absl::ConsumePrefix(&rest, prefix) || rest == "UNSPECIFIED") return "-";
  return std::string(rest);
}

// Fixed width, so the names line up whatever the outcome.
const char* Mark(v1::CheckOutcome outcome) {
  switch (outcome) {
    case v1::CHECK_OUTCOME_PASSED:
      return "[ok]  ";
    case v1::CHECK_OUTCOME_FAILED:
      return "[FAIL]";
    case v1::CHECK_OUTCOME_SKIPPED:
      return "[skip]";
    default:
      return "[?]   ";
  }
}

}  // namespace

std::string HealthName(v1::Health health) {
  return absl::AsciiStrToLower(Suffix(v1::Health_Name(health), "HEALTH_"));
}

bool IsCritical(const v1::Diagnosis& d) {
  return d.health() == v1::HEALTH_CRITICAL || d.health() == v1::HEALTH_UNREACHABLE;
}

void PrintDiagnosis(const v1::Diagnosis& d, std::ostream& out) {
  int passed = 0, failed = 0, skipped = 0;
  size_t width = 0;
  for (const v1::DiagnosticCheck& c : d.checks()) {
    passed += c.outcome() == v1::CHECK_OUTCOME_PASSED;
    failed += c.outcome() == v1::CHECK_OUTCOME_FAILED;
    skipped += c.outcome() == v1::CHECK_OUTCOME_SKIPPED;
    width = std::max(width, c.name().size());
  }
  out << d.controller() << ": " << (d.healthy() ? "healthy" : HealthName(d.health())) << " ("
      << passed << " passed, " << failed << " failed, " << skipped << " skipped)\n";
  for (const v1::DiagnosticCheck& c : d.checks()) {
    out << "  " << Mark(c.outcome()) << " " << c.name();
    if (!c.detail().empty()) out << std::string(width - c.name().size() + 2, ' ') << c.detail();
    out << "\n";
  }
  if (d.has_controller_time()) {
    out << "\nController clock: " << FormatTime(d.controller_time()) << " ("
        << d.clock_skew_seconds() << " s from the service's)\n";
  }
  if (d.findings_size() == 0) {
    out << "\nNo findings.\n";
  } else {
    out << "\nFindings (" << d.findings_size() << "):\n";
    for (const v1::Finding& f : d.findings()) {
      out << "  " << Suffix(v1::Severity_Name(f.severity()), "SEVERITY_") << "  " << f.code()
          << ": " << f.summary() << "\n";
      if (!f.evidence().empty()) out << "      evidence: " << f.evidence() << "\n";
      if (f.remedy_size() > 0) {
        out << "      remedy:\n";
        // Verbatim: a leading blank is a sub-mode line (" revocation-check none").
        for (const std::string& line : f.remedy()) out << "        " << line << "\n";
      }
      if (!f.reference().empty()) out << "      see: " << f.reference() << "\n";
    }
  }
  if (d.syslog_size() > 0) {
    out << "\nSyslog (" << d.syslog_size() << " licensing lines, oldest first):\n";
    for (const std::string& line : d.syslog()) out << "  " << line << "\n";
  }
}

std::vector<std::string> DiagnosisHeader() { return {"CONTROLLER", "HEALTH", "FINDINGS"}; }

std::vector<std::string> DiagnosisRow(const v1::Diagnosis& d) {
  std::vector<std::string> codes;
  for (const v1::Finding& f : d.findings()) codes.push_back(f.code());
  return {d.controller(), HealthName(d.health()), codes.empty() ? "-" : absl::StrJoin(codes, ",")};
}

std::vector<std::string> DiagnosisErrorRow(const std::string& controller, int code) {
  return {controller, absl::StrCat("ERROR(", CodeName(code), ")"), "-"};
}

void PrintByCause(const v1::FleetSummary& summary, std::ostream& out) {
  std::vector<std::pair<std::string, uint32_t>> causes(summary.controllers_by_cause().begin(),
                                                       summary.controllers_by_cause().end());
  std::sort(causes.begin(), causes.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  out << "\nBy cause:\n";
  if (causes.empty()) {
    out << "  none\n";
  } else {
    Table table({"  CAUSE", "CONTROLLERS"});
    for (const auto& [code, n] : causes) table.AddRow({"  " + code, absl::StrCat(n)});
    table.Print(out);
  }
  out << "healthy: " << summary.healthy() << " of " << summary.total() << "\n";
}

}  // namespace wlc::cli
