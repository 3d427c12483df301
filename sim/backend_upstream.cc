#include "backend_upstream.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include "backends/cisco_mocks.h"
#include "backends/envelope.h"
#include "backends/push_client.h"
#include "manifest.h"
#include "sim_clock.h"

namespace wlc::sim {

namespace bk = wlc::sim::backends;
using nlohmann::json;

namespace {

constexpr char kAccount[] = "wlcsim.example";
constexpr char kVa[] = "Wireless";
constexpr char kTenant[] = "wlcsim-1";
// The API client the service uses for relayed reporting and id-token minting (manifest
// "api_client"); the same pair is registered with CSSM and with On-Prem.
constexpr char kApiClientId[] = "wlcsim-api-client";
constexpr char kApiClientSecret[] = "wlcsim-api-secret-0001";

bk::Udi ToUdi(const UpstreamUdi& u) { return bk::Udi{u.pid, u.serial}; }

void CollectAcked(const json& data, std::vector<uint64_t>* out) {
  auto acks = data.find("acks");
  if (acks == data.end() || !acks->is_array()) return;
  for (const json& ack : *acks) {
    for (const char* key : {"acknowledged_report_ids", "duplicate_report_ids"}) {
      auto ids = ack.find(key);
      if (ids == ack.end() || !ids->is_array()) continue;
      for (const json& id : *ids)
        if (id.is_number_integer()) out->push_back(id.get<uint64_t>());
    }
  }
}

}  // namespace

struct BackendUpstream::Impl {
  bk::BackendState cssm;
  bk::BackendState onprem;
  bk::HostMap hosts;
  bk::PemPair ca;
  boost::asio::io_context ioc;
  std::unique_ptr<bk::CiscoMocks> mocks;
  std::unique_ptr<bk::PushClient> client;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::thread thread;
  std::string ca_file;

  ~Impl() {
    work.reset();
    ioc.stop();
    if (thread.joinable()) thread.join();
    client.reset();
    mocks.reset();
  }

  void AddToken(const std::string& token, bool valid, bool expired) {
    for (bk::BackendState* s : {&cssm, &onprem}) {
      bk::IdToken t;
      t.token = token;
      t.account = s == &cssm ? kAccount : kTenant;
      t.virtual_account = s == &cssm ? kVa : "Default";
      t.description = "wlcsim";
      t.created = SimNowMs() - 86400000LL * 40;
      t.expires = valid || !expired ? SimNowMs() + 365LL * 86400000 : SimNowMs() - 86400000;
      if (!valid && !expired) t.revoked = true;  // "unknown": fails like an invalid token
      s->AddIdToken(t);
    }
  }
};

BackendUpstream::BackendUpstream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BackendUpstream::~BackendUpstream() = default;

std::unique_ptr<BackendUpstream> BackendUpstream::Start(const std::string& ca_file,
                                                        std::string* error) {
  auto impl = std::make_unique<Impl>();
  impl->ca_file = ca_file;
  for (bk::BackendState* s : {&impl->cssm, &impl->onprem}) s->SetClock([] { return SimNowMs(); });
  impl->cssm.AddAccount(kAccount, {kVa, "Default"});
  impl->onprem.AddAccount(kTenant, {"Default"});
  impl->cssm.AddApiClient(kApiClientId, kApiClientSecret);
  impl->onprem.AddApiClient(kApiClientId, kApiClientSecret);
  if (!bk::GenerateCa("wlcsim backends CA", &impl->ca, error)) return nullptr;
  if (!WriteFileAtomically(ca_file, impl->ca.cert_pem, error)) return nullptr;
  bk::CiscoMocksOptions o;
  o.ca = impl->ca;
  o.cslu_account = kAccount;
  o.cslu_virtual_account = kVa;
  impl->mocks = bk::CiscoMocks::Start(impl->ioc, &impl->cssm, &impl->onprem, &impl->hosts, o, error);
  if (!impl->mocks) return nullptr;
  bk::PushClientOptions po;
  po.ca_pem = impl->ca.cert_pem;
  impl->client = bk::PushClient::Create(impl->ioc, &impl->hosts, po, error);
  if (!impl->client) return nullptr;
  impl->work.emplace(impl->ioc.get_executor());
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->ioc.run(); });
  return std::unique_ptr<BackendUpstream>(new BackendUpstream(std::move(impl)));
}

