// Reads an id token without it ever touching the command line (where `ps` and shell history
// would show it): from a file, or from stdin ("-"). On a terminal the prompt does not echo.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"

namespace wlc::cli {

// The first line of the file (or of stdin for "-"), surrounding whitespace stripped.
// INVALID_ARGUMENT (usage) when the file cannot be read or holds no token.
absl::StatusOr<std::string> ReadIdToken(const std::string& path, std::istream& in, bool in_is_tty,
                                        std::ostream& prompt);

}  // namespace wlc::cli
