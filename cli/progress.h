// Live progress of a fleet operation on stderr. On a terminal: one self-overwriting bar line
// "[#####-----] 5/10  ok 4  failed 1"; otherwise (a pipe, a CI log) one plain line per finished
// controller. Not thread-safe: fed from the one thread that reads the stream.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "wlc/licensing/v1/fleet.pb.h"

namespace wlc::cli {

class Progress {
 public:
  // `total` 0 = unknown (a label selector the client could not resolve): counts only.
  Progress(std::ostream& err, bool tty, int total);

  void Add(const std::string& controller, int code, const std::string& message);
  // Clears the bar (terminal) before the summary or the results are printed.
  void Finish();

  int done() const { return ok_ + failed_; }
  int ok() const { return ok_; }
  int failed() const { return failed_; }

 private:
  void Draw();

  std::ostream& err_;
  bool tty_;
  int total_;
  int ok_ = 0;
  int failed_ = 0;
  bool drawn_ = false;
};

// "4 controllers: 3 ok, 1 failed (UNAVAILABLE 1) in 1.2 s".
std::string SummaryLine(const wlc::licensing::v1::FleetSummary& summary);

}  // namespace wlc::cli
