// Start-up checks beyond the config's own grammar (service/config.h): what `--check_config`
// reports and what licensingd refuses to start without. Each check reads files and parses
// addresses only; nothing is bound or connected, so it runs beside a live instance.
//   - tokens_file loads (service/auth.h: grammar, one role per token);
//   - every TLS certificate/key pair (gRPC, RESTCONF, Prometheus) parses and the key matches the certificate;
//     every client-CA file parses;
//   - every listen address is host:port with a port 0..65535 and an IP literal or a name.
// Returns the problems found, each one line naming the config key (never a secret), empty when
// all is well.
#pragma once

#include <string>
#include <vector>

#include "service/config.h"

namespace wlc::service {

std::vector<std::string> PreflightProblems(const Config& config);

// "host:port" as a listener takes it: INVALID_ARGUMENT naming `key`.
absl::Status CheckListenAddress(const std::string& key, const std::string& address);

}  // namespace wlc::service
