#include "licensing.h"

#include <algorithm>
#include <cstdio>

#include "smart_config.h"
#include "util.h"

namespace wlc::sim {

using nlohmann::json;

namespace {

bool Unreported(RumState s) {
  return s == RumState::kClosed || s == RumState::kPending || s == RumState::kUnacknowledged;
}

uint64_t NextReportId(Controller& c, int64_t now) {
  uint64_t id = std::max<uint64_t>(static_cast<uint64_t>(now), c.last_report_id + 1);
  c.last_report_id = id;
  return id;
}

void Trim(Controller& c) {
  size_t acked = 0;
  for (const RumReport& r : c.reports) acked += r.state == RumState::kAcknowledged;
  // Oldest acknowledged reports go first, then the oldest of all.
  for (auto it = c.reports.begin(); acked > kKeepAcked && it != c.reports.end();) {
    if (it->state == RumState::kAcknowledged) {
      it = c.reports.erase(it);
      --acked;
    } else {
      ++it;
    }
  }
  if (c.reports.size() > kMaxReports) {
    c.reports.erase(c.reports.begin(),
                    c.reports.begin() + static_cast<long>(c.reports.size() - kMaxReports));
  }
}

void OpenReports(Controller& c, int64_t now, uint32_t prev_count) {
  if (c.rum_blocked_until != 0 || !IsSlup(c)) return;
  if (c.joined_aps == 0 && prev_count == 0) return;
  if (c.joined_aps > 0 && !c.usage_started) {
    c.usage_started = true;
    c.usage_start = now;
    if (c.next_reminder == 0 && c.ack_time == 0) c.next_reminder = now + kAckFrequency - 30 * kDay;
  }
  for (int e = 0; e < kEntitlements; ++e) {
    RumReport r;
    r.report_id = NextReportId(c, now);
    r.start_time = now;
    r.count = c.joined_aps;
    r.prev_count = prev_count;
    r.entitlement = static_cast<Entitlement>(e);
    r.state = RumState::kOpen;
    c.reports.push_back(r);
  }
  c.snapshot_count = c.joined_aps;
  Trim(c);
}

std::string Peer(UpstreamKind k) { return UpstreamPeerName(k); }

json Sudi(const std::string& pid, const std::string& sn) {
  return {{"udi_pid", pid}, {"udi_serial_number", sn}};
}

void CollectIds(const json& j, const std::string& key, std::vector<uint64_t>* out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) CollectIds(it.value(), it.key(), out);
  } else if (j.is_array()) {
    for (const json& v : j) CollectIds(v, key, out);
  } else if (key == "report_ids" || key == "acked_report_ids" || key == "rum_report_ids" ||
             key == "acknowledged_report_ids" || key == "duplicate_report_ids") {
    if (j.is_number_unsigned()) out->push_back(j.get<uint64_t>());
    if (j.is_string()) {
      const std::string& s = j.get_ref<const std::string&>();
      if (!s.empty() && s.size() < 20 && s.find_first_not_of("0123456789") == std::string::npos)
        out->push_back(std::stoull(s));
    }
  } else if (j.is_string() && (key == "ack" || key == "data")) {
    json inner = json::parse(j.get_ref<const std::string&>(), nullptr, false);
    if (!inner.is_discarded()) CollectIds(inner, "", out);
  }
}

}  // namespace

int64_t PushInterval(const Controller& c) {
  auto u = c.smart.find("usage");
  if (u != c.smart.end() && u->is_object() && u->contains("interval")) {
    return static_cast<int64_t>((*u)["interval"].get<uint32_t>()) * kDay;
  }
  return kDefaultPushInterval;
}

void StartUsage(Controller& c, int64_t now) {
  if (!IsSlup(c)) return;
  OpenReports(c, now, 0);
  c.last_snapshot = now;
  c.snap_added = c.joined_aps;
  c.next_snapshot = now + kSnapshotInterval;
  c.next_push = now + PushInterval(c);
}

