// The simulator's PKI: one CA (EC P-256, or RSA-2048 like a 9800's
// self-signed certificate, CN "wlcsim CA") and one shared leaf key of the same
// type, both made at start-up; per-controller leaf certificates
// (CN = controller name, subjectAltName IP:<address>) are minted lazily on the
// first connection to that controller and cached.
//
// Thread-safe.
#ifndef WLC_SIM_CERTS_H_
#define WLC_SIM_CERTS_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

typedef struct x509_st X509;
typedef struct evp_pkey_st EVP_PKEY;

namespace wlc::sim {

class CertAuthority {
 public:
  // Generates the CA and the leaf key. Returns nullptr and sets *error on
  // failure (OpenSSL error text).
  static std::unique_ptr<CertAuthority> Create(size_t controllers, bool rsa_2048,
                                               std::string* error);
  ~CertAuthority();

  CertAuthority(const CertAuthority&) = delete;
  CertAuthority& operator=(const CertAuthority&) = delete;

  std::string CaPem() const;
  EVP_PKEY* leaf_key() const { return leaf_key_; }

  // The cached (or newly signed) certificate of controller `index`; owned by
  // this object, valid for its lifetime. nullptr on signing failure.
  X509* CertFor(size_t index, const std::string& name, uint32_t address);

 private:
  CertAuthority() = default;

  EVP_PKEY* ca_key_ = nullptr;
  X509* ca_cert_ = nullptr;
  EVP_PKEY* leaf_key_ = nullptr;
  std::mutex mu_;
  std::vector<X509*> certs_;  // by controller index, nullptr until first use
};

}  // namespace wlc::sim

#endif  // WLC_SIM_CERTS_H_
