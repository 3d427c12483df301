#include "upstream.h"

#include <cstdlib>

#include "sim_clock.h"

namespace wlc::sim {

using nlohmann::json;

const char* UpstreamKindName(UpstreamKind k) {
  switch (k) {
    case UpstreamKind::kCssm:
      return "cssm";
    case UpstreamKind::kCslu:
      return "cslu";
    case UpstreamKind::kOnPrem:
      return "onprem";
  }
  return "?";
}

const char* UpstreamPeerName(UpstreamKind k) {
  return k == UpstreamKind::kCssm ? "Cisco Smart Software Manager (CSSM)"
                                  : "Cisco Smart License Utility (CSLU)";
}

bool GoesToSmartReceiver(const UpstreamRequest& r) {
  return r.kind == UpstreamKind::kCssm ||
         (r.kind == UpstreamKind::kOnPrem && r.url.find("/SmartTransport") != std::string::npos);
}

std::string ClientCertRejection(const UpstreamRequest& r) {
  if (!GoesToSmartReceiver(r)) return "";
  // The 9800-CL (a VM) has no SUDI chip: its only device identity is the
  // self-signed HTTPS trustpoint. The appliances present their SUDI.
  bool cl = r.udi.pid.rfind("C9800-CL", 0) == 0;
  const std::string& tp = r.client_trustpoint;
  if (tp.empty()) {
    return "SSL handshake failed: the server requires a client certificate and no ip http "
           "client secure-trustpoint is configured";
  }
  bool fits = cl ? tp.rfind("TP-self-signed-", 0) == 0 : tp == "CISCO_IDEVID_SUDI";
  if (fits) return "";
  return "SSL handshake failed: the server rejected the client certificate of trustpoint " + tp +
         " (a " + r.udi.pid + " presents " + (cl ? "TP-self-signed-<n>" : "CISCO_IDEVID_SUDI") +
         ")";
}

namespace {

const char* TypeName(UpstreamRequest::Type t) {
  switch (t) {
    case UpstreamRequest::Type::kTrust:
      return "ID_TOKEN_TRUST";
    case UpstreamRequest::Type::kUsage:
      return "LICENSE_USAGE";
    case UpstreamRequest::Type::kPoll:
      return "POLL_REQ";
  }
  return "?";
}

// The SLUP envelope (slup-reference §3.5), nested JSON strings included.
std::string Envelope(const UpstreamRequest& r) {
  json sudi = {{"udi_pid", r.udi.pid}, {"udi_serial_number", r.udi.serial}};
  json data = {{"sudi", sudi}, {"timestamp", r.device_time_ms}};
  if (r.type == UpstreamRequest::Type::kTrust) {
    data["id_token"] = r.token;
    data["force"] = r.force;
    json peers = json::array();
    for (const auto& p : r.ha_peers)
      peers.push_back({{"udi_pid", p.pid}, {"udi_serial_number", p.serial}});
    data["ha_udi"] = peers;
  } else if (r.type == UpstreamRequest::Type::kUsage) {
    data["rum_reports"] = r.rum_reports;
  } else {
    data["original_request_type"] = "LICENSE_USAGE";
    data["poll_id"] = r.poll_id;
    data["original_piid"] = r.piid;
  }
  json header = {{"request_type", TypeName(r.type)},
                 {"sudi", sudi},
                 {"version", "1.3"},
                 {"locale", "en_US.UTF-8"},
                 {"signing_cert_serial_number", "3"},
                 {"id_cert_serial_number", "59152896"},
                 {"product_instance_identifier", r.piid},
                 {"connect_info",
                  {{"name", "C_agent"},
                   {"version", "5.11.10_rel/42"},
                   {"production", true},
                   {"additional_info", ""},
                   {"capabilities",
                    {"UTILITY", "DLC", "AppHA", "MULTITIER", "EXPORT_2", "OK_TRY_AGAIN",
                     "POLICY_USAGE"}}}}};
  json inner = {{"header", header}, {"request_data", data.dump()}};
  return json{{"request", inner.dump()},
              {"signature", {{"type", "SHA256"}, {"key", "59152896"}, {"value", "c2lt"}}}}
      .dump();
}

std::string Response(const UpstreamRequest& r, const UpstreamResult& res) {
  json header = {{"version", "1.3"},
                 {"locale", "en_US.UTF-8"},
                 {"timestamp", SimNowMs()},
                 {"nonce", nullptr},
                 {"request_type", TypeName(r.type)},
                 {"sudi", {{"udi_pid", r.udi.pid}, {"udi_serial_number", r.udi.serial}}},
                 {"connect_info", {{"name", "SSM"}, {"version", "1.3"}}}};
  json data = json::object();
  if (!res.poll_id.empty()) data["poll_id"] = res.poll_id;
  if (!res.acked_ids.empty()) data["acked_report_ids"] = res.acked_ids;
  json inner = {{"header", header},
                {"status_code", res.status},
                {"failure_reason", res.failure_reason},
                {"retry_time_seconds", res.retry_after_s},
                {"response_data", data.empty() ? std::string() : data.dump()}};
  return json{{"signature", {{"type", "SHA256"}, {"value", "c2lt"}}},
              {"response", inner.dump()},
              {"sch_response", nullptr}}
      .dump();
}

}  // namespace

std::string LocalUpstream::CheckToken(const std::string& token) {
  if (used_.count(token)) return "token already used";
  auto it = tokens_.find(token);
  if (it != tokens_.end()) {
    switch (it->second) {
      case TokenKind::kValid:
        return "";
      case TokenKind::kExpired:
        return "token expired";
      case TokenKind::kUnknown:
        return "unknown token";
    }
  }
  if (token.rfind("wlcsim-valid-", 0) == 0) return "";
  if (token.rfind("wlcsim-expired-", 0) == 0) return "token expired";
  return "unknown token";
}

void LocalUpstream::Send(UpstreamRequest r, Deliver deliver) {
  UpstreamResult res;
  res.type = r.type;
  res.index = r.index;
  res.report_ids = r.report_ids;
  res.request_json = Envelope(r);
  {
    std::lock_guard<std::mutex> lock(mu_);
    Down d = down_[static_cast<int>(r.kind)];
    std::string cert_why = receiver_requires_client_cert_ ? ClientCertRejection(r) : std::string();
    if (d != Down::kUp) {
      res.reached = false;
      res.comm_error = d == Down::kDns ? kDnsFailure : kCommFailure;
    } else if (!cert_why.empty()) {
      res.reached = false;
      res.comm_error = kCommFailure;
      res.fail_message = std::move(cert_why);
    } else {
      res.reached = true;
      int64_t skew = r.device_time_ms - SimNowMs();
      switch (r.type) {
        case UpstreamRequest::Type::kTrust: {
          std::string why;
          if (std::llabs(skew) >= kMaxClockSkewMs) {
            why = "clock skew";
          } else {
            why = CheckToken(r.token);
          }
          if (why.empty()) {
            used_.insert(r.token);
            res.status = "OK";
            res.piid = "piid-" + r.udi.serial;
          } else {
            res.status = "FAILED";
            res.failure_reason = why;
          }
          break;
        }
        case UpstreamRequest::Type::kUsage:
          res.status = "OK_POLL";
          res.poll_id = std::to_string(next_poll_++);
          res.retry_after_s = 2;
          break;
        case UpstreamRequest::Type::kPoll:
          res.status = "OK";
          break;
      }
    }
  }
  if (res.reached) res.response_json = Response(r, res);
  deliver(std::move(res));
}

void LocalUpstream::RegisterToken(const std::string& token, bool valid, bool expired) {
  std::lock_guard<std::mutex> lock(mu_);
  tokens_[token] = valid ? TokenKind::kValid : (expired ? TokenKind::kExpired : TokenKind::kUnknown);
}

bool LocalUpstream::SetFaults(const json& faults, std::string* error) {
  if (!faults.is_object()) {
    *error = "faults must be an object";
    return false;
  }
  Down next[3];
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int i = 0; i < 3; ++i) next[i] = down_[i];
  }
  bool client_cert = receiver_requires_client_cert_;
  for (auto it = faults.begin(); it != faults.end(); ++it) {
    if (it.key() == "receiver_requires_client_cert") {
      if (!it.value().is_boolean()) {
        *error = "receiver_requires_client_cert must be a boolean";
        return false;
      }
      client_cert = it.value().get<bool>();
      continue;
    }
    int k = it.key() == "cssm" ? 0 : it.key() == "cslu" ? 1 : it.key() == "onprem" ? 2 : -1;
    std::string v = it.value().is_string() ? it.value().get<std::string>() : "";
    if (k < 0 || (v != "up" && v != "down" && v != "dns")) {
      *error = "bad upstream fault \"" + it.key() + "\": " + it.value().dump() +
               " (expected cssm|cslu|onprem: \"up\"|\"down\"|\"dns\", or "
               "receiver_requires_client_cert: bool)";
      return false;
    }
    next[k] = v == "up" ? Down::kUp : v == "down" ? Down::kDown : Down::kDns;
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < 3; ++i) down_[i] = next[i];
  receiver_requires_client_cert_ = client_cert;
  return true;
}

json LocalUpstream::Describe() {
  std::lock_guard<std::mutex> lock(mu_);
  json faults = json::object();
  const char* names[] = {"cssm", "cslu", "onprem"};
  for (int i = 0; i < 3; ++i) {
    faults[names[i]] = down_[i] == Down::kUp ? "up" : down_[i] == Down::kDown ? "down" : "dns";
  }
  faults["receiver_requires_client_cert"] = receiver_requires_client_cert_.load();
  return {{"kind", "local"}, {"faults", faults}};
}

}  // namespace wlc::sim
