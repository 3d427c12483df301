#include "fleet.h"

#include "licensing.h"
#include "sim_clock.h"
#include "util.h"

namespace wlc::sim {

Fleet::Fleet(std::vector<Controller> controllers, uint32_t first_address,
             std::chrono::milliseconds trust_delay, Upstream* upstream)
    : controllers_(std::move(controllers)),
      first_address_(first_address),
      trust_delay_(trust_delay),
      upstream_(upstream) {
  for (size_t i = 0; i < controllers_.size(); ++i) {
    Controller& c = controllers_[i];
    c.index = static_cast<uint32_t>(i);
    if (c.ha && c.trust_installed) {
      c.standby_trust_installed = true;
      c.standby_trust_time_ms = c.trust_time_ms;
    }
    if (c.trust_installed) AdoptTrust(i);
    StartUsage(c, c.DeviceNowS());
    Reschedule(i);
  }
}

int Fleet::IndexForAddress(uint32_t address) const {
  if (address < first_address_) return -1;
  uint64_t offset = address - first_address_;
  return offset < controllers_.size() ? static_cast<int>(offset) : -1;
}

int Fleet::IndexForName(std::string_view name) const {
  constexpr std::string_view kPrefix = "wlc-";
  if (name.substr(0, kPrefix.size()) != kPrefix || name.size() == kPrefix.size() ||
      name.size() > kPrefix.size() + 9)
    return -1;
  uint64_t n = 0;
  for (char c : name.substr(kPrefix.size())) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n == 0 || n > controllers_.size()) return -1;
  size_t index = n - 1;
  return controllers_[index].name == name ? static_cast<int>(index) : -1;
}

void Fleet::SubmitTrust(size_t index, std::string token, bool force, bool all_ha) {
  Controller& c = controllers_[index];
  ++c.trust_pending;
  // A new attempt replaces a stale failure, so pollers see progress.
  c.registration = RegistrationState::kInProgress;
  c.registration_time_ms = c.DeviceNowMs();
  c.registration_fail_message.clear();
  pending_.push(PendingTrust{std::chrono::steady_clock::now() + trust_delay_, next_seq_++, index,
                             std::move(token), force, all_ha});
}

void Fleet::Reschedule(size_t index) {
  Controller& c = controllers_[index];
  ++c.sched_gen;
  int64_t due = NextDue(c);
  if (due == 0) return;
  schedule_.push(Due{due - c.clock_offset_s, c.sched_gen, static_cast<uint32_t>(index)});
}

void Fleet::AdoptTrust(size_t index) {
  Controller& c = controllers_[index];
  std::vector<UpstreamUdi> udis = {{c.pid, c.serial}};
  if (c.ha && c.standby_trust_installed) udis.push_back({c.pid, c.standby_serial});
  c.piid = upstream_->AdoptTrust(udis);
}

void Fleet::SyncNow(size_t index) {
  Controller& c = controllers_[index];
  c.next_push = c.DeviceNowS();
  Reschedule(index);
}

namespace {

void Fail(Controller& c, const std::string& reason) {
  c.registration = RegistrationState::kFailed;
  c.registration_time_ms = c.DeviceNowMs();
  c.registration_fail_message = reason;
}

}  // namespace

void Fleet::CompleteTrust(const PendingTrust& p, std::vector<UpstreamRequest>* outbox) {
  Controller& c = controllers_[p.index];
  auto fail_install = [&c](const std::string& reason) {
    if (c.trust_pending > 0) --c.trust_pending;
    Fail(c, reason);
    ++c.stats[0].fail;
    c.stats[0].last_response = "FAILED";
    c.stats[0].failure_reason = reason;
    c.AddEvent(
        "%SMART_LIC-3-TRUST_CODE_INSTALL_FAILED: The install of a new licensing "
        "trust code has failed on " +
        c.Udi() + ": " + reason + ".");
  };
  ++c.stats[0].total;
  c.stats[0].last_response_ms = c.DeviceNowMs();
  if (c.trust_installed && !p.force) return fail_install("trust code already installed");
  UpstreamRequest req;
  std::string why;
  if (!ResolveTarget(c, &req, &why)) return fail_install(why);
  req.type = UpstreamRequest::Type::kTrust;
  req.token = p.token;
  req.force = p.force;
  if (p.all_ha && c.ha) req.ha_peers.push_back({c.pid, c.standby_serial});
  req.device_time_ms = c.DeviceNowMs();
  std::string comm = PreflightFails(c, req);
  if (!comm.empty()) {
    if (c.trust_pending > 0) --c.trust_pending;
    Fail(c, comm);
    ++c.stats[0].fail;
    ++c.stats[0].ongoing;
    c.stats[0].last_response = "NO REPLY";
    c.stats[0].failure_reason = comm;
    return;
  }
  c.trust_all_ha = p.all_ha;
  HistoryEntry& h = c.History(HistoryKind::kTrust);
  h.request_ms = c.DeviceNowMs();
  h.response_ms = 0;
  h.request.clear();
  h.response.clear();
  outbox->push_back(std::move(req));
}

