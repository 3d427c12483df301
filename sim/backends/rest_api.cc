#include "rest_api.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "rum.h"

namespace wlc::sim::backends {
namespace {

using nlohmann::json;

ServerResponse JsonReply(int status, const json& j) {
  return ServerResponse::JsonBody(status, j.dump());
}

ServerResponse ApiError(int status, const std::string& message) {
  return JsonReply(status, {{"status", "ERROR"}, {"statusMessage", message}});
}

ServerResponse Unauthorized(const std::string& description) {
  ServerResponse r =
      JsonReply(401, {{"error", "invalid_token"}, {"error_description", description}});
  r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  return r;
}

std::map<std::string, std::string> ParseForm(const std::string& body) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string::npos) amp = body.size();
    std::string pair = body.substr(pos, amp - pos);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      out[UrlDecode(pair.substr(0, eq), true)] =
          eq == std::string::npos ? "" : UrlDecode(pair.substr(eq + 1), true);
    }
    pos = amp + 1;
  }
  return out;
}

std::string Base64Decode(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    size_t p = kAlphabet.find(c);
    if (p == std::string::npos) break;  // '=' or junk ends it
    val = (val << 6) + static_cast<int>(p);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    if (slash > pos) parts.push_back(UrlDecode(path.substr(pos, slash - pos), false));
    pos = slash + 1;
  }
  return parts;
}

ServerResponse HandleToken(BackendState* state, const ServerRequest& req) {
  if (req.method != "POST") return ApiError(405, "Method not allowed");
  auto form = ParseForm(req.body);
  std::string grant = form["grant_type"];
  std::string id = form["client_id"];
  std::string secret = form["client_secret"];
  std::string auth = req.Header("authorization");
  if (auth.rfind("Basic ", 0) == 0) {
    std::string decoded = Base64Decode(auth.substr(6));
    size_t colon = decoded.find(':');
    if (colon != std::string::npos) {
      id = UrlDecode(decoded.substr(0, colon), true);
      secret = UrlDecode(decoded.substr(colon + 1), true);
    }
  }
  if (grant != "client_credentials") {
    return JsonReply(400, {{"error", "unsupported_grant_type"},
                           {"error_description", "grant_type must be client_credentials"}});
  }
  auto token = state->IssueAccessToken(id, secret);
  if (!token) {
    return JsonReply(
        401, {{"error", "invalid_client"}, {"error_description", "Client authentication failed"}});
  }
  return JsonReply(200, {{"access_token", token->token},
                         {"token_type", "Bearer"},
                         {"expires_in", (token->expires - state->Now() + 500) / 1000},
                         {"scope", "smart_licensing"}});
}

ServerResponse HandleCreateToken(BackendState* state, const std::string& account,
                                 const std::string& va, const ServerRequest& req) {
  json body = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return ApiError(400, "Body is not a JSON object");
  int days = 30;
  std::string description, export_controlled = "Not Allowed";
  int max_uses = 1;
  try {
    days = body.value("expiresAfterDays", 30);
    description = body.value("description", "");
    export_controlled = body.value("exportControlled", "Not Allowed");
    max_uses = body.value("maxUses", 1);
  } catch (const std::exception&) {
    return ApiError(400, "Invalid field type");
  }
  if (export_controlled != "Allowed" && export_controlled != "Not Allowed")
    return ApiError(400, "exportControlled must be \"Allowed\" or \"Not Allowed\"");
  if (days < 1 || days > 365) return ApiError(400, "expiresAfterDays must be between 1 and 365");
  if (max_uses < 1) return ApiError(400, "maxUses must be at least 1");
  auto token = state->CreateIdToken(account, va, days, description, export_controlled == "Allowed",
                                    max_uses);
  if (!token) return ApiError(404, "Unknown account " + account + " / virtual account " + va);
  return JsonReply(200, {{"status", "SUCCESS"},
                         {"tokenInfo",
                          {{"token", token->token},
                           {"expirationDate", IsoTime(token->expires)},
                           {"exportControlled", export_controlled},
                           {"description", description},
                           {"maxUses", max_uses}}}});
}

ServerResponse HandleUsageUpload(BackendState* state, const std::string& account,
                                 const std::string& va, const ServerRequest& req) {
  std::vector<RumReport> reports;
  std::string error;
  if (!ParseUsageBundle(req.body, &reports, &error)) return ApiError(400, error);
  for (const RumReport& r : reports) {
    Udi udi;
    if (ParseUdi(r.udi, &udi)) state->EnsureProductInstance(udi, account, va);
  }
  UploadResult up = state->StoreUpload(account, va, reports);
  if (!up.ok) return ApiError(400, up.failure_reason);
  int64_t delay = up.poll.ready_at - state->Now();
  return JsonReply(200, {{"status", "ACCEPTED"},
                         {"pollId", up.poll.poll_id},
                         {"retryAfterSeconds", std::max<int64_t>(0, (delay + 999) / 1000)}});
}

ServerResponse HandleUsagePoll(BackendState* state, const std::string& account,
                               const std::string& va, const std::string& poll_id) {
  PollResult pr = state->GetPoll(poll_id);
  if (pr.status == PollStatus::kUnknownPoll || pr.account != account || pr.virtual_account != va)
    return ApiError(404, "Unknown poll id " + poll_id);
  if (pr.status == PollStatus::kPending) {
    return JsonReply(200, {{"status", "PENDING"},
                           {"pollId", poll_id},
                           {"retryAfterSeconds", pr.retry_after_seconds}});
  }
  return JsonReply(
      200, {{"status", "COMPLETE"}, {"pollId", poll_id}, {"ackBundle", MakeAckBundle(pr.acks)}});
}

}  // namespace

std::string UrlDecode(const std::string& s, bool form) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && form) {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string IsoTime(EpochMs ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<ServerResponse> HandleRestApi(BackendState* state, const RestApiPaths& paths,
                                            const ServerRequest& req) {
  if (req.path == paths.token_path) return HandleToken(state, req);
  if (req.path.rfind(paths.api_prefix + "/", 0) != 0) return std::nullopt;

  std::string auth = req.Header("authorization");
  if (auth.rfind("Bearer ", 0) != 0) return Unauthorized("Bearer token required");
  if (!state->ValidateAccessToken(auth.substr(7))) return Unauthorized("Invalid or expired token");

  // accounts/{a}/virtual-accounts/{va}/(tokens | usage | usage/{id})
  std::vector<std::string> p = SplitPath(req.path.substr(paths.api_prefix.size()));
  if (p.size() < 5 || p[0] != "accounts" || p[2] != "virtual-accounts")
    return ApiError(404, "Not found");
  const std::string& account = p[1];
  const std::string& va = p[3];
  if (!state->HasVirtualAccount(account, va))
    return ApiError(404, "Unknown account " + account + " / virtual account " + va);
  if (p.size() == 5 && p[4] == "tokens") {
    if (req.method != "POST") return ApiError(405, "Method not allowed");
    return HandleCreateToken(state, account, va, req);
  }
  if (p.size() == 5 && p[4] == "usage") {
    if (req.method != "POST") return ApiError(405, "Method not allowed");
    return HandleUsageUpload(state, account, va, req);
  }
  if (p.size() == 6 && p[4] == "usage") {
    if (req.method != "GET") return ApiError(405, "Method not allowed");
    return HandleUsagePoll(state, account, va, p[5]);
  }
  return ApiError(404, "Not found");
}

}  // namespace wlc::sim::backends
