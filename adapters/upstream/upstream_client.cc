#include "adapters/upstream/upstream_client.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/input_limits.h"
#include "adapters/device/restconf_client.h"
#include "observability/logging.h"

namespace wlc::upstream {
namespace {

using nlohmann::json;

// An upstream answer within the limits, or a discarded value (the callers say what was wrong).
json ParseAnswer(const std::string& body) {
  absl::StatusOr<json> j = limits::ParseJson(body, limits::kMaxUpstreamAnswerBytes, "answer");
  return j.ok() ? *std::move(j) : json(json::value_t::discarded);
}

// `j[key]` when it is a string, else `fallback` (json::value throws on a type mismatch).
std::string StringMember(const json& j, const char* key, const std::string& fallback = "") {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

absl::Duration Left(absl::Time deadline) {
  return std::max(absl::Milliseconds(1), deadline - absl::Now());
}

// Form encoding for the OAuth2 token request (client ids and secrets are opaque strings).
std::string FormEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string UpstreamConfig::ApiPrefix() const {
  return kind == "onprem" ? "/api/v1" : "/services/api/smart-accounts-and-licensing/v2";
}

std::string UpstreamConfig::TokenUrl() const {
  if (!token_url.empty()) return token_url;
  return base_url + (kind == "onprem" ? "/oauth/token" : "/oauth2/default/v1/token");
}

UpstreamClient::UpstreamClient(device::HttpsClient* http, UpstreamConfig config,
                               device::DeviceCallObserver* observer)
    : http_(http), observer_(observer), config_(std::move(config)) {
  log::RegisterSecret(config_.client_secret);
}

absl::StatusOr<std::string> UpstreamClient::AccessToken(absl::Time deadline) {
  {
    absl::MutexLock lock(&mu_);
    if (!access_token_.empty() && absl::Now() + absl::Seconds(30) < access_token_expiry_) {
      return access_token_;
    }
  }
  return device::ObserveCall(
      observer_, {device::DeviceApi::kUpstream, "POST"}, [&]() -> absl::StatusOr<std::string> {
        device::HttpRequest req;
        req.method = "POST";
        req.url = config_.TokenUrl();
        req.body =
            absl::StrCat("grant_type=client_credentials&client_id=", FormEncode(config_.client_id),
                         "&client_secret=", FormEncode(config_.client_secret));
        req.headers = {"Content-Type: application/x-www-form-urlencoded",
                       "Accept: application/json"};
        req.credentials = &config_.tls;
        req.timeout = Left(deadline);
        absl::StatusOr<device::HttpResponse> resp = http_->Do(std::move(req));
        if (!resp.ok()) {
          return absl::Status(resp.status().code(),
                              absl::StrCat("upstream ", config_.name,
                                           ": token request: ", resp.status().message()));
        }
        if (resp->status != 200) {
          return absl::Status(
              device::StatusCodeForHttp(resp->status),
              absl::StrCat("upstream ", config_.name, ": token request refused (HTTP ",
                           resp->status, "): check the API client id and secret"));
        }
        json j = ParseAnswer(resp->body);
        if (j.is_discarded() || !j.contains("access_token") || !j["access_token"].is_string()) {
          return absl::InternalError(
              absl::StrCat("upstream ", config_.name, ": token answer has no access_token"));
        }
        const std::string token = j["access_token"].get<std::string>();
        log::RegisterSecret(token);
        absl::MutexLock lock(&mu_);
        if (!access_token_.empty() && access_token_ != token) log::UnregisterSecret(access_token_);
        access_token_ = token;
        // A year at most: a huge expires_in would overflow the time arithmetic.
        int64_t expires_in = 3600;
        if (auto e = j.find("expires_in"); e != j.end() && e->is_number_unsigned()) {
          expires_in = static_cast<int64_t>(std::min<uint64_t>(e->get<uint64_t>(), 86400 * 365));
        }
        access_token_expiry_ = absl::Now() + absl::Seconds(expires_in);
        return access_token_;
      });
}

absl::StatusOr<json> UpstreamClient::Call(const std::string& method, const std::string& path,
                                          const std::string& body, absl::Time deadline) {
  absl::StatusOr<json> answer = CallOnce(method, path, body, deadline);
  if (absl::IsUnauthenticated(answer.status())) return CallOnce(method, path, body, deadline);
  return answer;
}

absl::StatusOr<json> UpstreamClient::CallOnce(const std::string& method, const std::string& path,
                                              const std::string& body, absl::Time deadline) {
  absl::StatusOr<std::string> token = AccessToken(deadline);
  if (!token.ok()) return token.status();
  return device::ObserveCall(
      observer_, {device::DeviceApi::kUpstream, method}, [&]() -> absl::StatusOr<json> {
        device::HttpRequest req;
        req.method = method;
        req.url = config_.base_url + path;
        req.body = body;
        req.headers = {"Accept: application/json", "Authorization: Bearer " + *token};
        if (!body.empty()) req.headers.push_back("Content-Type: application/json");
        req.credentials = &config_.tls;
        req.timeout = Left(deadline);
        absl::StatusOr<device::HttpResponse> resp = http_->Do(std::move(req));
        const std::string what = absl::StrCat("upstream ", config_.name, ": ", method, " ", path);
        if (!resp.ok())
          return absl::Status(resp.status().code(),
                              absl::StrCat(what, ": ", resp.status().message()));
        json j = ParseAnswer(resp->body);
        if (resp->status < 200 || resp->status > 299) {
          if (resp->status == 401) {
            absl::MutexLock lock(&mu_);
            access_token_expiry_ = absl::InfinitePast();  // fetch a fresh token next time
          }
          std::string detail;
          if (!j.is_discarded() && j.is_object())
            detail =
                limits::QuotePrefix(StringMember(j, "statusMessage", StringMember(j, "error")));
          return absl::Status(
              device::StatusCodeForHttp(resp->status),
              absl::StrCat(what, ": HTTP ", resp->status, detail.empty() ? "" : ": ", detail));
        }
        if (j.is_discarded() || !j.is_object())
          return absl::InternalError(what + ": malformed JSON in answer");
        return j;
      });
}

absl::StatusOr<std::string> UpstreamClient::CreateIdToken(int days, absl::Time deadline) {
  json body = {{"expiresAfterDays", days},
               {"exportControlled", "Not Allowed"},
               {"description", "wlc-licensing EstablishTrust"}};
  absl::StatusOr<json> j =
      Call("POST",
           absl::StrCat(config_.ApiPrefix(), "/accounts/", config_.account, "/virtual-accounts/",
                        config_.virtual_account, "/tokens"),
           body.dump(), deadline);
  if (!j.ok()) return j.status();
  if (!j->contains("tokenInfo") || !(*j)["tokenInfo"].contains("token") ||
      !(*j)["tokenInfo"]["token"].is_string()) {
    return absl::InternalError(
        absl::StrCat("upstream ", config_.name, ": token answer has no tokenInfo.token"));
  }
  return (*j)["tokenInfo"]["token"].get<std::string>();
}

absl::StatusOr<std::string> UpstreamClient::UploadUsage(const json& bundle, absl::Time deadline) {
  absl::StatusOr<json> j =
      Call("POST",
           absl::StrCat(config_.ApiPrefix(), "/accounts/", config_.account, "/virtual-accounts/",
                        config_.virtual_account, "/usage"),
           bundle.dump(), deadline);
  if (!j.ok()) return j.status();
  if (!j->contains("pollId") || !(*j)["pollId"].is_string()) {
    return absl::InternalError(
        absl::StrCat("upstream ", config_.name, ": usage upload answer has no pollId"));
  }
  // The poll id becomes a URL path segment: a token of URL-safe characters only.
  const std::string& poll_id = (*j)["pollId"].get_ref<const std::string&>();
  if (poll_id.empty() || poll_id.size() > limits::kMaxNameLength ||
      !std::all_of(poll_id.begin(), poll_id.end(), [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
               c == '.';
      })) {
    return absl::InternalError(
        absl::StrCat("upstream ", config_.name, ": usage upload answer's pollId '",
                     limits::QuotePrefix(poll_id), "' is not 1..64 of [A-Za-z0-9._-]"));
  }
  return (*j)["pollId"].get<std::string>();
}

absl::StatusOr<std::optional<json>> UpstreamClient::PollUsage(const std::string& poll_id,
                                                              absl::Time deadline) {
  absl::StatusOr<json> j =
      Call("GET",
           absl::StrCat(config_.ApiPrefix(), "/accounts/", config_.account, "/virtual-accounts/",
                        config_.virtual_account, "/usage/", poll_id),
           "", deadline);
  if (!j.ok()) return j.status();
  if (StringMember(*j, "status") == "COMPLETE" && j->contains("ackBundle")) {
    return std::optional<json>((*j)["ackBundle"]);
  }
  return std::optional<json>();
}

}  // namespace wlc::upstream
