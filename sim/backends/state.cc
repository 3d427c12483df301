#include "state.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace wlc::sim::backends {
namespace {

constexpr EpochMs kHourMs = 3600 * 1000;
constexpr EpochMs kDayMs = 24 * kHourMs;

EpochMs SystemNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const char* EndpointName(Endpoint e) {
  switch (e) {
    case Endpoint::kReceiver:
      return "receiver";
    case Endpoint::kCssmApi:
      return "cssm-api";
    case Endpoint::kCslu:
      return "cslu";
    case Endpoint::kOnPrem:
      return "onprem";
  }
  return "?";
}

const char* TokenStateName(TokenState s) {
  switch (s) {
    case TokenState::kValid:
      return "valid";
    case TokenState::kExpired:
      return "expired";
    case TokenState::kUsed:
      return "used";
    case TokenState::kRevoked:
      return "revoked";
  }
  return "?";
}

bool ParseUdi(const std::string& text, Udi* out) {
  std::string pid_tag = "P:", sn_tag = ",S:";
  if (text.rfind("PID:", 0) == 0) {
    pid_tag = "PID:";
    sn_tag = ",SN:";
  } else if (text.rfind("P:", 0) != 0) {
    return false;
  }
  size_t comma = text.find(sn_tag, pid_tag.size());
  if (comma == std::string::npos) return false;
  Udi udi;
  udi.pid = text.substr(pid_tag.size(), comma - pid_tag.size());
  udi.sn = text.substr(comma + sn_tag.size());
  if (udi.pid.empty() || udi.sn.empty() || udi.sn.find(',') != std::string::npos) return false;
  *out = udi;
  return true;
}

BackendState::BackendState() : clock_(SystemNow), rng_(std::random_device{}()) {}

void BackendState::SetClock(Clock clock) {
  std::lock_guard<std::mutex> lock(mu_);
  clock_ = clock ? std::move(clock) : Clock(SystemNow);
}

EpochMs BackendState::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return NowLocked();
}

EpochMs BackendState::NowLocked() const { return clock_(); }

// ---------------------------------------------------------------- accounts

void BackendState::AddAccount(const std::string& account,
                              const std::vector<std::string>& virtual_accounts) {
  std::lock_guard<std::mutex> lock(mu_);
  Account& a = accounts_[account];
  for (const auto& va : virtual_accounts) a.virtual_accounts.emplace(va, Policy{});
}

bool BackendState::HasAccount(const std::string& account) const {
  std::lock_guard<std::mutex> lock(mu_);
  return accounts_.count(account) > 0;
}

bool BackendState::HasVirtualAccount(const std::string& account, const std::string& va) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(account);
  return it != accounts_.end() && it->second.virtual_accounts.count(va) > 0;
}

void BackendState::SetPolicy(const std::string& account, const std::string& va,
                             const Policy& policy) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_[account].virtual_accounts[va] = policy;
}

Policy BackendState::GetPolicy(const std::string& account, const std::string& va) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(account);
  if (it == accounts_.end()) return Policy{};
  auto v = it->second.virtual_accounts.find(va);
  return v == it->second.virtual_accounts.end() ? Policy{} : v->second;
}

// ---------------------------------------------------------------- tokens

std::optional<IdToken> BackendState::CreateIdToken(const std::string& account,
                                                   const std::string& va, int expires_after_days,
                                                   const std::string& description,
                                                   bool export_controlled, int max_uses) {
  if (expires_after_days < 1 || expires_after_days > 365 || max_uses < 1) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(account);
  if (it == accounts_.end() || it->second.virtual_accounts.count(va) == 0) return std::nullopt;
  IdToken t;
  do {
    t.token = RandomAlnumLocked(88);
  } while (tokens_.count(t.token));
  t.account = account;
  t.virtual_account = va;
  t.description = description;
  t.export_controlled = export_controlled;
  t.created = NowLocked();
  t.expires = t.created + expires_after_days * kDayMs;
  t.max_uses = max_uses;
  tokens_[t.token] = t;
  return t;
}

bool BackendState::AddIdToken(const IdToken& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(token.account);
  if (it == accounts_.end() || it->second.virtual_accounts.count(token.virtual_account) == 0) {
    return false;
  }
  tokens_[token.token] = token;
  return true;
}

bool BackendState::RevokeIdToken(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return false;
  it->second.revoked = true;
  return true;
}

