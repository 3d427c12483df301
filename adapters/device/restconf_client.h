// RestconfClient: RFC 8040 RESTCONF (JSON, RFC 7951) over HttpsClient, with HTTP codes and
// `ietf-restconf:errors` bodies mapped to precise absl::Status codes:
//   2xx                                     -> OK
//   400 (any error-tag), 413                -> INVALID_ARGUMENT
//   401                                     -> UNAUTHENTICATED
//   403                                     -> PERMISSION_DENIED
//   404                                     -> NOT_FOUND
//   405, 501                                -> UNIMPLEMENTED
//   409 with error-tag data-exists          -> ALREADY_EXISTS; any other 409 -> ABORTED
//   412                                     -> FAILED_PRECONDITION
//   500                                     -> INTERNAL
//   502, 503, 504                           -> UNAVAILABLE
// (after the retries of ReadRetryPolicy / WriteRetryPolicy below, which every call uses)
//   any other code                          -> UNKNOWN
//   a 2xx answer whose body is not JSON     -> INTERNAL ("malformed JSON in answer")
// The status message names the controller, the method and the RESTCONF path, and quotes the
// device's `error-tag` and `error-message` (control characters dropped, cut at ~300 bytes), e.g.
//   controller wlc-1: PATCH data/Cisco-IOS-XE-native:native/license/smart: HTTP 400
//   invalid-value: <error-message>
// 401 reads "controller wlc-1 rejected the credentials of profile lab (...)". Messages never
// contain passwords or request bodies. Transport errors keep HttpsClient's code, with
// "controller <name>: <METHOD> <path>: " prefixed.
//
// Paths are used verbatim: percent-encode list keys with EncodeKey() before building them.
// Thread safe (all state is in HttpsClient and the observer). Every call blocks, so never call
// one from an HttpsClient callback, except GetDataAsync, which returns at once and may be called
// anywhere (its call is reported when the answer comes).
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "adapters/device/credentials.h"
#include "adapters/device/device_call_observer.h"
#include "adapters/device/https_client.h"
#include "nlohmann/json.hpp"

namespace wlc::device {

// Percent-encodes one list-key value for a RESTCONF path (RFC 8040 §3.5.3): every byte outside
// the RFC 3986 unreserved set (ALPHA DIGIT - . _ ~) becomes %XX, so "," "/" ":" "=" are safe.
std::string EncodeKey(absl::string_view key);

// Where a controller is and how to talk to it.
struct DeviceEndpoint {
  std::string name;      // inventory name, used in messages
  std::string base_url;  // e.g. https://127.0.0.5:8443
  const CredentialsProfile* credentials = nullptr;
  // Where the calls made with this endpoint count their attempts and retries (null: nowhere);
  // must outlive them.
  CallStats* stats = nullptr;
};

// The southbound retry policies (https_client.h says how backoff and deadline interact). Each
// retry is reported to `observer` as a retry of a `api` call with `method`, and added to
// `stats`; either may be null, both must outlive the request.
//   Reads (GET): at most 4 attempts, backoff base 100 ms, cap 1 s; on a reset, an EOF before
//     any answer, a truncated answer, HTTP 500, 502, 503 or 504 (cause "http_<code>").
//   Writes and RPCs (PATCH, PUT, DELETE, POST): at most 6 attempts, backoff base 250 ms, cap
//     2 s; ONLY on a 409 whose RFC 8040 error-tag says the controller applied nothing:
//     lock-denied (another session holds the datastore), in-use or resource-denied ("sync in
//     progress"). Never after a timeout, a reset, an EOF or a 5xx (it may have been applied).
RetryPolicy ReadRetryPolicy(DeviceCallObserver* observer, DeviceApi api, CallStats* stats);
RetryPolicy WriteRetryPolicy(DeviceCallObserver* observer, DeviceApi api, absl::string_view method,
                             CallStats* stats);
// ReadRetryPolicy for GET, WriteRetryPolicy for any other method.
RetryPolicy RetryPolicyFor(DeviceCallObserver* observer, DeviceApi api, absl::string_view method,
                           CallStats* stats);

// The status code for an HTTP answer code (the table above); `data_exists` tells a 409's
// RFC 8040 `data-exists` from other conflicts. Shared by every southbound and upstream client.
absl::StatusCode StatusCodeForHttp(long status, bool data_exists = false);

class RestconfClient {
 public:
  // Every call below except StatusFromHttp is reported to `observer` (null: none) as
  // DeviceApi::kRestconf with its HTTP method (Rpc: POST, DeviceClock: GET); `observer` must
  // outlive this client.
  explicit RestconfClient(HttpsClient* http, DeviceCallObserver* observer = nullptr)
      : http_(http), observer_(observer) {}