void Fleet::ApplyTrustResult(Controller& c, const UpstreamResult& r) {
  if (c.trust_pending > 0) --c.trust_pending;
  HistoryEntry& h = c.History(HistoryKind::kTrust);
  h.request = r.request_json.substr(0, kMaxHistoryChars);
  h.response = r.response_json.substr(0, kMaxHistoryChars);
  h.response_ms = r.reached ? c.DeviceNowMs() : 0;
  CommStats& s = c.stats[0];
  s.last_response_ms = c.DeviceNowMs();
  UpstreamRequest target;
  std::string why;
  UpstreamKind kind = ResolveTarget(c, &target, &why) ? target.kind : UpstreamKind::kCssm;
  if (!r.reached) {
    const std::string& reason = r.fail_message.empty() ? r.comm_error : r.fail_message;
    ++s.fail;
    ++s.ongoing;
    s.last_response = "NO REPLY";
    s.failure_reason = reason;
    LogCommFailed(c, kind, r.comm_error);
    Fail(c, reason);
    return;
  }
  if (s.ongoing > 0) {
    c.AddEvent("%SMART_LIC-5-COMM_RESTORED: Communications with " +
               std::string(UpstreamPeerName(kind)) + " restored");
  }
  s.ongoing = 0;
  if (r.status != "OK") {
    ++s.fail;
    s.last_response = "FAILED";
    s.failure_reason = r.failure_reason;
    Fail(c, r.failure_reason);
    c.AddEvent(
        "%SMART_LIC-3-TRUST_CODE_INSTALL_FAILED: The install of a new licensing "
        "trust code has failed on " +
        c.Udi() + ": " + r.failure_reason + ".");
    return;
  }
  ++s.success;
  s.last_response = "OK";
  s.failure_reason.clear();
  if (!r.piid.empty()) c.piid = r.piid;
  c.trust_installed = true;
  c.trust_time_ms = c.DeviceNowMs();
  if (c.ha && c.trust_all_ha) {
    c.standby_trust_installed = true;
    c.standby_trust_time_ms = c.trust_time_ms;
  }
  c.registration = RegistrationState::kNotRegistered;
  c.registration_time_ms = 0;
  c.registration_fail_message.clear();
  c.AddEvent(
      "%CRYPTO_ENGINE-5-KEY_DELETED: A key named SLA-KeyPair has been removed from "
      "key storage");
  c.AddEvent(
      "%CRYPTO_ENGINE-5-KEY_ADDITION: A key named SLA-KeyPair has been generated or "
      "imported by crypto-engine");
  c.AddEvent("%PKI-6-CONFIGAUTOSAVE: Running configuration saved to NVRAM");
  c.AddEvent(
      "%SMART_LIC-6-TRUST_INSTALL_SUCCESS: A new licensing trust code was "
      "successfully installed on " +
      c.Udi() + ".");
  if (c.ha && c.trust_all_ha) {
    c.AddEvent(
        "%SMART_LIC-6-TRUST_INSTALL_SUCCESS: A new licensing trust code was "
        "successfully installed on " +
        c.StandbyUdi() + ".");
  }
  // A freshly trusted controller reports soon (its first usage upload).
  if (c.usage_started) {
    int64_t soon = c.DeviceNowS() + kTrustReportDelay;
    if (c.next_push == 0 || c.next_push > soon) c.next_push = soon;
  }
}

void Fleet::Deliver(UpstreamResult result) {
  std::lock_guard<std::mutex> lock(inbox_mu_);
  inbox_.push_back(std::move(result));
}

void Fleet::SendAll(std::vector<UpstreamRequest> outbox) {
  for (UpstreamRequest& r : outbox) {
    upstream_->Send(std::move(r), [this](UpstreamResult res) { Deliver(std::move(res)); });
  }
}

void Fleet::Tick(std::chrono::steady_clock::time_point now) {
  std::vector<UpstreamRequest> outbox;
  std::vector<UpstreamResult> inbox;
  {
    std::lock_guard<std::mutex> lock(inbox_mu_);
    inbox.swap(inbox_);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (UpstreamResult& r : inbox) {
      if (r.index >= controllers_.size()) continue;
      Controller& c = controllers_[r.index];
      int64_t dev = c.DeviceNowS();
      switch (r.type) {
        case UpstreamRequest::Type::kTrust:
          ApplyTrustResult(c, r);
          break;
        case UpstreamRequest::Type::kUsage:
          ApplyUsageResult(c, r, dev);
          break;
        case UpstreamRequest::Type::kPoll:
          ApplyPollResult(c, r, dev);
          break;
      }
      Reschedule(r.index);
    }
    while (!pending_.empty() && pending_.top().due <= now) {
      PendingTrust p = pending_.top();
      pending_.pop();
      CompleteTrust(p, &outbox);
      Reschedule(p.index);
    }
    int64_t fleet_now = SimNowS();
    while (!schedule_.empty() && schedule_.top().fleet_time <= fleet_now) {
      Due d = schedule_.top();
      schedule_.pop();
      Controller& c = controllers_[d.index];
      if (d.gen != c.sched_gen) continue;  // superseded
      RunDue(c, fleet_now + c.clock_offset_s, &outbox);
      Reschedule(d.index);
    }
  }
  if (!outbox.empty()) SendAll(std::move(outbox));
}

}  // namespace wlc::sim
