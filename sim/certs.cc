#include "certs.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "controller.h"

namespace wlc::sim {
namespace {

std::string OpenSslError(const char* what) {
  std::string out = what;
  unsigned long e = ERR_get_error();
  if (e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    out += ": ";
    out += buf;
  }
  ERR_clear_error();
  return out;
}

EVP_PKEY* NewKey(bool rsa_2048) { return rsa_2048 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"); }

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// A certificate for `key`, signed by (issuer, issuer_key) or self-signed when
// issuer is nullptr. Valid from one day ago for ten years.
X509* MakeCert(EVP_PKEY* key, const std::string& cn, uint64_t serial, X509* issuer,
               EVP_PKEY* issuer_key, bool is_ca, const std::string& san) {
  X509* cert = X509_new();
  if (cert == nullptr) return nullptr;
  bool ok = X509_set_version(cert, 2) == 1;
  ok = ok && ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial) == 1;
  ok = ok && X509_gmtime_adj(X509_getm_notBefore(cert), -86400) != nullptr;
  ok = ok && X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 86400) != nullptr;
  ok = ok && X509_set_pubkey(cert, key) == 1;
  X509_NAME* name = X509_get_subject_name(cert);
  ok = ok &&
       X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                  reinterpret_cast<const unsigned char*>("wlcsim"), -1, -1, 0) == 1;
  ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                        reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                        0) == 1;
  X509* signer = issuer != nullptr ? issuer : cert;
  ok = ok && X509_set_issuer_name(cert, X509_get_subject_name(signer)) == 1;
  if (is_ca) {
    ok = ok && AddExtension(cert, signer, NID_basic_constraints, "critical,CA:TRUE");
    ok = ok && AddExtension(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    ok = ok && AddExtension(cert, signer, NID_subject_key_identifier, "hash");
  } else {
    ok = ok && AddExtension(cert, signer, NID_basic_constraints, "critical,CA:FALSE");
    ok = ok && AddExtension(cert, signer, NID_key_usage, "critical,digitalSignature");
    ok = ok && AddExtension(cert, signer, NID_ext_key_usage, "serverAuth");
    ok = ok && AddExtension(cert, signer, NID_subject_alt_name, san.c_str());
    ok = ok && AddExtension(cert, signer, NID_authority_key_identifier, "keyid:always");
  }
  ok = ok && X509_sign(cert, issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0;
  if (!ok) {
    X509_free(cert);
    return nullptr;
  }
  return cert;
}

}  // namespace

std::unique_ptr<CertAuthority> CertAuthority::Create(size_t controllers, bool rsa_2048,
                                                     std::string* error) {
  std::unique_ptr<CertAuthority> ca(new CertAuthority());
  ca->ca_key_ = NewKey(rsa_2048);
  ca->leaf_key_ = NewKey(rsa_2048);
  if (ca->ca_key_ == nullptr || ca->leaf_key_ == nullptr) {
    *error = OpenSslError(rsa_2048 ? "generating RSA-2048 keys" : "generating EC P-256 keys");
    return nullptr;
  }
  // Random-ish serial so two simulator runs never issue the same CA serial.
  uint64_t serial = static_cast<uint64_t>(NowUnix()) << 16 | 1;
  ca->ca_cert_ = MakeCert(ca->ca_key_, "wlcsim CA", serial, nullptr, nullptr, true, "");
  if (ca->ca_cert_ == nullptr) {
    *error = OpenSslError("creating the CA certificate");
    return nullptr;
  }
  ca->certs_.assign(controllers, nullptr);
  return ca;
}

CertAuthority::~CertAuthority() {
  for (X509* c : certs_) X509_free(c);
  X509_free(ca_cert_);
  EVP_PKEY_free(ca_key_);
  EVP_PKEY_free(leaf_key_);
}

std::string CertAuthority::CaPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr) return "";
  std::string out;
  if (PEM_write_bio_X509(bio, ca_cert_) == 1) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<size_t>(n));
  }
  BIO_free(bio);
  return out;
}

X509* CertAuthority::CertFor(size_t index, const std::string& name, uint32_t address) {
  std::lock_guard<std::mutex> lock(mu_);
  if (index >= certs_.size()) return nullptr;
  if (certs_[index] == nullptr) {
    uint64_t serial = (static_cast<uint64_t>(NowUnix()) << 24) + index + 2;
    certs_[index] =
        MakeCert(leaf_key_, name, serial, ca_cert_, ca_key_, false, "IP:" + FormatIpv4(address));
    if (certs_[index] == nullptr) ERR_clear_error();
  }
  return certs_[index];
}

}  // namespace wlc::sim