  // GET /restconf/data/<path>. NOT_FOUND when the resource is absent; {} for a 204.
  absl::StatusOr<nlohmann::json> GetData(const DeviceEndpoint& device, const std::string& path,
                                         absl::Duration timeout) const;
  // The same GET without blocking: `done` runs exactly once, on the HTTPS client's event-loop
  // thread (it must not block; it may start further async calls). `device.credentials` must live
  // until `done` has run (a 401's message names the profile).
  using DataCallback = std::function<void(absl::StatusOr<nlohmann::json>)>;
  void GetDataAsync(const DeviceEndpoint& device, const std::string& path, absl::Duration timeout,
                    DataCallback done) const;
  // PATCH (merge) / PUT (replace) /restconf/data/<path> with `body`.
  absl::Status PatchData(const DeviceEndpoint& device, const std::string& path,
                         const nlohmann::json& body, absl::Duration timeout) const;
  absl::Status PutData(const DeviceEndpoint& device, const std::string& path,
                       const nlohmann::json& body, absl::Duration timeout) const;
  absl::Status DeleteData(const DeviceEndpoint& device, const std::string& path,
                          absl::Duration timeout) const;
  // POST /restconf/operations/<module:rpc> with body {"<module>:input": input}; returns the
  // content of "<module>:output" (an empty object when the device answers 204 or no body).
  // INVALID_ARGUMENT when `rpc` is not "<module>:<name>".
  absl::StatusOr<nlohmann::json> Rpc(const DeviceEndpoint& device, const std::string& rpc,
                                     const nlohmann::json& input, absl::Duration timeout) const;

  // The controller's own clock: the Date header of its answer to GET /.well-known/host-meta
  // (RFC 8040 §3.1). NOT_FOUND when the answer carries no parseable Date.
  absl::StatusOr<absl::Time> DeviceClock(const DeviceEndpoint& device,
                                         absl::Duration timeout) const;

  // Maps an HTTP answer to a status (exposed for tests and for /smartlic-service callers).
  // `what` is "<METHOD> <path>" for the message.
  static absl::Status StatusFromHttp(const DeviceEndpoint& device, const std::string& what,
                                     const HttpResponse& response);

 private:
  // One RESTCONF exchange: Accept (and with a body Content-Type) application/yang-data+json, the
  // profile's credentials; transport and HTTP errors mapped with `what` ("GET data/…").
  absl::StatusOr<HttpResponse> Exchange(const DeviceEndpoint& device, const std::string& what,
                                        const std::string& method, std::string url,
                                        std::string body, absl::Duration timeout) const;
  // Also sets the method's retry policy and counts the first attempt in `device.stats`.
  HttpRequest Request(const DeviceEndpoint& device, const std::string& method, std::string url,
                      std::string body, absl::Duration timeout) const;
  // A transport or HTTP error mapped with `what`; the answer itself when it is a 2xx.
  static absl::StatusOr<HttpResponse> Checked(const DeviceEndpoint& device, const std::string& what,
                                              absl::StatusOr<HttpResponse> response);
  // A GET's answer as JSON ({} for a 204).
  static absl::StatusOr<nlohmann::json> DataOf(const DeviceEndpoint& device,
                                               const std::string& what,
                                               absl::StatusOr<HttpResponse> response);
  absl::Status Write(const DeviceEndpoint& device, const std::string& method,
                     const std::string& path, const nlohmann::json& body,
                     absl::Duration timeout) const;

  HttpsClient* http_;
  DeviceCallObserver* observer_;
};

}  // namespace wlc::device