int64_t NextDue(const Controller& c) {
  int64_t due = 0;
  auto take = [&due](int64_t t) {
    if (t != 0 && (due == 0 || t < due)) due = t;
  };
  take(c.rum_blocked_until);
  take(c.next_snapshot);
  take(c.next_push);
  take(c.poll_due);
  take(c.next_reminder);
  return due;
}

std::vector<uint64_t> CloseOpenReports(Controller& c, int64_t now, uint8_t reason) {
  std::vector<uint64_t> ids;
  bool had_open = false;
  for (RumReport& r : c.reports) {
    if (r.state != RumState::kOpen) continue;
    had_open = true;
    r.state = RumState::kClosed;
    r.end_time = now;
    r.close_reason = reason;
    ids.push_back(r.report_id);
  }
  if (had_open || c.joined_aps > 0) OpenReports(c, now, c.snapshot_count);
  return ids;
}

namespace {

void Snapshot(Controller& c, int64_t t) {
  uint32_t before = c.snapshot_count;
  c.last_snapshot = t;
  c.snap_added = c.joined_aps > before ? c.joined_aps - before : 0;
  c.snap_deleted = before > c.joined_aps ? before - c.joined_aps : 0;
  c.next_snapshot = t + kSnapshotInterval;
  if (c.joined_aps == before) return;
  for (RumReport& r : c.reports) {
    if (r.state != RumState::kOpen) continue;
    r.state = RumState::kClosed;
    r.end_time = t;
    r.close_reason = 3;  // UsageChanged
  }
  c.snapshot_count = before;
  OpenReports(c, t, before);
  if (c.joined_aps == 0) c.snapshot_count = 0;
}

void Push(Controller& c, int64_t t, std::vector<UpstreamRequest>* outbox) {
  c.next_push = t + PushInterval(c);
  if (!c.usage_started) return;  // never consumed a licence: nothing to report
  if (c.upstream_busy) {
    c.next_push = std::min(c.next_push, t + 3600);  // after the exchange on the wire
    return;
  }
  // The windows close for reporting whether or not they can be sent.
  for (RumReport& r : c.reports) {
    if (r.state != RumState::kOpen) continue;
    r.state = RumState::kClosed;
    r.end_time = t;
    r.close_reason = 1;  // CurrentUsageRequested
  }
  OpenReports(c, t, c.snapshot_count);
  UpstreamRequest req;
  std::string why;
  if (!ResolveTarget(c, &req, &why)) {
    c.push_fail_message = why;  // transport off: the backlog grows
    return;
  }
  if (req.kind == UpstreamKind::kCssm && !c.trust_installed) {
    c.push_fail_message = "trust code not installed";
    c.next_push = std::min(c.next_push, t + kRetryInterval);
    return;
  }
  req.type = UpstreamRequest::Type::kUsage;
  for (const RumReport& r : c.reports) {
    if (r.state == RumState::kClosed || r.state == RumState::kUnacknowledged ||
        r.state == RumState::kPending) {
      req.rum_reports.push_back(RumWrapper(c, r));
      req.report_ids.push_back(r.report_id);
    }
  }
  if (req.report_ids.empty()) return;
  ++c.stats[1].total;
  std::string fail = PreflightFails(c, req);
  if (!fail.empty()) {
    c.last_push = t;
    c.last_push_ok = false;
    c.push_fail_message = fail;
    ++c.stats[1].fail;
    ++c.stats[1].ongoing;
    c.stats[1].last_response = "NO REPLY";
    c.stats[1].last_response_ms = c.DeviceNowMs();
    c.stats[1].failure_reason = fail;
    c.next_push = std::min(c.next_push, t + kRetryInterval);
    return;
  }
  c.upstream_busy = true;
  c.last_push = t;
  req.device_time_ms = t * 1000;
  outbox->push_back(std::move(req));
}

}  // namespace

