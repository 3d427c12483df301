#include "service/status_convert.h"

#include "observability/logging.h"

namespace wlc::service {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), log::Redact(status.message()));
}

}  // namespace wlc::service
