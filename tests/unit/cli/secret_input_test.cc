// cli/secret_input.h: the id token from a file or from stdin, never from the command line.
#include "cli/secret_input.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

TEST(CliSecretInputTest, FirstLineOfAFileStripped) {
  const std::string path = ::testing::TempDir() + "/cli_secret_input_test_token";
  std::ofstream(path) << "  tok-123 \nsecond line\n";
  std::istringstream in;
  std::ostringstream prompt;
  absl::StatusOr<std::string> t = ReadIdToken(path, in, false, prompt);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(*t, "tok-123");
  EXPECT_EQ(prompt.str(), "");

  std::ofstream(path) << " \n";
  absl::StatusOr<std::string> empty = ReadIdToken(path, in, false, prompt);
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(empty.status().message(), "--token-file: " + path + " is empty");

  absl::StatusOr<std::string> missing = ReadIdToken(path + ".absent", in, false, prompt);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CliSecretInputTest, StdinWithoutAPromptWhenNotATerminal) {
  std::istringstream in("tok-456\n");
  std::ostringstream prompt;
  absl::StatusOr<std::string> t = ReadIdToken("-", in, false, prompt);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(*t, "tok-456");
  EXPECT_EQ(prompt.str(), "");
  std::istringstream none("");
  EXPECT_EQ(ReadIdToken("-", none, false, prompt).status().message(), "no id token on stdin");
}

}  // namespace
}  // namespace wlc::cli
