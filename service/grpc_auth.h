// Bearer-token check for the gRPC faces: reads the `authorization` metadata, authenticates it with
// the Authorizer and authorizes the method as a read or a write. Returns the Caller for the audit
// line, or the gRPC status to answer with.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "service/auth.h"
#include "service/handler.h"

namespace wlc::service {

enum class Access { kRead, kWrite };

absl::StatusOr<Caller> Authorize(const grpc::ServerContext* context, const Authorizer& authorizer,
                                 Access access, absl::string_view method);

}  // namespace wlc::service