void RunDue(Controller& c, int64_t now, std::vector<UpstreamRequest>* outbox) {
  for (int guard = 0; guard < 100000; ++guard) {
    int64_t t = NextDue(c);
    if (t == 0 || t > now) return;
    if (t == c.rum_blocked_until) {
      c.rum_blocked_until = 0;
      if (c.joined_aps > 0) {
        OpenReports(c, t, 0);
        c.next_snapshot = t + kSnapshotInterval;
        if (c.next_push == 0) c.next_push = t + PushInterval(c);
      }
    } else if (t == c.next_snapshot) {
      Snapshot(c, t);
    } else if (t == c.next_push) {
      Push(c, t, outbox);
    } else if (t == c.poll_due) {
      c.poll_due = 0;
      UpstreamRequest req;
      std::string why;
      if (c.upstream_busy || !ResolveTarget(c, &req, &why)) continue;
      req.type = UpstreamRequest::Type::kPoll;
      req.poll_id = c.poll_id;
      req.device_time_ms = t * 1000;
      ++c.stats[2].total;
      std::string fail = PreflightFails(c, req);
      if (!fail.empty()) {
        ++c.stats[2].fail;
        ++c.stats[2].ongoing;
        c.stats[2].last_response = "NO REPLY";
        c.poll_due = t + 3600;
        continue;
      }
      c.upstream_busy = true;
      outbox->push_back(std::move(req));
    } else if (t == c.next_reminder) {
      int64_t deadline = c.ack_time != 0 ? c.ack_deadline : c.usage_start + kAckFrequency;
      int64_t days = std::max<int64_t>(0, (deadline - t + kDay - 1) / kDay);
      c.AddEvent("%SMART_LIC-6-REPORTING_REQUIRED: A Usage report acknowledgement will be "
                 "required in " +
                 std::to_string(days) + " days.");
      c.next_reminder = t < deadline ? deadline : 0;
    } else {
      return;  // unreachable
    }
  }
}

bool ResolveTarget(const Controller& c, UpstreamRequest* r, std::string* why) {
  std::string transport = SmartTransport(c.smart);
  r->index = c.index;
  r->udi = {c.pid, c.serial};
  r->piid = c.piid;
  r->client_trustpoint = c.cli.http_client_secure_trustpoint;
  if (!c.cli.proxy_address.empty()) {
    r->proxy = c.cli.proxy_address + ":" + std::to_string(c.cli.proxy_port ? c.cli.proxy_port : 80);
  }
  auto url = c.smart.find("url");
  bool has_url = url != c.smart.end() && url->is_object();
  if (transport == "smart") {
    r->kind = UpstreamKind::kCssm;
    r->url = kDefaultSmartUrl;
    if (!c.cli.url_smart.empty()) {
      r->url = c.cli.url_smart;
    } else if (has_url && url->contains("name")) {
      r->url = (*url)["name"].get<std::string>();
    }
    return true;
  }
  if (transport == "cslu") {
    r->kind = UpstreamKind::kCslu;
    r->url = "http://cslu-local:8182/cslu/v1/pi";
    r->proxy.clear();
    std::string u;
    if (has_url && url->contains("cslu")) {
      u = (*url)["cslu"].get<std::string>();
    } else if (has_url && url->contains("name")) {
      u = (*url)["name"].get<std::string>();  // seed form: license smart url https://<onprem>/SmartTransport
    }
    if (!u.empty()) {
      r->url = u;
      if (u.rfind("https://", 0) == 0) r->kind = UpstreamKind::kOnPrem;
    }
    return true;
  }
  *why = "transport " + (transport == "Off" ? std::string("off") : transport) +
         ": usage is not sent";
  return false;
}

void LogCommFailed(Controller& c, UpstreamKind kind, const std::string& reason) {
  c.AddEvent("%SMART_LIC-3-COMM_FAILED: Communications failure with the " + Peer(kind) + " : " +
             reason);
}

