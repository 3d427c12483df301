#include "service/restconf/resource_path.h"

#include "gtest/gtest.h"

namespace wlc::service::restconf {
namespace {

TEST(ParseDataPathTest, SegmentsModulesAndKeys) {
  auto segs = ParseDataPath("/wlc-licensing:licensing/controller=wlc%2F1%2C2/transport");
  ASSERT_TRUE(segs.ok()) << segs.status();
  ASSERT_EQ(segs->size(), 3u);
  EXPECT_EQ((*segs)[0].module, "wlc-licensing");
  EXPECT_EQ((*segs)[0].name, "licensing");
  EXPECT_FALSE((*segs)[0].has_key);
  EXPECT_EQ((*segs)[1].module, "");
  EXPECT_EQ((*segs)[1].name, "controller");
  EXPECT_TRUE((*segs)[1].has_key);
  EXPECT_EQ((*segs)[1].key, "wlc/1,2");
  EXPECT_EQ((*segs)[2].name, "transport");
}

TEST(ParseDataPathTest, EmptyAndEmptyKey) {
  EXPECT_TRUE(ParseDataPath("")->empty());
  EXPECT_TRUE(ParseDataPath("/")->empty());
  auto segs = ParseDataPath("/m:a/b=");
  ASSERT_TRUE(segs.ok());
  EXPECT_TRUE((*segs)[1].has_key);
  EXPECT_EQ((*segs)[1].key, "");
}

TEST(ParseDataPathTest, Rejects) {
  const char* bad[] = {"/m:a//b", "/m:a/b=x,y", "/m:a/b=%zz", "/m:a/b=%2", "/m:"};
  for (const char* p : bad) {
    EXPECT_EQ(ParseDataPath(p).status().code(), absl::StatusCode::kInvalidArgument) << p;
  }
}

TEST(PercentDecodeTest, Table) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {{"abc", "abc"},
                        {"a%20b", "a b"},
                        {"a+b", "a+b"},
                        {"%2f%2F", "//"},
                        {"%E2%9C%93", "\xE2\x9C\x93"}};
  for (const Case& c : cases) EXPECT_EQ(*PercentDecode(c.in), c.out) << c.in;
}

TEST(ControllerInstanceIdTest, Quotes) {
  EXPECT_EQ(ControllerInstanceId("wlc-1"), "/wlc-licensing:licensing/controller[name='wlc-1']");
  EXPECT_EQ(ControllerInstanceId("o'neil"), "/wlc-licensing:licensing/controller[name=\"o'neil\"]");
}

}  // namespace
}  // namespace wlc::service::restconf
