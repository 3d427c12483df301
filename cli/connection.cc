#include "cli/connection.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

std::vector<FlagSpec> ConnectionFlags() {
  return {
      {"server", "HOST:PORT", "licensingd address (env WLC_LICENSING_SERVER; 127.0.0.1:50051)"},
      {"token", "TOKEN", "bearer token sent as `authorization: Bearer` (env WLC_LICENSING_TOKEN)"},
      {"tls", "", "use TLS with the system roots"},
      {"tls-ca", "FILE", "PEM CA bundle that signed the server certificate (implies --tls)"},
      {"tls-cert", "FILE", "PEM client certificate for mTLS (with --tls-key)"},
      {"tls-key", "FILE", "PEM client key for mTLS (with --tls-cert)"},
      {"timeout", "DURATION", "deadline of the call: 30s, 2m, or seconds (default per command)"},
  };
}

absl::StatusOr<ConnectionOptions> ConnectionOptionsFromArgs(const ParsedArgs& args) {
  ConnectionOptions o;
  if (const char* env = std::getenv("WLC_LICENSING_SERVER"); env != nullptr && *env != '\0') {
    o.server = env;
  }
  if (const char* env = std::getenv("WLC_LICENSING_TOKEN"); env != nullptr) o.token = env;
  o.server = args.Get("server", o.server);
  o.token = args.Get("token", o.token);
  o.tls_ca = args.Get("tls-ca");
  o.tls_cert = args.Get("tls-cert");
  o.tls_key = args.Get("tls-key");
  o.tls = args.Has("tls") || !o.tls_ca.empty() || !o.tls_cert.empty() || !o.tls_key.empty();
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  if (o.server.empty()) return absl::InvalidArgumentError("--server is empty");
  if (args.Has("timeout")) {
    const std::string t = args.Get("timeout");
    absl::Duration d;
    int64_t seconds = 0;
    if (absl::SimpleAtoi(t, &seconds)) {
      d = absl::Seconds(seconds);
    } else if (!absl::ParseDuration(t, &d)) {
      return absl::InvalidArgumentError(absl::StrCat("--timeout: not a duration: ", t));
    }
    if (d <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError("--timeout must be positive");
    }
    o.timeout = d;
  }
  return o;
}

namespace {

absl::StatusOr<std::string> ReadPem(const std::string& flag, const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("--", flag, ": cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

absl::Status Connection::Open() {
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (options_.tls) {
    grpc::SslCredentialsOptions ssl;
    if (!options_.tls_ca.empty()) {
      absl::StatusOr<std::string> ca = ReadPem("tls-ca", options_.tls_ca);
      if (!ca.ok()) return ca.status();
      ssl.pem_root_certs = *ca;
    }
    if (!options_.tls_cert.empty()) {
      absl::StatusOr<std::string> cert = ReadPem("tls-cert", options_.tls_cert);
      if (!cert.ok()) return cert.status();
      absl::StatusOr<std::string> key = ReadPem("tls-key", options_.tls_key);
      if (!key.ok()) return key.status();
      ssl.pem_cert_chain = *cert;
      ssl.pem_private_key = *key;
    }
    creds = grpc::SslCredentials(ssl);
  } else {
    creds = grpc::InsecureChannelCredentials();
  }
  channel_ = grpc::CreateChannel(options_.server, creds);
  licensing_ = v1::LicensingService::NewStub(channel_);
  fleet_ = v1::FleetService::NewStub(channel_);
  return absl::OkStatus();
}

void Connection::Prepare(grpc::ClientContext* ctx, absl::Duration default_timeout) const {
  if (!options_.token.empty()) {
    ctx->AddMetadata("authorization", absl::StrCat("Bearer ", options_.token));
  }
  absl::Duration timeout = options_.timeout.value_or(default_timeout);
  if (timeout != absl::InfiniteDuration()) {
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  }
}

}  // namespace wlc::cli
