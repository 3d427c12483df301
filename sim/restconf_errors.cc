#include "restconf_errors.h"

#include <nlohmann/json.hpp>

namespace wlc::sim {

HttpResponse MakeErrorResponse(const RestconfError& error) {
  nlohmann::json e = {{"error-type", error.type}, {"error-tag", error.tag}};
  if (!error.path.empty()) e["error-path"] = error.path;
  if (!error.message.empty()) e["error-message"] = error.message;
  if (!error.info_json.empty()) {
    nlohmann::json info = nlohmann::json::parse(error.info_json, nullptr, false);
    if (!info.is_discarded()) e["error-info"] = info;
  }
  nlohmann::json body = {{"ietf-restconf:errors", {{"error", nlohmann::json::array({e})}}}};
  HttpResponse r;
  r.status = error.status;
  r.content_type = kYangDataJson;
  r.body = body.dump();
  return r;
}

const char* ErrorTagForStatus(int status) {
  switch (status) {
    case 400:
      return "invalid-value";
    case 401:
    case 403:
      return "access-denied";
    case 404:
      return "invalid-value";
    case 405:
      return "operation-not-supported";
    case 406:
      return "invalid-value";
    case 409:
      return "in-use";
    case 412:
      return "operation-failed";
    case 413:
      return "too-big";
    case 501:
      return "operation-not-supported";
    default:
      return status >= 500 ? "operation-failed" : "invalid-value";
  }
}

}  // namespace wlc::sim
