#include "restconf.h"

#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cli_config.h"
#include "restconf_errors.h"
#include "smart_config.h"
#include "util.h"

namespace wlcsim {
namespace {

using nlohmann::json;

constexpr std::string_view kData = "/restconf/data/";
constexpr char kSmartPath[] = "/restconf/data/Cisco-IOS-XE-native:native/license/smart";
constexpr char kSmartUrlPath[] = "/restconf/data/Cisco-IOS-XE-native:native/license/smart/url";
constexpr char kNativePath[] = "/restconf/data/Cisco-IOS-XE-native:native";
constexpr char kNativeVersionPath[] = "/restconf/data/Cisco-IOS-XE-native:native/version";
constexpr char kLicensingPath[] = "/restconf/data/cisco-smart-license:licensing";
constexpr char kLicensingStatePath[] = "/restconf/data/cisco-smart-license:licensing/state";
constexpr char kApGlobalPath[] =
    "/restconf/data/Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data";
constexpr char kJoinCountPath[] =
    "/restconf/data/Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data/"
    "emltd-join-count-stat";
constexpr char kTrustRpcPath[] = "/restconf/operations/cisco-smart-license:id-token-trust";
constexpr char kCliRpcPath[] = "/restconf/operations/Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc";

constexpr Version kCliRpcSince{17, 9, 1};
constexpr Version kJoinCountSince{17, 10, 1};

HttpResponse Json(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = kYangDataJson;
  r.body = body.dump();
  return r;
}

HttpResponse NoContent() {
  HttpResponse r;
  r.status = 204;
  return r;
}

HttpResponse Error(int status, const char* type, const char* tag, std::string path,
                   std::string message) {
  RestconfError e;
  e.status = status;
  e.type = type;
  e.tag = tag;
  e.path = std::move(path);
  e.message = std::move(message);
  return MakeErrorResponse(e);
}

HttpResponse NotFound(const std::string& path) {
  return Error(404, "application", "invalid-value", path, "uri keypath not found");
}

HttpResponse MethodNotAllowed(const std::string& method, const char* allow) {
  HttpResponse r = Error(405, "protocol", "operation-not-supported", "",
                         "method " + method + " not supported on this resource");
  r.headers.emplace_back("Allow", allow);
  return r;
}

// Parses a request body; on failure *error is the 400 malformed-message answer.
bool ParseBody(const std::string& body, json* out, HttpResponse* error) {
  *out = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (out->is_discarded()) {
    *error = Error(400, "protocol", "malformed-message", "", "malformed JSON in request body");
    return false;
  }
  return true;
}

// Returns the value of the single top-level member `name`, or nullptr with
// *error set.
const json* SingleMember(const json& body, const char* name, const std::string& path,
                         HttpResponse* error) {
  if (!body.is_object() || body.size() != 1 || !body.contains(name)) {
    *error = Error(
        400, "protocol", "malformed-message", path,
        std::string("request body must be an object with the single member \"") + name + "\"");
    return nullptr;
  }
  return &body[name];
}

HttpResponse HandleSmartWrite(Controller& c, const HttpRequest& req, bool replace) {
  json body;
  HttpResponse error;
  if (!ParseBody(req.body, &body, &error)) return error;
  const json* smart = SingleMember(body, "Cisco-IOS-XE-native:smart", kNativeSmartPath, &error);
  if (smart == nullptr) return error;
  json parsed;
  RestconfError e;
  if (!ParseSmartConfig(*smart, &parsed, &e)) return MakeErrorResponse(e);
  if (replace) {
    c.smart = std::move(parsed);
  } else {
    MergeSmartConfig(parsed, &c.smart);
  }
  if (parsed.contains("url") && parsed["url"].contains("default")) c.cli.url_smart.clear();
  return NoContent();
}

HttpResponse HandleNativePatch(Controller& c, const HttpRequest& req) {
  json body;
  HttpResponse error;
  if (!ParseBody(req.body, &body, &error)) return error;
  const json* native =
      SingleMember(body, "Cisco-IOS-XE-native:native", "/Cisco-IOS-XE-native:native", &error);
  if (native == nullptr) return error;
  auto strip = [](const std::string& k) {
    constexpr std::string_view kPrefix = "Cisco-IOS-XE-native:";
    return k.rfind(kPrefix, 0) == 0 ? k.substr(kPrefix.size()) : k;
  };
  if (!native->is_object()) {
    return Error(400, "application", "invalid-value", "/Cisco-IOS-XE-native:native",
                 "expected a JSON object");
  }
  const json* smart = nullptr;
  for (auto it = native->begin(); it != native->end(); ++it) {
    if (strip(it.key()) != "license" || !it.value().is_object()) {
      return Error(400, "application", "unknown-element", "/Cisco-IOS-XE-native:native/" + it.key(),
                   "element \"" + it.key() + "\" is not simulated by wlcsim (only license/smart)");
    }
    for (auto l = it.value().begin(); l != it.value().end(); ++l) {
      if (strip(l.key()) != "smart") {
        return Error(400, "application", "unknown-element",
                     "/Cisco-IOS-XE-native:native/license/" + l.key(),
                     "element \"" + l.key() + "\" is not simulated by wlcsim (only license/smart)");
      }
      smart = &l.value();
    }
  }
  if (smart == nullptr) return NoContent();
  json parsed;
  RestconfError e;
  if (!ParseSmartConfig(*smart, &parsed, &e)) return MakeErrorResponse(e);
  MergeSmartConfig(parsed, &c.smart);
  if (parsed.contains("url") && parsed["url"].contains("default")) c.cli.url_smart.clear();
  return NoContent();
}

HttpResponse HandleTrust(Fleet* fleet, size_t index, const HttpRequest& req) {
  const std::string path = "/cisco-smart-license:id-token-trust";
  json body;
  HttpResponse error;
  if (req.body.empty()) {
    return Error(400, "application", "data-missing", path + "/id-token",
                 "missing mandatory input leaf id-token");
  }
  if (!ParseBody(req.body, &body, &error)) return error;
  const json* input = SingleMember(body, "cisco-smart-license:input", path, &error);
  if (input == nullptr) return error;
  if (!input->is_object()) {
    return Error(400, "application", "invalid-value", path + "/input", "expected a JSON object");
  }
  bool force = false;
  bool all_ha = false;
  const json* token = nullptr;
  for (auto it = input->begin(); it != input->end(); ++it) {
    std::string key = it.key();
    if (key.rfind("cisco-smart-license:", 0) == 0) key.erase(0, 20);
    if (key == "id-token") {
      token = &it.value();
    } else if (key == "all-ha" || key == "force") {
      if (!it.value().is_boolean()) {
        return Error(400, "application", "invalid-value", path + "/" + key, "expected a boolean");
      }
      if (key == "force") force = it.value().get<bool>();
      if (key == "all-ha") all_ha = it.value().get<bool>();
    } else {
      return Error(400, "application", "unknown-element", path + "/" + it.key(),
                   "unknown element \"" + it.key() + "\"");
    }
  }
  if (token == nullptr) {
    return Error(400, "application", "data-missing", path + "/id-token",
                 "missing mandatory input leaf id-token");
  }
  if (!token->is_string() || token->get_ref<const std::string&>().empty() ||
      token->get_ref<const std::string&>().size() > 255) {
    return Error(400, "application", "invalid-value", path + "/id-token",
                 "id-token must be a string of length 1..255");
  }
  fleet->SubmitTrust(index, token->get<std::string>(), force, all_ha);
  return Json(200, {{"cisco-smart-license:output", {{"return-code", "registrationinprogress"}}}});
}

HttpResponse HandleCliRpc(Controller& c, const HttpRequest& req) {
  const std::string path = "/Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc";
  json body;
  HttpResponse error;
  if (req.body.empty()) {
    return Error(400, "application", "data-missing", path + "/config-clis",
                 "missing mandatory input leaf config-clis");
  }
  if (!ParseBody(req.body, &body, &error)) return error;
  const json* input = SingleMember(body, "Cisco-IOS-XE-cli-rpc:input", path, &error);
  if (input == nullptr) return error;
  if (!input->is_object()) {
    return Error(400, "application", "invalid-value", path + "/input", "expected a JSON object");
  }
  const json* clis = nullptr;
  for (auto it = input->begin(); it != input->end(); ++it) {
    std::string key = it.key();
    if (key.rfind("Cisco-IOS-XE-cli-rpc:", 0) == 0) key.erase(0, 21);
    if (key == "config-clis") {
      clis = &it.value();
    } else if (key == "timeout") {
      const json& t = it.value();
      if (!t.is_number_integer() || t.get<int64_t>() < 10 || t.get<int64_t>() > 1800) {
        return Error(400, "application", "invalid-value", path + "/timeout",
                     "timeout must be a uint32 in 10..1800");
      }
    } else if (key == "error-patterns") {
      if (!it.value().is_array()) {
        return Error(400, "application", "invalid-value", path + "/error-patterns",
                     "expected a list");
      }
    } else {
      return Error(400, "application", "unknown-element", path + "/" + it.key(),
                   "unknown element \"" + it.key() + "\"");
    }
  }
  if (clis == nullptr) {
    return Error(400, "application", "data-missing", path + "/config-clis",
                 "missing mandatory input leaf config-clis");
  }
  if (!clis->is_string() || clis->get_ref<const std::string&>().empty() ||
      clis->get_ref<const std::string&>().size() > 60000) {
    return Error(400, "application", "invalid-value", path + "/config-clis",
                 "config-clis must be a string of length 1..60000");
  }
  CliOutcome outcome = ApplyConfigClis(clis->get_ref<const std::string&>(), &c);
  if (!outcome.ok) {
    RestconfError e;
    e.status = 400;
    e.type = "application";
    e.tag = "operation-failed";
    e.path = path;
    e.message = "% Invalid input detected at '^' marker.";
    e.info_json = json{{"line", outcome.bad_line}, {"lineno", outcome.lineno}}.dump();
    return MakeErrorResponse(e);
  }
  return Json(200, {{"Cisco-IOS-XE-cli-rpc:output", {{"result", outcome.result}}}});
}

std::string MajorMinor(const Version& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor);
}

// Cuts a JSON answer in half so it no longer parses (malformed_json fault).
void Corrupt(HttpResponse* r) {
  std::string body = r->body.empty() ? std::string("{\"ietf-restconf:errors\":{") : r->body;
  body.resize(std::max<size_t>(1, body.size() / 2));
  r->status = 200;
  r->content_type = kYangDataJson;
  r->body = std::move(body);
}

}  // namespace

