// Command-line parsing for licensingctl: GNU-style long flags (`--name value`, `--name=value`),
// a few short aliases (-o, -O, -h) and positional arguments. Each command declares the flags it
// accepts; anything else is a usage error (exit code 2), never silently ignored.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wlc::cli {

struct FlagSpec {
  // Long name without dashes, e.g. "server".
  std::string name;
  // Placeholder shown in help ("HOST:PORT"); empty for a boolean flag.
  std::string value_name;
  std::string help;
  // One-letter alias without the dash, or 0.
  char short_name = 0;
};

class ParsedArgs {
 public:
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The last value given for `name`, or `fallback`. Boolean flags read as "true".
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& positional() const { return positional_; }

  void Set(const std::string& name, const std::string& value) { values_[name] = value; }
  void AddPositional(const std::string& arg) { positional_.push_back(arg); }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

// INVALID_ARGUMENT with a one-line reason for an unknown flag, a missing value or a value given
// to a boolean flag. `--` ends the flags.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs);

// "  --server HOST:PORT   help" lines, aligned.
std::string FormatFlagHelp(const std::vector<FlagSpec>& specs);

}  // namespace wlc::cli
