// The whole simulated fleet: controllers indexed 0..N-1 (controller i listens
// on first_address + i), the queue of asynchronous trust installs, and the
// usage-cycle schedule: ONE min-heap of (due time, controller) driven by the
// fleet-wide ticker (no per-controller timers). Messages to the licensing
// servers go through an Upstream (upstream.h) outside the mutex; answers
// come back into an inbox that the next tick drains.
//
// Thread-safety: every method except Tick() and Deliver() requires mu() to be
// held by the caller; those two take it themselves.
#ifndef WLC_SIM_FLEET_H_
#define WLC_SIM_FLEET_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "controller.h"
#include "upstream.h"

namespace wlc::sim {

class Fleet {
 public:
  Fleet(std::vector<Controller> controllers, uint32_t first_address,
        std::chrono::milliseconds trust_delay, Upstream* upstream);

  std::mutex& mu() { return mu_; }
  size_t size() const { return controllers_.size(); }
  Controller& at(size_t index) { return controllers_[index]; }
  const Controller& at(size_t index) const { return controllers_[index]; }
  Upstream* upstream() { return upstream_; }
  void set_upstream(Upstream* u) { upstream_ = u; }

  // Index of the controller at host-order IPv4 `address`, or -1.
  int IndexForAddress(uint32_t address) const;
  // Index of the controller named `name` ("wlc-00001"), or -1.
  int IndexForName(std::string_view name) const;

  // id-token-trust: sent after the trust delay (Tick); all_ha also installs
  // the standby's trust code.
  void SubmitTrust(size_t index, std::string token, bool force, bool all_ha = false);

  // Recomputes the controller's place in the schedule (after a change of its
  // timers, clock offset or state from outside the usage cycle).
  void Reschedule(size_t index);
  // Trust set out of band: tells the upstream (PIID).
  void AdoptTrust(size_t index);
  // Reporting now (`license smart sync all`-like).
  void SyncNow(size_t index);

  // Completes due trust installs, runs due usage-cycle steps, applies
  // upstream answers. Called by the one fleet-wide ticker; takes mu().
  void Tick(std::chrono::steady_clock::time_point now);

  // Upstream callback: queues an answer (any thread; takes its own lock).
  void Deliver(UpstreamResult result);

 private:
  struct PendingTrust {
    std::chrono::steady_clock::time_point due;
    uint64_t seq;
    size_t index;
    std::string token;
    bool force;
    bool all_ha;
    bool operator>(const PendingTrust& o) const { return due != o.due ? due > o.due : seq > o.seq; }
  };
  struct Due {
    int64_t fleet_time;  // fleet clock, Unix s
    uint32_t gen;
    uint32_t index;
    bool operator>(const Due& o) const { return fleet_time > o.fleet_time; }
  };

  void CompleteTrust(const PendingTrust& p, std::vector<UpstreamRequest>* outbox);
  void ApplyTrustResult(Controller& c, const UpstreamResult& r);
  void SendAll(std::vector<UpstreamRequest> outbox);

  std::mutex mu_;
  std::vector<Controller> controllers_;
  uint32_t first_address_;
  std::chrono::milliseconds trust_delay_;
  Upstream* upstream_;
  std::priority_queue<PendingTrust, std::vector<PendingTrust>, std::greater<PendingTrust>> pending_;
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> schedule_;
  uint64_t next_seq_ = 0;

  std::mutex inbox_mu_;
  std::vector<UpstreamResult> inbox_;
};

}  // namespace wlc::sim

#endif  // WLC_SIM_FLEET_H_
