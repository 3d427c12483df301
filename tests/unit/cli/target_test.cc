// cli/target.h: one controller or a fleet, exactly one of the two.
#include "cli/target.h"

#include <string>
#include <vector>

#include "cli/selector.h"
#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

absl::StatusOr<Target> FromArgs(const std::vector<std::string>& args) {
  absl::StatusOr<ParsedArgs> a = ParseArgs(args, SelectorFlags());
  if (!a.ok()) return a.status();
  return TargetFromArgs(*a);
}

TEST(CliTargetTest, OneControllerOrAFleet) {
  absl::StatusOr<Target> one = FromArgs({"wlc-00001"});
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_FALSE(one->fleet());
  EXPECT_EQ(one->controller, "wlc-00001");

  absl::StatusOr<Target> fleet = FromArgs({"--selector", "site=paris", "--concurrency", "8"});
  ASSERT_TRUE(fleet.ok()) << fleet.status();
  EXPECT_TRUE(fleet->fleet());
  EXPECT_EQ(fleet->selector.labels(), "site=paris");
  EXPECT_EQ(fleet->options.concurrency(), 8u);
}

TEST(CliTargetTest, BothNeitherOrMalformedIsAUsageError) {
  for (std::vector<std::string> bad : {std::vector<std::string>{},
                                       {"wlc-1", "--all"},
                                       {"--names", ","},
                                       {"--all", "--concurrency", "0"}}) {
    EXPECT_EQ(FromArgs(bad).status().code(), absl::StatusCode::kInvalidArgument)
        << (bad.empty() ? "(none)" : bad[0]);
  }
  EXPECT_EQ(FromArgs({}).status().message(), "give a controller name or --selector/--names/--all");
}

}  // namespace
}  // namespace wlc::cli
