// What `Cisco-IOS-XE-cli-rpc:get-modelled-config-clis` (the running config as CLI, 17.9.1+)
// says about the licensing settings that no YANG leaf shows. Pure parsing, for Diagnose.
#pragma once

#include <string>

namespace wlc::adapters {

struct RunningConfig {
  std::string secure_trustpoint;  // `ip http client secure-trustpoint <tp>`
  std::string source_interface;   // `ip http client source-interface <if>`
  bool sla_trustpoint = false;    // `crypto pki trustpoint SLA-TrustPoint` present
  std::string
      sla_revocation;     // its ` revocation-check <x>` ("none", "crl", ...); empty = not shown
  std::string url_smart;  // `license smart url smart <url>` (top level only)
};

// Never fails: unknown lines are ignored, a value missing from the text stays empty.
RunningConfig ParseRunningConfig(const std::string& text);

}  // namespace wlc::adapters
