#include "service/restconf/errors.h"

#include "nlohmann/json.hpp"
#include "observability/logging.h"
#include "service/restconf/json_model.h"

namespace wlc::service::restconf {
namespace {

struct CodeMapping {
  absl::StatusCode code;
  int http_status;
  const char* tag;
};

constexpr CodeMapping kCodes[] = {
    {absl::StatusCode::kInvalidArgument, 400, "invalid-value"},
    {absl::StatusCode::kOutOfRange, 400, "invalid-value"},
    {absl::StatusCode::kFailedPrecondition, 400, "operation-failed"},
    {absl::StatusCode::kUnauthenticated, 401, "access-denied"},
    {absl::StatusCode::kPermissionDenied, 403, "access-denied"},
    {absl::StatusCode::kNotFound, 404, "invalid-value"},
    {absl::StatusCode::kAlreadyExists, 409, "data-exists"},
    {absl::StatusCode::kAborted, 409, "in-use"},
    {absl::StatusCode::kResourceExhausted, 429, "resource-denied"},
    {absl::StatusCode::kUnimplemented, 501, "operation-not-supported"},
    {absl::StatusCode::kUnavailable, 503, "operation-failed"},
    {absl::StatusCode::kDeadlineExceeded, 504, "operation-failed"},
};

}  // namespace

RestconfError FromStatus(const absl::Status& status, absl::string_view type,
                         absl::string_view path) {
  RestconfError e;
  e.type = std::string(type);
  e.http_status = 500;
  e.tag = "operation-failed";
  for (const CodeMapping& m : kCodes) {
    if (m.code == status.code()) {
      e.http_status = m.http_status;
      e.tag = m.tag;
    }
  }
  const std::string tag = ErrorTagOf(status);
  if (!tag.empty()) e.tag = tag;
  e.message = log::Redact(status.message());
  e.path = ErrorPathOf(status);
  if (e.path.empty()) e.path = std::string(path);
  if (e.tag == "unknown-element" && !e.path.empty()) {
    // The unknown member is not a schema node, so error-path names its parent and
    // error-info/bad-element names the member (RFC 6241 Appendix A).
    const size_t slash = e.path.rfind('/');
    e.bad_element = e.path.substr(slash + 1);
    e.path = e.path.substr(0, slash);
  }
  return e;
}

RestconfError ProtocolError(int http_status, absl::string_view tag, absl::string_view message,
                            absl::string_view path) {
  RestconfError e;
  e.http_status = http_status;
  e.type = "protocol";
  e.tag = std::string(tag);
  e.message = log::Redact(message);
  e.path = std::string(path);
  return e;
}

std::string ErrorBody(const RestconfError& error) {
  nlohmann::json item = {
      {"error-type", error.type}, {"error-tag", error.tag}, {"error-message", error.message}};
  if (!error.path.empty()) item["error-path"] = error.path;
  if (!error.bad_element.empty()) item["error-info"] = {{"bad-element", error.bad_element}};
  if (error.info.is_object()) {
    for (auto it = error.info.begin(); it != error.info.end(); ++it) {
      item["error-info"][it.key()] = it.value();
    }
  }
  // Paths, messages and error-info quote bytes of clients and devices, which need not be UTF-8:
  // replace, never throw.
  return nlohmann::json{{"ietf-restconf:errors", {{"error", nlohmann::json::array({item})}}}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace wlc::service::restconf
