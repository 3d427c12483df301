// YAML 1.2 block style from a JSON value: mappings as `key: value`, sequences as `- item`,
// strings plain when that reads back as the same string and double-quoted (JSON escapes, a
// subset of YAML's) otherwise. Empty containers print as {} and [].
#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace wlc::cli {

std::string ToYaml(const nlohmann::ordered_json& value);

}  // namespace wlc::cli
