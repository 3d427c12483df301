#include "cli/output.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cli/render_yaml.h"
#include "google/protobuf/util/json_util.h"

namespace wlc::cli {

absl::StatusOr<Format> ParseFormat(const std::string& name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "yaml") return Format::kYaml;
  return absl::InvalidArgumentError(
      absl::StrCat("-o: unknown output format '", name, "' (table, json or yaml)"));
}

nlohmann::ordered_json ProtoToJson(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  // Every field, zero or not: scripts read `.summary.failed` without guarding against null.
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(message, &text, options).ok()) {
    return nlohmann::ordered_json::object();
  }
  nlohmann::ordered_json doc =
      nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  return doc.is_discarded() ? nlohmann::ordered_json::object() : doc;
}

void PrintDocument(const nlohmann::ordered_json& doc, Format format, std::ostream& out) {
  if (format == Format::kYaml) {
    out << ToYaml(doc);
  } else {
    out << doc.dump(2) << "\n";
  }
}

void PrintStreamDocument(const nlohmann::ordered_json& doc, Format format, std::ostream& out) {
  if (format == Format::kYaml) {
    out << "---\n" << ToYaml(doc);
  } else {
    out << doc.dump() << "\n";
  }
  out.flush();
}

}  // namespace wlc::cli