TokenState BackendState::TokenStateLocked(const IdToken& t) const {
  if (t.revoked) return TokenState::kRevoked;
  if (t.uses >= t.max_uses) return TokenState::kUsed;
  if (NowLocked() >= t.expires) return TokenState::kExpired;
  return TokenState::kValid;
}

std::optional<TokenState> BackendState::GetTokenState(const std::string& token) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return TokenStateLocked(it->second);
}

std::optional<IdToken> BackendState::GetIdToken(const std::string& token) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second;
}

TrustResult BackendState::RedeemIdToken(const std::string& token, const std::vector<Udi>& udis,
                                        bool force, EpochMs device_time,
                                        const std::string& required_account) {
  TrustResult r;
  std::lock_guard<std::mutex> lock(mu_);
  EpochMs now = NowLocked();
  if (udis.empty()) {
    r.failure_reason = "No UDI in the trust request";
    return r;
  }
  if (device_time != 0 && std::llabs(device_time - now) >= kHourMs) {
    r.failure_reason =
        "Timestamp mismatch: the product instance time is not in sync with CSSM (difference of one "
        "hour or more)";
    return r;
  }
  auto it = tokens_.find(token);
  if (it == tokens_.end()) {
    r.failure_reason = "Invalid ID token";
    return r;
  }
  IdToken& t = it->second;
  switch (TokenStateLocked(t)) {
    case TokenState::kRevoked:
      r.failure_reason = "The ID token has been revoked";
      return r;
    case TokenState::kUsed:
      r.failure_reason = "The ID token has exceeded its maximum number of uses";
      return r;
    case TokenState::kExpired:
      r.failure_reason = "The ID token has expired";
      return r;
    case TokenState::kValid:
      break;
  }
  if (!required_account.empty() && t.account != required_account) {
    r.failure_reason = "The ID token does not belong to account " + required_account;
    return r;
  }
  if (!force) {
    for (const Udi& u : udis) {
      auto pi = instances_.find(u.Key());
      if (pi != instances_.end() && pi->second.trust) {
        r.failure_reason = "A trust code is already installed for UDI " + u.Key() +
                           "; use force to request a new one";
        return r;
      }
    }
  }
  t.uses++;
  for (const Udi& u : udis) {
    ProductInstance& pi = instances_[u.Key()];
    if (pi.piid.empty()) {
      pi.udi = u;
      pi.piid = NewUuidLocked();
      pi.created = now;
      udi_by_piid_[pi.piid] = u.Key();
    }
    pi.account = t.account;
    pi.virtual_account = t.virtual_account;
    TrustCode code;
    code.trust_id = next_trust_id_++;
    code.installed = now;
    code.code = RandomAlnumLocked(64);
    pi.trust = code;
    r.instances.push_back(pi);
  }
  r.ok = true;
  return r;
}

// ---------------------------------------------------------------- instances

std::optional<ProductInstance> BackendState::GetProductInstance(const std::string& udi_key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = instances_.find(udi_key);
  if (it == instances_.end()) return std::nullopt;
  return it->second;
}

std::optional<ProductInstance> BackendState::GetProductInstanceByPiid(
    const std::string& piid) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto u = udi_by_piid_.find(piid);
  if (u == udi_by_piid_.end()) return std::nullopt;
  auto it = instances_.find(u->second);
  if (it == instances_.end()) return std::nullopt;
  return it->second;
}

ProductInstance BackendState::EnsureProductInstance(const Udi& udi, const std::string& account,
                                                    const std::string& va) {
  std::lock_guard<std::mutex> lock(mu_);
  ProductInstance& pi = instances_[udi.Key()];
  if (pi.piid.empty()) {
    pi.udi = udi;
    pi.piid = NewUuidLocked();
    udi_by_piid_[pi.piid] = udi.Key();
    pi.account = account;
    pi.virtual_account = va;
    pi.created = NowLocked();
  }
  return pi;
}

bool BackendState::RemoveProductInstance(const std::string& udi_key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = instances_.find(udi_key);
  if (it == instances_.end()) return false;
  udi_by_piid_.erase(it->second.piid);
  instances_.erase(it);
  return true;
}

std::vector<ProductInstance> BackendState::ProductInstances() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProductInstance> out;
  for (const auto& [key, pi] : instances_) out.push_back(pi);
  return out;
}

// ---------------------------------------------------------------- usage

