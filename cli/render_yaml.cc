#include "cli/render_yaml.h"

#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace wlc::cli {
namespace {

// Plain scalars that a YAML reader would turn into something other than this string.
bool LooksLikeOtherType(const std::string& s) {
  static const std::regex kNumber(
      R"([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))");
  const std::string lower = absl::AsciiStrToLower(s);
  static const char* const kWords[] = {"true", "false", "yes", "no", "on",
                                       "off",  "null",  "~",   "y",  "n"};
  for (const char* w : kWords) {
    if (lower == w) return true;
  }
  // YAML 1.1 readers (PyYAML, Ruby) also resolve timestamps, sexagesimals (1:20) and octals
  // (0755): quote every number-like string and anything that starts like a date.
  static const std::regex kYaml11(
      R"([-+.]?[0-9][0-9._:eE+-]*|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?)");
  return std::regex_match(s, kNumber) || std::regex_match(s, kYaml11);
}

bool NeedsQuotes(const std::string& s) {
  if (s.empty() || LooksLikeOtherType(s)) return true;
  if (absl::ascii_isspace(static_cast<unsigned char>(s.front())) ||
      absl::ascii_isspace(static_cast<unsigned char>(s.back()))) {
    return true;
  }
  if (std::string("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string::npos) return true;
  if (absl::StrContains(s, ": ") || absl::StrContains(s, " #") || s.back() == ':') return true;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string Scalar(const nlohmann::ordered_json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    return NeedsQuotes(s) ? nlohmann::ordered_json(s).dump() : s;
  }
  if (v.is_null()) return "null";
  return v.dump();  // numbers and booleans read back the same in YAML
}

bool IsEmptyContainer(const nlohmann::ordered_json& v) {
  return (v.is_object() || v.is_array()) && v.empty();
}

std::string Key(const std::string& k) {
  return NeedsQuotes(k) ? nlohmann::ordered_json(k).dump() : k;
}

void Emit(const nlohmann::ordered_json& v, int indent, std::string* out);

// A value after "key:" or "- ": inline for scalars and empty containers, else on the next lines.
void EmitAfterIndicator(const nlohmann::ordered_json& v, int indent, std::string* out) {
  if (IsEmptyContainer(v)) {
    absl::StrAppend(out, " ", v.is_object() ? "{}" : "[]", "\n");
  } else if (v.is_object() || v.is_array()) {
    absl::StrAppend(out, "\n");
    Emit(v, indent, out);
  } else {
    absl::StrAppend(out, " ", Scalar(v), "\n");
  }
}

void Emit(const nlohmann::ordered_json& v, int indent, std::string* out) {
  const std::string pad(indent, ' ');
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      absl::StrAppend(out, pad, Key(it.key()), ":");
      // Sequences under a key sit at the key's indentation (the common compact style).
      EmitAfterIndicator(it.value(), it.value().is_array() ? indent : indent + 2, out);
    }
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if (item.is_object() && !item.empty()) {
        // "- " then the mapping's first key on the same line, the rest aligned under it.
        std::string nested;
        Emit(item, indent + 2, &nested);
        absl::StrAppend(out, pad, "- ", nested.substr(indent + 2));
      } else {
        absl::StrAppend(out, pad, "-");
        EmitAfterIndicator(item, indent + 2, out);
      }
    }
  } else {
    absl::StrAppend(out, pad, Scalar(v), "\n");
  }
}

}  // namespace

std::string ToYaml(const nlohmann::ordered_json& value) {
  if (IsEmptyContainer(value)) return value.is_object() ? "{}\n" : "[]\n";
  std::string out;
  Emit(value, 0, &out);
  return out;
}

}  // namespace wlc::cli
