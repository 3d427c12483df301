// CiscoMocks: starts the four mocks on one io_context from one CA and
// registers their host names in a HostMap — the one call wlcsim needs.
//   smartreceiver.cisco.com            → SmartReceiver (CSSM state)
//   swapi.cisco.com, cloudsso.cisco.com → CssmApi      (CSSM state)
//   cslu-local                         → Cslu          (CSSM state, relay)
//   <onprem host>                      → OnPrem        (On-Prem state; skipped if null)
#ifndef WLC_SIM_BACKENDS_CISCO_MOCKS_H_
#define WLC_SIM_BACKENDS_CISCO_MOCKS_H_

#include <memory>
#include <string>

#include "cslu.h"
#include "cssm_api.h"
#include "host_map.h"
#include "onprem.h"
#include "receiver.h"
#include "state.h"
#include "tls.h"

namespace wlc::sim::backends {

struct CiscoMocksOptions {
  PemPair ca;
  std::string address = "127.0.0.1";
  ClientCertMode receiver_client_certs = ClientCertMode::kRequest;
  std::string cslu_account;  // where CSLU places product instances it learns
  std::string cslu_virtual_account;
  std::string onprem_host = kOnPremHost;
  bool onprem_crl_reachable = false;
};

class CiscoMocks {
 public:
  // `cssm`, `onprem` (may be null) and `hosts` (may be null) must outlive
  // the mocks. nullptr with *error on failure.
  static std::unique_ptr<CiscoMocks> Start(boost::asio::io_context& ioc, BackendState* cssm,
                                           BackendState* onprem, HostMap* hosts,
                                           const CiscoMocksOptions& options, std::string* error);

  SmartReceiver& receiver() { return *receiver_; }
  CssmApi& api() { return *api_; }
  Cslu& cslu() { return *cslu_; }
  OnPrem* onprem() { return onprem_.get(); }

 private:
  std::unique_ptr<SmartReceiver> receiver_;
  std::unique_ptr<CssmApi> api_;
  std::unique_ptr<Cslu> cslu_;
  std::unique_ptr<OnPrem> onprem_;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_CISCO_MOCKS_H_
