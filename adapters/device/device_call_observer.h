// DeviceCallObserver: how the outgoing HTTPS clients (RestconfClient, SmartlicClient and
// upstream::UpstreamClient) report every call they make, whatever face or operation asked for it.
// A client is given its observer once, at construction (null: nothing is reported); the service
// passes its metrics (observability/metrics.h), so latency, outcome and in-flight calls reach
// /metrics for gRPC, RESTCONF and metrics reads alike.
//
// What an observer sees is bounded on purpose, so that it can become metric labels: the client
// (DeviceApi) and the HTTP method, both from a closed set, and the call's absl::Status. Never the
// controller, the URL or a path (they hold list keys and could hold credentials), never a body.
//
// One call is one client method (RestconfClient::GetData, SmartlicClient::Post, ...), which is
// one HTTPS exchange: CallStarted before the request goes out, CallFinished with the status the
// client returns (transport errors, the HTTP answer mapped to a code, a malformed answer). An
// argument refused before any request is sent (an RPC name without a module) is not a call.
// A call may take several attempts (the clients' retry policies, restconf_client.h): each retry
// is reported with CallRetried and its cause, between CallStarted and CallFinished.
//
// Retry causes, a closed set: "reset", "eof", "truncated" (transport), "http_500", "http_502",
// "http_503", "http_504" (reads), "lock_denied", "in_use", "resource_denied" (409s of writes).
//
// Thread-safety: the clients call the observer from whichever thread makes the call, concurrently;
// implementations must be thread-safe and must not block.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace wlc::device {

// Which client made a call.
enum class DeviceApi {
  kRestconf,  // RFC 8040 RESTCONF on the controller (RestconfClient)
  kSmartlic,  // the controller's /smartlic-service (SmartlicClient)
  kUpstream,  // CSSM or SSM On-Prem (upstream::UpstreamClient)
};

// "restconf", "smartlic", "upstream".
constexpr absl::string_view DeviceApiName(DeviceApi api) {
  switch (api) {
    case DeviceApi::kRestconf:
      return "restconf";
    case DeviceApi::kSmartlic:
      return "smartlic";
    case DeviceApi::kUpstream:
      return "upstream";
  }
  return "unknown";
}

struct DeviceCall {
  DeviceApi api;
  // "GET", "POST", "PUT", "PATCH" or "DELETE": a literal of the client, never caller input.
  absl::string_view method;
};

// Attempts and retries of the calls made for one caller (a fleet request's controller, say):
// hang it on DeviceEndpoint::stats and every call made with that endpoint adds to it. Thread
// safe; it must outlive the calls (for GetDataAsync: until its callback has run).
class CallStats {
 public:
  // One attempt more (the first of a call, or a retry); a retry also counts its cause.
  void AddAttempt() {
    std::lock_guard<std::mutex> lock(mu_);
    ++attempts_;
  }
  void AddRetry(absl::string_view cause) {
    std::lock_guard<std::mutex> lock(mu_);
    ++attempts_;
    ++retries_[std::string(cause)];
  }
  int64_t attempts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return attempts_;
  }
  // Retries by cause.
  std::map<std::string, int64_t> retries() const {
    std::lock_guard<std::mutex> lock(mu_);
    return retries_;
  }

 private:
  mutable std::mutex mu_;
  int64_t attempts_ = 0;
  std::map<std::string, int64_t> retries_;
};

class DeviceCallObserver {
 public:
  virtual ~DeviceCallObserver() = default;
  // A call is about to send its request (pairs with exactly one CallFinished).
  virtual void CallStarted(const DeviceCall& call) = 0;
  // The call returned `outcome` after `took` (monotonic clock).
  virtual void CallFinished(const DeviceCall& call, absl::Duration took,
                            const absl::Status& outcome) = 0;
  // The call will send its request again for `cause` (one of the causes above). Observers
  // that do not count retries need not override it.
  virtual void CallRetried(const DeviceCall& /*call*/, absl::string_view /*cause*/) {}
};

namespace internal {
inline const absl::Status& OutcomeOf(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& OutcomeOf(const absl::StatusOr<T>& result) {
  return result.status();
}
}  // namespace internal

// Runs `fn` (returning absl::Status or absl::StatusOr<T>) as one call reported to `observer`;
// with a null observer it only runs `fn`.
template <typename Fn>
std::invoke_result_t<Fn> ObserveCall(DeviceCallObserver* observer, DeviceCall call, Fn&& fn) {
  if (observer == nullptr) return std::forward<Fn>(fn)();
  observer->CallStarted(call);
  const auto start = std::chrono::steady_clock::now();
  std::invoke_result_t<Fn> result = std::forward<Fn>(fn)();
  observer->CallFinished(call, absl::FromChrono(std::chrono::steady_clock::now() - start),
                         internal::OutcomeOf(result));
  return result;
}

}  // namespace wlc::device
