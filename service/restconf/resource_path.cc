#include "service/restconf/resource_path.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "adapters/common/input_limits.h"

namespace wlc::service::restconf {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      return absl::InvalidArgumentError("truncated percent escape in the resource path");
    }
    const int hi = HexValue(text[i + 1]);
    const int lo = HexValue(text[i + 2]);
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError("malformed percent escape in the resource path");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

absl::StatusOr<std::vector<PathSegment>> ParseDataPath(absl::string_view path) {
  std::vector<PathSegment> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return out;
  for (absl::string_view raw : absl::StrSplit(path, '/')) {
    if (raw.empty()) return absl::InvalidArgumentError("empty segment in the resource path");
    PathSegment seg;
    absl::string_view ident = raw;
    const size_t eq = raw.find('=');
    if (eq != absl::string_view::npos) {
      ident = raw.substr(0, eq);
      absl::string_view key = raw.substr(eq + 1);
      // Unencoded ',' separates the keys of a multi-key list; every list here has one key.
      if (key.find(',') != absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat(
            "'", limits::QuotePrefix(ident), "' has one key; encode ',' in a key value as %2C"));
      }
      absl::StatusOr<std::string> decoded = PercentDecode(key);
      if (!decoded.ok()) return decoded.status();
      seg.has_key = true;
      seg.key = *std::move(decoded);
    }
    absl::StatusOr<std::string> name = PercentDecode(ident);
    if (!name.ok()) return name.status();
    const size_t colon = name->find(':');
    if (colon != std::string::npos) {
      seg.module = name->substr(0, colon);
      seg.name = name->substr(colon + 1);
    } else {
      seg.name = *name;
    }
    if (seg.name.empty()) return absl::InvalidArgumentError("empty node name in the resource path");
    out.push_back(std::move(seg));
  }
  return out;
}

std::string ControllerInstanceId(absl::string_view name) {
  // RFC 7951 §6.11 / XPath literals: single quotes unless the value holds one.
  const char q = name.find('\'') == absl::string_view::npos ? '\'' : '"';
  return absl::StrCat("/wlc-licensing:licensing/controller[name=", std::string(1, q), name,
                      std::string(1, q), "]");
}

}  // namespace wlc::service::restconf
