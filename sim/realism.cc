#include "realism.h"

#include <algorithm>
#include <cmath>

namespace wlc::sim {
namespace {

using nlohmann::json;

// z of the standard normal's 99th percentile.
constexpr double kZ99 = 2.3263478740408408;

bool Uint(const json& v, uint64_t max, uint32_t* out) {
  if (!v.is_number_unsigned() || v.get<uint64_t>() > max) return false;
  *out = static_cast<uint32_t>(v.get<uint64_t>());
  return true;
}

bool Rate(const json& v, double* out) {
  if (!v.is_number() || !(v.get<double>() >= 0) || v.get<double>() > 1) return false;
  *out = v.get<double>();
  return true;
}

}  // namespace

bool ProfileRealism(const std::string& name, Realism* out) {
  Realism r;
  if (name == kProfileIosXe9800) {
    r.latency_p50_ms = 150;
    r.latency_p99_ms = 600;
    r.max_connections = 2;
    r.requests_per_connection = 25;
    r.connection_life_s = 180;
    r.connection_idle_s = 180;
    r.datastore_lock = true;
    r.sync_ms = 500;
    r.error_rate = 0.01;
    r.truncate_rate = 0.002;
    r.tls12_only = true;
  } else if (!name.empty() && name != "none") {
    return false;
  }
  r.seed = out->seed;
  *out = r;
  return true;
}

bool ApplyRealismKey(const std::string& k, const json& v, Realism* r, bool* consumed,
                     std::string* error) {
  *consumed = true;
  bool ok = true;
  if (k == "profile") {
    ok = v.is_string() && ProfileRealism(v.get<std::string>(), r);
  } else if (k == "latency_p50_ms") {
    ok = Uint(v, 600000, &r->latency_p50_ms);
  } else if (k == "latency_p99_ms") {
    ok = Uint(v, 600000, &r->latency_p99_ms);
  } else if (k == "max_connections") {
    ok = Uint(v, 100000, &r->max_connections);
  } else if (k == "requests_per_connection") {
    ok = Uint(v, 1000000, &r->requests_per_connection);
  } else if (k == "connection_life_s") {
    ok = Uint(v, 86400, &r->connection_life_s);
  } else if (k == "connection_idle_s") {
    ok = Uint(v, 86400, &r->connection_idle_s);
  } else if (k == "datastore_lock") {
    ok = v.is_boolean();
    if (ok) r->datastore_lock = v.get<bool>();
  } else if (k == "sync_ms") {
    ok = Uint(v, 600000, &r->sync_ms);
  } else if (k == "error_rate") {
    ok = Rate(v, &r->error_rate);
  } else if (k == "truncate_rate") {
    ok = Rate(v, &r->truncate_rate);
  } else if (k == "tls12_only") {
    ok = v.is_boolean();
    if (ok) r->tls12_only = v.get<bool>();
  } else if (k == "seed") {
    ok = v.is_number_unsigned();
    if (ok) r->seed = v.get<uint64_t>();
  } else {
    *consumed = false;
  }
  if (!ok) {
    std::string text = v.dump();
    if (text.size() > 40) text = text.substr(0, 40) + "...";
    *error = "bad value for \"" + k + "\": " + text +
             (k == "profile" ? std::string(" (known: ") + kProfileIosXe9800 + ", none)" : "");
  }
  return ok;
}

json RealismJson(const Realism& r) {
  return {{"latency_p50_ms", r.latency_p50_ms},
          {"latency_p99_ms", r.latency_p99_ms},
          {"max_connections", r.max_connections},
          {"requests_per_connection", r.requests_per_connection},
          {"connection_life_s", r.connection_life_s},
          {"connection_idle_s", r.connection_idle_s},
          {"datastore_lock", r.datastore_lock},
          {"sync_ms", r.sync_ms},
          {"error_rate", r.error_rate},
          {"truncate_rate", r.truncate_rate},
          {"tls12_only", r.tls12_only},
          {"seed", r.seed}};
}

void RealismCounters::AddTo(json* out) const {
  json& o = *out;
  o["connections_open"] = connections_open;
  o["max_connections_seen"] = max_connections_seen;
  o["connections_accepted"] = connections_accepted;
  o["connections_refused"] = connections_refused;
  o["closed_after_requests"] = closed_after_requests;
  o["closed_life"] = closed_life;
  o["closed_idle"] = closed_idle;
  o["injected_500"] = injected_500;
  o["truncated"] = truncated;
  o["lock_denied"] = lock_denied;
  o["sync_denied"] = sync_denied;
  o["resets"] = resets;
}

uint64_t RealismState::Next() {
  uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double RealismState::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

uint32_t DrawLatencyMs(const Realism& r, RealismState* s) {
  if (r.latency_p50_ms == 0) return 0;
  if (r.latency_p99_ms <= r.latency_p50_ms) return r.latency_p50_ms;
  // Box-Muller: one standard normal from two uniforms.
  double u1 = std::max(s->Uniform(), 1e-300);
  double u2 = s->Uniform();
  double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  double mu = std::log(static_cast<double>(r.latency_p50_ms));
  double sigma = (std::log(static_cast<double>(r.latency_p99_ms)) - mu) / kZ99;
  double ms = std::exp(mu + sigma * z);
  ms = std::min(ms, 100.0 * r.latency_p99_ms);
  return static_cast<uint32_t>(std::lround(ms));
}

}  // namespace wlc::sim
