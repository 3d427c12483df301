// Certificates and TLS contexts of the mocks. The caller passes the CA that
// signs the mocks' leaf certificates (EC P-256, PEM key + cert); every mock
// gets its own EC P-256 leaf with SANs for the Cisco host names it answers
// for and for the loopback IP it listens on. No function throws.
#ifndef WLC_SIM_BACKENDS_TLS_H_
#define WLC_SIM_BACKENDS_TLS_H_

#include <memory>
#include <string>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace wlc::sim::backends {

struct PemPair {
  std::string key_pem;
  std::string cert_pem;
};

// Whether the server asks for a client certificate (the real smart receiver
// sends a Certificate Request: mutual TLS). Any certificate is accepted (a
// 9800-CL presents its self-signed TP-self-signed-… certificate); kRequire
// fails the handshake when the client sends none.
enum class ClientCertMode { kNone, kRequest, kRequire };

// A self-signed EC P-256 CA (CN `common_name`), valid 10 years.
bool GenerateCa(const std::string& common_name, PemPair* out, std::string* error);

// An EC P-256 leaf signed by `ca`. `dns_names` and `ips` become
// subjectAltName entries; `client` selects clientAuth instead of serverAuth.
bool IssueLeaf(const PemPair& ca, const std::string& common_name,
               const std::vector<std::string>& dns_names, const std::vector<std::string>& ips,
               bool client, PemPair* out, std::string* error);

// A TLS server context (TLS 1.2+) with a fresh leaf from `ca`.
std::shared_ptr<boost::asio::ssl::context> MakeServerContext(
    const PemPair& ca, const std::string& common_name, const std::vector<std::string>& dns_names,
    const std::vector<std::string>& ips, ClientCertMode client_certs, std::string* error);

}  // namespace wlc::sim::backends

#endif  // WLC_SIM_BACKENDS_TLS_H_
