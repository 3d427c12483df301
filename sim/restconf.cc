#include "restconf.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cli_config.h"
#include "licensing.h"
#include "native_trees.h"
#include "restconf_errors.h"
#include "smart_config.h"
#include "util.h"

namespace wlc::sim {
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
constexpr char kModelledClisPath[] =
    "/restconf/operations/Cisco-IOS-XE-cli-rpc:get-modelled-config-clis";

constexpr char kXeLicenseRpcPath[] = "/restconf/operations/Cisco-IOS-XE-rpc:license";
constexpr char kSlRpcPrefix[] = "/restconf/operations/cisco-smart-license:";
constexpr char kApOperPath[] =
    "/restconf/data/Cisco-IOS-XE-wireless-access-point-oper:access-point-oper-data";
constexpr std::string_view kSlp = "/smartlic-service";

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

// get-modelled-config-clis: input `datastore` running|candidate (default
// running), output `result` (the CLI text) or `error-message`.
HttpResponse HandleModelledConfigClis(Controller& c, const HttpRequest& req) {
  const std::string path = "/Cisco-IOS-XE-cli-rpc:get-modelled-config-clis";
  std::string datastore = "running";
  if (!req.body.empty()) {
    json body;
    HttpResponse error;
    if (!ParseBody(req.body, &body, &error)) return error;
    // `{}` is an absent input; otherwise exactly the "input" member.
    if (!(body.is_object() && body.empty())) {
      const json* input = SingleMember(body, "Cisco-IOS-XE-cli-rpc:input", path, &error);
      if (input == nullptr) return error;
      if (!input->is_object()) {
        return Error(400, "application", "invalid-value", path + "/input",
                     "expected a JSON object");
      }
      for (auto it = input->begin(); it != input->end(); ++it) {
        std::string key = it.key();
        if (key.rfind("Cisco-IOS-XE-cli-rpc:", 0) == 0) key.erase(0, 21);
        if (key != "datastore") {
          return Error(400, "application", "unknown-element", path + "/" + it.key(),
                       "unknown element \"" + it.key() + "\"");
        }
        const json& v = it.value();
        if (!v.is_string() || (v != "running" && v != "candidate")) {
          return Error(400, "application", "invalid-value", path + "/datastore",
                       "invalid enumeration value " + v.dump() + " (allowed: running, candidate)");
        }
        datastore = v.get<std::string>();
      }
    }
  }
  if (datastore == "candidate") {
    // No `netconf-yang feature candidate-datastore` on the simulated controllers.
    return Json(200, {{"Cisco-IOS-XE-cli-rpc:output",
                       {{"error-message", "candidate datastore is not enabled"}}}});
  }
  return Json(200, {{"Cisco-IOS-XE-cli-rpc:output", {{"result", RunningConfigClis(c)}}}});
}

// Strips a "module:" prefix from an RPC input member name.
std::string Local(const std::string& key) {
  size_t colon = key.find(':');
  return colon == std::string::npos ? key : key.substr(colon + 1);
}

bool ValidFilePath(const std::string& path) {
  static const char* kPrefixes[] = {
      "bootflash:", "flash:", "ftp:",   "http:",   "https:", "nvram:",
      "param:",     "scp:",   "syslog", "system:", "tftp:",  "tmpsys:"};
  for (const char* p : kPrefixes)
    if (path.rfind(p, 0) == 0) return true;
  return false;
}
bool LocalFilePath(const std::string& path) {
  return path.rfind("bootflash:", 0) == 0 || path.rfind("flash:", 0) == 0 ||
         path.rfind("nvram:", 0) == 0 || path.rfind("tmpsys:", 0) == 0;
}

// license smart save usage ... file <path>. "" or an error text.
std::string DoSaveUsage(Controller& c, const std::string& which, uint32_t days,
                        const std::string& path) {
  if (!LocalFilePath(path))
    return "%Error: wlcsim stores files on bootflash:, flash: or nvram: only";
  std::vector<uint64_t> ids;
  std::string content = SaveUsage(c, which, days, c.DeviceNowS(), &ids);
  c.PutFile(path, std::move(content));
  return "";
}

// license smart import <path>. "" or an error text.
std::string DoImport(Controller& c, const std::string& path) {
  const std::string* content = c.File(path);
  if (content == nullptr) return "%Error opening " + path + " (No such file or directory)";
  std::vector<uint64_t> acked;
  std::string why = ImportData(c, *content, c.DeviceNowS(), &acked);
  return why.empty() ? "" : "Import Data Failed: " + why;
}

HttpResponse HandleXeLicense(Fleet* fleet, size_t index, Controller& c, const HttpRequest& req) {
  const std::string path = "/Cisco-IOS-XE-rpc:license";
  json body;
  HttpResponse error;
  if (req.body.empty()) {
    return Error(400, "application", "data-missing", path, "missing input");
  }
  if (!ParseBody(req.body, &body, &error)) return error;
  const json* input = SingleMember(body, "Cisco-IOS-XE-rpc:input", path, &error);
  if (input == nullptr) return error;
  auto bad = [&](const std::string& p, const std::string& m) {
    return Error(400, "application", "invalid-value", path + p, m);
  };
  if (!input->is_object() || input->size() != 1 || Local(input->begin().key()) != "smart" ||
      !input->begin().value().is_object() || input->begin().value().size() != 1) {
    return bad("", "wlcsim simulates license/smart with exactly one of trust, save, import");
  }
  const json& smart = input->begin().value();
  std::string cmd = Local(smart.begin().key());
  const json& arg = smart.begin().value();
  auto reply = [](const std::string& result) {
    return Json(200, {{"Cisco-IOS-XE-rpc:output", {{"result", result}}}});
  };
  if (cmd == "trust") {
    if (!arg.is_object()) return bad("/smart/trust", "expected an object");
    const json* token = nullptr;
    bool all = false, local = false, force = false;
    for (auto it = arg.begin(); it != arg.end(); ++it) {
      std::string k = Local(it.key());
      bool empty_leaf = it.value().is_array() && it.value().size() == 1 && it.value()[0].is_null();
      if (k == "idtoken") {
        token = &it.value();
      } else if ((k == "all" || k == "local" || k == "force") && empty_leaf) {
        (k == "all" ? all : k == "local" ? local : force) = true;
      } else {
        return Error(400, "application", "unknown-element", path + "/smart/trust/" + it.key(),
                     "unknown or mistyped element \"" + it.key() + "\" (empty leaves are [null])");
      }
    }
    if (token == nullptr)
      return Error(400, "application", "data-missing", path + "/smart/trust/idtoken",
                   "missing mandatory input leaf idtoken");
    if (!token->is_string() || token->get_ref<const std::string&>().empty())
      return bad("/smart/trust/idtoken", "idtoken must be a non-empty string");
    if (all && local) return bad("/smart/trust", "all and local are exclusive");
    fleet->SubmitTrust(index, token->get<std::string>(), force, all);
    return reply("");
  }
  if (cmd == "save") {
    // save/usage/{all|unreported}/file or save/usage/{days,file}
    const json* usage = arg.is_object() ? &arg : nullptr;
    if (usage == nullptr || usage->size() != 1 || Local(usage->begin().key()) != "usage" ||
        !usage->begin().value().is_object())
      return bad("/smart/save", "wlcsim simulates save/usage only");
    const json& u = usage->begin().value();
    std::string which;
    std::string file;
    uint32_t days = 0;
    for (auto it = u.begin(); it != u.end(); ++it) {
      std::string k = Local(it.key());
      if ((k == "all" || k == "unreported") && it.value().is_object() &&
          it.value().contains("file") && it.value()["file"].is_string()) {
        which = k;
        file = it.value()["file"].get<std::string>();
      } else if (k == "days" && it.value().is_number_unsigned() &&
                 it.value().get<uint64_t>() >= 1 && it.value().get<uint64_t>() <= 1000000) {
        which = "days";
        days = it.value().get<uint32_t>();
      } else if (k == "file" && it.value().is_string()) {
        file = it.value().get<std::string>();
      } else {
        return bad("/smart/save/usage/" + it.key(), "unexpected element " + it.value().dump());
      }
    }
    if (which.empty() || file.empty())
      return bad("/smart/save/usage", "need all|unreported|days and file");
    if (!ValidFilePath(file))
      return bad("/smart/save/usage/file", "file does not match the YANG pattern");
    return reply(DoSaveUsage(c, which, days, file));
  }
  if (cmd == "import") {
    if (!arg.is_string() || arg.get_ref<const std::string&>().empty())
      return bad("/smart/import", "import must be a non-empty string");
    if (!ValidFilePath(arg.get<std::string>()))
      return bad("/smart/import", "file does not match the YANG pattern");
    std::string why = DoImport(c, arg.get<std::string>());
    return reply(why.empty() ? "Import Data Successful" : why);
  }
  return Error(400, "application", "unknown-element", path + "/smart/" + smart.begin().key(),
               "\"" + smart.begin().key() + "\" is not simulated by wlcsim (trust, save, import)");
}

HttpResponse HandleSlRpc(Controller& c, const std::string& rpc, const HttpRequest& req) {
  const std::string path = "/cisco-smart-license:" + rpc;
  json body;
  HttpResponse error;
  if (req.body.empty())
    return Error(400, "application", "data-missing", path + "/file-path",
                 "missing mandatory input leaf file-path");
  if (!ParseBody(req.body, &body, &error)) return error;
  const json* input = SingleMember(body, "cisco-smart-license:input", path, &error);
  if (input == nullptr) return error;
  if (!input->is_object())
    return Error(400, "application", "invalid-value", path, "expected an object");
  std::string file;
  int64_t days = -1;
  for (auto it = input->begin(); it != input->end(); ++it) {
    std::string k = Local(it.key());
    const json& v = it.value();
    if (k == "file-path" && v.is_string() && !v.get_ref<const std::string&>().empty() &&
        v.get_ref<const std::string&>().size() <= 127) {
      file = v.get<std::string>();
    } else if (k == "days" && rpc == "rum-save-usage-days" && v.is_number_unsigned() &&
               v.get<uint64_t>() <= 0xffffffffULL) {
      days = v.get<int64_t>();
    } else {
      return Error(400, "application", "invalid-value", path + "/" + it.key(),
                   "unexpected or invalid element \"" + it.key() + "\"");
    }
  }
  if (file.empty())
    return Error(400, "application", "data-missing", path + "/file-path",
                 "missing mandatory input leaf file-path");
  auto out = [](const char* code) {
    return Json(200, {{"cisco-smart-license:output", {{"return-code", code}}}});
  };
  if (rpc == "import-file") {
    std::string why = DoImport(c, file);
    if (why.empty()) return out("success");
    return out(why.rfind("%Error opening", 0) == 0 ? "notfound" : "codevalidationfailed");
  }
  std::string which = rpc == "rum-save-usage-all"          ? "all"
                      : rpc == "rum-save-usage-unreported" ? "unreported"
                                                           : "days";
  if (which == "days" && days < 0) days = 90;
  if (!LocalFilePath(file)) return out("notsupported");
  return out(DoSaveUsage(c, which, static_cast<uint32_t>(days < 0 ? 0 : days), file).empty()
                 ? "success"
                 : "error");
}

HttpResponse PlainJson(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump();
  return r;
}

json ReportList(const Controller& c) {
  json list = json::array();
  for (const RumReport& r : c.reports) {
    if (r.state == RumState::kOpen) continue;
    list.push_back({{"report_id", r.report_id},
                    {"state", RumStateCli(r.state)},
                    {"feature", EntitlementName(r.entitlement)},
                    {"start_time", FormatDateTime(r.start_time)},
                    {"end_time", FormatDateTime(r.end_time)}});
  }
  return list;
}

// The IOS-XE SLP REST API (device-model.md §4, README "SLP REST API").
HttpResponse HandleSlp(Controller& c, const HttpRequest& req, const std::string& path) {
  const std::string& m = req.method;
  std::string sub = path.substr(kSlp.size());
  int64_t now = c.DeviceNowS();
  auto fail = [](int status, const std::string& message) {
    return PlainJson(status, {{"status", "FAILURE"}, {"message", message}});
  };
  auto reports = [&](const std::string& which, uint32_t days) {
    std::vector<uint64_t> ids;
    std::string file = SaveUsage(c, which, days, now, &ids, /*close_open=*/false);
    return PlainJson(200, {{"status", "SUCCESS"},
                           {"count", ids.size()},
                           {"report_ids", ids},
                           {"data", Base64Encode(file)}});
  };
  if (sub == "/close-reports") {
    if (m != "POST") return fail(405, "use POST");
    std::vector<uint64_t> ids = CloseOpenReports(c, now, 1);
    return PlainJson(200, {{"status", "SUCCESS"}, {"closed_report_ids", ids}});
  }
  if (sub == "/all-reports") {
    if (m != "GET") return fail(405, "use GET");
    return reports("unreported", 0);
  }
  if (sub == "/list") {
    if (m != "GET") return fail(405, "use GET");
    return PlainJson(200, {{"status", "SUCCESS"}, {"reports", ReportList(c)}});
  }
  if (sub == "/days" || sub.rfind("/days/", 0) == 0) {
    if (m != "GET") return fail(405, "use GET");
    uint64_t days = 90;
    if (sub.size() > 6) {
      std::string n = sub.substr(6);
      if (n.empty() || n.size() > 7 || n.find_first_not_of("0123456789") != std::string::npos ||
          std::stoul(n) == 0)
        return fail(400, "days must be 1..1000000");
      days = std::stoul(n);
    }
    return reports("days", static_cast<uint32_t>(days));
  }
  if (sub == "/import") {
    if (m != "POST") return fail(405, "use POST");
    json body = json::parse(req.body, nullptr, false);
    std::string b64 = req.body;
    if (!body.is_discarded() && body.is_object() && body.contains("data") &&
        body["data"].is_string()) {
      b64 = body["data"].get<std::string>();
    } else if (!body.is_discarded()) {
      return fail(400, "body must be {\"data\":\"<base64>\"} or the base64 text");
    }
    while (!b64.empty() && (b64.back() == '\n' || b64.back() == '\r' || b64.back() == ' '))
      b64.pop_back();
    auto decoded = Base64Decode(b64);
    if (!decoded) return fail(400, "data is not valid base64");
    std::vector<uint64_t> acked;
    std::string why = ImportData(c, *decoded, now, &acked);
    if (!why.empty()) return fail(400, "Import Data Failed: " + why);
    return PlainJson(200, {{"status", "SUCCESS"},
                           {"message", "Import Data Successful"},
                           {"acknowledged_report_ids", acked}});
  }
  if (sub.rfind("/file/", 0) == 0) {
    std::string file = sub.substr(6);
    if (!LocalFilePath(file))
      return fail(400, "path must start with bootflash:, flash:, nvram: or tmpsys:");
    if (m == "GET") {
      const std::string* content = c.File(file);
      if (content == nullptr) return fail(404, "no such file: " + file);
      return PlainJson(
          200, {{"path", file}, {"size", content->size()}, {"data", Base64Encode(*content)}});
    }
    if (m == "PUT" || m == "POST") {
      json body = json::parse(req.body, nullptr, false);
      if (body.is_discarded() || !body.is_object() || !body.contains("data") ||
          !body["data"].is_string())
        return fail(400, "body must be {\"data\":\"<base64>\"}");
      auto decoded = Base64Decode(body["data"].get<std::string>());
      if (!decoded) return fail(400, "data is not valid base64");
      size_t size = decoded->size();
      c.PutFile(file, std::move(*decoded));
      return PlainJson(200, {{"status", "SUCCESS"}, {"path", file}, {"size", size}});
    }
    return fail(405, "use GET or PUT");
  }
  if (sub == "/files") {
    if (m != "GET") return fail(405, "use GET");
    json list = json::array();
    for (const auto& [p, content] : c.files)
      list.push_back({{"path", p}, {"size", content.size()}});
    return PlainJson(200, {{"status", "SUCCESS"}, {"files", list}});
  }
  return fail(404, "no such resource: " + path);
}

json CapwapEntry(const Controller& c, uint32_t slot) {
  json e = {{"wtp-mac", ApMac(c.index, slot)},
            {"name", "AP-" + c.name.substr(4) + "-" + std::to_string(slot + 1)},
            {"device-detail",
             {{"static-info",
               {{"board-data", {{"wtp-serial-num", ApSerial(c.index, slot)}}},
                {"ap-models", {{"model", kApPid}}}}}}},
            {"ap-state",
             {{"ap-admin-state", "adminstate-enabled"}, {"ap-operation-state", "registered"}}}};
  if (c.version >= kApLicenseSince) {
    bool ok = c.ack_time != 0;
    e["ap-license"] = {{"cw-lic-required", true},
                       {"cw-lic-state", ok ? "cw-compliant" : "cw-non-compliant"},
                       {"cw-lic-ooc-reason", ok ? "cw-not-applicable" : "cw-never-licensed"}};
  }
  return e;
}

std::string MajorMinor(const Version& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor);
}

