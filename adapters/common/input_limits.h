// Limits on untrusted input, in one place. Every parser of text that comes from a northbound
// client (gRPC, RESTCONF), a file (config, inventory, tokens, credentials), a controller
// (RESTCONF, smartlic-service) or an upstream (CSSM, SSM On-Prem) checks against these constants
// and parses JSON only through ParseJson below. docs/limits.md lists each limit, where it is
// enforced and the error a client sees.
//
// Library: wlc_input_limits (the lowest one; wlc_device and everything above link it).
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace wlc::limits {

// JSON nesting (objects and arrays together). YANG data from a controller and every document the
// service reads nest a dozen levels at most; the model converters recurse once per level.
inline constexpr int kMaxJsonDepth = 64;

// Bytes of one document, per kind.
inline constexpr size_t kMaxRestconfBodyBytes = 1 << 20;  // a RESTCONF request body
inline constexpr size_t kMaxConfigFileBytes = 64 << 20;   // config, inventory: ~100,000 controllers
inline constexpr size_t kMaxSecretsFileBytes = 1 << 20;   // credentials profile, tokens file
inline constexpr size_t kMaxDeviceAnswerBytes = 8 << 20;  // one controller answer
inline constexpr size_t kMaxUpstreamAnswerBytes = 8 << 20;  // one CSSM / SSM On-Prem answer
inline constexpr size_t kMaxBundleBytes = 64 << 20;         // a usage or ACK bundle, a usage file

// Lengths of strings that become a URL, CLI text, a name or a label.
inline constexpr size_t kMaxUrlLength = 1024;       // a transport URL (CLI text on the controller)
inline constexpr size_t kMaxHostLength = 253;       // a DNS name (RFC 1035)
inline constexpr size_t kMaxCliTokenLength = 64;    // an interface or trustpoint name
inline constexpr size_t kMaxNameLength = 64;        // controller, profile, upstream, token name
inline constexpr size_t kMaxLabelLength = 128;      // a label key or value
inline constexpr size_t kMaxSelectorLength = 4096;  // a label selector's text
inline constexpr size_t kMaxSelectorTerms = 32;     // terms of one label selector
inline constexpr size_t kMaxRequestTargetLength = 8192;  // RESTCONF path + query
inline constexpr size_t kMaxSyslogLineBytes = 1024;      // RFC 3164 §4.1; longer lines are cut
inline constexpr size_t kMaxDeviceMessage = 300;         // a controller's error text, as quoted

// How much of a bad input an error message quotes.
inline constexpr size_t kMaxQuotedPrefix = 64;

// `text` for an error message: whole when it has at most kMaxQuotedPrefix bytes, else its first
// kMaxQuotedPrefix bytes (never splitting a UTF-8 sequence) then "… (N bytes)". Never pass a
// secret: this shortens, it does not redact.
std::string QuotePrefix(absl::string_view text);

// INVALID_ARGUMENT "<what> too long (N bytes, at most M)" when `text` is longer than `max`, quoting
// nothing of it; OK otherwise.
absl::Status CheckLength(absl::string_view what, absl::string_view text, size_t max);

// Parses exactly one JSON document. Rejects, before building any DOM, a text longer than
// `max_bytes` or nesting deeper than kMaxJsonDepth, so no input can exhaust the stack or the
// heap. Never throws. INVALID_ARGUMENT naming `what` and the reason ("larger than N bytes",
// "nested deeper than 64 levels", "not JSON (at byte N)"); the text itself is never quoted (it
// may be a credentials file).
absl::StatusOr<nlohmann::json> ParseJson(absl::string_view text, size_t max_bytes,
                                         absl::string_view what);

// The content of the file at `path`: NOT_FOUND "cannot read <path>" when it cannot be opened,
// INVALID_ARGUMENT "<path>: larger than N bytes" when it holds more than `max_bytes` (reading stops
// there).
absl::StatusOr<std::string> ReadFileAtMost(const std::string& path, size_t max_bytes);

// True when `text` nests objects/arrays deeper than kMaxJsonDepth outside strings (the check
// ParseJson makes first; linear, no allocation).
bool NestsTooDeep(absl::string_view text);

}  // namespace wlc::limits
