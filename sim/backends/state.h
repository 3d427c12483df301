// BackendState: the data of one licensing authority as the mocks see it —
// Cisco's CSSM (shared by the smart receiver, the REST API and the CSLU relay)
// or one SSM On-Prem server (give each On-Prem mock its own BackendState).
//
// Holds Smart Accounts / Virtual Accounts, ID tokens, product instances,
// received RUM reports, ACKs and upload polls, OAuth2 API clients and their
// access tokens, the per-endpoint fault switches and the policy per VA.
//
// Thread-safe: every public method locks one internal mutex, so the state may
// be shared by mocks running on an io_context served by several threads and by
// test or control code on other threads. Nothing here blocks beyond that lock
// or performs I/O. No method throws.
#ifndef WLC_SIM_BACKENDS_STATE_H_
#define WLC_SIM_BACKENDS_STATE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace wlc::sim::backends {

// Milliseconds since the Unix epoch.
using EpochMs = int64_t;

// Which mock endpoint a fault applies to.
enum class Endpoint { kReceiver, kCssmApi, kCslu, kOnPrem };
const char* EndpointName(Endpoint e);

struct Fault {
  enum class Down {
    kNo,
    kRefuse,  // the listener is closed: connection refused (and live connections dropped)
    k503,     // every request answered "503 Service Unavailable"
  };
  Down down = Down::kNo;
  std::chrono::milliseconds latency{0};  // added before every response (timer, never blocking)
  bool malformed = false;                // the body is cut in half (invalid JSON)
  bool empty_response = false;           // the request is read, then the connection closed
  bool operator==(const Fault& o) const {
    return down == o.down && latency == o.latency && malformed == o.malformed &&
           empty_response == o.empty_response;
  }
};

enum class TokenState { kValid, kExpired, kUsed, kRevoked };
const char* TokenStateName(TokenState s);

struct IdToken {
  std::string token;
  std::string account;  // Smart Account (On-Prem: local account / tenant)
  std::string virtual_account;
  std::string description;
  bool export_controlled = false;
  EpochMs created = 0;
  EpochMs expires = 0;
  int max_uses = 1;  // single use by default
  int uses = 0;
  bool revoked = false;
};

struct Udi {
  std::string pid;
  std::string sn;
  // "P:<pid>,S:<sn>"
  std::string Key() const { return "P:" + pid + ",S:" + sn; }
};
// Parses "P:<pid>,S:<sn>" (also "PID:<pid>,SN:<sn>"). False if malformed.
bool ParseUdi(const std::string& text, Udi* out);

struct TrustCode {
  int64_t trust_id = 0;
  EpochMs installed = 0;
  std::string code;  // opaque, base64-like
};

struct ProductInstance {
  Udi udi;
  std::string piid;  // UUID, assigned at first trust (or first relayed/offline upload)
  std::string account;
  std::string virtual_account;
  std::optional<TrustCode> trust;  // nullopt until trusted
  EpochMs created = 0;
};

struct RumReport {
  std::string udi;  // "P:<pid>,S:<sn>"
  int64_t report_id = 0;
  std::string entitlement_tag;
  int64_t count = 0;       // COUNT of the last measurement
  int64_t start_time = 0;  // epoch seconds, earliest measurement start
  int64_t end_time = 0;    // epoch seconds, latest measurement end
  EpochMs received = 0;
  std::string ack_id;  // the one ACK that acknowledges it
};

struct Policy {
  std::string name = "Cisco default";
  // {first report, reporting frequency, report on change} in days.
  struct Class {
    int first_report_days = 0;
    int reporting_frequency_days = 0;
    int report_on_change_days = 0;
  };
  Class unenforced_perpetual{365, 0, 90};
  Class unenforced_subscription{90, 90, 90};
  Class enforced{0, 0, 0};
  Class export_controlled{0, 0, 0};
  bool ack_required = true;
};

