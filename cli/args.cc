#include "cli/args.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace wlc::cli {

std::string ParsedArgs::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

namespace {

const FlagSpec* FindLong(const std::vector<FlagSpec>& specs, const std::string& name) {
  for (const FlagSpec& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const FlagSpec* FindShort(const std::vector<FlagSpec>& specs, char c) {
  for (const FlagSpec& s : specs) {
    if (s.short_name != 0 && s.short_name == c) return &s;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs) {
  ParsedArgs parsed;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      parsed.AddPositional(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    const FlagSpec* spec = nullptr;
    std::string inline_value;
    bool has_inline = false;
    if (absl::StartsWith(arg, "--")) {
      std::string name = arg.substr(2);
      size_t eq = name.find('=');
      if (eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        has_inline = true;
        name = name.substr(0, eq);
      }
      spec = FindLong(specs, name);
      if (spec == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    } else {
      if (arg.size() != 2) return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg));
      spec = FindShort(specs, arg[1]);
      if (spec == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg));
    }
    if (spec->value_name.empty()) {
      if (has_inline) {
        return absl::InvalidArgumentError(absl::StrCat("--", spec->name, " takes no value"));
      }
      parsed.Set(spec->name, "true");
      continue;
    }
    if (has_inline) {
      parsed.Set(spec->name, inline_value);
      continue;
    }
    if (i + 1 >= args.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", spec->name, " needs a value (", spec->value_name, ")"));
    }
    parsed.Set(spec->name, args[++i]);
  }
  return parsed;
}

std::string FormatFlagHelp(const std::vector<FlagSpec>& specs) {
  std::vector<std::string> lefts;
  size_t width = 0;
  for (const FlagSpec& s : specs) {
    std::string left = s.short_name != 0 ? absl::StrCat("-", std::string(1, s.short_name), ", ")
                                         : std::string("    ");
    absl::StrAppend(&left, "--", s.name);
    if (!s.value_name.empty()) absl::StrAppend(&left, " ", s.value_name);
    width = std::max(width, left.size());
    lefts.push_back(std::move(left));
  }
  std::string out;
  for (size_t i = 0; i < specs.size(); ++i) {
    absl::StrAppend(&out, "  ", lefts[i], std::string(width - lefts[i].size() + 2, ' '),
                    specs[i].help, "\n");
  }
  return out;
}

}  // namespace wlc::cli
