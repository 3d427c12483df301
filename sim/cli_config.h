// The subset of IOS-XE config-mode CLI that wlcsim accepts through
// Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc. Parsing is strict and
// all-or-nothing: one unknown line (or any control character other than the
// line feed separator) rejects the whole request and nothing is applied.
//
// Accepted lines (whitespace-separated words):
//   license smart proxy address <host>      no license smart proxy address
//   license smart proxy port <1-65535>      no license smart proxy port
//   license smart url smart <url>           no license smart url smart
//   license smart url default
//   license smart url cslu <url>
//   license smart transport smart|cslu|off|callhome|automatic
//   license smart usage interval <1-365>
//   ip http client source-interface <ifname>  no ip http client source-interface
//   ip http client secure-trustpoint <name>   no ip http client secure-trustpoint
//   crypto pki trustpoint SLA-TrustPoint    (then, in that sub-mode:)
//    revocation-check none|crl               no revocation-check               exit
#ifndef WLC_SIM_CLI_CONFIG_H_
#define WLC_SIM_CLI_CONFIG_H_

#include <string>
#include <string_view>

#include "controller.h"

namespace wlc::sim {

struct CliOutcome {
  bool ok = false;
  int lineno = 0;        // 1-based line of the first rejected line
  std::string bad_line;  // that line
  std::string result;    // on success: the applied lines
};

// Applies `clis` to *controller (native smart config and CliOnlyConfig).
CliOutcome ApplyConfigClis(std::string_view clis, Controller* controller);

// The controller's running configuration as CLI text (the part wlcsim
// models), lines separated by "\n", for
// Cisco-IOS-XE-cli-rpc:get-modelled-config-clis: `hostname`, the
// SLA-TrustPoint block (SLUP releases; ` revocation-check crl` unless set to
// none), the `license smart ...` lines and `ip http client ...` lines. Lines
// the grammar above accepts read back the same way.
std::string RunningConfigClis(const Controller& controller);

}  // namespace wlc::sim

#endif  // WLC_SIM_CLI_CONFIG_H_
