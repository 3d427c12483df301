// A credentials profile: how the service authenticates to a group of controllers and how it
// verifies their TLS certificates. Profiles are read from separate secret files (see
// service/config.h); the password never leaves this struct except into the HTTP client.
#pragma once

#include <string>
#include <vector>

#include "adapters/device/address_allowlist.h"

namespace wlc::device {

struct CredentialsProfile {
  std::string name;
  std::string username;
  std::string password;
  // PEM file with the CA that signs the controllers' HTTPS certificates.
  std::string ca_file;
  // Explicit opt-in: skip TLS verification (logged at start-up, never the default).
  bool insecure_skip_verify = false;
  // Where ad-hoc targets (controllers not in the inventory) may take this profile
  // (address_allowlist.h). Empty, the default: the inventory's controllers only.
  AddressAllowList allowed_targets;
  // Set by the service on its copy of the profile for one ad-hoc target: every connection made
  // with it must land in one of these networks, checked on the address actually connected to
  // (after DNS); a connection elsewhere is never opened, so nothing is sent. Empty: no check.
  std::vector<IpNetwork> connect_only_to;
};

}  // namespace wlc::device
