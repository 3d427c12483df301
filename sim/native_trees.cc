#include "native_trees.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "licensing.h"
#include "restconf_errors.h"
#include "util.h"

namespace wlc::sim {
namespace {

using nlohmann::json;

constexpr Version kModelledSince{17, 9, 1};
constexpr char kHttpModule[] = "Cisco-IOS-XE-http:";
constexpr char kCryptoModule[] = "Cisco-IOS-XE-crypto:";
constexpr char kHttpClientError[] = "/Cisco-IOS-XE-native:native/ip/Cisco-IOS-XE-http:http/client";
constexpr char kTrustpointError[] =
    "/Cisco-IOS-XE-native:native/crypto/Cisco-IOS-XE-crypto:pki/trustpoint[id='SLA-TrustPoint']";

HttpResponse Fail(int status, const char* tag, const std::string& path, std::string message) {
  RestconfError e;
  e.status = status;
  e.type = status == 400 && std::string(tag) == "malformed-message" ? "protocol" : "application";
  e.tag = tag;
  e.path = path;
  e.message = std::move(message);
  return MakeErrorResponse(e);
}

HttpResponse Answer(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  if (!body.is_null()) {
    r.content_type = kYangDataJson;
    r.body = body.dump();
  }
  return r;
}

HttpResponse NotAllowed(const std::string& method, const char* allow) {
  HttpResponse r = Fail(405, "operation-not-supported", "",
                        "method " + method + " not supported on this resource");
  r.headers.emplace_back("Allow", allow);
  return r;
}

// A member name without the module prefix a child may repeat ("Cisco-IOS-XE-http:source-…").
std::string Local(const std::string& name, const char* module) {
  const std::string prefix(module);
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

// The body's single top-level member `module + name`, or an error.
const json* Member(const json& body, const std::string& qualified, const std::string& path,
                   HttpResponse* error) {
  if (!body.is_object() || body.size() != 1 || !body.contains(qualified)) {
    *error = Fail(400, "malformed-message", path,
                  "request body must be an object with the single member \"" + qualified + "\"");
    return nullptr;
  }
  return &body[qualified];
}

bool ParseJson(const std::string& text, json* out, HttpResponse* error) {
  *out = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out->is_discarded()) {
    *error = Fail(400, "malformed-message", "", "malformed JSON in request body");
    return false;
  }
  return true;
}

bool IsPlainString(const json& v, size_t max) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  return !s.empty() && s.size() <= max && !HasControlChar(s);
}

HttpResponse HttpClient(Controller& c, const HttpRequest& req) {
  CliOnlyConfig& cli = c.cli;
  const std::string& m = req.method;
  if (m == "GET") {
    json client = json::object();
    if (!cli.http_client_secure_trustpoint.empty())
      client["secure-trustpoint"] = cli.http_client_secure_trustpoint;
    if (!cli.http_client_source_interface.empty())
      client["source-interface"] = cli.http_client_source_interface;
    if (client.empty())
      return Fail(404, "invalid-value", kHttpClientError, "uri keypath not found");
    return Answer(200, {{std::string(kHttpModule) + "client", client}});
  }
  if (m == "DELETE") {
    if (cli.http_client_secure_trustpoint.empty() && cli.http_client_source_interface.empty())
      return Fail(404, "data-missing", kHttpClientError, "uri keypath not found");
    cli.http_client_secure_trustpoint.clear();
    cli.http_client_source_interface.clear();
    return Answer(204, json());
  }
  if (m != "PUT" && m != "PATCH") return NotAllowed(m, "GET, PUT, PATCH, DELETE");
  json body;
  HttpResponse error;
  if (!ParseJson(req.body, &body, &error)) return error;
  const json* client = Member(body, std::string(kHttpModule) + "client", kHttpClientError, &error);
  if (client == nullptr) return error;
  if (!client->is_object())
    return Fail(400, "invalid-value", kHttpClientError, "expected a JSON object");
  std::string trustpoint = m == "PUT" ? "" : cli.http_client_secure_trustpoint;
  std::string source = m == "PUT" ? "" : cli.http_client_source_interface;
  for (auto it = client->begin(); it != client->end(); ++it) {
    const std::string name = Local(it.key(), kHttpModule);
    const std::string path = std::string(kHttpClientError) + "/" + it.key();
    if (name == "secure-trustpoint") {
      if (!IsPlainString(it.value(), 219))
        return Fail(400, "invalid-value", path, "expected a string of length 1..219");
      trustpoint = it.value().get<std::string>();
    } else if (name == "source-interface") {
      if (!IsPlainString(it.value(), 64))
        return Fail(400, "invalid-value", path, "expected an interface name");
      source = it.value().get<std::string>();
    } else {
      return Fail(400, "unknown-element", path,
                  "unknown element \"" + it.key() + "\" in " + kHttpClientError);
    }
  }
  cli.http_client_secure_trustpoint = trustpoint;
  cli.http_client_source_interface = source;
  return Answer(204, json());
}

// "" (unset) reads as the IOS-XE default ["crl"].
json RevocationCheck(const std::string& stored) {
  json list = json::array();
  std::string word;
  for (char ch : (stored.empty() ? std::string("crl") : stored) + " ") {
    if (ch != ' ') {
      word += ch;
    } else if (!word.empty()) {
      list.push_back(word);
      word.clear();
    }
  }
  return list;
}

HttpResponse SlaTrustpoint(Controller& c, const HttpRequest& req) {
  const std::string& m = req.method;
  const std::string member = std::string(kCryptoModule) + "trustpoint";
  if (m == "GET") {
    return Answer(
        200, {{member, json::array({{{"id", "SLA-TrustPoint"},
                                     {"revocation-check",
                                      RevocationCheck(c.cli.sla_trustpoint_revocation_check)}}})}});
  }
  if (m != "PUT" && m != "PATCH") return NotAllowed(m, "GET, PUT, PATCH");
  json body;
  HttpResponse error;
  if (!ParseJson(req.body, &body, &error)) return error;
  const json* entries = Member(body, member, kTrustpointError, &error);
  if (entries == nullptr) return error;
  if (!entries->is_array() || entries->size() != 1 || !(*entries)[0].is_object())
    return Fail(400, "invalid-value", kTrustpointError, "expected one list entry");
  const json& entry = (*entries)[0];
  std::optional<std::string> stored;
  bool has_key = false;
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    const std::string name = Local(it.key(), kCryptoModule);
    const std::string path = std::string(kTrustpointError) + "/" + it.key();
    if (name == "id") {
      if (it.value() != "SLA-TrustPoint")
        return Fail(400, "invalid-value", path, "key leaf differs from the key in the URI");
      has_key = true;
    } else if (name == "revocation-check") {
      if (!it.value().is_array() || it.value().empty())
        return Fail(400, "invalid-value", path, "expected a leaf-list (JSON array)");
      std::vector<std::string> words;
      for (const json& v : it.value()) {
        if (v != "crl" && v != "none" && v != "ocsp") {
          return Fail(400, "invalid-value", path,
                      "invalid enumeration value " + v.dump() + " (allowed: crl, none, ocsp)");
        }
        words.push_back(v.get<std::string>());
      }
      std::string joined;
      for (const std::string& w : words) joined += (joined.empty() ? "" : " ") + w;
      stored = joined == "crl" ? "" : joined;  // the default reads back as unset
    } else {
      return Fail(400, "unknown-element", path,
                  "element \"" + it.key() + "\" is not simulated by wlcsim (id, revocation-check)");
    }
  }
  if (!has_key) return Fail(400, "missing-element", kTrustpointError, "list key \"id\" missing");
  if (stored.has_value()) {
    c.cli.sla_trustpoint_revocation_check = *stored;
  } else if (m == "PUT") {
    c.cli.sla_trustpoint_revocation_check.clear();
  }
  return Answer(204, json());
}

}  // namespace

std::optional<HttpResponse> RouteNativeTree(Controller& c, const std::string& path,
                                            const HttpRequest& req) {
  const bool http = path == kHttpClientPath;
  const bool trustpoint = path == kSlaTrustpointPath;
  if (!http && !trustpoint) return std::nullopt;
  if (c.version < kModelledSince || (trustpoint && !IsSlup(c))) {
    return Fail(404, "invalid-value", http ? kHttpClientError : kTrustpointError,
                "uri keypath not found");
  }
  return http ? HttpClient(c, req) : SlaTrustpoint(c, req);
}

}  // namespace wlc::sim