struct Ack {
  std::string ack_id;
  std::string udi;
  std::string piid;
  std::string account;
  std::string virtual_account;
  EpochMs timestamp = 0;                         // when it became available
  std::vector<int64_t> acknowledged_report_ids;  // first acknowledged by this ACK (sorted, unique)
  std::vector<int64_t>
      duplicate_report_ids;  // in the upload, already acknowledged by an earlier ACK
  Policy policy;
};

struct Poll {
  std::string poll_id;
  std::string account;
  std::string virtual_account;
  EpochMs created = 0;
  EpochMs ready_at = 0;
  std::vector<std::string> ack_ids;  // one per UDI in the upload
  // Canonical (udi, report id) set of the upload: the same set again returns this poll.
  std::set<std::pair<std::string, int64_t>> reports;
};

struct AccessToken {
  std::string token;
  std::string client_id;
  EpochMs expires = 0;
};

// Result of a trust request (ID_TOKEN_TRUST).
struct TrustResult {
  bool ok = false;
  std::string failure_reason;              // set when !ok
  std::vector<ProductInstance> instances;  // trusted instances (request order)
};

// Result of storing a RUM upload.
struct UploadResult {
  bool ok = false;
  std::string failure_reason;
  Poll poll;
  bool reused_poll = false;  // the same report set was uploaded before
};

enum class PollStatus { kReady, kPending, kUnknownPoll, kUnknownPiid };
struct PollResult {
  PollStatus status = PollStatus::kUnknownPoll;
  int retry_after_seconds = 0;
  std::string account;  // of the poll (set unless kUnknownPoll/kUnknownPiid)
  std::string virtual_account;
  std::vector<Ack> acks;
};

class BackendState {
 public:
  using Clock = std::function<EpochMs()>;

  BackendState();
  BackendState(const BackendState&) = delete;
  BackendState& operator=(const BackendState&) = delete;

  // --- time (tests move it) ---
  void SetClock(Clock clock);  // default: system_clock
  EpochMs Now() const;

  // --- accounts ---
  void AddAccount(const std::string& account, const std::vector<std::string>& virtual_accounts);
  bool HasVirtualAccount(const std::string& account, const std::string& va) const;
  bool HasAccount(const std::string& account) const;
  void SetPolicy(const std::string& account, const std::string& va, const Policy& policy);
  Policy GetPolicy(const std::string& account, const std::string& va) const;

  // --- ID tokens ---
  // Creates a token for an existing VA. nullopt if the VA is unknown or
  // `expires_after_days` is outside 1..365.
  std::optional<IdToken> CreateIdToken(const std::string& account, const std::string& va,
                                       int expires_after_days, const std::string& description,
                                       bool export_controlled = false, int max_uses = 1);
  // Adds a token with a given value (tests, manifests). False if the VA is unknown.
  bool AddIdToken(const IdToken& token);
  bool RevokeIdToken(const std::string& token);
  std::optional<TokenState> GetTokenState(const std::string& token) const;
  std::optional<IdToken> GetIdToken(const std::string& token) const;

  // Validates `token` and installs trust for every UDI in `udis` (an HA set:
  // `license smart trust idtoken <t> all`). The token counts one use. Fails
  // (nothing changes) if the token is unknown/expired/used/revoked, belongs to
  // another account than `required_account` (when non-empty), a UDI already
  // has trust and !force, or |device_time - Now()| >= 1 h.
  TrustResult RedeemIdToken(const std::string& token, const std::vector<Udi>& udis, bool force,
                            EpochMs device_time, const std::string& required_account = "");

  // --- product instances ---
  std::optional<ProductInstance> GetProductInstance(const std::string& udi_key) const;
  std::optional<ProductInstance> GetProductInstanceByPiid(const std::string& piid) const;
  // Creates (untrusted) if missing; returns the instance. Used for relayed
  // (CSLU) and offline uploads, where CSSM learns the PI from its reports.
  ProductInstance EnsureProductInstance(const Udi& udi, const std::string& account,
                                        const std::string& va);
  // "CSSM no longer knows the PIID" (removes the instance, keeps its reports).
  bool RemoveProductInstance(const std::string& udi_key);
  std::vector<ProductInstance> ProductInstances() const;

