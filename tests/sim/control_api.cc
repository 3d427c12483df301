#include "control_api.h"

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "util.h"

namespace wlcsim {
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
    fleet_->RegisterToken(token->get<std::string>(), valid, expired);
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
  if (m != "POST") return Fail(405, "use POST");
  int64_t now = NowUnix();
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
  if (action == "trust") {
    auto installed = body.find("installed");
    if (installed == body.end() || !installed->is_boolean())
      return Fail(400, "\"installed\" (boolean) is required");
    c.trust_installed = installed->get<bool>();
    c.trust_time_ms = c.trust_installed ? NowMillis() : 0;
    return Answer(200, {{"installed", c.trust_installed}});
  }
  if (action == "rum-reports") {
    auto closed = body.find("closed");
    if (closed == body.end() || !closed->is_number_unsigned() || closed->get<uint64_t>() > 1000)
      return Fail(400, "\"closed\" (0..1000) is required");
    uint64_t next_id = c.closed_reports.empty() ? static_cast<uint64_t>(now)
                                                : c.closed_reports.back().report_id + 1;
    for (uint64_t i = 0; i < closed->get<uint64_t>(); ++i) {
      c.closed_reports.push_back(RumReport{next_id++, now - 86400, now});
    }
    return Answer(200, {{"closed", c.closed_reports.size()}});
  }
  if (action == "ack") {
    uint64_t days = 90;
    auto d = body.find("deadline_days");
    if (d != body.end()) {
      if (!d->is_number_unsigned() || d->get<uint64_t>() > 3650)
        return Fail(400, "\"deadline_days\" must be 0..3650");
      days = d->get<uint64_t>();
    }
    c.ack_time = now;
    c.ack_deadline = now + static_cast<int64_t>(days) * 86400;
    c.closed_reports.clear();
    return Answer(200, c.LicensingState()["state-info"]["rum-ack"]);
  }
  return Fail(404, "no such action: " + action);
}

}  // namespace wlcsim
