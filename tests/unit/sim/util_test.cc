// sim/util.h: version ordering, date formats, base64 and the input checks.
#include "sim/util.h"

#include <gtest/gtest.h>

#include <string>

namespace wlc::sim {
namespace {

TEST(SimUtilTest, ParseVersionOrdersNumerically) {
  auto v = ParseVersion("17.3.2a");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 17);
  EXPECT_EQ(v->minor, 3);
  EXPECT_EQ(v->patch, 2);
  EXPECT_TRUE(*ParseVersion("17.3.2") < *ParseVersion("17.10.1"));
  EXPECT_TRUE(*ParseVersion("17.12.1") >= *ParseVersion("17.9.1"));
  for (const char* bad : {"", "17", "17.12", "17.12.1.1", "17.x.1", "17.12.1AB", "v17.12.1"}) {
    EXPECT_FALSE(ParseVersion(bad)) << bad;
  }
}

TEST(SimUtilTest, DateFormats) {
  EXPECT_EQ(FormatDateTime(0), "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(FormatDateTime(1736936430), "2025-01-15T10:20:30+00:00");
  EXPECT_EQ(FormatDateTimeMillis(1736936430123), "2025-01-15T10:20:30.123+00:00");
  EXPECT_EQ(FormatHttpDate(1795491000), "Tue, 24 Nov 2026 03:30:00 GMT");
}

TEST(SimUtilTest, Base64RoundTripAndRejectsJunk) {
  for (std::string s : {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
                        std::string("\0\xff\x10", 3)}) {
    auto back = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(Base64Decode("Zm9v!mFy"));
}

TEST(SimUtilTest, RandomAlnumHasTheLengthAndAlphabet) {
  std::string r = RandomAlnum(64);
  ASSERT_EQ(r.size(), 64u);
  for (char c : r) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
  EXPECT_NE(RandomAlnum(32), RandomAlnum(32));
}

TEST(SimUtilTest, ControlCharsAndUris) {
  EXPECT_FALSE(HasControlChar("license smart url default"));
  EXPECT_TRUE(HasControlChar("a\nb"));
  EXPECT_TRUE(HasControlChar(std::string("a\x7f", 2)));
  EXPECT_TRUE(LooksLikeUri("https://smartreceiver.cisco.com/licservice/license"));
  EXPECT_TRUE(LooksLikeUri("urn:x"));
  EXPECT_FALSE(LooksLikeUri("no scheme"));
  EXPECT_FALSE(LooksLikeUri("https://a b"));
  EXPECT_FALSE(LooksLikeUri(""));
}

}  // namespace
}  // namespace wlc::sim
