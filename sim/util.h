// Small helpers shared by the simulator: time formatting, IOS-XE version
// parsing and comparison, base64, random strings. No I/O, thread-safe.
#ifndef WLC_SIM_UTIL_H_
#define WLC_SIM_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wlc::sim {

// IOS-XE release "17.12.1" (an optional letter suffix such as "17.3.2a" is kept
// for display but ignored for ordering). Compared numerically: 17.3.2 < 17.10.1.
struct Version {
  uint16_t major = 0;
  uint16_t minor = 0;
  uint16_t patch = 0;

  friend bool operator<(const Version& a, const Version& b) {
    if (a.major != b.major) return a.major < b.major;
    if (a.minor != b.minor) return a.minor < b.minor;
    return a.patch < b.patch;
  }
  friend bool operator>=(const Version& a, const Version& b) { return !(a < b); }
};

// Returns nullopt unless `text` is N.N.N with an optional [a-z] suffix.
std::optional<Version> ParseVersion(std::string_view text);

// Seconds since the Unix epoch (wall clock).
int64_t NowUnix();
// Unix time in milliseconds.
int64_t NowMillis();
// RFC 3339 with milliseconds, e.g. 2026-11-23T10:00:00.123+00:00 (valid yang:date-and-time).
std::string FormatDateTimeMillis(int64_t unix_ms);

// RFC 3339 / yang:date-and-time with an explicit "+00:00" offset,
// e.g. "2025-01-15T10:20:30+00:00".
std::string FormatDateTime(int64_t unix_seconds);

// RFC 7231 §7.1.1.1 IMF-fixdate for the HTTP Date header,
// e.g. "Tue, 24 Nov 2026 03:30:00 GMT" (English names, locale-independent).
std::string FormatHttpDate(int64_t unix_seconds);

// Standard base64 (RFC 4648 §4). Returns nullopt on invalid input.
std::optional<std::string> Base64Decode(std::string_view in);
std::string Base64Encode(std::string_view in);

// `length` characters from [A-Za-z0-9], from OpenSSL's CSPRNG.
std::string RandomAlnum(size_t length);

// True if `text` has a byte < 0x20 or 0x7f.
bool HasControlChar(std::string_view text);

// RFC 3986 absolute URI shape check: scheme ":" then printable non-space
// characters (inet:uri has no pattern in the YANG, but a device rejects junk).
bool LooksLikeUri(std::string_view text);

}  // namespace wlc::sim

#endif  // WLC_SIM_UTIL_H_