RestconfRouter::RestconfRouter(Fleet* fleet, std::string username, std::string password)
    : fleet_(fleet), expected_authorization_("Basic " + Base64Encode(username + ":" + password)) {}

bool RestconfRouter::ShouldReset(size_t index) {
  std::lock_guard<std::mutex> lock(fleet_->mu());
  return fleet_->at(index).faults.reset;
}

Reply RestconfRouter::Handle(size_t index, const HttpRequest& request) {
  std::lock_guard<std::mutex> lock(fleet_->mu());
  Controller& c = fleet_->at(index);
  Reply reply;
  reply.delay = std::chrono::milliseconds(c.faults.latency_ms);
  if (c.faults.silent) {
    reply.silent = true;
    return reply;
  }
  if (c.faults.status != 0) {
    RestconfError e;
    e.status = c.faults.status;
    e.type = c.faults.status >= 500 ? "application" : "protocol";
    e.tag = ErrorTagForStatus(c.faults.status);
    e.message = "injected fault: status " + std::to_string(c.faults.status);
    reply.response = MakeErrorResponse(e);
  } else if (request.authorization != expected_authorization_) {
    reply.response = Error(401, "protocol", "access-denied", "", "access denied");
    reply.response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"restconf\"");
  } else {
    reply.response = Route(c, index, request);
  }
  if (c.faults.malformed_json) Corrupt(&reply.response);
  return reply;
}

