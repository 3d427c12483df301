// UpstreamClient: the CSSM REST API (or SSM On-Prem's equivalent) as the service uses it:
// OAuth2 client credentials, id-token creation for a virtual account, usage upload in the
// offline bundle format and polling for the ACK bundle.
//
// Status codes: UNAUTHENTICATED (client id/secret refused), NOT_FOUND (account, VA or poll),
// INVALID_ARGUMENT (bundle refused), UNAVAILABLE / DEADLINE_EXCEEDED (network). Messages name the
// upstream and the call, never the client secret, the access token or an id token.
// Thread-safe (the access token cache is guarded).
#pragma once

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "adapters/device/device_call_observer.h"
#include "adapters/device/https_client.h"
#include "nlohmann/json.hpp"

namespace wlc::upstream {

struct UpstreamConfig {
  std::string name;
  std::string kind = "cssm";  // "cssm" | "onprem"
  std::string base_url;       // e.g. https://swapi.cisco.com
  std::string token_url;      // empty: <base_url> + the kind's default token path
  std::string account;
  std::string virtual_account;
  std::string client_id;
  std::string client_secret;
  device::CredentialsProfile tls;  // ca_file / insecure_skip_verify (no username: no basic auth)

  std::string ApiPrefix() const;  // /services/api/smart-accounts-and-licensing/v2 or /api/v1
  std::string TokenUrl() const;
};

class UpstreamClient {
 public:
  // Every HTTPS request (the token request and each API call, a retry included) is reported to
  // `observer` (null: none) as DeviceApi::kUpstream; it must outlive this client.
  UpstreamClient(device::HttpsClient* http, UpstreamConfig config,
                 device::DeviceCallObserver* observer = nullptr);

  const UpstreamConfig& config() const { return config_; }

  // A single-use id token valid for `days` (1..365). The caller must treat it as a secret.
  absl::StatusOr<std::string> CreateIdToken(int days, absl::Time deadline);
  // Uploads a usage bundle; returns the poll id (the same report set gives the same id).
  absl::StatusOr<std::string> UploadUsage(const nlohmann::json& bundle, absl::Time deadline);
  // The ACK bundle once ready, nullopt while pending.
  absl::StatusOr<std::optional<nlohmann::json>> PollUsage(const std::string& poll_id,
                                                          absl::Time deadline);

 private:
  absl::StatusOr<std::string> AccessToken(absl::Time deadline);
  // One API call; a 401 (token expired or revoked upstream) is retried once with a new token.
  absl::StatusOr<nlohmann::json> Call(const std::string& method, const std::string& path,
                                      const std::string& body, absl::Time deadline);
  absl::StatusOr<nlohmann::json> CallOnce(const std::string& method, const std::string& path,
                                          const std::string& body, absl::Time deadline);

  device::HttpsClient* http_;
  device::DeviceCallObserver* observer_;
  const UpstreamConfig config_;
  absl::Mutex mu_;
  std::string access_token_ ABSL_GUARDED_BY(mu_);
  absl::Time access_token_expiry_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace wlc::upstream
