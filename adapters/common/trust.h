// Trust by id token (`license smart trust idtoken <token> local|all [force]`), shared by the
// transports that talk to CSSM or SSM On-Prem. The RPC (cisco-smart-license:id-token-trust) only
// starts the install; the outcome appears later in the oper state, so this polls until the
// trust code's install time changes (success) or a new failure is recorded (failure).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "adapters/transport_adapter.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {

// INVALID_ARGUMENT unless 1..255 printable, non-space ASCII characters (the YANG length; CLI
// safety). The message never contains the token.
absl::Status CheckIdToken(const std::string& id_token);

// The input of cisco-smart-license:id-token-trust (content of "cisco-smart-license:input").
nlohmann::json IdTokenTrustInput(const std::string& id_token, v1::TrustScope scope, bool force);

absl::StatusOr<v1::Trust> EstablishTrustWithIdToken(const DeviceContext& ctx,
                                                    const std::string& id_token,
                                                    v1::TrustScope scope, bool force);

}  // namespace wlc::adapters
