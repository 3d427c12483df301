#include "service/grpc_auth.h"

#include <string>

namespace wlc::service {

absl::StatusOr<Caller> Authorize(const grpc::ServerContext* context, const Authorizer& authorizer,
                                 Access access, absl::string_view method,
                                 absl::string_view controllers) {
  std::string header;
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it != metadata.end()) header.assign(it->second.data(), it->second.size());
  Caller caller;
  caller.peer = context->peer();
  absl::StatusOr<Principal> who = authorizer.Authenticate(header);
  absl::Status allowed = who.status();
  if (who.ok()) {
    caller.identity = who->name;
    switch (access) {
      case Access::kRead:
        allowed = authorizer.AuthorizeRead(*who, method);
        break;
      case Access::kWrite:
        allowed = authorizer.AuthorizeWrite(*who, method);
        break;
      case Access::kOperatorRead:
        allowed = authorizer.AuthorizeOperator(*who, method, "with ad-hoc targets");
        break;
    }
  } else {
    caller.identity = "unauthenticated";
  }
  if (!allowed.ok()) {
    if (access != Access::kRead) Audit(caller, method, controllers, allowed);
    return allowed;
  }
  return caller;
}

}  // namespace wlc::service
