// A credentials profile: how the service authenticates to a group of controllers and how it
// verifies their TLS certificates. Profiles are read from separate secret files (see
// service/config.h); the password never leaves this struct except into the HTTP client.
#pragma once

#include <string>

namespace wlc::device {

struct CredentialsProfile {
  std::string name;
  std::string username;
  std::string password;
  // PEM file with the CA that signs the controllers' HTTPS certificates.
  std::string ca_file;
  // Explicit opt-in: skip TLS verification (logged at start-up, never the default).
  bool insecure_skip_verify = false;
};

}  // namespace wlc::device
