#include "adapters/common/apply_restore.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "adapters/common/native_license.h"
#include "adapters/common/version.h"

namespace wlc::adapters {
namespace {

using nlohmann::json;

constexpr char kTrustpointModeLine[] = "crypto pki trustpoint SLA-TrustPoint";

bool IsHttpClientLine(absl::string_view line) { return absl::StartsWith(line, "ip http client "); }

// Lines whose setting sits in native license/smart; proxy and `url smart` have no leaf there.
bool IsNativeSmartLine(absl::string_view line) {
  return absl::StartsWith(line, "license smart ") &&
         !absl::StartsWith(line, "license smart proxy ") &&
         !absl::StartsWith(line, "license smart url smart ");
}

bool Modelled(const DeviceInfo& info) {
  if (info.software_version.empty()) return true;
  absl::StatusOr<IosXeVersion> v = ParseIosXeVersion(info.software_version);
  return v.ok() && *v >= kNativeHttpCryptoMinimum;
}

absl::StatusOr<SavedTree> ReadTree(const DeviceContext& ctx, const char* path, const char* member) {
  SavedTree tree{path, member, false, json()};
  absl::StatusOr<json> got = ctx.restconf->GetData(ctx.endpoint, path, ctx.Remaining());
  if (absl::IsNotFound(got.status())) return tree;
  if (!got.ok()) return got.status();
  if (!got->is_object() || !got->contains(member)) {
    return absl::InternalError(absl::StrCat("controller ", ctx.info.name, ": GET ", path,
                                            " answered without \"", member, "\""));
  }
  tree.present = true;
  tree.content = (*got)[member];
  return tree;
}

std::string FormatSeconds(absl::Duration d) {
  return absl::StrFormat("%.1fs", absl::ToDoubleSeconds(std::max(d, absl::ZeroDuration())));
}

}  // namespace

absl::StatusOr<SavedConfig> SaveBeforeApply(const DeviceContext& ctx, const v1::TransportPlan& plan,
                                            const json& native_smart) {
  SavedConfig saved;
  const bool smart_present = native_smart.is_object() && !native_smart.empty();
  saved.trees.push_back({kNativeSmartPath, kNativeSmartMember, smart_present,
                         smart_present ? native_smart : json::object()});
  bool wants_http = false, wants_trustpoint = false;
  for (const v1::PlanStep& step : plan.steps()) {
    for (const std::string& line : step.cli_lines()) {
      wants_http |= IsHttpClientLine(line);
      wants_trustpoint |= line == kTrustpointModeLine;
    }
  }
  if (!Modelled(ctx.info)) return saved;
  if (wants_http) {
    absl::StatusOr<SavedTree> t = ReadTree(ctx, kNativeHttpClientPath, kNativeHttpClientMember);
    if (!t.ok()) return t.status();
    saved.trees.push_back(std::move(*t));
    saved.http_client = true;
  }
  if (wants_trustpoint) {
    absl::StatusOr<SavedTree> t = ReadTree(ctx, kSlaTrustpointPath, kSlaTrustpointMember);
    if (!t.ok()) return t.status();
    saved.trees.push_back(std::move(*t));
    saved.sla_trustpoint = true;
  }
  return saved;
}

absl::Duration RestoreReserve(size_t saved_trees, absl::Duration call_timeout) {
  const absl::Duration per_call = std::min(call_timeout, kRestoreCallBudget);
  return std::max(kRestoreCallBudget, per_call * static_cast<int64_t>(saved_trees));
}

absl::Status CheckTimeForApply(absl::string_view controller, absl::Duration left,
                               absl::Duration call_timeout, absl::Duration reserve) {
  const absl::Duration need = std::min(call_timeout, kRestoreCallBudget) + reserve;
  if (left >= need) return absl::OkStatus();
  return absl::DeadlineExceededError(
      absl::StrCat("controller ", controller, ": not enough time left to apply and restore: need ",
                   FormatSeconds(need), ", have ", FormatSeconds(left), "; nothing was changed"));
}

void RestoreSaved(const DeviceContext& ctx, const SavedConfig& saved, v1::ApplyRestore* restore) {
  restore->set_attempted(true);
  std::vector<std::string> errors;
  for (const SavedTree& tree : saved.trees) {
    absl::Status s;
    if (tree.present) {
      s = ctx.restconf->PutData(ctx.endpoint, tree.path, json{{tree.member, tree.content}},
                                ctx.Remaining());
    } else {
      s = ctx.restconf->DeleteData(ctx.endpoint, tree.path, ctx.Remaining());
      if (absl::IsNotFound(s)) s = absl::OkStatus();
    }
    if (s.ok()) {
      restore->add_restored(tree.path);
    } else {
      errors.push_back(absl::StrCat(tree.path, ": ", s.message()));
    }
  }
  restore->set_restore_error(absl::StrJoin(errors, "; "));
}

std::vector<v1::LeftChanged> LeftChangedSettings(const v1::TransportPlan& plan, int sent,
                                                 const SavedConfig& saved) {
  std::vector<v1::LeftChanged> left;
  const int steps = std::min(sent, plan.steps_size());
  for (int i = 0; i < steps; ++i) {
    std::string mode;  // the sub-mode the following indented lines belong to
    for (const std::string& line : plan.steps(i).cli_lines()) {
      const bool sub_mode_line = absl::StartsWith(line, " ");
      if (!sub_mode_line) mode.clear();
      if (line == kTrustpointModeLine) {
        mode = line;
        continue;
      }
      const bool covered = IsNativeSmartLine(line) ||
                           (saved.http_client && IsHttpClientLine(line)) ||
                           (saved.sla_trustpoint && sub_mode_line && mode == kTrustpointModeLine);
      if (covered) continue;
      v1::LeftChanged entry;
      if (sub_mode_line && !mode.empty()) {
        entry.set_what(absl::StrCat(mode, " /", line));
        entry.add_cli_to_restore(mode);
      } else {
        entry.set_what(line);
      }
      entry.add_cli_to_restore(NegateCliLine(line));
      left.push_back(std::move(entry));
    }
  }
  return left;
}

std::string NegateCliLine(absl::string_view line) {
  const size_t indent = line.find_first_not_of(' ');
  if (indent == absl::string_view::npos) return std::string(line);
  absl::string_view words = absl::StripTrailingAsciiWhitespace(line.substr(indent));
  const size_t last_space = words.rfind(' ');
  absl::string_view keywords =
      last_space == absl::string_view::npos ? words : words.substr(0, last_space);
  return absl::StrCat(line.substr(0, indent), "no ", keywords);
}

}  // namespace wlc::adapters
