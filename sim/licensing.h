// The controller side of Smart Licensing Using Policy, as plain functions on
// a Controller (no I/O, no locking: the Fleet holds its mutex):
// RUM report windows, the 8-hourly AP snapshot, the report push decision,
// ACK installation, the files of `license smart save usage` / `import`, the
// factory reset, and the JSON forms of reports. Times are the controller's
// own clock (Unix seconds) unless the name says otherwise.
#ifndef WLC_SIM_LICENSING_H_
#define WLC_SIM_LICENSING_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "controller.h"
#include "upstream.h"

namespace wlc::sim {

inline constexpr int64_t kDay = 86400;
inline constexpr int64_t kSnapshotInterval = 8 * 3600;  // AP count snapshot
inline constexpr int64_t kDefaultPushInterval = 30 * kDay;
inline constexpr int64_t kAckFrequency = 90 * kDay;  // Cisco default, subscription
inline constexpr int64_t kRetryInterval = kDay;      // after a failed push
inline constexpr int64_t kFactoryResetBlock = 3600;  // no RUM for 1 h after a reset
inline constexpr int64_t kTrustReportDelay = 60;     // first push after trust
inline constexpr size_t kMaxReports = 1000;          // FN72578's pile-up point
inline constexpr size_t kKeepAcked = 8;

inline constexpr char kAssetTag[] =
    "regid.2018-05.com.cisco.WLC_9500C,1.0_85665885-b865-4e32-8184-5510412fcb54";

// SLUP (trust, RUM, policy) needs IOS-XE 17.3.2.
inline constexpr Version kSlupSince{17, 3, 2};
inline constexpr Version kApLicenseSince{17, 17, 1};
inline bool IsSlup(const Controller& c) { return c.version >= kSlupSince; }

// Starts the usage cycle at `now` (called once per controller at start-up).
void StartUsage(Controller& c, int64_t now);
// Earliest pending usage-cycle time, 0 = none.
int64_t NextDue(const Controller& c);
// Report push interval: `usage interval` or 30 days.
int64_t PushInterval(const Controller& c);

// Runs every usage-cycle step due at or before `now`, each at its own time.
// Requests to send are appended to *outbox (sent by the Fleet after it
// releases its mutex).
void RunDue(Controller& c, int64_t now, std::vector<UpstreamRequest>* outbox);

// Closes the open windows (and opens the next ones when APs are joined).
// Returns the ids closed.
std::vector<uint64_t> CloseOpenReports(Controller& c, int64_t now, uint8_t reason);

// Where the controller's licensing messages go under its current config.
// False (with *why) when nothing is sent: transport off/callhome/automatic.
bool ResolveTarget(const Controller& c, UpstreamRequest* r, std::string* why);
// Device-side checks before a message leaves: DNS/down faults, On-Prem CRL.
// "" = go, else the COMM_FAILED reason (events logged here).
std::string PreflightFails(Controller& c, const UpstreamRequest& r);

// Applies an answer from the upstream.
void ApplyUsageResult(Controller& c, const UpstreamResult& r, int64_t now);
void ApplyPollResult(Controller& c, const UpstreamResult& r, int64_t now);
// Marks reports acknowledged (all sent/pulled ones if `ids` is empty);
// returns how many.
size_t InstallAck(Controller& c, const std::vector<uint64_t>& ids, int64_t now);
void LogCommFailed(Controller& c, UpstreamKind kind, const std::string& reason);

// RUM report JSON (slup-reference §5.6) and its {"payload","signature"} wrapper.
nlohmann::json RumReportJson(const Controller& c, const RumReport& r);
nlohmann::json RumWrapper(const Controller& c, const RumReport& r);
// `license smart save usage` file: one <RUMReport><![CDATA[...]]></RUMReport>
// line per report. which: "all", "unreported", or "days" (with days).
// Pulled reports become unacknowledged. *ids gets the report ids.
// close_open: close the open windows first (the CLI/RPC does; the SLP REST
// API leaves that to close-reports).
std::string SaveUsage(Controller& c, const std::string& which, uint32_t days, int64_t now,
                      std::vector<uint64_t>* ids, bool close_open = true);
// `license smart import`: an ACK (any JSON or XML/CDATA-wrapped JSON that
// names report ids: report_ids, acked_report_ids, acknowledged_report_ids,
// duplicate_report_ids, rum_report_ids — the back ends' ACK format included).
// "" on success, else the error.
std::string ImportData(Controller& c, const std::string& content, int64_t now,
                       std::vector<uint64_t>* acked);

// `license smart factory reset`: wipes trust, policy, RUM reports and ACKs;
// reload required; no RUM report for 1 h.
void FactoryReset(Controller& c, int64_t now);
// `reload`: closes the open reports (ProductReload), clears reload_required.
void Reload(Controller& c, int64_t now);

}  // namespace wlc::sim

#endif  // WLC_SIM_LICENSING_H_
