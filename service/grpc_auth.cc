#include "service/grpc_auth.h"

#include <string>

namespace wlc::service {

absl::StatusOr<Caller> Authorize(const grpc::ServerContext* context, const Authorizer& authorizer,
                                 Access access, absl::string_view method) {
  std::string header;
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it != metadata.end()) header.assign(it->second.data(), it->second.size());
  absl::StatusOr<Principal> who = authorizer.Authenticate(header);
  if (!who.ok()) return who.status();
  absl::Status allowed = access == Access::kWrite ? authorizer.AuthorizeWrite(*who, method)
                                                  : authorizer.AuthorizeRead(*who, method);
  if (!allowed.ok()) return allowed;
  Caller caller;
  caller.identity = who->name;
  caller.peer = context->peer();
  return caller;
}

}  // namespace wlc::service
