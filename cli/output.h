// Output formats (-o table|json|yaml) and the proto → JSON conversion they share. JSON is the
// proto3 JSON mapping (lowerCamelCase names, enums by name, 64-bit integers as strings), so a
// script reads the same fields the API documents, in proto field order and with zero values
// printed; YAML is that JSON in YAML form.
#pragma once

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "nlohmann/json.hpp"

namespace wlc::cli {

enum class Format { kTable, kJson, kYaml };

// INVALID_ARGUMENT (usage error) for anything but table, json, yaml.
absl::StatusOr<Format> ParseFormat(const std::string& name);

nlohmann::ordered_json ProtoToJson(const google::protobuf::Message& message);

// A whole document: pretty JSON, or YAML.
void PrintDocument(const nlohmann::ordered_json& doc, Format format, std::ostream& out);

// One document of a stream (watch): one JSON object per line, or YAML documents led by "---".
void PrintStreamDocument(const nlohmann::ordered_json& doc, Format format, std::ostream& out);

}  // namespace wlc::cli