UploadResult BackendState::StoreUpload(const std::string& account, const std::string& va,
                                       const std::vector<RumReport>& reports) {
  UploadResult r;
  if (reports.empty()) {
    r.failure_reason = "No RUM report in the upload";
    return r;
  }
  std::lock_guard<std::mutex> lock(mu_);
  EpochMs now = NowLocked();
  std::set<std::pair<std::string, int64_t>> keys;
  for (const RumReport& rep : reports) keys.emplace(rep.udi, rep.report_id);

  std::string upload_key = UploadKey(account, va, keys);
  auto existing = poll_by_upload_.find(upload_key);
  if (existing != poll_by_upload_.end()) {
    r.ok = true;
    r.poll = polls_.at(existing->second);
    r.reused_poll = true;
    return r;
  }

  Poll poll;
  poll.poll_id = std::to_string(next_poll_++);
  poll.account = account;
  poll.virtual_account = va;
  poll.created = now;
  poll.ready_at = now + ack_delay_.count();
  poll.reports = keys;

  // One ACK per UDI, in UDI order.
  std::map<std::string, Ack> by_udi;
  for (const RumReport& rep : reports) {
    auto key = std::make_pair(rep.udi, rep.report_id);
    auto stored = reports_.find(key);
    if (stored == reports_.end()) {
      RumReport copy = rep;
      copy.received = now;
      copy.ack_id.clear();
      stored = reports_.emplace(key, copy).first;
    }
    Ack& ack = by_udi[rep.udi];
    if (ack.ack_id.empty()) {
      ack.ack_id = "ACK-" + std::to_string(next_ack_++);
      ack.udi = rep.udi;
      auto pi = instances_.find(rep.udi);
      if (pi != instances_.end()) ack.piid = pi->second.piid;
      ack.account = account;
      ack.virtual_account = va;
      ack.timestamp = poll.ready_at;
      auto a = accounts_.find(account);
      if (a != accounts_.end()) {
        auto v = a->second.virtual_accounts.find(va);
        if (v != a->second.virtual_accounts.end()) ack.policy = v->second;
      }
    }
    if (stored->second.ack_id.empty()) {
      stored->second.ack_id = ack.ack_id;
      ack.acknowledged_report_ids.push_back(rep.report_id);
    } else if (stored->second.ack_id != ack.ack_id) {
      ack.duplicate_report_ids.push_back(rep.report_id);
    }
  }
  for (auto& [udi, ack] : by_udi) {
    for (auto* ids : {&ack.acknowledged_report_ids, &ack.duplicate_report_ids}) {
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    poll.ack_ids.push_back(ack.ack_id);
    acks_[ack.ack_id] = ack;
  }
  polls_[poll.poll_id] = poll;
  poll_by_upload_[upload_key] = poll.poll_id;
  r.ok = true;
  r.poll = poll;
  return r;
}

PollResult BackendState::GetPoll(const std::string& poll_id, const std::string& piid) const {
  PollResult r;
  std::lock_guard<std::mutex> lock(mu_);
  if (!piid.empty()) {
    const ProductInstance* owner = nullptr;
    auto u = udi_by_piid_.find(piid);
    if (u != udi_by_piid_.end()) {
      auto it = instances_.find(u->second);
      if (it != instances_.end()) owner = &it->second;
    }
    if (!owner) {
      r.status = PollStatus::kUnknownPiid;
      return r;
    }
    auto p = polls_.find(poll_id);
    if (p != polls_.end()) {
      bool owns = std::any_of(p->second.reports.begin(), p->second.reports.end(),
                              [&](const auto& k) { return k.first == owner->udi.Key(); });
      if (!owns) {
        r.status = PollStatus::kUnknownPiid;
        return r;
      }
    }
  }
  auto p = polls_.find(poll_id);
  if (p == polls_.end()) {
    r.status = PollStatus::kUnknownPoll;
    return r;
  }
  r.account = p->second.account;
  r.virtual_account = p->second.virtual_account;
  EpochMs now = NowLocked();
  if (now < p->second.ready_at) {
    r.status = PollStatus::kPending;
    r.retry_after_seconds = static_cast<int>((p->second.ready_at - now + 999) / 1000);
    return r;
  }
  r.status = PollStatus::kReady;
  for (const auto& id : p->second.ack_ids) {
    auto a = acks_.find(id);
    if (a != acks_.end()) r.acks.push_back(a->second);
  }
  return r;
}

std::optional<RumReport> BackendState::GetReport(const std::string& udi_key,
                                                 int64_t report_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = reports_.find({udi_key, report_id});
  if (it == reports_.end()) return std::nullopt;
  return it->second;
}

std::vector<RumReport> BackendState::Reports() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<RumReport> out;
  for (const auto& [key, rep] : reports_) out.push_back(rep);
  return out;
}

