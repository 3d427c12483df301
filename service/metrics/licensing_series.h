// The per-controller licensing series, shared by /probe (one controller, its own registry per
// request, no controller label: Prometheus' relabelling adds it) and the fleet series on
// /metrics (every inventory controller, label controller="<name>").
//
//   wlc_licensing_up, _probe_success, _probe_duration_seconds, _report_success,
//   _last_report_timestamp_seconds, _next_report_timestamp_seconds, _last_ack_timestamp_seconds,
//   _ack_deadline_timestamp_seconds, _aps{state}, _entitlements{license},
//   _trust_installed, _transport_info{transport}, _info{pid,version,serial},
//   _rum_reports{state}
//
// Timestamps the controller does not report are left out (no 1970 values). Thread-compatible:
// one LicensingSeries per registry, filled by one thread.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::service::metrics {

namespace v1 = ::wlc::licensing::v1;

// Grace added to the reporting interval, and the longest a report may wait for its ACK.
inline constexpr absl::Duration kReportGrace = absl::Hours(24);
// When neither the transport nor the policy names an interval (IOS-XE default: 30 days).
inline constexpr int kDefaultReportingDays = 30;

// The reporting interval this controller must meet: `license smart usage interval` when set,
// else the shortest non-zero ongoing-report requirement of its policy, else 30 days.
absl::Duration ReportingInterval(const v1::ControllerLicensing& licensing);

// report_success, from the controller's own timestamps only (every replica agrees):
//   1 when  an ACK has been received (last_ack_time set)
//     and   the ACK deadline, if any, has not passed
//     and   the last ACK is at most interval + grace old
//     and   the last report attempt is acknowledged: last_report_time <= last_ack_time + grace
//   else 0.
// "Now" is max(wall clock `now`, newest device timestamp), so a controller whose clock runs
// ahead is judged by its own clock. Documented in docs/observability.md.
bool ReportSuccess(const v1::ControllerLicensing& licensing, absl::Time now);

class LicensingSeries {
 public:
  // Builds the families on `registry` (once per registry).
  explicit LicensingSeries(prometheus::Registry& registry);

  // A successful read: every series, with `labels` (empty for /probe) added to each.
  void AddRead(const v1::ControllerLicensing& licensing, const prometheus::Labels& labels,
               absl::Time now, absl::Duration took);
  // A failed read: up / probe_success 0 and the duration only.
  void AddFailure(const absl::Status& status, const prometheus::Labels& labels,
                  absl::Duration took);

 private:
  void AddProbe(bool ok, const prometheus::Labels& labels, absl::Duration took);

  prometheus::Family<prometheus::Gauge>& up_;
  prometheus::Family<prometheus::Gauge>& probe_success_;
  prometheus::Family<prometheus::Gauge>& probe_duration_;
  prometheus::Family<prometheus::Gauge>& report_success_;
  prometheus::Family<prometheus::Gauge>& last_report_;
  prometheus::Family<prometheus::Gauge>& next_report_;
  prometheus::Family<prometheus::Gauge>& last_ack_;
  prometheus::Family<prometheus::Gauge>& ack_deadline_;
  prometheus::Family<prometheus::Gauge>& aps_;
  prometheus::Family<prometheus::Gauge>& entitlements_;
  prometheus::Family<prometheus::Gauge>& trust_installed_;
  prometheus::Family<prometheus::Gauge>& transport_info_;
  prometheus::Family<prometheus::Gauge>& info_;
  prometheus::Family<prometheus::Gauge>& rum_reports_;
  prometheus::Family<prometheus::Gauge>& health_;
  prometheus::Family<prometheus::Gauge>& findings_;
};

// The label value of a transport ("smart", "cslu", "onprem", "offline", "callhome",
// "automatic", "unspecified") and of a RUM report state ("open", ..., "acknowledged").
std::string TransportLabel(v1::TransportType type);
std::string RumStateLabel(v1::RumReportState state);

}  // namespace wlc::service::metrics