std::string PreflightFails(Controller& c, const UpstreamRequest& r) {
  std::string reason;
  if (c.faults.dns_failure) {
    reason = kDnsFailure;
  } else if (c.faults.backend_down) {
    reason = kCommFailure;
  } else if (r.kind == UpstreamKind::kOnPrem && c.cli.sla_trustpoint_revocation_check != "none") {
    c.AddEvent("%PKI-3-CRL_FETCH_FAIL: CRL fetch for trustpoint SLA-TrustPoint failed");
    reason = kCommFailure;
  }
  if (!reason.empty()) LogCommFailed(c, r.kind, reason);
  return reason;
}

void ApplyUsageResult(Controller& c, const UpstreamResult& r, int64_t now) {
  c.upstream_busy = false;
  HistoryEntry& h = c.History(HistoryKind::kUsage);
  h.request_ms = c.last_push * 1000;
  h.request = r.request_json.substr(0, kMaxHistoryChars);
  h.response = r.response_json.substr(0, kMaxHistoryChars);
  h.response_ms = r.reached ? c.DeviceNowMs() : 0;
  CommStats& s = c.stats[1];
  s.last_response_ms = c.DeviceNowMs();
  UpstreamRequest target;
  std::string why;
  bool resolved = ResolveTarget(c, &target, &why);
  UpstreamKind kind = resolved ? target.kind : UpstreamKind::kCssm;
  if (!r.reached || r.status == "FAILED") {
    ++s.fail;
    ++s.ongoing;
    s.last_response = r.reached ? "FAILED" : "NO REPLY";
    s.failure_reason = r.reached                 ? r.failure_reason
                       : !r.fail_message.empty() ? r.fail_message
                                                 : r.comm_error;
    c.last_push_ok = false;
    c.push_fail_message = s.failure_reason;
    if (!r.reached) LogCommFailed(c, kind, r.comm_error);
    if (r.reached && r.failure_reason == "REPORTING_NOT_SUPPORTED") {
      c.AddEvent(
          "%SMART_LIC-4-REPORTING_NOT_SUPPORTED: Smart Agent for Licensing CSSM OnPrem is down "
          "rev and does not support the enhanced policy and usage reporting mode.");
    }
    c.next_push = std::min(c.next_push, now + kRetryInterval);
    return;
  }
  if (s.ongoing > 0) {
    c.AddEvent("%SMART_LIC-5-COMM_RESTORED: Communications with " + Peer(kind) + " restored");
  }
  ++s.success;
  s.ongoing = 0;
  s.last_response = r.status;
  s.failure_reason.clear();
  if (!r.piid.empty()) c.piid = r.piid;
  c.last_push_ok = true;
  c.push_fail_message.clear();
  for (RumReport& rep : c.reports) {
    if (Unreported(rep.state) &&
        std::find(r.report_ids.begin(), r.report_ids.end(), rep.report_id) != r.report_ids.end())
      rep.state = RumState::kPending;
  }
  if (!r.acked_ids.empty() || r.status == "OK") {
    InstallAck(c, r.acked_ids, now);
  } else {
    c.poll_id = r.poll_id;
    c.poll_due = now + std::max(2, r.retry_after_s);
  }
}

