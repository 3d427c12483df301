#include "adapters/device/restconf_client.h"

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "adapters/common/input_limits.h"

namespace wlc::device {
namespace {

constexpr char kYangJson[] = "application/yang-data+json";
using limits::kMaxDeviceMessage;

// The device's text goes into logs and RPC answers: drop control characters (no forged log
// lines, no terminal escapes) and cut it without splitting a UTF-8 sequence.
std::string SanitizeDeviceText(absl::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), kMaxDeviceMessage));
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '\n' || u == '\r' || u == '\t') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else if (u >= 0x20 && u != 0x7f) {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > kMaxDeviceMessage) {
    size_t cut = kMaxDeviceMessage;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

// Returns false when `body` is not one JSON document within the limits of a controller answer.
bool ParseJson(absl::string_view body, nlohmann::json* out) {
  absl::StatusOr<nlohmann::json> doc =
      limits::ParseJson(body, limits::kMaxDeviceAnswerBytes, "controller answer");
  if (!doc.ok()) return false;
  *out = *std::move(doc);
  return true;
}

struct RestconfError {
  std::string tag;
  std::string message;
  int count = 0;  // how many errors the body listed
  bool any_data_exists = false;
};

// Reads an RFC 8040 §7.1 `ietf-restconf:errors` body; anything else yields count == 0.
RestconfError ParseErrors(const std::string& body) {
  RestconfError result;
  nlohmann::json doc;
  if (body.empty() || !ParseJson(body, &doc) || !doc.is_object()) return result;
  auto errors = doc.find("ietf-restconf:errors");
  if (errors == doc.end() || !errors->is_object()) return result;
  auto list = errors->find("error");
  if (list == errors->end()) return result;
  // RFC 7951 encodes a one-entry list as an array; some firmware sends the bare object.
  std::vector<nlohmann::json> entries;
  if (list->is_array()) {
    entries.assign(list->begin(), list->end());
  } else if (list->is_object()) {
    entries.push_back(*list);
  }
  for (const nlohmann::json& entry : entries) {
    if (!entry.is_object()) continue;
    std::string tag, message;
    if (auto it = entry.find("error-tag"); it != entry.end() && it->is_string()) {
      tag = it->get<std::string>();
    }
    if (auto it = entry.find("error-message"); it != entry.end() && it->is_string()) {
      message = it->get<std::string>();
    }
    if (tag == "data-exists") result.any_data_exists = true;
    if (result.count++ == 0) {
      result.tag = SanitizeDeviceText(tag);
      result.message = SanitizeDeviceText(message);
    }
  }
  return result;
}

absl::StatusCode CodeFromHttp(long status, const RestconfError& error) {
  return StatusCodeForHttp(status, error.any_data_exists);
}

std::string JoinUrl(const std::string& base_url, absl::string_view prefix, absl::string_view path) {
  absl::string_view base = base_url;
  while (absl::ConsumeSuffix(&base, "/")) {
  }
  while (absl::ConsumePrefix(&path, "/")) {
  }
  return absl::StrCat(base, "/restconf/", prefix, "/", path);
}

// Serialises without throwing: invalid UTF-8 in a string becomes U+FFFD instead of a
// json::type_error escaping into the caller.
std::string Dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Prefix(const DeviceEndpoint& device) {
  return absl::StrCat("controller ", device.name, ": ");
}

absl::Status Transport(const DeviceEndpoint& device, const std::string& what,
                       const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(Prefix(device), what, ": ", status.message()));
}

absl::Status MalformedJson(const DeviceEndpoint& device, const std::string& what) {
  return absl::InternalError(absl::StrCat(Prefix(device), what, ": malformed JSON in answer"));
}

// The method as a string literal (DeviceCall::method outlives any caller's string).
absl::string_view MethodLiteral(absl::string_view method) {
  for (absl::string_view known : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    if (method == known) return known;
  }
  return "OTHER";
}

