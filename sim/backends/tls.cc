#include "tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/context.hpp>

namespace wlc::sim::backends {
namespace {

struct KeyDel {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertDel {
  void operator()(X509* c) const { X509_free(c); }
};
struct BioDel {
  void operator()(BIO* b) const { BIO_free(b); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyDel>;
using CertPtr = std::unique_ptr<X509, CertDel>;
using BioPtr = std::unique_ptr<BIO, BioDel>;

std::string SslError(const std::string& what) {
  std::string out = what;
  if (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    out += ": ";
    out += buf;
  }
  ERR_clear_error();
  return out;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, n > 0 ? static_cast<size_t>(n) : 0);
}

std::string KeyToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return "";
  return BioText(bio.get());
}

std::string CertToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return "";
  return BioText(bio.get());
}

KeyPtr KeyFromPem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return KeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

CertPtr CertFromPem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return CertPtr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

bool Extend(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return false;
  int rc = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return rc == 1;
}

// Fills the common fields; `issuer` nullptr = self-signed.
CertPtr NewCert(EVP_PKEY* key, const std::string& cn, X509* issuer) {
  CertPtr cert(X509_new());
  if (!cert) return nullptr;
  unsigned char serial[8];
  RAND_bytes(serial, sizeof(serial));
  serial[0] &= 0x7f;
  uint64_t s = 0;
  for (unsigned char b : serial) s = (s << 8) | b;
  bool ok = X509_set_version(cert.get(), 2) == 1 &&
            ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), s) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3650L * 86400) != nullptr &&
            X509_set_pubkey(cert.get(), key) == 1;
  X509_NAME* name = X509_get_subject_name(cert.get());
  ok = ok &&
       X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                  reinterpret_cast<const unsigned char*>("wlcsim backends"), -1, -1,
                                  0) == 1 &&
       X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                  reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                  0) == 1;
  ok = ok &&
       X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer ? issuer : cert.get())) == 1;
  return ok ? std::move(cert) : nullptr;
}

}  // namespace

bool GenerateCa(const std::string& common_name, PemPair* out, std::string* error) {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) {
    *error = SslError("EC key generation");
    return false;
  }
  CertPtr cert = NewCert(key.get(), common_name, nullptr);
  bool ok = cert && Extend(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE") &&
            Extend(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign") &&
            Extend(cert.get(), cert.get(), NID_subject_key_identifier, "hash") &&
            X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) {
    *error = SslError("CA certificate");
    return false;
  }
  out->key_pem = KeyToPem(key.get());
  out->cert_pem = CertToPem(cert.get());
  return !out->key_pem.empty() && !out->cert_pem.empty();
}

bool IssueLeaf(const PemPair& ca, const std::string& common_name,
               const std::vector<std::string>& dns_names, const std::vector<std::string>& ips,
               bool client, PemPair* out, std::string* error) {
  KeyPtr ca_key = KeyFromPem(ca.key_pem);
  CertPtr ca_cert = CertFromPem(ca.cert_pem);
  if (!ca_key || !ca_cert) {
    *error = SslError("CA key or certificate PEM");
    return false;
  }
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) {
    *error = SslError("EC key generation");
    return false;
  }
  std::string san;
  for (const auto& d : dns_names) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
  for (const auto& ip : ips) san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
  CertPtr cert = NewCert(key.get(), common_name, ca_cert.get());
  bool ok =
      cert && Extend(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
      Extend(cert.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature") &&
      Extend(cert.get(), ca_cert.get(), NID_ext_key_usage, client ? "clientAuth" : "serverAuth") &&
      (san.empty() || Extend(cert.get(), ca_cert.get(), NID_subject_alt_name, san)) &&
      Extend(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always") &&
      X509_sign(cert.get(), ca_key.get(), EVP_sha256()) > 0;
  if (!ok) {
    *error = SslError("leaf certificate " + common_name);
    return false;
  }
  out->key_pem = KeyToPem(key.get());
  out->cert_pem = CertToPem(cert.get());
  return !out->key_pem.empty() && !out->cert_pem.empty();
}

std::shared_ptr<boost::asio::ssl::context> MakeServerContext(
    const PemPair& ca, const std::string& common_name, const std::vector<std::string>& dns_names,
    const std::vector<std::string>& ips, ClientCertMode client_certs, std::string* error) {
  namespace ssl = boost::asio::ssl;
  PemPair leaf;
  if (!IssueLeaf(ca, common_name, dns_names, ips, /*client=*/false, &leaf, error)) return nullptr;
  try {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    ctx->use_private_key(boost::asio::buffer(leaf.key_pem), ssl::context::pem);
    std::string chain = leaf.cert_pem;
    ctx->use_certificate_chain(boost::asio::buffer(chain));
    if (client_certs != ClientCertMode::kNone) {
      int mode = ssl::verify_peer;
      if (client_certs == ClientCertMode::kRequire) mode |= ssl::verify_fail_if_no_peer_cert;
      ctx->set_verify_mode(mode);
      // Accept any client certificate (self-signed trustpoints included).
      ctx->set_verify_callback([](bool, ssl::verify_context&) { return true; });
    }
    return ctx;
  } catch (const std::exception& e) {
    *error = std::string("TLS server context: ") + e.what();
    return nullptr;
  }
}

}  // namespace wlc::sim::backends