void BackendUpstream::Send(UpstreamRequest r, Deliver deliver) {
  Impl& s = *impl_;
  if (receiver_requires_client_cert_) {
    // The mocks do not do mutual TLS: the handshake outcome is decided here,
    // before anything is sent (a failed handshake carries no SLUP message).
    std::string why = ClientCertRejection(r);
    if (!why.empty()) {
      UpstreamResult res;
      res.type = r.type;
      res.index = r.index;
      res.report_ids = r.report_ids;
      res.reached = false;
      res.comm_error = kCommFailure;
      res.fail_message = std::move(why);
      return deliver(std::move(res));
    }
  }
  bk::Udi udi = ToUdi(r.udi);
  bk::SlupRequest req;
  switch (r.type) {
    case UpstreamRequest::Type::kTrust: {
      // Tokens named by convention are created on first use.
      if (!s.cssm.GetTokenState(r.token)) {
        if (r.token.rfind("wlcsim-valid-", 0) == 0) s.AddToken(r.token, true, false);
        if (r.token.rfind("wlcsim-expired-", 0) == 0) s.AddToken(r.token, false, true);
      }
      std::vector<bk::Udi> peers;
      for (const auto& p : r.ha_peers) peers.push_back(ToUdi(p));
      req = bk::MakeTrustRequest(udi, r.token, r.force, peers, r.device_time_ms);
      break;
    }
    case UpstreamRequest::Type::kUsage:
      req = bk::MakeUsageRequest(udi, r.piid, r.rum_reports, r.device_time_ms);
      break;
    case UpstreamRequest::Type::kPoll:
      req = bk::MakePollRequest(udi, r.piid, r.poll_id, r.device_time_ms);
      break;
  }
  bk::PushRequest p;
  p.url = r.url;
  p.body = bk::SerializeSlupRequest(req);
  UpstreamResult base;
  base.type = r.type;
  base.index = r.index;
  base.report_ids = r.report_ids;
  base.request_json = p.body;
  s.client->Push(std::move(p), [base, deliver](bk::PushResult pr) mutable {
    UpstreamResult res = std::move(base);
    if (!pr.http_ok()) {
      res.reached = false;
      res.comm_error = pr.SyslogReason();
      res.response_json = pr.body;
      return deliver(std::move(res));
    }
    bk::SlupResponse sr;
    std::string err;
    res.response_json = pr.body;
    if (!bk::ParseSlupResponse(pr.body, &sr, &err)) {
      res.reached = false;
      res.comm_error = kCommFailure;
      return deliver(std::move(res));
    }
    res.reached = true;
    res.status = sr.status_code;
    res.failure_reason = sr.failure_reason;
    res.retry_after_s = sr.retry_time_seconds;
    if (sr.data.is_object()) {
      res.poll_id = sr.data.value("poll_id", "");
      res.piid = sr.data.value("product_instance_identifier", "");
      if (res.status == "OK" && res.type == UpstreamRequest::Type::kPoll) {
        CollectAcked(sr.data, &res.acked_ids);
      }
    }
    deliver(std::move(res));
  });
}

void BackendUpstream::RegisterToken(const std::string& token, bool valid, bool expired) {
  impl_->AddToken(token, valid, expired);
}

bool BackendUpstream::SetFaults(const json& faults, std::string* error) {
  if (!faults.is_object()) {
    *error = "faults must be an object";
    return false;
  }
  Impl& s = *impl_;
  for (auto it = faults.begin(); it != faults.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "onprem_version" && v.is_string()) {
      s.onprem.SetServerVersion(v.get<std::string>());
      continue;
    }
    if (k == "receiver_requires_client_cert") {
      if (!v.is_boolean()) {
        *error = "receiver_requires_client_cert must be a boolean";
        return false;
      }
      receiver_requires_client_cert_ = v.get<bool>();
      continue;
    }
    bk::Endpoint e;
    bk::BackendState* state = &s.cssm;
    std::vector<std::string> hosts;
    if (k == "receiver" || k == "cssm") {
      e = bk::Endpoint::kReceiver;
      hosts = {bk::kSmartReceiverHost};
    } else if (k == "cssm_api") {
      e = bk::Endpoint::kCssmApi;
      hosts = {bk::kSwapiHost, bk::kCloudSsoHost};
    } else if (k == "cslu") {
      e = bk::Endpoint::kCslu;
      hosts = {bk::kCsluHost};
    } else if (k == "onprem") {
      e = bk::Endpoint::kOnPrem;
      state = &s.onprem;
      hosts = {bk::kOnPremHost};
    } else {
      *error = "unknown back end \"" + k +
               "\" (receiver, cssm_api, cslu, onprem, onprem_version, "
               "receiver_requires_client_cert)";
      return false;
    }
    std::string m = v.is_string() ? v.get<std::string>() : "";
    bk::Fault f;
    if (m == "up" || m == "dns") {
    } else if (m == "down") {
      f.down = bk::Fault::Down::kRefuse;
    } else if (m == "503") {
      f.down = bk::Fault::Down::k503;
    } else if (m == "empty") {
      f.empty_response = true;
    } else if (m == "malformed") {
      f.malformed = true;
    } else {
      *error = "bad fault for " + k + ": " + v.dump() + " (up, down, 503, empty, malformed, dns)";
      return false;
    }
    state->SetFault(e, f);
    for (const std::string& h : hosts) s.hosts.SetDnsFailure(h, m == "dns");
  }
  return true;
}

