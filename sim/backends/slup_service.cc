#include "slup_service.h"

#include <algorithm>
#include <cstdlib>

#include "envelope.h"
#include "rum.h"

namespace wlc::sim::backends {
namespace {

using nlohmann::json;

SlupResponse BaseResponse(const BackendState& state, const SlupServiceOptions& options,
                          const SlupRequest& req) {
  SlupResponse r;
  r.request_type = req.request_type;
  r.udi = req.udi;
  r.server_name = options.server_name;
  r.server_capabilities = ServerCapabilities();
  r.timestamp = state.Now();
  return r;
}

ServerResponse Reply(const SlupResponse& r) {
  return ServerResponse::JsonBody(200, SerializeSlupResponse(r));
}

ServerResponse Fail(SlupResponse r, const std::string& reason) {
  r.status_code = kStatusFailed;
  r.failure_reason = reason;
  r.retry_time_seconds = 0;
  r.data = json();
  return Reply(r);
}

std::string StringField(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

ServerResponse HandleTrust(BackendState* state, const SlupServiceOptions& options,
                           const SlupRequest& req, SlupResponse res) {
  std::string token = StringField(req.data, "id_token");
  if (token.empty()) return Fail(res, "Missing ID token");
  bool force = req.data.value("force", false);
  int64_t device_time = req.data.value("timestamp", int64_t{0});
  std::vector<Udi> udis = {req.udi};
  auto ha = req.data.find("ha_udi");
  if (ha != req.data.end() && ha->is_array()) {
    for (const json& e : *ha) {
      if (!e.is_object() || !e.contains("sudi") || !e["sudi"].is_object()) continue;
      Udi u{e["sudi"].value("udi_pid", ""), e["sudi"].value("udi_serial_number", "")};
      if (u.pid.empty() || u.sn.empty()) continue;
      if (std::none_of(udis.begin(), udis.end(), [&](const Udi& x) { return x.Key() == u.Key(); }))
        udis.push_back(u);
    }
  }
  TrustResult tr = state->RedeemIdToken(token, udis, force, device_time, options.required_account);
  if (!tr.ok) return Fail(res, tr.failure_reason);
  json codes = json::array();
  for (const ProductInstance& pi : tr.instances) {
    codes.push_back({{"sudi", {{"udi_pid", pi.udi.pid}, {"udi_serial_number", pi.udi.sn}}},
                     {"udi", pi.udi.Key()},
                     {"piid", pi.piid},
                     {"trust_id", pi.trust->trust_id},
                     {"trust_code", pi.trust->code},
                     {"installed", pi.trust->installed}});
  }
  res.status_code = kStatusOk;
  res.data = {{"product_instance_identifier", tr.instances.front().piid},
              {"smart_account", tr.instances.front().account},
              {"virtual_account", tr.instances.front().virtual_account},
              {"trust_codes", codes}};
  return Reply(res);
}

ServerResponse HandleUsage(BackendState* state, const SlupServiceOptions& options,
                           const SlupRequest& req, SlupResponse res) {
  std::string piid = StringField(req.data, "product_instance_identifier");
  if (piid.empty()) piid = req.header_piid;
  auto it = req.data.find("rum_reports");
  if (it == req.data.end() || !it->is_array() || it->empty())
    return Fail(res, "No RUM report in the usage request");
  std::vector<RumReport> reports;
  for (const json& r : *it) {
    RumReport rep;
    std::string error;
    if (!ParseRumReport(r, &rep, &error)) return Fail(res, error);
    reports.push_back(rep);
  }
  std::string account, va;
  auto pi = state->GetProductInstance(req.udi.Key());
  if (options.require_trust) {
    if (!pi || !pi->trust || piid.empty() || pi->piid != piid) {
      return Fail(res,
                  "Invalid ProductInstanceIdentifier: " + piid + " provided in the usage request");
    }
    account = pi->account;
    va = pi->virtual_account;
  } else {
    ProductInstance p =
        pi ? *pi
           : state->EnsureProductInstance(req.udi, options.default_account, options.default_va);
    if (!options.required_account.empty() && p.account != options.required_account) {
      return Fail(res, "Product instance " + req.udi.Key() + " does not belong to account " +
                           options.required_account);
    }
    piid = p.piid;
    account = p.account;
    va = p.virtual_account;
  }
  // HA peers and other UDIs named in the reports are known to CSSM from now on.
  for (const RumReport& rep : reports) {
    Udi u;
    if (rep.udi != req.udi.Key() && ParseUdi(rep.udi, &u))
      state->EnsureProductInstance(u, account, va);
  }
  UploadResult up = state->StoreUpload(account, va, reports);
  if (!up.ok) return Fail(res, up.failure_reason);
  int64_t delay_ms = up.poll.ready_at - state->Now();
  res.status_code = kStatusOkPoll;
  res.retry_time_seconds = static_cast<int>(std::max<int64_t>(0, (delay_ms + 999) / 1000));
  res.data = {{"poll_id", up.poll.poll_id}, {"product_instance_identifier", piid}};
  return Reply(res);
}

ServerResponse HandlePoll(BackendState* state, const SlupRequest& req, SlupResponse res) {
  std::string piid = StringField(req.data, "original_piid");
  if (piid.empty()) piid = StringField(req.data, "product_instance_identifier");
  if (piid.empty()) piid = req.header_piid;
  std::string poll_id = StringField(req.data, "poll_id");
  if (piid.empty()) {
    return Fail(res,
                "Invalid ProductInstanceIdentifier:  provided in the polling request " + poll_id);
  }
  PollResult pr = state->GetPoll(poll_id, piid);
  switch (pr.status) {
    case PollStatus::kUnknownPiid:
      return Fail(res, "Invalid ProductInstanceIdentifier: " + piid +
                           " provided in the polling request " + poll_id);
    case PollStatus::kUnknownPoll:
      return Fail(res, "Unknown poll id " + poll_id);
    case PollStatus::kPending:
      res.status_code = kStatusOkTryAgain;
      res.retry_time_seconds = pr.retry_after_seconds;
      res.data = {{"poll_id", poll_id}};
      return Reply(res);
    case PollStatus::kReady:
      break;
  }
  json acks = json::array();
  for (const Ack& a : pr.acks) acks.push_back(AckToJson(a));
  res.status_code = kStatusOk;
  res.data = {{"poll_id", poll_id}, {"acks", acks}};
  return Reply(res);
}

ServerResponse HandleSlupRequestOrThrow(BackendState* state, const SlupServiceOptions& options,
                                        const std::string& body);

}  // namespace

long OnPremVersionNumber(const std::string& version) {
  // "<major>-<yyyymm>[...]"
  size_t dash = version.find('-');
  if (dash == std::string::npos || dash == 0) return 0;
  char* end = nullptr;
  long major = std::strtol(version.c_str(), &end, 10);
  if (end != version.c_str() + dash) return 0;
  long date = std::strtol(version.c_str() + dash + 1, &end, 10);
  if (end == version.c_str() + dash + 1) return 0;
  return major * 1000000 + date;
}

bool OnPremSupportsReporting(const std::string& version) {
  return OnPremVersionNumber(version) >= OnPremVersionNumber("8-202102");
}

ServerResponse HandleSlupRequest(BackendState* state, const SlupServiceOptions& options,
                                 const std::string& body) {
  try {
    return HandleSlupRequestOrThrow(state, options, body);
  } catch (const std::exception& e) {
    return ServerResponse::Text(400, std::string("malformed SLUP request: ") + e.what());
  }
}

namespace {
ServerResponse HandleSlupRequestOrThrow(BackendState* state, const SlupServiceOptions& options,
                                        const std::string& body) {
  SlupRequest req;
  std::string error;
  if (!ParseSlupRequest(body, &req, &error)) return ServerResponse::Text(400, error);
  SlupResponse res = BaseResponse(*state, options, req);
  if (!options.reporting_supported) {
    res.server_capabilities = {"DLC", "AppHA", "EXPORT_2", "UTILITY"};
    return Fail(res, std::string(kReportingNotSupported) +
                         ": Smart Agent for Licensing CSSM OnPrem is down rev and does not "
                         "support the enhanced policy and usage reporting mode.");
  }
  if (req.request_type == kIdTokenTrust) return HandleTrust(state, options, req, res);
  if (req.request_type == kLicenseUsage) return HandleUsage(state, options, req, res);
  if (req.request_type == kPollReq) return HandlePoll(state, req, res);
  return Fail(res, "Unsupported request_type " + req.request_type);
}
}  // namespace

}  // namespace wlc::sim::backends
