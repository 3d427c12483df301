// cli/output.h: -o formats, the proto3 JSON mapping with zero values, documents and streams.
#include "cli/output.h"

#include <sstream>

#include "gtest/gtest.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::cli {
namespace {

TEST(CliOutputTest, ParseFormat) {
  EXPECT_EQ(*ParseFormat("table"), Format::kTable);
  EXPECT_EQ(*ParseFormat("json"), Format::kJson);
  EXPECT_EQ(*ParseFormat("yaml"), Format::kYaml);
  absl::StatusOr<Format> bad = ParseFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'xml'"), absl::string_view::npos);
}

TEST(CliOutputTest, ProtoToJsonPrintsZeroValuesInFieldOrder) {
  wlc::licensing::v1::Transport t;
  t.set_type(wlc::licensing::v1::TRANSPORT_TYPE_SMART);
  t.set_url_default(true);
  nlohmann::ordered_json j = ProtoToJson(t);
  EXPECT_EQ(j["type"], "TRANSPORT_TYPE_SMART");
  EXPECT_EQ(j["url"], "");
  EXPECT_EQ(j["urlDefault"], true);
  EXPECT_EQ(j["usageIntervalDays"], 0);
  EXPECT_EQ(j.begin().key(), "type");
  EXPECT_FALSE(j.contains("proxy"));  // unset messages stay absent
}

TEST(CliOutputTest, DocumentsAndStreams) {
  nlohmann::ordered_json doc = {{"name", "wlc-1"}, {"count", 2}};
  std::ostringstream json, yaml, stream_json, stream_yaml;
  PrintDocument(doc, Format::kJson, json);
  EXPECT_EQ(json.str(), "{\n  \"name\": \"wlc-1\",\n  \"count\": 2\n}\n");
  PrintDocument(doc, Format::kYaml, yaml);
  EXPECT_EQ(yaml.str(), "name: wlc-1\ncount: 2\n");
  PrintStreamDocument(doc, Format::kJson, stream_json);
  PrintStreamDocument(doc, Format::kJson, stream_json);
  EXPECT_EQ(stream_json.str(),
            "{\"name\":\"wlc-1\",\"count\":2}\n{\"name\":\"wlc-1\",\"count\":2}\n");
  PrintStreamDocument(doc, Format::kYaml, stream_yaml);
  EXPECT_EQ(stream_yaml.str(), "---\nname: wlc-1\ncount: 2\n");
}

}  // namespace
}  // namespace wlc::cli
