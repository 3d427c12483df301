// The input limits (adapters/common/input_limits.h) and the parsers of adapters/common that use
// them: the JSON helper, the quoted prefix, bounded file reads, the CLI grammar's lengths and the
// usage / ACK bundle parsers.
#include "adapters/common/input_limits.h"

#include <fstream>
#include <string>
#include <vector>

#include "adapters/common/cli_grammar.h"
#include "adapters/common/usage_relay.h"
#include "gtest/gtest.h"

namespace wlc::limits {
namespace {

std::string Nested(int depth, const std::string& inner = "1") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

TEST(ParseJsonTest, EnforcesSizeDepthAndSyntax) {
  struct Case {
    const char* name;
    std::string text;
    size_t max_bytes;
    bool ok;
    const char* message;  // for failures
  };
  const std::vector<Case> cases = {
      {"object", R"({"a":[1,{"b":null}]})", 100, true, ""},
      {"at the depth limit", Nested(kMaxJsonDepth), 1 << 20, true, ""},
      {"one level too deep", Nested(kMaxJsonDepth + 1), 1 << 20, false,
       "doc: nested deeper than 64 levels"},
      {"100,000 deep", "{\"wlc-licensing:input\":" + Nested(100000), 1 << 20, false,
       "doc: nested deeper than 64 levels"},
      {"brackets inside strings do not count", "[\"" + std::string(1000, '[') + "\"]", 1 << 20,
       true, ""},
      {"escaped quote keeps the string open", "[\"\\\"" + std::string(1000, '{') + "\"]", 1 << 20,
       true, ""},
      {"too large", std::string(101, ' ') + "1", 100, false, "doc: larger than 100 bytes (102)"},
      {"not JSON", "{\"a\":", 100, false, "doc: not JSON (at byte 6)"},
      {"two documents", "1 2", 100, false, "doc: not JSON (at byte 3)"},
      {"invalid UTF-8", "\"\xff\"", 100, false, "doc: not JSON (at byte 2)"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<nlohmann::json> j = ParseJson(c.text, c.max_bytes, "doc");
    EXPECT_EQ(j.ok(), c.ok) << c.name << ": " << j.status();
    if (!c.ok) {
      EXPECT_EQ(j.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
      EXPECT_EQ(j.status().message(), c.message) << c.name;
    }
  }
}

TEST(ParseJsonTest, NeverQuotesTheText) {
  absl::StatusOr<nlohmann::json> j =
      ParseJson(R"({"password":"S3cret-Pass",)", kMaxSecretsFileBytes, "profile");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().message().find("S3cret"), absl::string_view::npos) << j.status();
}

TEST(QuotePrefixTest, ShortensLongInputOnly) {
  EXPECT_EQ(QuotePrefix("wlc-1"), "wlc-1");
  EXPECT_EQ(QuotePrefix(std::string(64, 'a')), std::string(64, 'a'));
  const std::string three_mb(3 << 20, 'x');
  EXPECT_EQ(QuotePrefix(three_mb), std::string(64, 'x') + "\xE2\x80\xA6 (3145728 bytes)");
  // A multi-byte character straddling the cut is left out whole.
  const std::string utf8 = std::string(63, 'a') + "\xC3\xA9" + std::string(10, 'b');
  EXPECT_EQ(QuotePrefix(utf8), std::string(63, 'a') + "\xE2\x80\xA6 (75 bytes)");
  // Control characters cannot forge a log line.
  EXPECT_EQ(QuotePrefix("a\nb\x1b"), "a?b?");
}

TEST(CheckLengthTest, NamesWhatAndBothSizes) {
  EXPECT_TRUE(CheckLength("selector", "abc", 3).ok());
  absl::Status s = CheckLength("selector", "abcd", 3);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "selector too long (4 bytes, at most 3)");
}

TEST(ReadFileAtMostTest, StopsAtTheLimit) {
  char tmpl[] = "/tmp/input-limits-test-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  const std::string path = dir + "/f";
  std::ofstream(path) << std::string(100, 'z');
  absl::StatusOr<std::string> whole = ReadFileAtMost(path, 100);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->size(), 100u);
  absl::StatusOr<std::string> cut = ReadFileAtMost(path, 99);
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(cut.status().message(), path + ": larger than 99 bytes");
  EXPECT_EQ(ReadFileAtMost(dir + "/missing", 100).status().code(), absl::StatusCode::kNotFound);
}

TEST(CliGrammarLimitsTest, LengthsBeforeGrammar) {
  const std::string host = "cssm.example.com";
  struct Case {
    const char* name;
    absl::Status status;
    bool ok;
  };
  const std::string long_path(kMaxUrlLength, 'a');
  const std::vector<Case> cases = {
      {"URL at the limit",
       adapters::cli::CheckUrl("u", ("https://" + host + "/" + long_path).substr(0, kMaxUrlLength),
                               true),
       true},
      {"900 KB URL",
       adapters::cli::CheckUrl("u", "https://" + host + "/" + std::string(900 << 10, 'a'), true),
       false},
      {"254-byte host", adapters::cli::CheckHost("h", std::string(254, 'a')), false},
      {"65-byte interface", adapters::cli::CheckInterfaceName("i", "G" + std::string(64, '1')),
       false},
      {"65-byte trustpoint", adapters::cli::CheckTrustpointName("t", std::string(65, 'T')), false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.status.ok(), c.ok) << c.name << ": " << c.status;
    if (!c.ok) {
      EXPECT_EQ(c.status.code(), absl::StatusCode::kInvalidArgument) << c.name;
      EXPECT_LT(c.status.message().size(), 100u) << c.name << ": quotes the input";
    }
  }
  EXPECT_EQ(adapters::cli::CheckUrl("transport.url",
                                    "https://" + host + "/" + std::string(900 << 10, 'a'), true)
                .message(),
            "transport.url: URL too long (921625 bytes, at most 1024)");
}

TEST(UsageBundleTest, AckBundleAndUsageFileAreBounded) {
  struct Case {
    const char* name;
    std::string text;
    bool ok;
    size_t acks;
  };
  const std::vector<Case> cases = {
      {"ack bundle", R"({"bundle_type":"RUM_ACK","acks":[{"udi":"P:C9800-CL-K9,S:9A1"},1]})", true,
       2},
      {"not an ack bundle", R"({"bundle_type":"RUM_USAGE","acks":[]})", false, 0},
      {"bundle_type not a string", R"({"bundle_type":7,"acks":[]})", false, 0},
      {"acks not a list", R"({"bundle_type":"RUM_ACK","acks":{}})", false, 0},
      {"array", "[]", false, 0},
      {"deep", "{\"acks\":" + Nested(100000) + "}", false, 0},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::vector<nlohmann::json>> acks = adapters::ParseAckBundle(c.text);
    EXPECT_EQ(acks.ok(), c.ok) << c.name << ": " << acks.status();
    if (acks.ok()) EXPECT_EQ(acks->size(), c.acks) << c.name;
    if (!acks.ok()) EXPECT_EQ(acks.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
  }
  EXPECT_EQ(adapters::AckUdi(nlohmann::json::parse(R"({"udi":"P:X,S:Y"})")), "P:X,S:Y");
  EXPECT_EQ(adapters::AckUdi(nlohmann::json::parse(R"({"udi":5})")), "");
  EXPECT_EQ(adapters::AckUdi(nlohmann::json::parse("[]")), "");

  absl::StatusOr<std::vector<nlohmann::json>> reports =
      adapters::ParseUsageFile("<RUMReport><![CDATA[{\"a\":1}]]></RUMReport><RUMReport><![CDATA[" +
                               Nested(100000) + "]]></RUMReport>");
  EXPECT_EQ(reports.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(reports.status().message(), "usage file: a RUM report: nested deeper than 64 levels");
}

}  // namespace
}  // namespace wlc::limits
