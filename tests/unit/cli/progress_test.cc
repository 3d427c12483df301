// cli/progress.h: the bar on a terminal, one line per controller elsewhere, and the summary line.
#include "cli/progress.h"

#include <sstream>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

TEST(CliProgressTest, OneLinePerControllerWhenNotATerminal) {
  std::ostringstream err;
  Progress p(err, /*tty=*/false, /*total=*/2);
  p.Add("wlc-1", 0, "");
  p.Add("wlc-2", 14, "connect timed out");
  p.Finish();
  EXPECT_EQ(err.str(), "[1/2] wlc-1 ok\n[2/2] wlc-2 UNAVAILABLE: connect timed out\n");
  EXPECT_EQ(p.done(), 2);
  EXPECT_EQ(p.ok(), 1);
  EXPECT_EQ(p.failed(), 1);

  std::ostringstream unknown_total;
  Progress q(unknown_total, false, 0);
  q.Add("wlc-9", 0, "");
  EXPECT_EQ(unknown_total.str(), "[1] wlc-9 ok\n");
}

TEST(CliProgressTest, SelfOverwritingBarOnATerminal) {
  std::ostringstream err;
  Progress p(err, /*tty=*/true, /*total=*/3);
  p.Add("wlc-1", 0, "");
  p.Finish();
  const std::string bar = std::string(10, '#') + std::string(20, '-');
  EXPECT_EQ(err.str(), "\r\033[K[" + std::string(30, '-') + "] 0/3  ok 0  failed 0" + "\r\033[K[" +
                           bar + "] 1/3  ok 1  failed 0" + "\r\033[K");
}

TEST(CliProgressTest, SummaryLine) {
  wlc::licensing::v1::FleetSummary s;
  s.set_total(4);
  s.set_succeeded(1);
  s.set_failed(3);
  (*s.mutable_failures_by_code())["UNAVAILABLE"] = 2;
  (*s.mutable_failures_by_code())["DEADLINE_EXCEEDED"] = 1;
  s.set_duration_ms(1234);
  EXPECT_EQ(SummaryLine(s),
            "4 controllers: 1 ok, 3 failed (DEADLINE_EXCEEDED 1, UNAVAILABLE 2) in 1.2 s");
  wlc::licensing::v1::FleetSummary one;
  one.set_total(1);
  one.set_succeeded(1);
  EXPECT_EQ(SummaryLine(one), "1 controller: 1 ok, 0 failed in 0.0 s");
}

}  // namespace
}  // namespace wlc::cli
