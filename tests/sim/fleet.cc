#include "fleet.h"

#include "util.h"

namespace wlcsim {

Fleet::Fleet(std::vector<Controller> controllers, uint32_t first_address,
             std::chrono::milliseconds trust_delay)
    : controllers_(std::move(controllers)),
      first_address_(first_address),
      trust_delay_(trust_delay) {}

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

void Fleet::SubmitTrust(size_t index, std::string token, bool force) {
  Controller& c = controllers_[index];
  ++c.trust_pending;
  int64_t now = NowUnix();
  // A new attempt replaces a stale failure, so pollers see progress.
  c.registration = RegistrationState::kInProgress;
  c.registration_time_ms = NowMillis();
  c.registration_fail_message.clear();
  pending_.push(PendingTrust{std::chrono::steady_clock::now() + trust_delay_, next_seq_++, index,
                             std::move(token), force});
}

void Fleet::RegisterToken(std::string token, bool valid, bool expired) {
  registered_tokens_[std::move(token)] =
      valid ? TokenKind::kValid : (expired ? TokenKind::kExpired : TokenKind::kUnknown);
}

std::string Fleet::CheckToken(const std::string& token) const {
  if (used_tokens_.count(token)) return "token already used";
  auto it = registered_tokens_.find(token);
  if (it != registered_tokens_.end()) {
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

void Fleet::CompleteTrust(const PendingTrust& p, int64_t now) {
  Controller& c = controllers_[p.index];
  if (c.trust_pending > 0) --c.trust_pending;
  std::string reason;
  if (c.trust_installed && !p.force) {
    reason = "trust code already installed";
  } else {
    reason = CheckToken(p.token);
  }
  if (!reason.empty()) {
    c.registration = RegistrationState::kFailed;
    c.registration_time_ms = NowMillis();
    c.registration_fail_message = reason;
    c.AddEvent(now,
               "%SMART_LIC-3-TRUST_CODE_INSTALL_FAILED: The install of a new licensing "
               "trust code has failed on " +
                   c.Udi() + ": " + reason + ".");
    return;
  }
  used_tokens_.insert(p.token);
  c.trust_installed = true;
  c.trust_time_ms = NowMillis();
  c.registration = RegistrationState::kNotRegistered;
  c.registration_time_ms = 0;
  c.registration_fail_message.clear();
  c.AddEvent(now,
             "%CRYPTO_ENGINE-5-KEY_DELETED: A key named SLA-KeyPair has been removed from "
             "key storage");
  c.AddEvent(now,
             "%CRYPTO_ENGINE-5-KEY_ADDITION: A key named SLA-KeyPair has been generated or "
             "imported by crypto-engine");
  c.AddEvent(now, "%PKI-6-CONFIGAUTOSAVE: Running configuration saved to NVRAM");
  c.AddEvent(now,
             "%SMART_LIC-6-TRUST_INSTALL_SUCCESS: A new licensing trust code was "
             "successfully installed on " +
                 c.Udi() + ".");
}

void Fleet::Tick(std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (pending_.empty() || pending_.top().due > now) return;
  int64_t wall = NowUnix();
  while (!pending_.empty() && pending_.top().due <= now) {
    PendingTrust p = pending_.top();
    pending_.pop();
    CompleteTrust(p, wall);
  }
}

}  // namespace wlcsim
