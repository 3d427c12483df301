#include "adapters/common/usage_relay.h"

#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/input_limits.h"

namespace wlc::adapters {

using nlohmann::json;

absl::StatusOr<std::vector<json>> ParseUsageFile(const std::string& content) {
  if (content.size() > limits::kMaxBundleBytes) {
    return absl::InternalError(
        absl::StrCat("usage file: larger than ", limits::kMaxBundleBytes, " bytes"));
  }
  std::vector<json> reports;
  size_t pos = 0;
  while ((pos = content.find("<![CDATA[", pos)) != std::string::npos) {
    const size_t end = content.find("]]>", pos);
    if (end == std::string::npos)
      return absl::InternalError("usage file: unterminated CDATA block");
    absl::StatusOr<json> part =
        limits::ParseJson(absl::string_view(content).substr(pos + 9, end - pos - 9),
                          limits::kMaxBundleBytes, "usage file: a RUM report");
    if (!part.ok()) return absl::InternalError(part.status().message());
    reports.push_back(*std::move(part));
    pos = end + 3;
  }
  return reports;
}

absl::StatusOr<std::vector<json>> ParseAckBundle(absl::string_view text) {
  absl::StatusOr<json> bundle = limits::ParseJson(text, limits::kMaxBundleBytes, "ACK bundle");
  if (!bundle.ok()) return bundle.status();
  const json* acks = nullptr;
  if (bundle->is_object()) {
    auto type = bundle->find("bundle_type");
    auto list = bundle->find("acks");
    if (type != bundle->end() && *type == "RUM_ACK" && list != bundle->end() && list->is_array())
      acks = &*list;
  }
  if (acks == nullptr) {
    return absl::InvalidArgumentError(
        "bundle is not an ACK bundle ({\"bundle_type\":\"RUM_ACK\",\"acks\":[...]})");
  }
  return std::vector<json>(acks->begin(), acks->end());
}

std::string AckUdi(const json& ack) {
  if (!ack.is_object()) return "";
  auto udi = ack.find("udi");
  return udi != ack.end() && udi->is_string() ? udi->get<std::string>() : "";
}

absl::StatusOr<CollectedUsage> CollectUnreportedUsage(const DeviceContext& ctx) {
  // Close the open measurement windows first, so the usage up to now is in closed reports.
  absl::StatusOr<json> closed =
      ctx.smartlic->Post(ctx.endpoint, "close-reports", json::object(), ctx.Remaining());
  if (!closed.ok()) return closed.status();
  absl::StatusOr<json> answer = ctx.smartlic->Get(ctx.endpoint, "all-reports", ctx.Remaining());
  if (!answer.ok()) return answer.status();
  CollectedUsage out;
  if (answer->contains("report_ids") && (*answer)["report_ids"].is_array()) {
    for (const json& id : (*answer)["report_ids"]) {
      if (id.is_number_unsigned()) out.report_ids.push_back(id.get<uint64_t>());
    }
  }
  std::string data;
  if (answer->contains("data") && (*answer)["data"].is_string() &&
      !absl::Base64Unescape((*answer)["data"].get<std::string>(), &data)) {
    return absl::InternalError(absl::StrCat("controller ", ctx.info.name,
                                            ": smartlic-service/all-reports: data is not base64"));
  }
  absl::StatusOr<std::vector<json>> reports = ParseUsageFile(data);
  if (!reports.ok()) {
    return absl::Status(reports.status().code(), absl::StrCat("controller ", ctx.info.name, ": ",
                                                              reports.status().message()));
  }
  out.reports = std::move(*reports);
  return out;
}

json MakeUsageBundle(const std::vector<json>& reports) {
  return {{"bundle_type", "RUM_USAGE"}, {"bundle_version", "1.0"}, {"rum_reports", reports}};
}

absl::StatusOr<std::vector<uint64_t>> ImportAck(const DeviceContext& ctx, const json& ack) {
  json bundle = {
      {"bundle_type", "RUM_ACK"}, {"bundle_version", "1.0"}, {"acks", json::array({ack})}};
  absl::StatusOr<json> answer = ctx.smartlic->Post(
      ctx.endpoint, "import", {{"data", absl::Base64Escape(bundle.dump())}}, ctx.Remaining());
  if (!answer.ok()) return answer.status();
  std::vector<uint64_t> ids;
  if (answer->contains("acknowledged_report_ids") &&
      (*answer)["acknowledged_report_ids"].is_array()) {
    for (const json& id : (*answer)["acknowledged_report_ids"]) {
      if (id.is_number_unsigned()) ids.push_back(id.get<uint64_t>());
    }
  }
  return ids;
}

absl::StatusOr<v1::RelayUsageResponse> RelayUsage(const DeviceContext& ctx,
                                                  upstream::UpstreamClient& upstream) {
  absl::StatusOr<CollectedUsage> usage = CollectUnreportedUsage(ctx);
  if (!usage.ok()) return usage.status();
  v1::RelayUsageResponse response;
  for (uint64_t id : usage->report_ids) response.add_collected_report_ids(id);
  if (usage->reports.empty()) return response;  // nothing unreported: nothing to do

  absl::StatusOr<std::string> poll_id =
      upstream.UploadUsage(MakeUsageBundle(usage->reports), ctx.deadline);
  if (!poll_id.ok()) return poll_id.status();
  response.set_poll_id(*poll_id);

  std::optional<json> ack_bundle;
  while (true) {
    absl::StatusOr<std::optional<json>> polled = upstream.PollUsage(*poll_id, ctx.deadline);
    if (!polled.ok()) return polled.status();
    if (polled->has_value()) {
      ack_bundle = std::move(**polled);
      break;
    }
    if (absl::Now() + ctx.poll_interval >= ctx.deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("controller ", ctx.info.name, ": upstream ", upstream.config().name,
                       " has not produced the ACK for poll ", *poll_id,
                       " by the deadline; repeat RelayUsage later (nothing is lost)"));
    }
    std::this_thread::sleep_for(
        absl::ToChronoMilliseconds(std::max(ctx.poll_interval, absl::Milliseconds(200))));
  }
  if (!ack_bundle->contains("acks") || !(*ack_bundle)["acks"].is_array()) {
    return absl::InternalError(
        absl::StrCat("upstream ", upstream.config().name, ": ACK bundle has no acks"));
  }
  for (const json& ack : (*ack_bundle)["acks"]) {
    absl::StatusOr<std::vector<uint64_t>> acked = ImportAck(ctx, ack);
    if (!acked.ok()) return acked.status();
    for (uint64_t id : *acked) response.add_acknowledged_report_ids(id);
  }
  return response;
}

}  // namespace wlc::adapters
