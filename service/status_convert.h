// The one absl::Status -> grpc::Status conversion. Codes map one to one (both follow
// google.rpc.Code); messages pass through the log redactor so no secret can leave in an error.
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace wlc::service {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace wlc::service
