#include "cli/render_state.h"

#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cli/exit_codes.h"
#include "cli/render_table.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

namespace {

std::string EnumSuffix(const std::string& name, const std::string& prefix) {
  if (!absl::StartsWith(name, prefix)) return name;
  std::string rest = name.substr(prefix.size());
  return rest == "UNSPECIFIED" ? "-" : rest;
}

std::string TrustSummary(const v1::Trust& trust) {
  if (trust.last_result() == v1::TRUST_RESULT_FAILED) return "failed";
  if (trust.last_result() == v1::TRUST_RESULT_IN_PROGRESS) return "installing";
  if (trust.codes_size() == 0) return "-";
  int installed = 0;
  for (const v1::TrustCode& c : trust.codes()) installed += c.installed() ? 1 : 0;
  if (installed == 0) return "none";
  if (installed == trust.codes_size()) return "installed";
  return absl::StrCat(installed, "/", trust.codes_size());
}

// Prints `text` with every line indented by `indent` spaces.
void Indented(const std::string& text, int indent, std::ostream& out) {
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    out << std::string(indent, ' ') << line << "\n";
  }
}

std::string Days(uint32_t d) { return d == 0 ? "-" : absl::StrCat(d); }

std::string Requirement(const v1::ReportingRequirement& r) {
  return absl::StrCat(Days(r.first_report_days()), "/", Days(r.ongoing_report_days()), "/",
                      Days(r.change_report_days()));
}

void PrintTransport(const v1::Transport& t, std::ostream& out) {
  out << "Transport\n";
  out << "  type:            " << TransportName(t.type()) << "\n";
  std::string url = t.url_default() ? "default" : t.url();
  out << "  url:             " << (url.empty() ? "-" : url) << "\n";
  if (!t.proxy().host().empty()) {
    out << "  proxy:           " << t.proxy().host() << ":" << t.proxy().port() << "\n";
  }
  if (!t.http_client().source_interface().empty()) {
    out << "  source-interface: " << t.http_client().source_interface() << "\n";
  }
  if (!t.http_client().secure_trustpoint().empty()) {
    out << "  trustpoint:      " << t.http_client().secure_trustpoint() << "\n";
  }
  out << "  usage interval:  "
      << (t.usage_interval_days() == 0 ? std::string("policy")
                                       : absl::StrCat(t.usage_interval_days(), " days"))
      << "\n";
  if (t.sla_revocation_check_none()) out << "  SLA-TrustPoint:  revocation-check none\n";
}

void PrintTrust(const v1::Trust& trust, std::ostream& out) {
  out << "\nTrust (last result: "
      << EnumSuffix(v1::TrustResult_Name(trust.last_result()), "TRUST_RESULT_") << ")\n";
  if (trust.codes_size() > 0) {
    Table t({"UDI", "INSTALLED", "TIME"});
    for (const v1::TrustCode& c : trust.codes()) {
      t.AddRow({c.udi(), c.installed() ? "yes" : "no", FormatTime(c.installed_time())});
    }
    std::ostringstream s;
    t.Print(s);
    Indented(s.str(), 2, out);
  }
  if (!trust.last_failure_reason().empty()) {
    out << "  failure: " << trust.last_failure_reason() << "\n";
  }
}

void PrintUsage(const v1::Usage& u, std::ostream& out) {
  const v1::AccessPoints& ap = u.access_points();
  out << "\nUsage\n";
  out << "  APs:             active " << ap.active() << ", joined "
      << (ap.joined_known() ? absl::StrCat(ap.joined()) : std::string("n/a (before 17.10.1)"))
      << ", added " << ap.added() << ", deleted " << ap.deleted() << "\n";
  out << "  last report:     " << FormatTime(u.last_report_time()) << "\n";
  out << "  next report:     " << FormatTime(u.next_report_time()) << "\n";
  out << "  last ACK:        " << FormatTime(u.last_ack_time()) << "\n";
  out << "  ACK deadline:    " << FormatTime(u.ack_deadline()) << "\n";
  if (u.entitlements_size() > 0) {
    out << "  Entitlements\n";
    Table t({"NAME", "COUNT", "ENFORCEMENT", "TAG"});
    for (const v1::Entitlement& e : u.entitlements()) {
      t.AddRow({e.short_name(), absl::StrCat(e.count()), e.enforcement_mode(), e.tag()});
    }
    std::ostringstream s;
    t.Print(s);
    Indented(s.str(), 4, out);
  }
  const v1::Policy& p = u.policy();
  if (!p.type().empty() || !p.name().empty()) {
    out << "  Policy:          " << (p.name().empty() ? "-" : p.name()) << " (" << p.type()
        << "), installed " << FormatTime(p.install_time()) << ", ACK required "
        << (p.ack_required() ? "yes" : "no") << "\n";
    out << "    reporting days (first/ongoing/change): enforced " << Requirement(p.enforced())
        << ", export " << Requirement(p.export_()) << ", subscription "
        << Requirement(p.subscription()) << ", perpetual " << Requirement(p.perpetual()) << "\n";
  }
  if (u.rum_reports_size() > 0) {
    out << "  RUM reports\n";
    Table t({"ID", "STATE", "START", "END", "UDI"});
    for (const v1::RumReport& r : u.rum_reports()) {
      t.AddRow({absl::StrCat(r.report_id()),
                EnumSuffix(v1::RumReportState_Name(r.state()), "RUM_REPORT_STATE_"),
                FormatTime(r.start_time()), FormatTime(r.end_time()), r.udi()});
    }
    std::ostringstream s;
    t.Print(s);
    Indented(s.str(), 4, out);
  }
}

