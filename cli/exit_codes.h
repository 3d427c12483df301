// licensingctl's exit codes and how a failed RPC is reported.
//   0 everything succeeded        1 some controllers of a fleet operation failed
//   2 usage error (bad flags)     3 the request failed (gRPC error, printed as CODE: message)
//   4 unauthenticated or permission denied
//   5 diagnose: the diagnosis found a critical problem (health critical or unreachable) on at
//     least one controller; every call succeeded. Codes 1, 3 and 4 win over 5: a diagnosis that
//     could not run on every controller is reported as such first.
//   130 interrupted by Ctrl-C (fleet commands print what changed and what was never started)
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"

namespace wlc::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitSomeFailed = 1,
  kExitUsage = 2,
  kExitRequestFailed = 3,
  kExitDenied = 4,
  kExitCritical = 5,
  // Ctrl-C: the fleet request was interrupted (its summary was printed) or abandoned.
  kExitInterrupted = 130,
};

// "NOT_FOUND", "UNAVAILABLE", ... for a google.rpc.Code value.
std::string CodeName(int code);

// `text` with every non-empty `secret` replaced by "[REDACTED]" (defence in depth: the service
// redacts too, but licensingctl must never print an id token it was handed).
std::string Redact(std::string text, const std::vector<std::string>& secrets);

// Prints "error: CODE: message" to `err` and returns kExitDenied or kExitRequestFailed.
int ReportRpcError(const grpc::Status& status, std::ostream& err,
                   const std::vector<std::string>& secrets = {});

}  // namespace wlc::cli