void ApplyPollResult(Controller& c, const UpstreamResult& r, int64_t now) {
  c.upstream_busy = false;
  HistoryEntry& h = c.History(HistoryKind::kPoll);
  h.request_ms = c.DeviceNowMs();
  h.request = r.request_json.substr(0, kMaxHistoryChars);
  h.response = r.response_json.substr(0, kMaxHistoryChars);
  h.response_ms = r.reached ? c.DeviceNowMs() : 0;
  CommStats& s = c.stats[2];
  s.last_response_ms = c.DeviceNowMs();
  if (!r.reached) {
    ++s.fail;
    ++s.ongoing;
    s.last_response = "NO REPLY";
    s.failure_reason = r.fail_message.empty() ? r.comm_error : r.fail_message;
    UpstreamRequest target;
    std::string why;
    LogCommFailed(c, ResolveTarget(c, &target, &why) ? target.kind : UpstreamKind::kCssm,
                  r.comm_error);
    c.poll_due = now + 3600;
    return;
  }
  if (r.status == "OK") {
    ++s.success;
    s.ongoing = 0;
    s.last_response = "OK";
    InstallAck(c, r.acked_ids, now);
    c.poll_id.clear();
  } else if (r.status == "FAILED") {
    ++s.fail;
    s.last_response = "FAILED";
    s.failure_reason = r.failure_reason;
    c.poll_id.clear();
    // The reports stay pending; the next push sends them again.
  } else {
    ++s.success;
    s.last_response = r.status;  // OK_TRY_AGAIN / NO DATA TO PROCESS
    c.poll_due = now + std::max(2, r.retry_after_s);
  }
}

size_t InstallAck(Controller& c, const std::vector<uint64_t>& ids, int64_t now) {
  size_t n = 0;
  for (RumReport& r : c.reports) {
    if (r.state == RumState::kOpen || r.state == RumState::kAcknowledged) continue;
    bool match = ids.empty() ? r.state == RumState::kPending || r.state == RumState::kUnacknowledged
                             : std::find(ids.begin(), ids.end(), r.report_id) != ids.end();
    if (!match) continue;
    r.state = RumState::kAcknowledged;
    ++n;
  }
  if (n == 0 && !ids.empty()) return 0;
  c.ack_time = now;
  c.ack_deadline = now + kAckFrequency;
  c.next_reminder = c.ack_deadline - 30 * kDay;
  Trim(c);
  return n;
}

json RumReportJson(const Controller& c, const RumReport& r) {
  json ha = json::array({{{"role", "Active"}, {"sudi", Sudi(c.pid, c.serial)}}});
  if (c.ha) ha.push_back({{"role", "Standby"}, {"sudi", Sudi(c.pid, c.standby_serial)}});
  char version[24];  // three uint16 fields: up to 17 characters
  std::snprintf(version, sizeof(version), "%02u.%02u.%02u", c.version.major, c.version.minor,
                c.version.patch);
  int64_t end = r.end_time != 0 ? r.end_time : c.DeviceNowS();
  json added = json::array(), removed = json::array();
  for (uint32_t k = r.prev_count; k < r.count; ++k)
    added.push_back(Sudi(kApPid, ApSerial(c.index, k)));
  for (uint32_t k = r.count; k < r.prev_count; ++k)
    removed.push_back(Sudi(kApPid, ApSerial(c.index, k)));
  json meta = {{"removed_sudi_list", removed}, {"added_sudi_list", added}};
  if (r.close_reason != 0) {
    meta["close_reason"] = kCloseReasons[r.close_reason];
    meta["termination_reason"] = kCloseReasons[r.close_reason];
  }
  json m = {{"log_time", end},
            {"metric_name", "ENTITLEMENT"},
            {"start_time", r.start_time},
            {"end_time", end},
            {"sample_interval", end - r.start_time},
            {"num_samples", (end - r.start_time) / 900 + 1},
            {"meta", meta},
            {"value", {{"type", "COUNT"}, {"value", std::to_string(r.count)}}}};
  return {{"version", "2.0"},
          {"asset_identification",
           {{"report_id", r.report_id},
            {"asset", {{"name", kAssetTag}}},
            {"instance", {{"sudi", Sudi(c.pid, c.serial)}}}}},
          {"signature", {{"signing_type", "builtin"}, {"key", kAssetTag}, {"value", "c2ltdWxhdGVk"}}},
          {"meta",
           {{"entitlement_tag", EntitlementTag(r.entitlement)},
            {"feature_name", EntitlementName(r.entitlement)},
            {"utility_enabled", false},
            {"software_version", version},
            {"ha_udi", ha}}},
          {"measurements", json::array({m})}};
}

