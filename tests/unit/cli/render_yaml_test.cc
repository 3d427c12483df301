// cli/render_yaml.h: block-style YAML that reads back as the same JSON values.
#include "cli/render_yaml.h"

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

using nlohmann::ordered_json;

TEST(CliRenderYamlTest, MappingsSequencesAndEmptyContainers) {
  ordered_json doc = ordered_json::parse(R"({
    "name": "wlc-00001",
    "codes": [{"udi": "P:C9800,S:1", "installed": true}, {"udi": "P:C9800,S:2"}],
    "tags": ["a", "b"],
    "empty": {}, "none": [], "count": 3, "missing": null
  })");
  EXPECT_EQ(ToYaml(doc),
            "name: wlc-00001\n"
            "codes:\n"
            "- udi: P:C9800,S:1\n"
            "  installed: true\n"
            "- udi: P:C9800,S:2\n"
            "tags:\n"
            "- a\n"
            "- b\n"
            "empty: {}\n"
            "none: []\n"
            "count: 3\n"
            "missing: null\n");
  EXPECT_EQ(ToYaml(ordered_json::object()), "{}\n");
  EXPECT_EQ(ToYaml(ordered_json::array()), "[]\n");
}

TEST(CliRenderYamlTest, QuotesStringsThatWouldReadBackAsSomethingElse) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (const Case& c :
       {Case{"plain text", "plain text\n"}, Case{"", "\"\"\n"}, Case{"true", "\"true\"\n"},
        Case{"No", "\"No\"\n"}, Case{"17.12", "\"17.12\"\n"}, Case{"0755", "\"0755\"\n"},
        Case{"1:20", "\"1:20\"\n"}, Case{"2026-12-02", "\"2026-12-02\"\n"},
        Case{"a: b", "\"a: b\"\n"}, Case{"- x", "\"- x\"\n"}, Case{" lead", "\" lead\"\n"},
        Case{"tab\there", "\"tab\\there\"\n"}, Case{"x #y", "\"x #y\"\n"},
        Case{"end:", "\"end:\"\n"}}) {
    EXPECT_EQ(ToYaml(ordered_json(c.in)), c.out) << c.in;
  }
  EXPECT_EQ(ToYaml(ordered_json{{"yes", 1}}), "\"yes\": 1\n");
}

}  // namespace
}  // namespace wlc::cli