// A policy whose retries go to `observer` and `stats`.
RetryPolicy Reported(RetryPolicy policy, DeviceCallObserver* observer, DeviceCall call,
                     CallStats* stats) {
  if (observer != nullptr || stats != nullptr) {
    policy.on_retry = [observer, call, stats](absl::string_view cause) {
      if (observer != nullptr) observer->CallRetried(call, cause);
      if (stats != nullptr) stats->AddRetry(cause);
    };
  }
  return policy;
}

}  // namespace

RetryPolicy ReadRetryPolicy(DeviceCallObserver* observer, DeviceApi api, CallStats* stats) {
  RetryPolicy policy;
  policy.max_attempts = 4;
  policy.backoff_base = absl::Milliseconds(100);
  policy.backoff_cap = absl::Seconds(1);
  policy.retry_on = [](const absl::StatusOr<HttpResponse>& outcome,
                       absl::string_view transport_cause) -> absl::string_view {
    if (!outcome.ok()) return transport_cause;
    switch (outcome->status) {
      case 500:
        return "http_500";
      case 502:
        return "http_502";
      case 503:
        return "http_503";
      case 504:
        return "http_504";
      default:
        return "";
    }
  };
  return Reported(std::move(policy), observer, {api, "GET"}, stats);
}

RetryPolicy WriteRetryPolicy(DeviceCallObserver* observer, DeviceApi api, absl::string_view method,
                             CallStats* stats) {
  RetryPolicy policy;
  policy.max_attempts = 6;
  policy.backoff_base = absl::Milliseconds(250);
  policy.backoff_cap = absl::Seconds(2);
  policy.retry_on = [](const absl::StatusOr<HttpResponse>& outcome,
                       absl::string_view) -> absl::string_view {
    // A transport failure of a write is ambiguous (it may have been applied): never retried.
    if (!outcome.ok() || outcome->status != 409) return "";
    const std::string tag = ParseErrors(outcome->body).tag;
    if (tag == "lock-denied") return "lock_denied";
    if (tag == "in-use") return "in_use";
    if (tag == "resource-denied") return "resource_denied";
    return "";
  };
  return Reported(std::move(policy), observer, {api, MethodLiteral(method)}, stats);
}

RetryPolicy RetryPolicyFor(DeviceCallObserver* observer, DeviceApi api, absl::string_view method,
                           CallStats* stats) {
  return method == "GET" ? ReadRetryPolicy(observer, api, stats)
                         : WriteRetryPolicy(observer, api, method, stats);
}