  // --- RUM reports, ACKs, polls ---
  // Stores `reports` (each (udi, report_id) once; repeated ids are not stored
  // again) and creates a poll whose ACKs, one per UDI, acknowledge the ids not
  // acknowledged before; the ACKs become available after the ACK delay. The
  // same (udi, id) set uploaded again returns the existing poll.
  UploadResult StoreUpload(const std::string& account, const std::string& va,
                           const std::vector<RumReport>& reports);
  // `piid` (when non-empty) must be the PIID of a known instance that owns
  // the poll's reports, else kUnknownPiid.
  PollResult GetPoll(const std::string& poll_id, const std::string& piid = "") const;
  std::optional<RumReport> GetReport(const std::string& udi_key, int64_t report_id) const;
  std::vector<RumReport> Reports() const;
  std::vector<Ack> Acks() const;
  std::optional<Ack> GetAck(const std::string& ack_id) const;

  void SetAckDelay(std::chrono::milliseconds delay);  // default 2 s (§6.4: 1.6-2 s)
  std::chrono::milliseconds AckDelay() const;

  // --- OAuth2 (REST API) ---
  void AddApiClient(const std::string& client_id, const std::string& client_secret);
  // nullopt on unknown client or wrong secret.
  std::optional<AccessToken> IssueAccessToken(const std::string& client_id,
                                              const std::string& client_secret);
  bool ValidateAccessToken(const std::string& bearer) const;
  void SetAccessTokenTtl(std::chrono::seconds ttl);  // default 3600 s
  std::chrono::seconds AccessTokenTtl() const;

  // --- faults ---
  void SetFault(Endpoint endpoint, const Fault& fault);
  Fault GetFault(Endpoint endpoint) const;
  // Observers run (on the caller's thread, outside the state lock) after
  // every SetFault. Remove waits for a running call to finish.
  int AddFaultObserver(std::function<void()> observer);
  void RemoveFaultObserver(int id);

  // --- server version (On-Prem "down rev" switch); default "8-202206" ---
  void SetServerVersion(const std::string& version);
  std::string ServerVersion() const;

  // Random identifiers (thread-safe).
  std::string NewUuid();
  std::string NewTokenValue();

 private:
  struct Account {
    std::map<std::string, Policy> virtual_accounts;
  };

  static std::string UploadKey(const std::string& account, const std::string& va,
                               const std::set<std::pair<std::string, int64_t>>& reports);
  std::string NewUuidLocked();
  std::string RandomAlnumLocked(size_t n);
  EpochMs NowLocked() const;
  TokenState TokenStateLocked(const IdToken& t) const;

  mutable std::mutex mu_;
  Clock clock_;
  std::mt19937_64 rng_;
  std::map<std::string, Account> accounts_;
  std::map<std::string, IdToken> tokens_;
  std::map<std::string, ProductInstance> instances_;  // by UDI key
  std::map<std::string, std::string> udi_by_piid_;
  std::map<std::pair<std::string, int64_t>, RumReport> reports_;
  std::map<std::string, Ack> acks_;
  std::map<std::string, Poll> polls_;
  std::map<std::string, std::string> poll_by_upload_;  // UploadKey() → poll id
  std::map<std::string, std::string> client_secrets_;
  std::map<std::string, AccessToken> access_tokens_;
  std::map<Endpoint, Fault> faults_;
  std::chrono::milliseconds ack_delay_{2000};
  std::chrono::seconds access_token_ttl_{3600};
  std::string server_version_ = "8-202206";
  int64_t next_trust_id_ = 1093;
  int64_t next_poll_ = 78982622363;
  int64_t next_ack_ = 1;

  std::mutex observers_mu_;  // held while observers run
  std::map<int, std::function<void()>> observers_;
  int next_observer_ = 1;
};

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_STATE_H_