HttpResponse RestconfRouter::Route(Controller& c, size_t index, const HttpRequest& req) {
  std::string path = req.target.substr(0, req.target.find('?'));
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  const std::string& m = req.method;

  if (path == "/.well-known/host-meta") {
    if (m != "GET") return MethodNotAllowed(m, "GET");
    HttpResponse r;
    r.content_type = "application/xrd+xml";
    r.body =
        "<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>"
        "<Link rel='restconf' href='/restconf'/></XRD>";
    return r;
  }
  if (path == "/restconf") {
    if (m != "GET") return MethodNotAllowed(m, "GET");
    return Json(200, {{"ietf-restconf:restconf",
                       {{"data", json::object()},
                        {"operations", json::object()},
                        {"yang-library-version", "2016-06-21"}}}});
  }
  if (path == kSmartPath) {
    if (m == "GET") return Json(200, {{"Cisco-IOS-XE-native:smart", c.NativeSmart()}});
    if (m == "PATCH") return HandleSmartWrite(c, req, /*replace=*/false);
    if (m == "PUT") return HandleSmartWrite(c, req, /*replace=*/true);
    if (m == "DELETE") {
      c.smart = json::object();
      c.cli.url_smart.clear();
      return NoContent();
    }
    return MethodNotAllowed(m, "GET, PATCH, PUT, DELETE");
  }
  if (path == kSmartUrlPath) {
    if (m == "GET") {
      json smart = c.NativeSmart();
      if (!smart.contains("url")) {
        return Error(404, "application", "invalid-value", path.substr(kData.size() - 1),
                     "uri keypath not found");
      }
      return Json(200, {{"Cisco-IOS-XE-native:url", smart["url"]}});
    }
    if (m == "DELETE") {
      c.smart.erase("url");
      return NoContent();
    }
    return MethodNotAllowed(m, "GET, DELETE");
  }
  if (path == kNativePath) {
    if (m == "GET") {
      return Json(
          200, {{"Cisco-IOS-XE-native:native",
                 {{"version", MajorMinor(c.version)}, {"license", {{"smart", c.NativeSmart()}}}}}});
    }
    if (m == "PATCH") return HandleNativePatch(c, req);
    return MethodNotAllowed(m, "GET, PATCH");
  }
  if (path == kNativeVersionPath) {
    if (m != "GET") return MethodNotAllowed(m, "GET");
    return Json(200, {{"Cisco-IOS-XE-native:version", MajorMinor(c.version)}});
  }
  if (path == kLicensingStatePath || path == kLicensingPath) {
    if (m != "GET") return MethodNotAllowed(m, "GET");
    json state = c.LicensingState();
    if (path == kLicensingStatePath) return Json(200, {{"cisco-smart-license:state", state}});
    return Json(200, {{"cisco-smart-license:licensing", {{"state", state}}}});
  }
  if (path == kApGlobalPath || path == kJoinCountPath) {
    if (c.version < kJoinCountSince) return NotFound(path.substr(kData.size() - 1));
    if (m != "GET") return MethodNotAllowed(m, "GET");
    json stat = {{"joined-aps-count", c.joined_aps}};
    if (path == kJoinCountPath) {
      return Json(200, {{"Cisco-IOS-XE-wireless-ap-global-oper:emltd-join-count-stat", stat}});
    }
    return Json(200, {{"Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data",
                       {{"emltd-join-count-stat", stat}}}});
  }
  if (path == kTrustRpcPath) {
    if (m != "POST") return MethodNotAllowed(m, "POST");
    return HandleTrust(fleet_, index, req);
  }
  if (path == kCliRpcPath) {
    if (c.version < kCliRpcSince) {
      return Error(404, "application", "invalid-value", "/Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc",
                   "uri keypath not found");
    }
    if (m != "POST") return MethodNotAllowed(m, "POST");
    return HandleCliRpc(c, req);
  }
  std::string error_path = path.rfind(kData, 0) == 0 ? path.substr(kData.size() - 1) : path;
  return NotFound(error_path);
}

}  // namespace wlcsim
