// The controllers' licensing server side ("upstream"): CSSM's smart receiver,
// CSLU or SSM On-Prem, as one interface so the transport step is one place.
//
// Fleet builds an UpstreamRequest (what the controller would send: the SLUP
// envelope, target URL, proxy) and calls Send() WITHOUT holding the fleet
// mutex; the answer comes back through the Deliver callback, from any
// thread, at any later time (never from inside Send for network upstreams;
// LocalUpstream calls it synchronously, which is fine since Fleet does not
// hold its mutex then).
//
// LocalUpstream is an in-process fake CSSM (token registry, fleet-wide
// "server down" / DNS switches, immediate ACKs). BackendUpstream (backend_upstream.h)
// talks HTTP(S) to the mock back ends of sim/backends.
#ifndef WLC_SIM_UPSTREAM_H_
#define WLC_SIM_UPSTREAM_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace wlc::sim {

enum class UpstreamKind : uint8_t { kCssm, kCslu, kOnPrem };
const char* UpstreamKindName(UpstreamKind k);  // "cssm", "cslu", "onprem"
// The peer name in %SMART_LIC-3-COMM_FAILED: "Cisco Smart Software Manager (CSSM)"
// or "Cisco Smart License Utility (CSLU)".
const char* UpstreamPeerName(UpstreamKind k);

struct UpstreamUdi {
  std::string pid;
  std::string serial;
};

struct UpstreamRequest {
  enum class Type : uint8_t { kTrust, kUsage, kPoll } type = Type::kTrust;
  size_t index = 0;  // controller
  UpstreamKind kind = UpstreamKind::kCssm;
  std::string url;    // where the controller sends it
  std::string proxy;  // "host:port" or ""
  // `ip http client secure-trustpoint`: the trustpoint whose certificate the
  // controller offers when a TLS server asks for one ("" = none configured).
  std::string client_trustpoint;
  UpstreamUdi udi;
  std::vector<UpstreamUdi> ha_peers;  // trust "all" on an HA pair
  int64_t device_time_ms = 0;         // the controller's clock (skew included)
  // kTrust
  std::string token;
  bool force = false;
  // kUsage: the RUM reports ({"payload":..,"signature":..} wrappers)
  std::vector<nlohmann::json> rum_reports;
  std::vector<uint64_t> report_ids;
  // kPoll
  std::string poll_id;
  std::string piid;
};

struct UpstreamResult {
  UpstreamRequest::Type type = UpstreamRequest::Type::kTrust;
  size_t index = 0;
  // Transport level: false = no answer (DNS, refused, TLS, timeout, empty).
  bool reached = false;
  std::string comm_error;  // reason text for COMM_FAILED when !reached
  // When !reached and not empty: the fuller reason for the registration /
  // push fail-message (COMM_FAILED still shows comm_error, as on IOS-XE).
  std::string fail_message;
  // Application level (reached): "OK", "OK_POLL", "FAILED", ...
  std::string status;
  std::string failure_reason;
  std::string poll_id;
  std::string piid;
  int retry_after_s = 0;
  std::vector<uint64_t> acked_ids;  // the ACK (poll OK or usage OK)
  std::vector<uint64_t> report_ids;  // kUsage: the reports that were sent
  std::string request_json;         // for the history
  std::string response_json;
};

class Upstream {
 public:
  using Deliver = std::function<void(UpstreamResult)>;
  virtual ~Upstream() = default;
  virtual void Send(UpstreamRequest request, Deliver deliver) = 0;
  // Control API hooks (fleet-wide): token registry and server faults.
  virtual void RegisterToken(const std::string& token, bool valid, bool expired) = 0;
  // {"cssm":"up|down|dns","cslu":..,"onprem":..}: unknown keys fail.
  virtual bool SetFaults(const nlohmann::json& faults, std::string* error) = 0;
  virtual nlohmann::json Describe() = 0;
  // Trust installed out of band (fleet file, control API): make the server
  // know the UDIs too. Returns the PIID. Must not block (no I/O).
  virtual std::string AdoptTrust(const std::vector<UpstreamUdi>& udis) = 0;

  // Fault "receiver_requires_client_cert": CSSM's smart receiver (and
  // On-Prem's SmartTransport endpoint) demand mutual TLS.
  bool receiver_requires_client_cert() const { return receiver_requires_client_cert_; }

 protected:
  std::atomic<bool> receiver_requires_client_cert_{false};
};

// True if `r` goes to a smart receiver: the smart transport (CSSM or any
// `url smart`), or On-Prem's SmartTransport form of the URL.
bool GoesToSmartReceiver(const UpstreamRequest& r);
// With mutual TLS demanded by the receiver: "" if the controller's client
// certificate is accepted (or `r` does not go to a smart receiver), else the
// fail-message (it contains "client certificate"). A 9800-CL has no SUDI and
// presents its self-signed `TP-self-signed-<n>` trustpoint; a 9800-40/80/L
// presents `CISCO_IDEVID_SUDI`.
std::string ClientCertRejection(const UpstreamRequest& r);

// Reason texts (slup-reference §2.4, §6.6).
inline constexpr char kDnsFailure[] = "Unable to resolve server hostname/domain name";
inline constexpr char kCommFailure[] = "Communications failure";
inline constexpr char kEmptyResponse[] = "Received empty response from server";

// In-process fake of CSSM/CSLU/On-Prem. Faults:
// {"cssm"|"cslu"|"onprem": "up"|"down"|"dns", "receiver_requires_client_cert": bool}.
class LocalUpstream : public Upstream {
 public:
  void Send(UpstreamRequest request, Deliver deliver) override;
  void RegisterToken(const std::string& token, bool valid, bool expired) override;
  bool SetFaults(const nlohmann::json& faults, std::string* error) override;
  nlohmann::json Describe() override;
  std::string AdoptTrust(const std::vector<UpstreamUdi>& udis) override {
    return udis.empty() ? "" : "piid-" + udis[0].serial;
  }

 private:
  enum class TokenKind : uint8_t { kValid, kExpired, kUnknown };
  enum class Down : uint8_t { kUp, kDown, kDns };
  std::string CheckToken(const std::string& token);  // "" = good

  std::mutex mu_;
  std::unordered_map<std::string, TokenKind> tokens_;
  std::unordered_set<std::string> used_;
  Down down_[3] = {Down::kUp, Down::kUp, Down::kUp};
  uint64_t next_poll_ = 1;
};

// Skew at or above this fails trust ("clock skew", slup-reference §2.3).
inline constexpr int64_t kMaxClockSkewMs = 3600 * 1000;

}  // namespace wlc::sim

#endif  // WLC_SIM_UPSTREAM_H_