std::string BackendUpstream::AdoptTrust(const std::vector<UpstreamUdi>& udis) {
  Impl& s = *impl_;
  std::string token = "wlcsim-adopt-" + s.cssm.NewTokenValue();
  s.AddToken(token, true, false);
  std::vector<bk::Udi> list;
  for (const auto& u : udis) list.push_back(ToUdi(u));
  bk::TrustResult r = s.cssm.RedeemIdToken(token, list, /*force=*/true, SimNowMs());
  return r.ok && !r.instances.empty() ? r.instances[0].piid : "";
}

json BackendUpstream::Describe() {
  Impl& s = *impl_;
  json faults = json::object();
  auto name = [](const bk::Fault& f) {
    if (f.down == bk::Fault::Down::kRefuse) return "down";
    if (f.down == bk::Fault::Down::k503) return "503";
    if (f.empty_response) return "empty";
    if (f.malformed) return "malformed";
    return "up";
  };
  faults["receiver"] = name(s.cssm.GetFault(bk::Endpoint::kReceiver));
  faults["cssm_api"] = name(s.cssm.GetFault(bk::Endpoint::kCssmApi));
  faults["cslu"] = name(s.cssm.GetFault(bk::Endpoint::kCslu));
  faults["onprem"] = name(s.onprem.GetFault(bk::Endpoint::kOnPrem));
  faults["receiver_requires_client_cert"] = receiver_requires_client_cert_.load();
  json out = Manifest();
  out["kind"] = "backends";
  out["faults"] = faults;
  out["onprem_version"] = s.onprem.ServerVersion();
  out["reports_received"] = s.cssm.Reports().size() + s.onprem.Reports().size();
  out["acks"] = s.cssm.Acks().size() + s.onprem.Acks().size();
  return out;
}

json BackendUpstream::Manifest() const {
  const Impl& s = *impl_;
  auto& m = *s.mocks;
  auto ep = [](const std::string& a, uint16_t p) { return a + ":" + std::to_string(p); };
  return {{"ca_file", s.ca_file},
          {"account", kAccount},
          {"virtual_account", kVa},
          {"onprem_tenant", kTenant},
          {"api_client", {{"client_id", kApiClientId}, {"client_secret", kApiClientSecret}}},
          {"hosts",
           {{bk::kSmartReceiverHost, ep(m.receiver().address(), m.receiver().port())},
            {bk::kSwapiHost, ep(m.api().address(), m.api().port())},
            {bk::kCloudSsoHost, ep(m.api().address(), m.api().port())},
            {bk::kCsluHost, ep(m.cslu().address(), m.cslu().port())},
            {bk::kOnPremHost, m.onprem() ? ep(m.onprem()->address(), m.onprem()->port()) : ""}}},
          {"urls",
           {{"smart_receiver", bk::SmartReceiver::DefaultUrl()},
            {"smart_receiver_direct", "https://" + ep(m.receiver().address(), m.receiver().port()) +
                                          "/licservice/license"},
            {"cslu", bk::Cslu::DefaultUrl()},
            {"cslu_direct", "http://" + ep(m.cslu().address(), m.cslu().port()) + "/cslu/v1/pi"},
            {"onprem_cslu", m.onprem() ? m.onprem()->CsluUrl(kTenant) : ""},
            {"onprem_smart_transport", std::string("https://") + bk::kOnPremHost + "/SmartTransport"},
            {"cssm_api", "https://" + ep(m.api().address(), m.api().port())},
            {"onprem_api",
             m.onprem() ? "https://" + ep(m.onprem()->address(), m.onprem()->port()) : ""}}}};
}

}  // namespace wlc::sim
