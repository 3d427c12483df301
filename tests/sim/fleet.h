// The whole simulated fleet: controllers indexed 0..N-1 (controller i listens
// on first_address + i), the fleet-wide ID-token registry and the queue of
// asynchronous trust installs.
//
// Thread-safety: every method except Tick() requires mu() to be held by the
// caller; Tick() takes it itself. One mutex for the fleet keeps things simple:
// requests are short and the default is a single io thread anyway.
#ifndef WLC_TESTS_SIM_FLEET_H_
#define WLC_TESTS_SIM_FLEET_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "controller.h"

namespace wlcsim {

class Fleet {
 public:
  Fleet(std::vector<Controller> controllers, uint32_t first_address,
        std::chrono::milliseconds trust_delay);

  std::mutex& mu() { return mu_; }
  size_t size() const { return controllers_.size(); }
  Controller& at(size_t index) { return controllers_[index]; }
  const Controller& at(size_t index) const { return controllers_[index]; }

  // Index of the controller at host-order IPv4 `address`, or -1.
  int IndexForAddress(uint32_t address) const;
  // Index of the controller named `name` ("wlc-00001"), or -1.
  int IndexForName(std::string_view name) const;

  // id-token-trust: the outcome is decided after the trust delay (Tick).
  void SubmitTrust(size_t index, std::string token, bool force);

  // Registers an extra token: valid, or (valid=false) failing as expired or
  // unknown.
  void RegisterToken(std::string token, bool valid, bool expired);

  // Completes the trust installs that are due. Called by the one fleet-wide
  // ticker; takes mu().
  void Tick(std::chrono::steady_clock::time_point now);

 private:
  struct PendingTrust {
    std::chrono::steady_clock::time_point due;
    uint64_t seq;
    size_t index;
    std::string token;
    bool force;
    bool operator>(const PendingTrust& o) const { return due != o.due ? due > o.due : seq > o.seq; }
  };
  enum class TokenKind : uint8_t { kValid, kExpired, kUnknown };

  // "" on success, else the failure reason.
  std::string CheckToken(const std::string& token) const;
  void CompleteTrust(const PendingTrust& p, int64_t now);

  std::mutex mu_;
  std::vector<Controller> controllers_;
  uint32_t first_address_;
  std::chrono::milliseconds trust_delay_;
  std::unordered_map<std::string, TokenKind> registered_tokens_;
  std::unordered_set<std::string> used_tokens_;
  std::priority_queue<PendingTrust, std::vector<PendingTrust>, std::greater<PendingTrust>> pending_;
  uint64_t next_seq_ = 0;
};

}  // namespace wlcsim

#endif  // WLC_TESTS_SIM_FLEET_H_
