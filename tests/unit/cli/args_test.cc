// cli/args.h: long and short flags, booleans, `--`, and the usage errors.
#include "cli/args.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

const std::vector<FlagSpec> kSpecs = {
    {"server", "HOST:PORT", "service address"},
    {"output", "FORMAT", "table, json or yaml", 'o'},
    {"dry-run", "", "show, do not change"},
};

TEST(CliArgsTest, ValuesBooleansShortAliasesAndPositionals) {
  absl::StatusOr<ParsedArgs> a = ParseArgs({"wlc-1", "--server", "h:1", "-o", "json", "--dry-run",
                                            "--server=h:2", "-", "--", "--not-a-flag"},
                                           kSpecs);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->Get("server"), "h:2");  // the last one wins
  EXPECT_EQ(a->Get("output"), "json");
  EXPECT_EQ(a->Get("dry-run"), "true");
  EXPECT_EQ(a->Get("absent", "fallback"), "fallback");
  EXPECT_FALSE(a->Has("absent"));
  EXPECT_EQ(a->positional(), (std::vector<std::string>{"wlc-1", "-", "--not-a-flag"}));
}

TEST(CliArgsTest, UsageErrorsAreInvalidArgument) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"--nope"}, "unknown flag --nope"},
           {{"-x"}, "unknown flag -x"},
           {{"-oj"}, "unknown flag -oj"},
           {{"--dry-run=yes"}, "--dry-run takes no value"},
           {{"--server"}, "--server needs a value (HOST:PORT)"},
       }) {
    absl::StatusOr<ParsedArgs> a = ParseArgs(c.args, kSpecs);
    ASSERT_FALSE(a.ok()) << c.message;
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(a.status().message(), c.message);
  }
}

TEST(CliArgsTest, FlagHelpIsAligned) {
  EXPECT_EQ(FormatFlagHelp(kSpecs),
            "      --server HOST:PORT  service address\n"
            "  -o, --output FORMAT     table, json or yaml\n"
            "      --dry-run           show, do not change\n");
}

}  // namespace
}  // namespace wlc::cli
