#include "control_api.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "licensing.h"
#include "sim_clock.h"
#include "syslog.h"
#include "util.h"

namespace wlc::sim {
namespace {

using nlohmann::json;

HttpResponse Answer(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump();
  return r;
}

HttpResponse Fail(int status, const std::string& message) {
  return Answer(status, {{"error", message}});
}

}  // namespace

HttpResponse ControlApi::Handle(const HttpRequest& req) {
  try {
    return HandleOrThrow(req);
  } catch (const nlohmann::json::exception& e) {
    // Type mismatches in a request body (e.g. "valid": "yes").
    return Fail(400, e.what());
  }
}

HttpResponse ControlApi::HandleOrThrow(const HttpRequest& req) {
  std::string path = req.target.substr(0, req.target.find('?'));
  const std::string& m = req.method;
  json body = json::object();
  if (m == "POST" && !req.body.empty()) {
    body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) return Fail(400, "body must be a JSON object");
  }

  if (path == "/clock") {
    // Outside the fleet lock: the clock has its own.
    SimClock& clock = SimClock::Get();
    if (m == "POST") {
      auto adv = body.find("advance_seconds");
      if (adv != body.end()) {
        if (!adv->is_number_unsigned() || adv->get<uint64_t>() > 100ULL * 365 * 86400)
          return Fail(400, "\"advance_seconds\" must be 0..3153600000");
        clock.Advance(adv->get<int64_t>());
      }
      auto speed = body.find("speed");
      if (speed != body.end()) {
        if (!speed->is_number() || speed->get<double>() <= 0 || speed->get<double>() > 1e7)
          return Fail(400, "\"speed\" must be a number in (0, 1e7]");
        clock.SetSpeed(speed->get<double>());
      }
    } else if (m != "GET") {
      return Fail(405, "use GET or POST");
    }
    int64_t now = clock.NowMs();
    return Answer(200,
                  {{"now", FormatDateTimeMillis(now)}, {"unix_ms", now}, {"speed", clock.speed()}});
  }
  if (path == "/upstream" || path == "/upstream/faults") {
    Upstream* u = fleet_->upstream();
    if (m == "POST" && path == "/upstream/faults") {
      std::string error;
      if (!u->SetFaults(body, &error)) return Fail(400, error);
    } else if (m != "GET") {
      return Fail(405, "use GET (or POST /upstream/faults)");
    }
    return Answer(200, u->Describe());
  }
  if (path == "/syslog") {
    if (m == "POST") {
      auto target = body.find("target");
      if (target == body.end() || !target->is_string())
        return Fail(400, "\"target\" (udp://host:port, tcp://host:port or \"\") is required");
      std::string error;
      if (!SyslogForwarder::Get().SetFleetTarget(target->get<std::string>(), &error))
        return Fail(400, error);
    } else if (m != "GET") {
      return Fail(405, "use GET or POST");
    }
    return Answer(200, SyslogForwarder::Get().Describe());
  }

  std::lock_guard<std::mutex> lock(fleet_->mu());
  if (path == "/healthz") return Answer(200, {{"ok", true}});
  if (path == "/controllers") {
    if (m != "GET") return Fail(405, "use GET");
    json list = json::array();
    for (size_t i = 0; i < fleet_->size(); ++i) {
      const Controller& c = fleet_->at(i);
      list.push_back(
          {{"name", c.name}, {"address", FormatIpv4(c.address)}, {"version", c.version_text}});
    }
    return Answer(200, list);
  }
  if (path == "/tokens") {
    if (m != "POST") return Fail(405, "use POST");
    auto token = body.find("token");
    if (token == body.end() || !token->is_string() || token->get<std::string>().empty())
      return Fail(400, "\"token\" (non-empty string) is required");
    bool valid = body.value("valid", true);
    bool expired = body.value("expired", false);
    fleet_->upstream()->RegisterToken(token->get<std::string>(), valid, expired);
    return Answer(200, {{"token", *token}, {"valid", valid}, {"expired", expired}});
  }

