#include "service/auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "adapters/common/input_limits.h"
#include "nlohmann/json.hpp"
#include "observability/logging.h"

namespace wlc::service {

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

absl::StatusOr<Authorizer> Authorizer::FromFile(const std::string& path, bool allow_anonymous_writes) {
  absl::StatusOr<std::string> text = limits::ReadFileAtMost(path, limits::kMaxSecretsFileBytes);
  if (absl::IsNotFound(text.status())) {
    return absl::NotFoundError(absl::StrCat("cannot read tokens file ", path));
  }
  if (!text.ok()) return text.status();
  absl::StatusOr<Authorizer> a = FromJson(*text, allow_anonymous_writes);
  if (!a.ok()) return absl::Status(a.status().code(), absl::StrCat(path, ": ", a.status().message()));
  return a;
}

absl::StatusOr<Authorizer> Authorizer::FromJson(const std::string& text, bool allow_anonymous_writes) {
  // Never quote the file: it may hold tokens (ParseJson names a byte position only).
  absl::StatusOr<nlohmann::json> parsed =
      limits::ParseJson(text, limits::kMaxSecretsFileBytes, "tokens file");
  if (!parsed.ok()) return parsed.status();
  nlohmann::json& j = *parsed;
  if (!j.is_object() || !j.contains("tokens") || !j["tokens"].is_array() || j.size() != 1) {
    return absl::InvalidArgumentError("tokens file must be {\"tokens\": [...]}");
  }
  Authorizer a(allow_anonymous_writes);
  int i = 0;
  for (const nlohmann::json& t : j["tokens"]) {
    const std::string where = absl::StrCat("tokens[", i++, "]");
    if (!t.is_object()) return absl::InvalidArgumentError(where + ": must be an object");
    for (auto it = t.begin(); it != t.end(); ++it) {
      if (it.key() != "name" && it.key() != "role" && it.key() != "sha256" && it.key() != "token") {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": unknown key '", limits::QuotePrefix(it.key()), "'"));
      }
    }
    // json::value throws when the member is not a string: test the type first.
    auto string_member = [&t](const char* key) {
      auto it = t.find(key);
      return it != t.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    Principal p;
    p.name = string_member("name");
    if (p.name.empty()) return absl::InvalidArgumentError(where + ": name is required (a string)");
    if (p.name.size() > limits::kMaxNameLength) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": name is longer than ", limits::kMaxNameLength, " bytes"));
    }
    const std::string role = string_member("role");
    if (role == "reader") {
      p.role = Role::kReader;
    } else if (role == "operator") {
      p.role = Role::kOperator;
    } else {
      return absl::InvalidArgumentError(where + ": role must be reader or operator");
    }
    std::string hash;
    if (t.contains("sha256") && t["sha256"].is_string()) {
      hash = absl::AsciiStrToLower(t["sha256"].get<std::string>());
      if (hash.size() != 64)
        return absl::InvalidArgumentError(where + ": sha256 must be 64 hex digits");
    } else if (t.contains("token") && t["token"].is_string() &&
               t["token"].get<std::string>().size() >= 16) {
      log::RegisterSecret(t["token"].get<std::string>());
      hash = Sha256Hex(t["token"].get<std::string>());
    } else {
      return absl::InvalidArgumentError(where +
                                        ": needs sha256, or a token of at least 16 characters");
    }
    if (auto [it, inserted] = a.by_hash_.emplace(hash, p); !inserted) {
      // Never quote the token: name the two entries.
      return absl::InvalidArgumentError(absl::StrCat(where, " ('", p.name,
                                                     "') has the same token as '", it->second.name,
                                                     "': list each token once, with one role"));
    }
  }
  return a;
}

absl::StatusOr<Principal> Authorizer::Authenticate(absl::string_view authorization) const {
  if (authorization.empty()) return Principal{};
  absl::string_view token = authorization;
  if (!absl::ConsumePrefix(&token, "Bearer ") && !absl::ConsumePrefix(&token, "bearer ")) {
    return absl::UnauthenticatedError(
        "only bearer tokens are accepted (Authorization: Bearer <token>)");
  }
  const std::string hash = Sha256Hex(token);
  for (const auto& [known, principal] : by_hash_) {
    // Constant-time compare of equal-length digests.
    if (CRYPTO_memcmp(known.data(), hash.data(), hash.size()) == 0) return principal;
  }
  return absl::UnauthenticatedError("unknown bearer token");
}

absl::Status Authorizer::AuthorizeRead(const Principal& who, absl::string_view action) const {
  if (who.role != Role::kNone || !has_tokens()) return absl::OkStatus();
  return absl::UnauthenticatedError(absl::StrCat(action, " needs a bearer token"));
}

absl::Status Authorizer::AuthorizeWrite(const Principal& who, absl::string_view action) const {
  return AuthorizeOperator(who, action, "changes controllers");
}

absl::Status Authorizer::AuthorizeOperator(const Principal& who, absl::string_view action,
                                           absl::string_view why) const {
  if (who.role == Role::kOperator) return absl::OkStatus();
  if (who.role == Role::kNone && allow_anonymous_writes_ && !has_tokens()) return absl::OkStatus();
  if (who.role == Role::kNone) {
    return absl::UnauthenticatedError(
        absl::StrCat(action, " ", why, ": it needs an operator bearer token"));
  }
  return absl::PermissionDeniedError(absl::StrCat(
      action, " ", why, ": '", who.name, "' has the reader role; it needs an operator token"));
}

}  // namespace wlc::service
