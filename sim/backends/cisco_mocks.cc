#include "cisco_mocks.h"

namespace wlc::sim::backends {

std::unique_ptr<CiscoMocks> CiscoMocks::Start(boost::asio::io_context& ioc, BackendState* cssm,
                                              BackendState* onprem, HostMap* hosts,
                                              const CiscoMocksOptions& options,
                                              std::string* error) {
  std::unique_ptr<CiscoMocks> m(new CiscoMocks());
  ReceiverOptions ro;
  ro.ca = options.ca;
  ro.address = options.address;
  ro.client_certs = options.receiver_client_certs;
  m->receiver_ = SmartReceiver::Start(ioc, cssm, ro, error);
  if (!m->receiver_) return nullptr;

  CssmApiOptions ao;
  ao.ca = options.ca;
  ao.address = options.address;
  m->api_ = CssmApi::Start(ioc, cssm, ao, error);
  if (!m->api_) return nullptr;

  CsluOptions co;
  co.address = options.address;
  co.account = options.cslu_account;
  co.virtual_account = options.cslu_virtual_account;
  m->cslu_ = Cslu::Start(ioc, cssm, co, error);
  if (!m->cslu_) return nullptr;

  if (onprem) {
    OnPremOptions oo;
    oo.ca = options.ca;
    oo.address = options.address;
    oo.host_names = {options.onprem_host};
    oo.crl_reachable = options.onprem_crl_reachable;
    m->onprem_ = OnPrem::Start(ioc, onprem, oo, error);
    if (!m->onprem_) return nullptr;
  }

  if (hosts) {
    hosts->Set(kSmartReceiverHost, {options.address, m->receiver_->port()});
    hosts->Set(kSwapiHost, {options.address, m->api_->port()});
    hosts->Set(kCloudSsoHost, {options.address, m->api_->port()});
    hosts->Set(kCsluHost, {options.address, m->cslu_->port()});
    if (m->onprem_) hosts->Set(options.onprem_host, {options.address, m->onprem_->port()});
  }
  return m;
}

}  // namespace wlc::sim::backends
