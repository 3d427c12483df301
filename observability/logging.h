// Structured logging: one JSON object per line on stderr ({"ts","level","msg",...fields}).
//
// Secrets never reach a log line: every registered secret (passwords of credentials profiles,
// bearer tokens, id tokens while a trust call runs) is replaced by "[REDACTED]" wherever it
// appears in the message or any field, and fields whose name marks a secret ("password",
// "id_token", "token", "authorization") are redacted whatever their value.
// Thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace wlc::log {

enum class Level { kDebug, kInfo, kWarning, kError };

using Fields = std::vector<std::pair<std::string, std::string>>;

void Log(Level level, absl::string_view msg, const Fields& fields = {});
inline void Info(absl::string_view msg, const Fields& f = {}) { Log(Level::kInfo, msg, f); }
inline void Warning(absl::string_view msg, const Fields& f = {}) { Log(Level::kWarning, msg, f); }
inline void Error(absl::string_view msg, const Fields& f = {}) { Log(Level::kError, msg, f); }

// Secrets shorter than 4 characters are ignored (they would redact ordinary text).
void RegisterSecret(const std::string& secret);
void UnregisterSecret(const std::string& secret);

// Holds a secret registered for its lifetime (e.g. an id token during one trust call).
class ScopedSecret {
 public:
  explicit ScopedSecret(std::string secret) : secret_(std::move(secret)) {
    RegisterSecret(secret_);
  }
  ~ScopedSecret() { UnregisterSecret(secret_); }
  ScopedSecret(const ScopedSecret&) = delete;
  ScopedSecret& operator=(const ScopedSecret&) = delete;

 private:
  std::string secret_;
};

// Replaces every registered secret in `text`.
std::string Redact(absl::string_view text);

// Formats one line without writing it (for tests and for the audit sink).
std::string FormatLine(Level level, absl::string_view msg, const Fields& fields);

// Where lines go (default stderr). Tests capture lines with a custom sink.
void SetSinkForTesting(void (*sink)(const std::string& line));

}  // namespace wlc::log
