// Real IOS-XE HTTP/RESTCONF server behaviour for one simulated controller
// (issue 13): latency drawn from a log-normal distribution, a connection cap,
// keep-alive limits, a config datastore lock with a sync-in-progress window,
// transient 500s and truncated bodies. Every knob is off by default; the named
// profile "ios-xe-9800" switches them all on with the values a hardened 9800
// shows (docs/wlcsim.md, "How to use the realistic profile").
//
// Not thread-safe: lives in a Controller, serialized by the Fleet mutex.
#ifndef WLC_SIM_REALISM_H_
#define WLC_SIM_REALISM_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace wlc::sim {

inline constexpr char kProfileIosXe9800[] = "ios-xe-9800";
// Holder of a lock injected through the control API (POST .../lock) unless
// the request names one; real session ids of wlcsim connections count from 1.
inline constexpr uint64_t kInjectedLockSession = 1000000;

// The knobs. 0 / false = off.
struct Realism {
  uint32_t latency_p50_ms = 0;           // median answer delay (with latency_p99_ms)
  uint32_t latency_p99_ms = 0;           // 99th percentile; <= p50 = constant p50
  uint32_t max_connections = 0;          // `ip http max-connections`; over it: RST at accept
  uint32_t requests_per_connection = 0;  // `ip http timeout-policy ... requests N`
  uint32_t connection_life_s = 0;        // `... life N`: close after the answer past N s
  uint32_t connection_idle_s = 0;        // `... idle N`: close a connection idle N s
  bool datastore_lock = false;           // writes take the lock for their duration
  uint32_t sync_ms = 0;                  // "sync in progress" window after each change
  double error_rate = 0;                 // share of requests answered 500 DBAL
  double truncate_rate = 0;              // share of answers cut short, then closed
  bool tls12_only = false;               // the TLS handshake offers TLS 1.2 at most
  uint64_t seed = 1;                     // RNG seed (per controller: seed + index)

  bool Any() const {
    return latency_p50_ms || max_connections || requests_per_connection || connection_life_s ||
           connection_idle_s || datastore_lock || sync_ms || error_rate > 0 || truncate_rate > 0 ||
           tls12_only;
  }
};

// The values of a named profile; false if `name` is unknown ("" = all off).
bool ProfileRealism(const std::string& name, Realism* out);

// Applies the JSON keys of Realism (same names; "profile" first, then the
// others override it) found in `j` to *r. Keys not named here are left to the
// caller: *consumed says whether `key` was one of ours. Returns false with
// *error on a bad value.
bool ApplyRealismKey(const std::string& key, const nlohmann::json& value, Realism* r,
                     bool* consumed, std::string* error);
nlohmann::json RealismJson(const Realism& r);

// What the realism layer did to a controller's requests and connections
// (control API /controllers/<name>/requests).
struct RealismCounters {
  uint32_t connections_open = 0;      // live (not reset by POST .../requests)
  uint32_t max_connections_seen = 0;  // most open at once
  uint64_t connections_accepted = 0;
  uint64_t connections_refused = 0;    // over max_connections
  uint64_t closed_after_requests = 0;  // requests_per_connection reached
  uint64_t closed_life = 0;            // connection_life_s reached
  uint64_t closed_idle = 0;            // connection_idle_s reached
  uint64_t injected_500 = 0;           // error_rate
  uint64_t truncated = 0;              // truncate_rate
  uint64_t lock_denied = 0;            // 409 lock-denied
  uint64_t sync_denied = 0;            // 409 in-use, sync in progress
  uint64_t resets = 0;                 // "reset" fault on an established connection
  void ResetKeepingOpen() {
    uint32_t open = connections_open;
    *this = RealismCounters{};
    connections_open = open;
    max_connections_seen = open;
  }
  void AddTo(nlohmann::json* out) const;
};

// The datastore lock and the per-controller RNG.
struct RealismState {
  uint64_t rng = 0;           // splitmix64 state; 0 = not seeded yet
  int64_t lock_until_ms = 0;  // steady ms
  uint64_t lock_session = 0;  // holder; 0 = none
  int64_t sync_until_ms = 0;  // steady ms
  uint64_t Next();            // uniform 64 bits
  double Uniform();           // [0, 1)
};

// A latency draw (ms) from the log-normal with median p50 and 99th
// percentile p99; constant p50 when p99 <= p50. Capped at 100 x p99.
uint32_t DrawLatencyMs(const Realism& r, RealismState* s);

}  // namespace wlc::sim

#endif  // WLC_SIM_REALISM_H_
