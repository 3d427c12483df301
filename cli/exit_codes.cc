#include "cli/exit_codes.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace wlc::cli {

std::string CodeName(int code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  if (code < 0 || code >= static_cast<int>(sizeof(kNames) / sizeof(kNames[0]))) {
    return absl::StrCat("CODE_", code);
  }
  return kNames[code];
}

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& s : secrets) {
    if (!s.empty()) text = absl::StrReplaceAll(text, {{s, "[REDACTED]"}});
  }
  return text;
}

int ReportRpcError(const grpc::Status& status, std::ostream& err,
                   const std::vector<std::string>& secrets) {
  err << "error: " << CodeName(status.error_code()) << ": "
      << Redact(status.error_message(), secrets) << "\n";
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return kExitDenied;
  }
  return kExitRequestFailed;
}

}  // namespace wlc::cli
