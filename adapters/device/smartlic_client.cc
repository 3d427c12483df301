#include "adapters/device/smartlic_client.h"

#include "absl/strings/str_cat.h"
#include "adapters/common/input_limits.h"

namespace wlc::device {

using nlohmann::json;

absl::StatusOr<json> SmartlicClient::Get(const DeviceEndpoint& device, const std::string& path,
                                         absl::Duration timeout) const {
  return Call(device, "GET", path, "", timeout);
}

absl::StatusOr<json> SmartlicClient::Post(const DeviceEndpoint& device, const std::string& path,
                                          const json& body, absl::Duration timeout) const {
  return Call(device, "POST", path, body.dump(), timeout);
}

absl::StatusOr<json> SmartlicClient::Call(const DeviceEndpoint& device, const std::string& method,
                                          const std::string& path, const std::string& body,
                                          absl::Duration timeout) const {
  return ObserveCall(observer_, {DeviceApi::kSmartlic, method}, [&]() -> absl::StatusOr<json> {
    HttpRequest req;
    req.method = method;
    req.url = absl::StrCat(device.base_url, "/smartlic-service/", path);
    req.body = body;
    req.headers = {"Accept: application/json"};
    if (!body.empty()) req.headers.push_back("Content-Type: application/json");
    req.credentials = device.credentials;
    req.timeout = timeout;
    req.retry = RetryPolicyFor(observer_, DeviceApi::kSmartlic, method, device.stats);
    if (device.stats != nullptr) device.stats->AddAttempt();
    absl::StatusOr<HttpResponse> resp = http_->Do(std::move(req));
    const std::string what = absl::StrCat(method, " smartlic-service/", path);
    if (!resp.ok()) {
      return absl::Status(resp.status().code(), absl::StrCat("controller ", device.name, ": ", what,
                                                             ": ", resp.status().message()));
    }
    absl::StatusOr<json> parsed =
        limits::ParseJson(resp->body, limits::kMaxDeviceAnswerBytes, "answer");
    json answer = parsed.ok() ? *std::move(parsed) : json(json::value_t::discarded);
    if (resp->status < 200 || resp->status > 299) {
      absl::Status s = RestconfClient::StatusFromHttp(device, what, *resp);
      if (!answer.is_discarded() && answer.is_object() && answer.contains("message") &&
          answer["message"].is_string()) {
        return absl::Status(s.code(), absl::StrCat("controller ", device.name, ": ", what,
                                                   ": HTTP ", resp->status, ": ",
                                                   answer["message"].get<std::string>().substr(
                                                       0, limits::kMaxDeviceMessage)));
      }
      return s;
    }
    if (answer.is_discarded() || !answer.is_object()) {
      return absl::InternalError(
          absl::StrCat("controller ", device.name, ": ", what, ": malformed JSON in answer"));
    }
    return answer;
  });
}

}  // namespace wlc::device