json RumWrapper(const Controller& c, const RumReport& r) {
  return {{"payload", RumReportJson(c, r).dump()},
          {"signature",
           {{"sudi", Sudi(c.pid, c.serial)},
            {"signing_type", "builtin"},
            {"key", kAssetTag},
            {"value", "c2ltdWxhdGVk"}}}};
}

std::string SaveUsage(Controller& c, const std::string& which, uint32_t days, int64_t now,
                      std::vector<uint64_t>* ids, bool close_open) {
  if (close_open) CloseOpenReports(c, now, 1);
  std::string out;
  for (RumReport& r : c.reports) {
    if (r.state == RumState::kOpen) continue;
    bool take = which == "all" || (which == "unreported" && Unreported(r.state)) ||
                (which == "days" && r.end_time >= now - static_cast<int64_t>(days) * kDay);
    if (!take) continue;
    out += "<RUMReport><![CDATA[" + RumWrapper(c, r).dump() + "]]></RUMReport>\n";
    ids->push_back(r.report_id);
    if (r.state == RumState::kClosed) r.state = RumState::kUnacknowledged;
  }
  c.last_file_write = now;
  return out;
}

std::string ImportData(Controller& c, const std::string& content, int64_t now,
                       std::vector<uint64_t>* acked) {
  std::vector<uint64_t> ids;
  // Whole JSON, or JSON inside <...><![CDATA[ ... ]]> blocks.
  json whole = json::parse(content, nullptr, false);
  if (!whole.is_discarded()) {
    CollectIds(whole, "", &ids);
  } else {
    size_t pos = 0;
    while ((pos = content.find("<![CDATA[", pos)) != std::string::npos) {
      size_t end = content.find("]]>", pos);
      if (end == std::string::npos) break;
      json part = json::parse(content.substr(pos + 9, end - pos - 9), nullptr, false);
      if (!part.is_discarded()) CollectIds(part, "", &ids);
      pos = end + 3;
    }
  }
  if (ids.empty()) return "no RUM acknowledgement found in the data";
  size_t n = InstallAck(c, ids, now);
  if (n == 0) return "the acknowledgement names no report of this product instance";
  for (const RumReport& r : c.reports) {
    if (r.state == RumState::kAcknowledged &&
        std::find(ids.begin(), ids.end(), r.report_id) != ids.end())
      acked->push_back(r.report_id);
  }
  HistoryEntry& h = c.History(HistoryKind::kImportAck);
  h.request_ms = h.response_ms = c.DeviceNowMs();
  h.request = content.substr(0, 2048);
  h.response = "Import Data Successful";
  return "";
}

void FactoryReset(Controller& c, int64_t now) {
  c.trust_installed = false;
  c.trust_time_ms = 0;
  c.standby_trust_installed = false;
  c.standby_trust_time_ms = 0;
  c.registration = RegistrationState::kNotRegistered;
  c.registration_fail_message.clear();
  c.reports.clear();
  c.ack_time = c.ack_deadline = 0;
  c.policy_installed = false;
  c.usage_started = false;
  c.snapshot_count = 0;
  c.snap_added = c.snap_deleted = 0;
  c.next_push = c.poll_due = c.next_reminder = 0;
  c.next_snapshot = 0;
  c.poll_id.clear();
  c.last_push = 0;
  c.last_push_ok = false;
  c.push_fail_message.clear();
  for (CommStats& s : c.stats) s = CommStats{};
  c.history.clear();
  c.reload_required = true;
  c.rum_blocked_until = now + kFactoryResetBlock;
}

void Reload(Controller& c, int64_t now) {
  c.reload_required = false;
  bool open = false;
  for (RumReport& r : c.reports) {
    if (r.state != RumState::kOpen) continue;
    open = true;
    r.state = RumState::kClosed;
    r.end_time = now;
    r.close_reason = 2;  // ProductReload
  }
  if (open) OpenReports(c, now, c.snapshot_count);
}

}  // namespace wlc::sim