void PrintStatus(const v1::Status& st, std::ostream& out) {
  if (!st.last_communication_failure().reason().empty()) {
    out << "\nLast communication failure: " << FormatTime(st.last_communication_failure().time())
        << " " << st.last_communication_failure().reason() << "\n";
  }
  out << "\nFindings";
  if (st.findings_size() == 0) {
    out << ": none\n";
    return;
  }
  out << "\n";
  for (const v1::Finding& f : st.findings()) {
    out << "  [" << EnumSuffix(v1::Severity_Name(f.severity()), "SEVERITY_") << "] " << f.code()
        << ": " << f.summary() << "\n";
    if (!f.evidence().empty()) out << "      evidence:  " << f.evidence() << "\n";
    if (f.remedy_size() > 0) {
      out << "      remedy:\n";
      for (const std::string& line : f.remedy()) out << "        " << line << "\n";
    }
    if (!f.reference().empty()) out << "      reference: " << f.reference() << "\n";
  }
}

}  // namespace

std::string TransportName(v1::TransportType type) {
  return EnumSuffix(v1::TransportType_Name(type), "TRANSPORT_TYPE_");
}

std::string FormatTime(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "-";
  return absl::FormatTime("%Y-%m-%dT%H:%MZ", absl::FromUnixSeconds(t.seconds()),
                          absl::UTCTimeZone());
}

std::vector<std::string> StateHeader() {
  return {"CONTROLLER", "TRANSPORT", "TRUST",        "APS-ACTIVE",
          "APS-JOINED", "LAST-ACK",  "ACK-DEADLINE", "HEALTH"};
}

std::vector<std::string> StateRow(const v1::ControllerLicensing& l) {
  const v1::AccessPoints& ap = l.usage().access_points();
  return {l.controller(),
          TransportName(l.transport().type()),
          TrustSummary(l.trust()),
          absl::StrCat(ap.active()),
          ap.joined_known() ? absl::StrCat(ap.joined()) : std::string("n/a"),
          FormatTime(l.usage().last_ack_time()),
          FormatTime(l.usage().ack_deadline()),
          EnumSuffix(v1::Health_Name(l.status().health()), "HEALTH_")};
}

std::vector<std::string> StateErrorRow(const std::string& controller, int code) {
  return {controller, "-", "-", "-", "-", "-", "-", absl::StrCat("ERROR(", CodeName(code), ")")};
}

void PrintStateDetail(const v1::ControllerLicensing& l, std::ostream& out) {
  const v1::Platform& p = l.platform();
  out << "Controller:        " << l.controller() << " (" << l.address() << ")\n";
  out << "Platform:          " << (p.pid().empty() ? "-" : p.pid()) << ", SN "
      << (p.serial_number().empty() ? "-" : p.serial_number()) << ", IOS-XE "
      << (p.software_version().empty() ? "-" : p.software_version()) << ", agent "
      << (p.agent_version().empty() ? "-" : p.agent_version()) << "\n";
  out << "Health:            " << EnumSuffix(v1::Health_Name(l.status().health()), "HEALTH_")
      << "\n";
  out << "Read at:           " << FormatTime(l.read_time()) << "\n";
  if (l.reservation().installed()) {
    out << "Reservation:       Specific License Reservation installed "
        << FormatTime(l.reservation().reservation_time()) << " (carried over; report only)\n";
  }
  out << "\n";
  PrintTransport(l.transport(), out);
  PrintTrust(l.trust(), out);
  PrintUsage(l.usage(), out);
  PrintStatus(l.status(), out);
}

}  // namespace wlc::cli
