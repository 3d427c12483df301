#include "smart_config.h"

#include <string>
#include <vector>

#include "util.h"

namespace wlc::sim {
namespace {

using nlohmann::json;

enum class Kind { kContainer, kString, kTag, kEmpty, kTransport, kInterval, kUri };

struct Node {
  std::string name;
  Kind kind;
  std::vector<Node> children;
};

const Node& Schema() {
  static const Node* const kSchema = [] {
    auto leaf = [](const char* n, Kind k) { return Node{n, k, {}}; };
    auto box = [](const char* n, std::vector<Node> c) { return Node{n, Kind::kContainer, c}; };
    return new Node(box(
        "smart",
        {leaf("customer-id", Kind::kString), leaf("enable", Kind::kEmpty),
         leaf("transport-type", Kind::kTransport),
         box("privacy", {leaf("hostname", Kind::kEmpty), leaf("version", Kind::kEmpty)}),
         box("utility",
             {leaf("enable", Kind::kEmpty),
              box("customer-info", {leaf("city", Kind::kString), leaf("country", Kind::kString),
                                    leaf("id", Kind::kString), leaf("name", Kind::kString),
                                    leaf("postalcode", Kind::kString), leaf("state", Kind::kString),
                                    leaf("street", Kind::kString)})}),
         box("usage", {leaf("interval", Kind::kInterval),
                       box("customer-tags", {leaf("tag1", Kind::kTag), leaf("tag2", Kind::kTag),
                                             leaf("tag3", Kind::kTag), leaf("tag4", Kind::kTag)})}),
         box("url", {leaf("cslu", Kind::kUri), leaf("default", Kind::kEmpty),
                     leaf("name", Kind::kString), leaf("utility", Kind::kString)})}));
  }();
  return *kSchema;
}

constexpr char kModulePrefix[] = "Cisco-IOS-XE-native:";

bool Fail(RestconfError* error, const char* tag, const std::string& path, std::string message) {
  error->status = 400;
  error->type = "application";
  error->tag = tag;
  error->path = path;
  error->message = std::move(message);
  return false;
}

bool CheckLeaf(const Node& node, const json& v, const std::string& path, RestconfError* error) {
  switch (node.kind) {
    case Kind::kString:
      if (!v.is_string()) return Fail(error, "invalid-value", path, "expected a string");
      if (HasControlChar(v.get_ref<const std::string&>()))
        return Fail(error, "invalid-value", path, "control character in string");
      return true;
    case Kind::kTag: {
      if (!v.is_string()) return Fail(error, "invalid-value", path, "expected a string");
      size_t n = v.get_ref<const std::string&>().size();
      if (n < 1 || n > 127) return Fail(error, "invalid-value", path, "length must be 1..127");
      return true;
    }
    case Kind::kEmpty:
      if (!(v.is_array() && v.size() == 1 && v[0].is_null()))
        return Fail(error, "invalid-value", path, "type empty must be encoded as [null]");
      return true;
    case Kind::kTransport: {
      static const char* const kEnums[] = {"callhome", "smart", "cslu", "Off", "automatic"};
      if (v.is_string()) {
        for (const char* e : kEnums)
          if (v.get_ref<const std::string&>() == e) return true;
      }
      return Fail(error, "invalid-value", path,
                  "invalid enumeration value " + v.dump() +
                      " (allowed: callhome, smart, cslu, Off, automatic)");
    }
    case Kind::kInterval:
      if (!v.is_number_integer())
        return Fail(error, "invalid-value", path, "expected a uint32 number");
      if (v.is_number_unsigned() ? (v.get<uint64_t>() < 1 || v.get<uint64_t>() > 365)
                                 : (v.get<int64_t>() < 1 || v.get<int64_t>() > 365))
        return Fail(error, "invalid-value", path, "value " + v.dump() + " out of range 1..365");
      return true;
    case Kind::kUri:
      if (!v.is_string() || !LooksLikeUri(v.get_ref<const std::string&>()))
        return Fail(error, "invalid-value", path, "expected an inet:uri");
      return true;
    case Kind::kContainer:
      break;
  }
  return true;
}

bool ParseNode(const Node& node, const json& in, const std::string& path, json* out,
               RestconfError* error) {
  if (node.kind != Kind::kContainer) {
    if (!CheckLeaf(node, in, path, error)) return false;
    *out = in;
    return true;
  }
  if (!in.is_object()) return Fail(error, "invalid-value", path, "expected a JSON object");
  *out = json::object();
  for (auto it = in.begin(); it != in.end(); ++it) {
    std::string name = it.key();
    if (name.rfind(kModulePrefix, 0) == 0) name.erase(0, sizeof(kModulePrefix) - 1);
    const Node* child = nullptr;
    for (const Node& c : node.children) {
      if (c.name == name) child = &c;
    }
    std::string child_path = path + "/" + it.key();
    if (child == nullptr) {
      return Fail(error, "unknown-element", child_path,
                  "unknown element \"" + it.key() + "\" in " + path);
    }
    if (out->contains(name)) return Fail(error, "invalid-value", child_path, "duplicate member");
    if (!ParseNode(*child, it.value(), child_path, &(*out)[name], error)) return false;
  }
  if (node.name == "url" && out->contains("default") &&
      (out->contains("name") || out->contains("utility"))) {
    return Fail(error, "invalid-value", path,
                "data for both cases \"set-default\" and \"set-urls\" of choice "
                "\"url-setting\" exist");
  }
  return true;
}

void MergeObjects(const json& patch, json* target) {
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.value().is_object()) {
      json& t = (*target)[it.key()];
      if (!t.is_object()) t = json::object();
      MergeObjects(it.value(), &t);
    } else {
      (*target)[it.key()] = it.value();
    }
  }
}

void Prune(json* j) {
  if (!j->is_object()) return;
  for (auto it = j->begin(); it != j->end();) {
    Prune(&it.value());
    if (it.value().is_object() && it.value().empty()) {
      it = j->erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

bool ParseSmartConfig(const json& in, json* out, RestconfError* error) {
  return ParseNode(Schema(), in, kNativeSmartPath, out, error);
}

void MergeSmartConfig(const json& patch, json* config) {
  if (!config->is_object()) *config = json::object();
  auto url = patch.find("url");
  if (url != patch.end() && config->contains("url")) {
    json& current = (*config)["url"];
    if (url->contains("default")) {
      current.erase("name");
      current.erase("utility");
    }
    if (url->contains("name") || url->contains("utility")) current.erase("default");
  }
  MergeObjects(patch, config);
}

json RenderSmartConfig(const json& config) {
  json out = config.is_object() ? config : json::object();
  Prune(&out);
  if (!out.contains("transport-type")) out["transport-type"] = "cslu";
  return out;
}

std::string SmartTransport(const json& config) {
  auto it = config.find("transport-type");
  if (it == config.end() || !it->is_string()) return "cslu";
  return it->get<std::string>();
}

void SetUrlDefault(json* config) {
  json& url = (*config)["url"];
  if (!url.is_object()) url = json::object();
  url.erase("name");
  url.erase("utility");
  url["default"] = json::array({nullptr});
}

}  // namespace wlc::sim