  constexpr std::string_view kPrefix = "/controllers/";
  if (path.rfind(kPrefix, 0) != 0) return Fail(404, "no such resource: " + path);
  std::string rest = path.substr(kPrefix.size());
  std::string name = rest.substr(0, rest.find('/'));
  std::string action = rest.size() > name.size() ? rest.substr(name.size() + 1) : "";
  int index = fleet_->IndexForName(name);
  if (index < 0) return Fail(404, "no such controller: " + name);
  Controller& c = fleet_->at(static_cast<size_t>(index));

  if (action.empty()) {
    if (m != "GET") return Fail(405, "use GET");
    return Answer(200, c.DebugState());
  }
  if (m == "GET" && action == "events") {
    json list = json::array();
    for (const Event& e : c.events)
      list.push_back({{"time", FormatDateTimeMillis(e.time_ms)}, {"message", e.message}});
    return Answer(200, list);
  }
  if (m == "GET" && action == "history") return Answer(200, c.HistoryJson());
  if (action == "requests" && (m == "GET" || m == "POST")) {
    if (m == "POST") {  // reset (open connections stay counted)
      c.requests = RequestStats{};
      c.realism_counters.ResetKeepingOpen();
    }
    json counted = {{"total", c.requests.total},
                    {"gets", c.requests.gets},
                    {"in_flight", c.requests.InFlight(SteadyNowMs())},
                    {"max_in_flight", c.requests.max_in_flight}};
    c.realism_counters.AddTo(&counted);
    return Answer(200, counted);
  }
  if (action == "realism" && m == "GET") return Answer(200, RealismJson(c.realism));
  if (m == "GET" && action == "usage") return Answer(200, c.UsageJson());
  if (m == "GET" && action.rfind("files/", 0) == 0) {
    const std::string* f = c.File(action.substr(6));
    if (f == nullptr) return Fail(404, "no such file: " + action.substr(6));
    HttpResponse r;
    r.content_type = "text/plain";
    r.body = *f;
    return r;
  }
  if (m != "POST") return Fail(405, "use POST");
  int64_t now = c.DeviceNowS();
  size_t i = static_cast<size_t>(index);
  if (action == "aps") {
    auto joined = body.find("joined");
    if (joined == body.end() || !joined->is_number_unsigned() || joined->get<uint64_t>() > 1000000)
      return Fail(400, "\"joined\" (0..1000000) is required");
    c.joined_aps = joined->get<uint32_t>();
    return Answer(200, {{"joined", c.joined_aps}});
  }
  if (action == "faults") {
    Faults faults;
    std::string error;
    if (!ParseFaults(body, &faults, &error)) return Fail(400, error);
    c.faults = faults;
    return Answer(200, c.DebugState()["faults"]);
  }
  if (action == "realism") {
    // Same keys as the fleet file; "profile" first, the others override it.
    if (!body.is_object()) return Fail(400, "expected a JSON object");
    Realism r = c.realism;
    std::string error;
    bool consumed = false;
    if (body.contains("profile") &&
        !ApplyRealismKey("profile", body["profile"], &r, &consumed, &error)) {
      return Fail(400, error);
    }
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it.key() == "profile") continue;
      if (!ApplyRealismKey(it.key(), it.value(), &r, &consumed, &error)) return Fail(400, error);
      if (!consumed) return Fail(400, "unknown key \"" + it.key() + "\"");
    }
    c.realism = r;
    c.realism_state.rng = 0;  // reseed from r.seed on the next request
    return Answer(200, RealismJson(c.realism));
  }
  if (action == "lock") {
    // An injected datastore lock, as if another session held it.
    auto seconds = body.find("seconds");
    if (seconds == body.end() || !seconds->is_number() || !(seconds->get<double>() >= 0) ||
        seconds->get<double>() > 86400)
      return Fail(400, "\"seconds\" (0..86400) is required");
    uint64_t session = body.value("session", uint64_t{kInjectedLockSession});
    int64_t now_ms = SteadyNowMs();
    c.realism_state.lock_session = session;
    c.realism_state.lock_until_ms = now_ms + static_cast<int64_t>(seconds->get<double>() * 1000);
    return Answer(200, {{"session", session}, {"seconds", seconds->get<double>()}});
  }
  if (action == "trust") {
    auto installed = body.find("installed");
    if (installed == body.end() || !installed->is_boolean())
      return Fail(400, "\"installed\" (boolean) is required");
    c.trust_installed = installed->get<bool>();
    c.trust_time_ms = c.trust_installed ? c.DeviceNowMs() : 0;
    if (c.ha) {
      c.standby_trust_installed = body.value("standby", c.trust_installed);
      c.standby_trust_time_ms = c.standby_trust_installed ? c.DeviceNowMs() : 0;
    }
    if (c.trust_installed) fleet_->AdoptTrust(i);
    return Answer(200, {{"installed", c.trust_installed}});
  }
  if (action == "rum-reports") {
    auto closed = body.find("closed");
    if (closed == body.end() || !closed->is_number_unsigned() || closed->get<uint64_t>() > 1000)
      return Fail(400, "\"closed\" (0..1000) is required");
    for (uint64_t k = 0; k < closed->get<uint64_t>(); ++k) {
      RumReport r;
      r.report_id = c.last_report_id =
          std::max<uint64_t>(static_cast<uint64_t>(now), c.last_report_id + 1);
      r.start_time = now - 86400;
      r.end_time = now;
      r.count = c.joined_aps;
      r.prev_count = c.joined_aps;
      r.entitlement = static_cast<Entitlement>(k % kEntitlements);
      r.state = RumState::kClosed;
      r.close_reason = 1;
      c.reports.push_back(r);
    }
    size_t n = 0;
    for (const RumReport& r : c.reports)
      n += r.state != RumState::kOpen && r.state != RumState::kAcknowledged;
    return Answer(200, {{"closed", n}});
  }
  if (action == "ack") {
    uint64_t days = 90;
    auto d = body.find("deadline_days");
    if (d != body.end()) {
      if (!d->is_number_unsigned() || d->get<uint64_t>() > 3650)
        return Fail(400, "\"deadline_days\" must be 0..3650");
      days = d->get<uint64_t>();
    }
    for (RumReport& r : c.reports)
      if (r.state != RumState::kOpen) r.state = RumState::kAcknowledged;
    InstallAck(c, {}, now);
    c.ack_deadline = now + static_cast<int64_t>(days) * 86400;
    c.next_reminder = c.ack_deadline - 30 * kDay;
    fleet_->Reschedule(i);
    return Answer(200, c.LicensingState()["state-info"]["rum-ack"]);
  }
  if (action == "clock") {
    auto off = body.find("offset_seconds");
    if (off == body.end() || !off->is_number_integer() ||
        off->get<int64_t>() < -10LL * 365 * 86400 || off->get<int64_t>() > 10LL * 365 * 86400)
      return Fail(400, "\"offset_seconds\" (integer, |x| <= 10 years) is required");
    c.clock_offset_s = off->get<int64_t>();
    fleet_->Reschedule(i);
    return Answer(200, {{"offset_seconds", c.clock_offset_s},
                        {"device_time", FormatDateTimeMillis(c.DeviceNowMs())}});
  }
  if (action == "sync") {
    fleet_->SyncNow(i);
    return Answer(200, {{"next_report_push", FormatDateTime(c.next_push)}});
  }
  if (action == "factory-reset") {
    FactoryReset(c, now);
    fleet_->Reschedule(i);
    return Answer(
        200, {{"result", "%Warning: reload required after \"license smart factory reset\" command"},
              {"rum_blocked_until", FormatDateTime(c.rum_blocked_until)}});
  }
  if (action == "reload") {
    Reload(c, now);
    fleet_->Reschedule(i);
    return Answer(200, {{"reload_required", c.reload_required}});
  }
  if (action == "syslog") {
    auto target = body.find("target");
    if (target == body.end() || !target->is_string())
      return Fail(400, "\"target\" (udp://host:port, tcp://host:port or \"\") is required");
    std::string error;
    if (!SyslogForwarder::Get().SetControllerTarget(c.index, target->get<std::string>(), &error))
      return Fail(400, error);
    return Answer(200, {{"target", *target}});
  }
  if (action == "files") {
    auto p = body.find("path");
    auto content = body.find("content");
    if (p == body.end() || !p->is_string() || content == body.end() || !content->is_string())
      return Fail(400, "\"path\" and \"content\" (strings) are required");
    c.PutFile(p->get<std::string>(), content->get<std::string>());
    return Answer(200, {{"path", *p}, {"size", content->get_ref<const std::string&>().size()}});
  }
  return Fail(404, "no such action: " + action);
}

}  // namespace wlc::sim
