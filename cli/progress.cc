#include "cli/progress.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/exit_codes.h"

namespace wlc::cli {

Progress::Progress(std::ostream& err, bool tty, int total) : err_(err), tty_(tty), total_(total) {
  if (tty_) Draw();
}

void Progress::Add(const std::string& controller, int code, const std::string& message) {
  (code == 0 ? ok_ : failed_)++;
  if (tty_) {
    Draw();
    return;
  }
  std::string counter = total_ > 0 ? absl::StrCat(done(), "/", total_) : absl::StrCat(done());
  err_ << "[" << counter << "] " << controller << " "
       << (code == 0 ? std::string("ok") : absl::StrCat(CodeName(code), ": ", message)) << "\n";
  err_.flush();
}

void Progress::Draw() {
  constexpr int kWidth = 30;
  std::string line;
  if (total_ > 0) {
    const int filled = std::min(kWidth, done() * kWidth / total_);
    line = absl::StrCat("[", std::string(filled, '#'), std::string(kWidth - filled, '-'), "] ",
                        done(), "/", total_);
  } else {
    line = absl::StrCat("done ", done());
  }
  absl::StrAppend(&line, "  ok ", ok_, "  failed ", failed_);
  err_ << "\r\033[K" << line;
  err_.flush();
  drawn_ = true;
}

void Progress::Finish() {
  if (tty_ && drawn_) {
    err_ << "\r\033[K";
    err_.flush();
  }
}

std::string SummaryLine(const wlc::licensing::v1::FleetSummary& s) {
  std::string line =
      absl::StrCat(s.total(), s.total() == 1 ? " controller: " : " controllers: ", s.succeeded(),
                   " ok, ", s.failed(), " failed");
  if (!s.failures_by_code().empty()) {
    std::vector<std::string> parts;
    for (const auto& [code, n] : s.failures_by_code()) parts.push_back(absl::StrCat(code, " ", n));
    std::sort(parts.begin(), parts.end());
    absl::StrAppend(&line, " (", absl::StrJoin(parts, ", "), ")");
  }
  if (s.changed() > 0) absl::StrAppend(&line, ", ", s.changed(), " changed");
  if (s.cancelled() > 0) absl::StrAppend(&line, ", ", s.cancelled(), " never started");
  absl::StrAppend(&line, absl::StrFormat(" in %.1f s", s.duration_ms() / 1000.0));
  return line;
}

}  // namespace wlc::cli
