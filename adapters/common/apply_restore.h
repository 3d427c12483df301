// What an apply keeps so that it can undo itself. Before the first change it saves (GET) the
// native subtrees the plan may change and the controller's release models: license/smart always,
// ip/http/client and crypto/pki/trustpoint=SLA-TrustPoint from kNativeHttpCryptoMinimum when the
// plan sends `ip http client …` or `crypto pki trustpoint SLA-TrustPoint` lines. It keeps back
// time to put them back, and when a step fails it restores them with that reserve as its own
// deadline. Lines that no model carries (`license smart proxy …`, `license smart url smart …`)
// cannot be read before the change: a failed apply reports them as left changed, with the CLI
// that undoes each by hand.
//
// Thread safety: pure functions and device calls through the context's clients.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "adapters/transport_adapter.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

// One native subtree as read before the change.
struct SavedTree {
  std::string path;    // RESTCONF data path, e.g. kNativeSmartPath
  std::string member;  // its RFC 7951 member name, e.g. kNativeSmartMember
  // False when the controller answered 404 (absent or empty): the restore deletes it.
  bool present = false;
  nlohmann::json content;  // the member's value when present
};

struct SavedConfig {
  std::vector<SavedTree> trees;  // license/smart first
  // Whether the CLI families beyond license smart are covered by a saved tree.
  bool http_client = false;
  bool sla_trustpoint = false;
};

// Upper bound of one restore call, and the least reserve kept whatever the call timeout.
inline constexpr absl::Duration kRestoreCallBudget = absl::Seconds(2);

// Saves license/smart (`native_smart`, already read by the caller: its content, {} = absent) and
// GETs the other subtrees the plan touches when the release models them (an empty
// software_version counts as modelled: the controller decides, and a 404 then means absent).
// Device errors of those GETs come back unchanged (nothing has been changed yet).
absl::StatusOr<SavedConfig> SaveBeforeApply(const DeviceContext& ctx, const v1::TransportPlan& plan,
                                            const nlohmann::json& native_smart);

// Time kept back for the restore: one call per saved subtree, each min(call_timeout,
// kRestoreCallBudget), and never less than kRestoreCallBudget.
absl::Duration RestoreReserve(size_t saved_trees, absl::Duration call_timeout);

// OK when `left` covers the first step (one call of min(call_timeout, kRestoreCallBudget)) plus
// `reserve`; otherwise DEADLINE_EXCEEDED "controller <name>: not enough time left to apply and
// restore: need <X>, have <Y>; nothing was changed".
absl::Status CheckTimeForApply(absl::string_view controller, absl::Duration left,
                               absl::Duration call_timeout, absl::Duration reserve);

// Puts every saved subtree back: PUT of the saved content, DELETE when it was absent (a 404 then
// counts as restored). `ctx` carries the restore's own deadline (now + reserve). Fills
// `restored` and `restore_error` (each failure as "<path>: <reason>") and sets `attempted`.
void RestoreSaved(const DeviceContext& ctx, const SavedConfig& saved, v1::ApplyRestore* restore);

// The settings in the plan's first `sent` steps that no saved subtree covers, each with the CLI
// that undoes it (see NegateCliLine). Lines that only enter a sub-mode are context, not entries.
std::vector<v1::LeftChanged> LeftChangedSettings(const v1::TransportPlan& plan, int sent,
                                                 const SavedConfig& saved);

// The IOS negation of one config line: "no " before the keywords, the value (last word) dropped,
// the indentation of a sub-mode line kept: `license smart proxy address p.example.com` ->
// `no license smart proxy address`; ` revocation-check none` -> ` no revocation-check`.
// A line of one word gets "no " only.
std::string NegateCliLine(absl::string_view line);

}  // namespace wlc::adapters
