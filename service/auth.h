// Who may do what on the northbound faces. Bearer tokens come from a mounted secret file:
//   {"tokens": [{"name": "ci-pipeline", "role": "operator", "sha256": "<hex of the token>"},
//               {"name": "grafana", "role": "reader", "token": "<the token itself>"}]}
// Roles: reader (read state, plans) and operator (also changes: apply, trust, relay, import).
// Without a tokens file every caller is anonymous: reads are allowed, writes are refused unless
// the config sets allow_anonymous_writes (meant for the loopback demo only).
// Thread-safe after construction; tokens are compared in constant time via their SHA-256.
// A token may be listed once: the same token (or digest) twice is a load error, whatever the
// roles, so nobody has to guess which entry wins.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace wlc::service {

enum class Role { kNone, kReader, kOperator };

struct Principal {
  std::string name = "anonymous";
  Role role = Role::kNone;
};

class Authorizer {
 public:
  // No tokens: anonymous readers; anonymous writers only with `allow_anonymous_writes`.
  explicit Authorizer(bool allow_anonymous_writes = false)
      : allow_anonymous_writes_(allow_anonymous_writes) {}

  // INVALID_ARGUMENT / NOT_FOUND for a malformed or missing file (never quoting a token).
  static absl::StatusOr<Authorizer> FromFile(const std::string& path, bool allow_anonymous_writes);
  static absl::StatusOr<Authorizer> FromJson(const std::string& text, bool allow_anonymous_writes);

  // `authorization` is the header value ("Bearer <token>") or empty.
  // UNAUTHENTICATED for an unknown token or a non-bearer scheme.
  absl::StatusOr<Principal> Authenticate(absl::string_view authorization) const;

  // PERMISSION_DENIED when the principal may not `action` (e.g. "ApplyTransport"),
  // UNAUTHENTICATED when it needs a token and has none.
  absl::Status AuthorizeRead(const Principal& who, absl::string_view action) const;
  absl::Status AuthorizeWrite(const Principal& who, absl::string_view action) const;
  // What only an operator may do although it changes nothing, e.g. reading ad-hoc targets (the
  // service sends a credentials profile to an address the request names); `why` completes
  // "<action> <why> ..." in the error.
  absl::Status AuthorizeOperator(const Principal& who, absl::string_view action,
                                 absl::string_view why) const;

  bool has_tokens() const { return !by_hash_.empty(); }

 private:
  bool allow_anonymous_writes_ = false;
  std::map<std::string, Principal> by_hash_;  // sha256 hex -> principal
};

std::string Sha256Hex(absl::string_view data);

}  // namespace wlc::service
