#include "cli/secret_input.h"

#include <termios.h>
#include <unistd.h>

#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace wlc::cli {
namespace {

// Turns terminal echo off for its lifetime (stdin only).
class NoEcho {
 public:
  NoEcho() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }

 private:
  termios saved_{};
  bool active_ = false;
};

}  // namespace

absl::StatusOr<std::string> ReadIdToken(const std::string& path, std::istream& in, bool in_is_tty,
                                        std::ostream& prompt) {
  std::string line;
  if (path == "-") {
    if (in_is_tty) {
      prompt << "id token (input hidden): ";
      prompt.flush();
      NoEcho quiet;
      std::getline(in, line);
      prompt << "\n";
    } else {
      std::getline(in, line);
    }
  } else {
    std::ifstream file(path);
    if (!file) return absl::InvalidArgumentError(absl::StrCat("--token-file: cannot read ", path));
    std::getline(file, line);
  }
  std::string token(absl::StripAsciiWhitespace(line));
  if (token.empty()) {
    return absl::InvalidArgumentError(
        path == "-" ? "no id token on stdin" : absl::StrCat("--token-file: ", path, " is empty"));
  }
  return token;
}

}  // namespace wlc::cli
