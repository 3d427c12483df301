#include "service/preflight.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "adapters/common/cli_grammar.h"
#include "service/auth.h"

namespace wlc::service {
namespace {

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "no PEM data";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

// The first certificate of a PEM file, or the reason it has none.
absl::StatusOr<std::unique_ptr<X509, decltype(&X509_free)>> ReadCertificate(
    const std::string& path) {
  File f(std::fopen(path.c_str(), "r"));
  if (!f) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  X509* cert = PEM_read_X509(f.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " holds no PEM certificate (", OpenSslError(), ")"));
  }
  return std::unique_ptr<X509, decltype(&X509_free)>(cert, X509_free);
}

void CheckPair(const std::string& what, const std::string& cert_file, const std::string& key_file,
               std::vector<std::string>* problems) {
  if (cert_file.empty() && key_file.empty()) return;
  if (cert_file.empty() || key_file.empty()) {
    problems->push_back(absl::StrCat(what, ": give both the certificate and the key file"));
    return;
  }
  auto cert = ReadCertificate(cert_file);
  if (!cert.ok()) {
    problems->push_back(absl::StrCat(what, "_cert_file: ", cert.status().message()));
    return;
  }
  File f(std::fopen(key_file.c_str(), "r"));
  if (!f) {
    problems->push_back(absl::StrCat(what, "_key_file: cannot read ", key_file));
    return;
  }
  // Never print the key: only whether it parses and matches.
  EVP_PKEY* key = PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    ERR_clear_error();
    problems->push_back(
        absl::StrCat(what, "_key_file: ", key_file, " holds no unencrypted PEM private key"));
    return;
  }
  if (X509_check_private_key(cert->get(), key) != 1) {
    ERR_clear_error();
    problems->push_back(
        absl::StrCat(what, "_key_file: the key does not match the certificate in ", cert_file));
  }
  EVP_PKEY_free(key);
}

void CheckCa(const std::string& key, const std::string& path, std::vector<std::string>* problems) {
  if (path.empty()) return;
  if (auto cert = ReadCertificate(path); !cert.ok()) {
    problems->push_back(absl::StrCat(key, ": ", cert.status().message()));
  }
}

}  // namespace

absl::Status CheckListenAddress(const std::string& key, const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(key, ": '", address.substr(0, 64), "' is not host:port (port 0..65535)"));
  }
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "0.0.0.0" || host == "::") return absl::OkStatus();
  if (absl::Status s = adapters::cli::CheckHost(key, host); !s.ok()) return s;
  return absl::OkStatus();
}

std::vector<std::string> PreflightProblems(const Config& config) {
  std::vector<std::string> problems;
  if (!config.tokens_file.empty()) {
    if (auto a = Authorizer::FromFile(config.tokens_file, config.allow_anonymous_writes); !a.ok()) {
      problems.push_back(absl::StrCat("tokens_file: ", a.status().message()));
    }
  }
  CheckPair("grpc_tls", config.grpc_tls_cert_file, config.grpc_tls_key_file, &problems);
  CheckCa("grpc_tls_client_ca_file", config.grpc_tls_client_ca_file, &problems);
  if (!config.grpc_tls_client_ca_file.empty() && config.grpc_tls_cert_file.empty()) {
    problems.push_back("grpc_tls_client_ca_file: mTLS needs grpc_tls_cert_file and key too");
  }
  CheckPair("restconf_tls", config.restconf_tls_cert_file, config.restconf_tls_key_file, &problems);
  CheckPair("metrics_tls", config.metrics_tls_cert_file, config.metrics_tls_key_file, &problems);
  CheckCa("metrics_tls_client_ca_file", config.metrics_tls_client_ca_file, &problems);
  for (const auto& [key, address] :
       std::vector<std::pair<std::string, std::string>>{{"grpc_listen", config.grpc_listen},
                                                        {"restconf_listen", config.restconf_listen},
                                                        {"metrics_listen", config.metrics_listen},
                                                        {"syslog_listen", config.syslog_listen}}) {
    if (address.empty()) continue;
    if (absl::Status s = CheckListenAddress(key, address); !s.ok()) {
      problems.push_back(std::string(s.message()));
    }
  }
  return problems;
}

}  // namespace wlc::service
