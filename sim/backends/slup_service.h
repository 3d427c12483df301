// The licensing logic behind every push endpoint (smart receiver, CSLU, SSM
// On-Prem): one SLUP request envelope in, one response envelope out, against
// a BackendState. Transport-free; the mocks wrap it in an HttpServer.
#ifndef WLC_SIM_BACKENDS_SLUP_SERVICE_H_
#define WLC_SIM_BACKENDS_SLUP_SERVICE_H_

#include <string>

#include "http_server.h"
#include "state.h"

namespace wlc::sim::backends {

struct SlupServiceOptions {
  std::string server_name = "SSM";  // connect_info.name of responses
  // LICENSE_USAGE must come from a trusted product instance whose PIID
  // matches (CSSM). When false (CSLU, On-Prem) unknown instances are created
  // in default_account / default_va at their first report.
  bool require_trust = true;
  std::string default_account;
  std::string default_va;
  // Non-empty: ID tokens must belong to this account (On-Prem tenant).
  std::string required_account;
  // false: an On-Prem older than 8-202102 — every request FAILED with
  // failure_reason "REPORTING_NOT_SUPPORTED: ..." and no POLICY_USAGE capability.
  bool reporting_supported = true;
};

// Handles a POSTed SLUP envelope: 200 with a response envelope (OK, OK_POLL,
// OK_TRY_AGAIN or FAILED), or 400 text when the envelope is not parseable.
ServerResponse HandleSlupRequest(BackendState* state, const SlupServiceOptions& options,
                                 const std::string& body);

// "8-202102" → comparable number; 0 when unparseable. Down rev = < 8-202102.
long OnPremVersionNumber(const std::string& version);
bool OnPremSupportsReporting(const std::string& version);

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_SLUP_SERVICE_H_
