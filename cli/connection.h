// The channel to licensingd and the per-call context: server address, bearer token, TLS or mTLS,
// deadline. Flags win over the environment (WLC_LICENSING_SERVER, WLC_LICENSING_TOKEN).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cli/args.h"
#include "grpcpp/grpcpp.h"
#include "wlc/licensing/v1/fleet.grpc.pb.h"
#include "wlc/licensing/v1/service.grpc.pb.h"

namespace wlc::cli {

struct ConnectionOptions {
  std::string server = "127.0.0.1:50051";
  // Bearer token for the `authorization` metadata; empty = anonymous.
  std::string token;
  bool tls = false;
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  // Unset: the command's default.
  std::optional<absl::Duration> timeout;
};

// INVALID_ARGUMENT (a usage error) for a malformed --timeout or --tls-cert without --tls-key.
absl::StatusOr<ConnectionOptions> ConnectionOptionsFromArgs(const ParsedArgs& args);

// The flags every command takes.
std::vector<FlagSpec> ConnectionFlags();

class Connection {
 public:
  explicit Connection(ConnectionOptions options) : options_(std::move(options)) {}

  // Builds the channel (insecure, TLS or mTLS). INVALID_ARGUMENT when a TLS file is unreadable.
  absl::Status Open();

  wlc::licensing::v1::LicensingService::Stub& licensing() { return *licensing_; }
  wlc::licensing::v1::FleetService::Stub& fleet() { return *fleet_; }

  // Sets the bearer token and the deadline (--timeout, else `default_timeout`; an infinite
  // default means no deadline).
  void Prepare(grpc::ClientContext* ctx, absl::Duration default_timeout) const;

  const ConnectionOptions& options() const { return options_; }

 private:
  ConnectionOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<wlc::licensing::v1::LicensingService::Stub> licensing_;
  std::unique_ptr<wlc::licensing::v1::FleetService::Stub> fleet_;
};

}  // namespace wlc::cli
