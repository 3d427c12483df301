// Bearer-token check for the gRPC faces: reads the `authorization` metadata, authenticates it with
// the Authorizer and authorizes the method as a read or a write. Returns the Caller for the audit
// line, or the gRPC status to answer with. A refused write (no token, an unknown token, a
// reader's token), and a refused operator read, write their audit line here, naming `controllers` (what the request targeted).
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "service/audit.h"
#include "service/auth.h"

namespace wlc::service {

// kOperatorRead: a read that only operators may make (a fleet read of ad-hoc targets: the
// service would send a credentials profile to an address the request names).
enum class Access { kRead, kWrite, kOperatorRead };

absl::StatusOr<Caller> Authorize(const grpc::ServerContext* context, const Authorizer& authorizer,
                                 Access access, absl::string_view method,
                                 absl::string_view controllers = "");

}  // namespace wlc::service