std::string EncodeKey(absl::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                            (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

absl::Status RestconfClient::StatusFromHttp(const DeviceEndpoint& device, const std::string& what,
                                            const HttpResponse& response) {
  if (response.status >= 200 && response.status < 300) return absl::OkStatus();
  const RestconfError error = ParseErrors(response.body);
  std::string detail = absl::StrCat(what, ": HTTP ", response.status);
  if (!error.tag.empty()) absl::StrAppend(&detail, " ", error.tag);
  if (!error.message.empty()) absl::StrAppend(&detail, ": ", error.message);
  if (error.count > 1) absl::StrAppend(&detail, " (and ", error.count - 1, " more errors)");

  const absl::StatusCode code = CodeFromHttp(response.status, error);
  if (code == absl::StatusCode::kUnauthenticated) {
    // The profile name tells the operator which secret to fix; the password stays out.
    const std::string who =
        device.credentials != nullptr
            ? absl::StrCat("rejected the credentials of profile ", device.credentials->name)
            : std::string("requires credentials but none are configured");
    return absl::UnauthenticatedError(
        absl::StrCat("controller ", device.name, " ", who, " (", detail, ")"));
  }
  return absl::Status(code, absl::StrCat(Prefix(device), detail));
}

HttpRequest RestconfClient::Request(const DeviceEndpoint& device, const std::string& method,
                                    std::string url, std::string body,
                                    absl::Duration timeout) const {
  HttpRequest request;
  request.method = method;
  request.url = std::move(url);
  request.headers = {absl::StrCat("Accept: ", kYangJson)};
  if (!body.empty()) request.headers.push_back(absl::StrCat("Content-Type: ", kYangJson));
  request.body = std::move(body);
  request.credentials = device.credentials;
  request.timeout = timeout;
  request.retry = RetryPolicyFor(observer_, DeviceApi::kRestconf, method, device.stats);
  if (device.stats != nullptr) device.stats->AddAttempt();
  return request;
}

absl::StatusOr<HttpResponse> RestconfClient::Checked(const DeviceEndpoint& device,
                                                     const std::string& what,
                                                     absl::StatusOr<HttpResponse> response) {
  if (!response.ok()) return Transport(device, what, response.status());
  if (absl::Status status = StatusFromHttp(device, what, *response); !status.ok()) return status;
  return response;
}

absl::StatusOr<HttpResponse> RestconfClient::Exchange(const DeviceEndpoint& device,
                                                      const std::string& what,
                                                      const std::string& method, std::string url,
                                                      std::string body,
                                                      absl::Duration timeout) const {
  return Checked(device, what,
                 http_->Do(Request(device, method, std::move(url), std::move(body), timeout)));
}

absl::StatusOr<nlohmann::json> RestconfClient::DataOf(const DeviceEndpoint& device,
                                                      const std::string& what,
                                                      absl::StatusOr<HttpResponse> response) {
  response = Checked(device, what, std::move(response));
  if (!response.ok()) return response.status();
  if (response->status == 204) return nlohmann::json::object();
  nlohmann::json doc;
  if (!ParseJson(response->body, &doc)) return MalformedJson(device, what);
  return doc;
}

absl::StatusOr<nlohmann::json> RestconfClient::GetData(const DeviceEndpoint& device,
                                                       const std::string& path,
                                                       absl::Duration timeout) const {
  return ObserveCall(observer_, {DeviceApi::kRestconf, "GET"}, [&] {
    const std::string what = absl::StrCat("GET data/", path);
    return DataOf(
        device, what,
        http_->Do(Request(device, "GET", JoinUrl(device.base_url, "data", path), "", timeout)));
  });
}

void RestconfClient::GetDataAsync(const DeviceEndpoint& device, const std::string& path,
                                  absl::Duration timeout, DataCallback done) const {
  std::string what = absl::StrCat("GET data/", path);
  const DeviceCall call{DeviceApi::kRestconf, "GET"};
  if (observer_ != nullptr) observer_->CallStarted(call);
  // The endpoint is copied (its credentials are the caller's to keep alive until `done`).
  http_->Start(Request(device, "GET", JoinUrl(device.base_url, "data", path), "", timeout),
               [device, what = std::move(what), done = std::move(done), observer = observer_, call,
                start = std::chrono::steady_clock::now()](absl::StatusOr<HttpResponse> response) {
                 absl::StatusOr<nlohmann::json> data = DataOf(device, what, std::move(response));
                 if (observer != nullptr) {
                   observer->CallFinished(
                       call, absl::FromChrono(std::chrono::steady_clock::now() - start),
                       data.status());
                 }
                 done(std::move(data));
               });
}

absl::StatusOr<absl::Time> RestconfClient::DeviceClock(const DeviceEndpoint& device,
                                                       absl::Duration timeout) const {
  return ObserveCall(observer_, {DeviceApi::kRestconf, "GET"}, [&]() -> absl::StatusOr<absl::Time> {
    const std::string what = "GET /.well-known/host-meta";
    HttpRequest request = Request(
        device, "GET", absl::StrCat(device.base_url, "/.well-known/host-meta"), "", timeout);
    request.headers.clear();  // host-meta is XRD, not YANG data
    request.want_date = true;
    absl::StatusOr<HttpResponse> response = http_->Do(std::move(request));
    if (!response.ok()) return Transport(device, what, response.status());
    if (absl::Status status = StatusFromHttp(device, what, *response); !status.ok()) return status;
    // IMF-fixdate (RFC 7231 §7.1.1.1), e.g. "Tue, 24 Nov 2026 03:30:00 GMT".
    absl::Time time;
    std::string error;
    if (response->date.empty() ||
        !absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", response->date, &time, &error)) {
      return absl::NotFoundError(
          absl::StrCat("controller ", device.name, ": no parseable Date header in its answer"));
    }
    return time;
  });
}

absl::Status RestconfClient::PatchData(const DeviceEndpoint& device, const std::string& path,
                                       const nlohmann::json& body, absl::Duration timeout) const {
  return Write(device, "PATCH", path, body, timeout);
}

absl::Status RestconfClient::PutData(const DeviceEndpoint& device, const std::string& path,
                                     const nlohmann::json& body, absl::Duration timeout) const {
  return Write(device, "PUT", path, body, timeout);
}

absl::Status RestconfClient::DeleteData(const DeviceEndpoint& device, const std::string& path,
                                        absl::Duration timeout) const {
  return ObserveCall(observer_, {DeviceApi::kRestconf, "DELETE"}, [&] {
    const std::string what = absl::StrCat("DELETE data/", path);
    return Exchange(device, what, "DELETE", JoinUrl(device.base_url, "data", path), "", timeout)
        .status();
  });
}

absl::Status RestconfClient::Write(const DeviceEndpoint& device, const std::string& method,
                                   const std::string& path, const nlohmann::json& body,
                                   absl::Duration timeout) const {
  return ObserveCall(observer_, {DeviceApi::kRestconf, method}, [&] {
    const std::string what = absl::StrCat(method, " data/", path);
    return Exchange(device, what, method, JoinUrl(device.base_url, "data", path), Dump(body),
                    timeout)
        .status();
  });
}

absl::StatusOr<nlohmann::json> RestconfClient::Rpc(const DeviceEndpoint& device,
                                                   const std::string& rpc,
                                                   const nlohmann::json& input,
                                                   absl::Duration timeout) const {
  const std::string what = absl::StrCat("POST operations/", rpc);
  const size_t colon = rpc.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rpc.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Prefix(device), what, ": RPC name must be <module>:<rpc>"));
  }
  const std::string module = rpc.substr(0, colon);
  return ObserveCall(
      observer_, {DeviceApi::kRestconf, "POST"}, [&]() -> absl::StatusOr<nlohmann::json> {
        absl::StatusOr<HttpResponse> response =
            Exchange(device, what, "POST", JoinUrl(device.base_url, "operations", rpc),
                     Dump(nlohmann::json{{absl::StrCat(module, ":input"), input}}), timeout);
        if (!response.ok()) return response.status();
        if (response->status == 204 ||
            response->body.find_first_not_of(" \t\r\n") == std::string::npos) {
          return nlohmann::json::object();
        }
        nlohmann::json doc;
        if (!ParseJson(response->body, &doc) || !doc.is_object())
          return MalformedJson(device, what);
        if (auto it = doc.find(absl::StrCat(module, ":output")); it != doc.end()) return *it;
        // Not RFC 7951, but an unqualified member is unambiguous here and cheap to accept.
        if (auto it = doc.find("output"); it != doc.end()) return *it;
        if (doc.empty()) return doc;
        return absl::InternalError(
            absl::StrCat(Prefix(device), what, ": answer lacks \"", module, ":output\""));
      });
}

absl::StatusCode StatusCodeForHttp(long status, bool data_exists) {
  switch (status) {
    case 400:
    case 413:
      return absl::StatusCode::kInvalidArgument;
    case 401:
      return absl::StatusCode::kUnauthenticated;
    case 403:
      return absl::StatusCode::kPermissionDenied;
    case 404:
      return absl::StatusCode::kNotFound;
    case 405:
    case 501:
      return absl::StatusCode::kUnimplemented;
    case 409:
      // data-exists is "create of something present"; other 409s (lock-denied, in-use) are
      // transient conflicts, retried by WriteRetryPolicy before they get here.
      return data_exists ? absl::StatusCode::kAlreadyExists : absl::StatusCode::kAborted;
    case 412:
      return absl::StatusCode::kFailedPrecondition;
    case 500:
      return absl::StatusCode::kInternal;
    case 502:
    case 503:
    case 504:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kUnknown;
  }
}

}  // namespace wlc::device