std::vector<Ack> BackendState::Acks() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Ack> out;
  for (const auto& [key, ack] : acks_) out.push_back(ack);
  return out;
}

std::optional<Ack> BackendState::GetAck(const std::string& ack_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = acks_.find(ack_id);
  if (it == acks_.end()) return std::nullopt;
  return it->second;
}

void BackendState::SetAckDelay(std::chrono::milliseconds delay) {
  std::lock_guard<std::mutex> lock(mu_);
  ack_delay_ = delay;
}

std::chrono::milliseconds BackendState::AckDelay() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ack_delay_;
}

// ---------------------------------------------------------------- OAuth2

void BackendState::AddApiClient(const std::string& client_id, const std::string& client_secret) {
  std::lock_guard<std::mutex> lock(mu_);
  client_secrets_[client_id] = client_secret;
}

std::optional<AccessToken> BackendState::IssueAccessToken(const std::string& client_id,
                                                          const std::string& client_secret) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = client_secrets_.find(client_id);
  if (it == client_secrets_.end() || it->second != client_secret) return std::nullopt;
  AccessToken t;
  t.token = RandomAlnumLocked(48);
  t.client_id = client_id;
  t.expires = NowLocked() + std::chrono::milliseconds(access_token_ttl_).count();
  access_tokens_[t.token] = t;
  return t;
}

bool BackendState::ValidateAccessToken(const std::string& bearer) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = access_tokens_.find(bearer);
  return it != access_tokens_.end() && NowLocked() < it->second.expires;
}

void BackendState::SetAccessTokenTtl(std::chrono::seconds ttl) {
  std::lock_guard<std::mutex> lock(mu_);
  access_token_ttl_ = ttl;
}

std::chrono::seconds BackendState::AccessTokenTtl() const {
  std::lock_guard<std::mutex> lock(mu_);
  return access_token_ttl_;
}

// ---------------------------------------------------------------- faults

void BackendState::SetFault(Endpoint endpoint, const Fault& fault) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    faults_[endpoint] = fault;
  }
  std::lock_guard<std::mutex> lock(observers_mu_);
  for (auto& [id, fn] : observers_) fn();
}

Fault BackendState::GetFault(Endpoint endpoint) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = faults_.find(endpoint);
  return it == faults_.end() ? Fault{} : it->second;
}

int BackendState::AddFaultObserver(std::function<void()> observer) {
  std::lock_guard<std::mutex> lock(observers_mu_);
  int id = next_observer_++;
  observers_[id] = std::move(observer);
  return id;
}

void BackendState::RemoveFaultObserver(int id) {
  std::lock_guard<std::mutex> lock(observers_mu_);
  observers_.erase(id);
}

void BackendState::SetServerVersion(const std::string& version) {
  std::lock_guard<std::mutex> lock(mu_);
  server_version_ = version;
}

std::string BackendState::ServerVersion() const {
  std::lock_guard<std::mutex> lock(mu_);
  return server_version_;
}

std::string BackendState::UploadKey(const std::string& account, const std::string& va,
                                    const std::set<std::pair<std::string, int64_t>>& reports) {
  std::string key = account + '\n' + va;
  for (const auto& [udi, id] : reports) key += '\n' + udi + '#' + std::to_string(id);
  return key;
}

// ---------------------------------------------------------------- random

std::string BackendState::NewUuid() {
  std::lock_guard<std::mutex> lock(mu_);
  return NewUuidLocked();
}

std::string BackendState::NewTokenValue() {
  std::lock_guard<std::mutex> lock(mu_);
  return RandomAlnumLocked(88);
}

std::string BackendState::NewUuidLocked() {
  uint64_t hi = rng_(), lo = rng_();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::string BackendState::RandomAlnumLocked(size_t n) {
  static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s(n, ' ');
  for (auto& c : s) c = kChars[rng_() % (sizeof(kChars) - 1)];
  return s;
}

}  // namespace wlc::sim::backends
