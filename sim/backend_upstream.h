// Upstream over the mock back ends of sim/backends: CSSM's smart
// receiver and REST API, CSLU and SSM On-Prem run inside wlcsim on their own
// io_context thread; controllers' messages travel as real HTTP(S) SLUP
// envelopes through the backends' PushClient and HostMap
// (smartreceiver.cisco.com, cslu-local, ssm-onprem.example → 127.0.0.1:<port>).
// Trust is validated against the CSSM (or On-Prem) token store. The back-end
// states use the fleet's simulated clock, so fast clocks and skew work.
#ifndef WLC_SIM_BACKEND_UPSTREAM_H_
#define WLC_SIM_BACKEND_UPSTREAM_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "upstream.h"

namespace wlc::sim {

class BackendUpstream : public Upstream {
 public:
  // Starts the mocks; writes the back ends' CA to `ca_file`. nullptr with *error.
  static std::unique_ptr<BackendUpstream> Start(const std::string& ca_file, std::string* error);
  ~BackendUpstream() override;

  void Send(UpstreamRequest request, Deliver deliver) override;
  void RegisterToken(const std::string& token, bool valid, bool expired) override;
  // {"receiver"|"cssm_api"|"cslu"|"onprem": "up"|"down"|"503"|"empty"|"dns",
  //  "onprem_version":"8-202010", "onprem_crl_reachable": bool,
  //  "receiver_requires_client_cert": bool}
  bool SetFaults(const nlohmann::json& faults, std::string* error) override;
  nlohmann::json Describe() override;
  std::string AdoptTrust(const std::vector<UpstreamUdi>& udis) override;
  // The manifest's "backends" object.
  nlohmann::json Manifest() const;

 private:
  struct Impl;
  explicit BackendUpstream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wlc::sim

#endif  // WLC_SIM_BACKEND_UPSTREAM_H_
