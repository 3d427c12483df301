#include "service/metrics/licensing_series.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "adapters/common/state_reader.h"

namespace wlc::service::metrics {
namespace {

prometheus::Family<prometheus::Gauge>& G(prometheus::Registry& r, const char* name,
                                         const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(r);
}

bool Has(const google::protobuf::Timestamp& t) { return t.seconds() > 0; }
absl::Time T(const google::protobuf::Timestamp& t) { return absl::FromUnixSeconds(t.seconds()); }

prometheus::Labels With(prometheus::Labels labels, const std::string& key,
                        const std::string& value) {
  labels[key] = value;
  return labels;
}

std::string EnumSuffix(const std::string& name, absl::string_view prefix) {
  absl::string_view s = name;
  if (absl::StartsWith(s, prefix)) s.remove_prefix(prefix.size());
  return absl::AsciiStrToLower(s);
}

}  // namespace

std::string TransportLabel(v1::TransportType type) {
  return EnumSuffix(v1::TransportType_Name(type), "TRANSPORT_TYPE_");
}

std::string RumStateLabel(v1::RumReportState state) {
  return EnumSuffix(v1::RumReportState_Name(state), "RUM_REPORT_STATE_");
}

absl::Duration ReportingInterval(const v1::ControllerLicensing& licensing) {
  if (licensing.transport().usage_interval_days() > 0)
    return absl::Hours(24) * licensing.transport().usage_interval_days();
  const v1::Policy& p = licensing.usage().policy();
  uint32_t days = 0;
  for (const v1::ReportingRequirement* r :
       {&p.enforced(), &p.export_(), &p.subscription(), &p.perpetual()}) {
    if (r->ongoing_report_days() > 0 && (days == 0 || r->ongoing_report_days() < days))
      days = r->ongoing_report_days();
  }
  return absl::Hours(24) * (days > 0 ? days : kDefaultReportingDays);
}

bool ReportSuccess(const v1::ControllerLicensing& licensing, absl::Time now) {
  const v1::Usage& u = licensing.usage();
  if (!Has(u.last_ack_time())) return false;
  const absl::Time ack = T(u.last_ack_time());
  now = std::max(now, ack);
  if (Has(u.last_report_time())) now = std::max(now, T(u.last_report_time()));
  if (Has(u.ack_deadline()) && T(u.ack_deadline()) <= now) return false;
  if (now - ack > ReportingInterval(licensing) + kReportGrace) return false;
  if (Has(u.last_report_time()) && T(u.last_report_time()) > ack + kReportGrace) return false;
  return true;
}

LicensingSeries::LicensingSeries(prometheus::Registry& r)
    : up_(G(r, "wlc_licensing_up", "1 if the service could read the controller, else 0.")),
      probe_success_(G(r, "wlc_licensing_probe_success",
                       "1 if the probe of the controller succeeded, else 0.")),
      probe_duration_(
          G(r, "wlc_licensing_probe_duration_seconds", "How long reading the controller took.")),
      report_success_(G(r, "wlc_licensing_report_success",
                        "1 if usage reporting is healthy by the controller's own timestamps (ACK "
                        "received within the reporting interval, last report acknowledged, ACK "
                        "deadline not passed), else 0.")),
      last_report_(G(r, "wlc_licensing_last_report_timestamp_seconds",
                     "When the controller last sent (or tried to send) a usage report.")),
      next_report_(G(r, "wlc_licensing_next_report_timestamp_seconds",
                     "When the controller will next send a usage report.")),
      last_ack_(G(r, "wlc_licensing_last_ack_timestamp_seconds",
                  "When the controller last received a usage-report ACK.")),
      ack_deadline_(G(r, "wlc_licensing_ack_deadline_timestamp_seconds",
                      "Deadline for the next usage-report ACK (rum-ack next-report-deadline).")),
      aps_(G(r, "wlc_licensing_aps",
             "Access points by state: active (licensed in the last snapshot), added, deleted "
             "(since the previous report), joined (now; IOS-XE 17.10.1 and later).")),
      entitlements_(
          G(r, "wlc_licensing_entitlements", "Licences in use by entitlement short name.")),
      trust_installed_(G(r, "wlc_licensing_trust_installed",
                         "1 if a trust code is installed on the controller, else 0.")),
      transport_info_(
          G(r, "wlc_licensing_transport_info", "The controller's licensing transport (always 1).")),
      info_(G(r, "wlc_licensing_info", "Controller platform information (always 1).")),
      rum_reports_(
          G(r, "wlc_licensing_rum_reports", "RUM usage reports on the controller by state.")),
      health_(G(r, "wlc_licensing_health",
                "The controller's licensing health from its state (1 for the current state: "
                "healthy, warning or critical; LicensingService.Diagnose explains it).")),
      findings_(G(r, "wlc_licensing_finding",
                  "1 per finding on the controller's state, by cause code and severity (e.g. "
                  "ACK_OVERDUE critical).")) {}

void LicensingSeries::AddProbe(bool ok, const prometheus::Labels& labels, absl::Duration took) {
  up_.Add(labels).Set(ok ? 1 : 0);
  probe_success_.Add(labels).Set(ok ? 1 : 0);
  probe_duration_.Add(labels).Set(absl::ToDoubleSeconds(took));
}

void LicensingSeries::AddFailure(const absl::Status&, const prometheus::Labels& labels,
                                 absl::Duration took) {
  AddProbe(false, labels, took);
}

void LicensingSeries::AddRead(const v1::ControllerLicensing& l, const prometheus::Labels& labels,
                              absl::Time now, absl::Duration took) {
  AddProbe(true, labels, took);
  const v1::Usage& u = l.usage();
  report_success_.Add(labels).Set(ReportSuccess(l, now) ? 1 : 0);
  auto ts = [&](prometheus::Family<prometheus::Gauge>& f, const google::protobuf::Timestamp& t) {
    if (Has(t)) f.Add(labels).Set(static_cast<double>(t.seconds()));
  };
  ts(last_report_, u.last_report_time());
  ts(next_report_, u.next_report_time());
  ts(last_ack_, u.last_ack_time());
  ts(ack_deadline_, u.ack_deadline());

  const v1::AccessPoints& ap = u.access_points();
  aps_.Add(With(labels, "state", "active")).Set(ap.active());
  aps_.Add(With(labels, "state", "added")).Set(ap.added());
  aps_.Add(With(labels, "state", "deleted")).Set(ap.deleted());
  if (ap.joined_known()) aps_.Add(With(labels, "state", "joined")).Set(ap.joined());

  std::map<std::string, double> by_license;
  for (const v1::Entitlement& e : u.entitlements()) {
    by_license[e.short_name().empty() ? e.tag() : e.short_name()] += e.count();
  }
  for (const auto& [license, count] : by_license)
    entitlements_.Add(With(labels, "license", license)).Set(count);

  trust_installed_.Add(labels).Set(adapters::TrustInstalled(l.trust()) ? 1 : 0);
  transport_info_.Add(With(labels, "transport", TransportLabel(l.transport().type()))).Set(1);

  prometheus::Labels info = labels;
  info["pid"] = l.platform().pid();
  info["version"] = l.platform().software_version();
  info["serial"] = l.platform().serial_number();
  info_.Add(info).Set(1);

  std::map<v1::RumReportState, int> by_state;
  for (int s = v1::RUM_REPORT_STATE_OPEN; s <= v1::RUM_REPORT_STATE_ACKNOWLEDGED; ++s)
    by_state[static_cast<v1::RumReportState>(s)] = 0;
  for (const v1::RumReport& r : u.rum_reports()) ++by_state[r.state()];
  for (const auto& [state, n] : by_state)
    rum_reports_.Add(With(labels, "state", RumStateLabel(state))).Set(n);

  const v1::Health health = l.status().health();
  for (const auto& [value, name] :
       {std::pair{v1::HEALTH_HEALTHY, "healthy"}, std::pair{v1::HEALTH_WARNING, "warning"},
        std::pair{v1::HEALTH_CRITICAL, "critical"}}) {
    health_.Add(With(labels, "state", name)).Set(health == value ? 1 : 0);
  }
  for (const v1::Finding& f : l.status().findings()) {
    prometheus::Labels finding = With(labels, "code", f.code());
    finding["severity"] =
        absl::AsciiStrToLower(absl::StripPrefix(v1::Severity_Name(f.severity()), "SEVERITY_"));
    findings_.Add(finding).Set(1);
  }
}

}  // namespace wlc::service::metrics
