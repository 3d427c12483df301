#include "observability/logging.h"

#include <cstdio>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace wlc::log {
namespace {

absl::Mutex& Mu() {
  static auto* mu = new absl::Mutex;
  return *mu;
}
// Reference counts: the same secret may be registered by several owners.
std::map<std::string, int>& Secrets() {
  static auto* secrets = new std::map<std::string, int>;
  return *secrets;
}
void (*g_sink)(const std::string&) = nullptr;

bool IsSecretFieldName(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  return absl::StrContains(lower, "password") || absl::StrContains(lower, "token") ||
         absl::StrContains(lower, "authorization") || absl::StrContains(lower, "secret");
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void RegisterSecret(const std::string& secret) {
  if (secret.size() < 4) return;
  absl::MutexLock lock(&Mu());
  ++Secrets()[secret];
}

void UnregisterSecret(const std::string& secret) {
  if (secret.size() < 4) return;
  absl::MutexLock lock(&Mu());
  auto it = Secrets().find(secret);
  if (it != Secrets().end() && --it->second == 0) Secrets().erase(it);
}

std::string Redact(absl::string_view text) {
  std::string out(text);
  absl::MutexLock lock(&Mu());
  for (const auto& [secret, count] : Secrets()) {
    if (absl::StrContains(out, secret)) out = absl::StrReplaceAll(out, {{secret, "[REDACTED]"}});
  }
  return out;
}

std::string FormatLine(Level level, absl::string_view msg, const Fields& fields) {
  nlohmann::json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = LevelName(level);
  line["msg"] = Redact(msg);
  for (const auto& [key, value] : fields) {
    line[key] = IsSecretFieldName(key) ? std::string("[REDACTED]") : Redact(value);
  }
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void Log(Level level, absl::string_view msg, const Fields& fields) {
  const std::string line = FormatLine(level, msg, fields);
  if (g_sink != nullptr) {
    g_sink(line);
    return;
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

void SetSinkForTesting(void (*sink)(const std::string& line)) { g_sink = sink; }

}  // namespace wlc::log
