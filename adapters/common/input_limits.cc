#include "adapters/common/input_limits.h"

#include <fstream>

#include "absl/strings/str_cat.h"

namespace wlc::limits {

std::string QuotePrefix(absl::string_view text) {
  size_t cut = text.size();
  if (cut > kMaxQuotedPrefix) {
    cut = kMaxQuotedPrefix;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out;
  out.reserve(cut + 24);
  // Control characters would forge log lines or drive a terminal: show them as '?'.
  for (char c : text.substr(0, cut)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? '?' : c);
  }
  if (cut < text.size()) absl::StrAppend(&out, "\xE2\x80\xA6 (", text.size(), " bytes)");
  return out;
}

absl::Status CheckLength(absl::string_view what, absl::string_view text, size_t max) {
  if (text.size() <= max) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " too long (", text.size(), " bytes, at most ", max, ")"));
}

absl::StatusOr<std::string> ReadFileAtMost(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string out;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    if (out.size() + static_cast<size_t>(in.gcount()) > max_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": larger than ", max_bytes, " bytes"));
    }
    out.append(buf, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  return out;
}

bool NestsTooDeep(absl::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

absl::StatusOr<nlohmann::json> ParseJson(absl::string_view text, size_t max_bytes,
                                         absl::string_view what) {
  if (text.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": larger than ", max_bytes, " bytes (", text.size(), ")"));
  }
  // nlohmann's DOM and every walk over it (the model converters, dump) recurse per level: a
  // 200 KB "[[[[..." must be refused before any of them sees it.
  if (NestsTooDeep(text)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": nested deeper than ", kMaxJsonDepth, " levels"));
  }
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not JSON (at byte ", e.byte, ")"));
  } catch (const nlohmann::json::exception&) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not JSON"));
  }
}

}  // namespace wlc::limits