// A change of the configuration: a write on the data tree or the CLI RPC.
bool IsConfigWrite(const HttpRequest& req) {
  const std::string& m = req.method;
  if (m == "GET" || m == "HEAD" || m == "OPTIONS") return false;
  std::string_view path(req.target);
  path = path.substr(0, path.find('?'));
  return path.rfind(kData, 0) == 0 || path == kCliRpcPath;
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

bool RestconfRouter::ShouldFailTls(size_t index) {
  std::lock_guard<std::mutex> lock(fleet_->mu());
  return fleet_->at(index).faults.tls_failure;
}

ConnectionAdmission RestconfRouter::OpenConnection(size_t index) {
  std::lock_guard<std::mutex> lock(fleet_->mu());
  Controller& c = fleet_->at(index);
  RealismCounters& k = c.realism_counters;
  ConnectionAdmission a;
  if (c.realism.max_connections != 0 && k.connections_open >= c.realism.max_connections) {
    ++k.connections_refused;
    return a;
  }
  a.admitted = true;
  a.tls12_only = c.realism.tls12_only;
  a.idle_timeout_s = c.realism.connection_idle_s;
  ++k.connections_accepted;
  ++k.connections_open;
  k.max_connections_seen = std::max(k.max_connections_seen, k.connections_open);
  return a;
}

void RestconfRouter::CloseConnection(size_t index, bool idle) {
  std::lock_guard<std::mutex> lock(fleet_->mu());
  RealismCounters& k = fleet_->at(index).realism_counters;
  if (k.connections_open > 0) --k.connections_open;
  if (idle) ++k.closed_idle;
}

Reply RestconfRouter::Handle(size_t index, const HttpRequest& request) {
  std::lock_guard<std::mutex> lock(fleet_->mu());
  Controller& c = fleet_->at(index);
  const Realism& real = c.realism;
  RealismState& rs = c.realism_state;
  RealismCounters& counters = c.realism_counters;
  if (rs.rng == 0) rs.rng = real.seed * 0x9e3779b97f4a7c15ULL + index + 1;
  Reply reply;
  reply.idle_timeout_s = real.connection_idle_s;
  if (c.faults.reset) {
    // The reset fault hits kept-alive connections too, not only new ones.
    c.requests.Record(request.method == "GET", SteadyNowMs(), 0);
    ++counters.resets;
    reply.reset = true;
    return reply;
  }
  const bool delayed = c.faults.latency_path.empty() ||
                       request.target.find(c.faults.latency_path) != std::string::npos;
  int64_t delay_ms = (delayed ? c.faults.latency_ms : 0) + DrawLatencyMs(real, &rs);
  reply.delay = std::chrono::milliseconds(delay_ms);
  const int64_t now_ms = SteadyNowMs();
  c.requests.Record(request.method == "GET", now_ms, c.faults.silent ? 0 : delay_ms);
  if (c.faults.silent) {
    reply.silent = true;
    return reply;
  }
  // The keep-alive policy (`ip http timeout-policy`): this answer is the last.
  if (real.requests_per_connection != 0 &&
      request.connection_requests >= real.requests_per_connection) {
    reply.close = true;
    ++counters.closed_after_requests;
  } else if (real.connection_life_s != 0 &&
             request.connection_age_ms >= int64_t{real.connection_life_s} * 1000) {
    reply.close = true;
    ++counters.closed_life;
  }
  bool fail_status =
      c.faults.status != 0 && (c.faults.status_path.empty() ||
                               request.target.find(c.faults.status_path) != std::string::npos);
  if (fail_status && c.faults.status_skip > 0) {
    --c.faults.status_skip;
    fail_status = false;
  }
  const uint16_t injected_status = c.faults.status;
  if (fail_status && c.faults.status_count > 0 && --c.faults.status_count == 0) {
    c.faults.status = 0;  // the last of the counted failures
  }
  if (fail_status) {
    RestconfError e;
    e.status = injected_status;
    e.type = injected_status >= 500 ? "application" : "protocol";
    e.tag = ErrorTagForStatus(injected_status);
    e.message = "injected fault: status " + std::to_string(injected_status);
    reply.response = MakeErrorResponse(e);
  } else if (c.faults.force_401 || request.authorization != expected_authorization_) {
    bool slp = request.target.rfind(kSlp, 0) == 0;
    reply.response = slp ? PlainJson(401, {{"status", "FAILURE"}, {"message", "access denied"}})
                         : Error(401, "protocol", "access-denied", "", "access denied");
    reply.response.headers.emplace_back(
        "WWW-Authenticate", slp ? "Basic realm=\"smartlic-service\"" : "Basic realm=\"restconf\"");
  } else if (real.error_rate > 0 && rs.Uniform() < real.error_rate) {
    // 17.18.1's transient failure; nothing was applied.
    ++counters.injected_500;
    reply.response =
        Error(500, "application", "operation-failed", "", "Process DBAL response failed");
  } else if (!IsConfigWrite(request)) {
    reply.response = Route(c, index, request);
  } else if (rs.lock_until_ms > now_ms && rs.lock_session != request.session) {
    ++counters.lock_denied;
    reply.response =
        Error(409, "protocol", "lock-denied", "",
              "the configuration database is locked by session " + std::to_string(rs.lock_session));
  } else if (rs.sync_until_ms > now_ms) {
    ++counters.sync_denied;
    reply.response = Error(409, "application", "in-use", "",
                           "inconsistent value: Device refused one or more commands: "
                           "sync in progress, try again later");
  } else {
    if (real.datastore_lock) {
      // The write holds the datastore until its answer goes out.
      rs.lock_session = request.session;
      rs.lock_until_ms = std::max(rs.lock_until_ms, now_ms + delay_ms);
    }
    reply.response = Route(c, index, request);
    if (real.sync_ms != 0 && reply.response.status < 300) {
      rs.sync_until_ms = now_ms + delay_ms + real.sync_ms;
    }
  }
  if (real.truncate_rate > 0 && rs.Uniform() < real.truncate_rate) {
    ++counters.truncated;
    reply.truncate = true;
  }
  if (c.faults.malformed_json) Corrupt(&reply.response);
  // The controller's own clock (skew included), as a client sees it in Date.
  reply.response.headers.emplace_back("Date", FormatHttpDate(c.DeviceNowS()));
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
  if (std::optional<HttpResponse> tree = RouteNativeTree(c, path, req)) return *tree;
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
    if (!IsSlup(c)) return NotFound("/cisco-smart-license:id-token-trust");
    if (m != "POST") return MethodNotAllowed(m, "POST");
    return HandleTrust(fleet_, index, req);
  }
  if (path == kXeLicenseRpcPath) {
    if (!IsSlup(c)) return NotFound("/Cisco-IOS-XE-rpc:license");
    if (m != "POST") return MethodNotAllowed(m, "POST");
    return HandleXeLicense(fleet_, index, c, req);
  }
  if (path.rfind(kSlRpcPrefix, 0) == 0) {
    std::string rpc = path.substr(std::string_view(kSlRpcPrefix).size());
    if (rpc == "rum-save-usage-all" || rpc == "rum-save-usage-unreported" ||
        rpc == "rum-save-usage-days" || rpc == "import-file") {
      if (!IsSlup(c)) return NotFound("/cisco-smart-license:" + rpc);
      if (m != "POST") return MethodNotAllowed(m, "POST");
      return HandleSlRpc(c, rpc, req);
    }
  }
  if (path == kSlp || path.rfind(std::string(kSlp) + "/", 0) == 0) {
    if (!IsSlup(c)) return PlainJson(404, {{"status", "FAILURE"}, {"message", "not found"}});
    return HandleSlp(c, req, path);
  }
  if (path.rfind(kApOperPath, 0) == 0) {
    if (m != "GET") return MethodNotAllowed(m, "GET");
    std::string rest = path.substr(std::string_view(kApOperPath).size());
    if (rest.empty() || rest == "/capwap-data") {
      json list = json::array();
      for (uint32_t k = 0; k < c.joined_aps && k < 65536; ++k) list.push_back(CapwapEntry(c, k));
      if (rest.empty()) {
        json data = json::object();
        if (!list.empty()) data["capwap-data"] = list;
        return Json(200,
                    {{"Cisco-IOS-XE-wireless-access-point-oper:access-point-oper-data", data}});
      }
      if (list.empty()) return NotFound(path.substr(kData.size() - 1));
      return Json(200, {{"Cisco-IOS-XE-wireless-access-point-oper:capwap-data", list}});
    }
    if (rest.rfind("/capwap-data=", 0) == 0) {
      std::string key = rest.substr(13);
      std::string mac;
      for (size_t p = 0; p < key.size(); ++p) {
        if (key[p] == '%' && p + 2 < key.size() && key.compare(p, 3, "%3A") == 0) {
          mac += ':';
          p += 2;
        } else if (key[p] == '%' && p + 2 < key.size() && key.compare(p, 3, "%3a") == 0) {
          mac += ':';
          p += 2;
        } else {
          mac += static_cast<char>(std::tolower(static_cast<unsigned char>(key[p])));
        }
      }
      std::string suffix;
      size_t slash = mac.find('/');
      if (slash != std::string::npos) {
        suffix = mac.substr(slash);
        mac = mac.substr(0, slash);
      }
      for (uint32_t k = 0; k < c.joined_aps && k < 65536; ++k) {
        if (ApMac(c.index, k) != mac) continue;
        json e = CapwapEntry(c, k);
        if (suffix.empty())
          return Json(200,
                      {{"Cisco-IOS-XE-wireless-access-point-oper:capwap-data", json::array({e})}});
        if (suffix == "/ap-license" && e.contains("ap-license"))
          return Json(200,
                      {{"Cisco-IOS-XE-wireless-access-point-oper:ap-license", e["ap-license"]}});
        break;
      }
    }
    return NotFound(path.substr(kData.size() - 1));
  }
  if (path == kCliRpcPath) {
    if (c.version < kCliRpcSince) {
      return Error(404, "application", "invalid-value", "/Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc",
                   "uri keypath not found");
    }
    if (m != "POST") return MethodNotAllowed(m, "POST");
    return HandleCliRpc(c, req);
  }
  if (path == kModelledClisPath) {
    // Same gate and answer as config-ios-cli-rpc: the module arrives with it.
    if (c.version < kCliRpcSince) {
      return Error(404, "application", "invalid-value",
                   "/Cisco-IOS-XE-cli-rpc:get-modelled-config-clis", "uri keypath not found");
    }
    if (m != "POST") return MethodNotAllowed(m, "POST");
    return HandleModelledConfigClis(c, req);
  }
  std::string error_path = path.rfind(kData, 0) == 0 ? path.substr(kData.size() - 1) : path;
  return NotFound(error_path);
}

}  // namespace wlc::sim
