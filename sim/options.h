// wlcsim command line and --fleet override file.
#ifndef WLC_SIM_OPTIONS_H_
#define WLC_SIM_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "controller.h"

namespace wlc::sim {

struct Options {
  std::string state_dir;
  uint32_t controllers = 3;
  std::string first_address = "127.1.0.1";
  uint16_t port = 0;
  std::string username = "admin";
  std::string password;  // "" = generate
  std::string version = "17.12.1";
  std::string pid = "C9800-CL-K9";
  uint32_t trust_delay_ms = 300;
  uint32_t aps = 10;
  uint32_t threads = 1;
  std::string fleet_file;
  bool listener_per_address = false;  // skip the shared SO_BINDTODEVICE listener
  double clock_speed = 1.0;           // simulated seconds per real second
  std::string syslog;                 // fleet-wide collector, udp://... or tcp://...
  std::string syslog_format = "rfc3164";
  std::string upstream = "local";  // local | backends
  // IOS-XE server behaviour of every controller (realism.h): --profile, then
  // the individual flags; the fleet file overrides per controller.
  Realism realism;
  bool rsa_2048 = false;  // RSA-2048 CA and leaf key instead of EC P-256
};

enum class ParseResult { kOk, kHelp, kError };

// Parses argv ("--flag value" or "--flag=value").
ParseResult ParseOptions(int argc, char** argv, Options* options, std::string* error);
std::string UsageText();

// Host-order IPv4 from a dotted quad; false if invalid.
bool ParseIpv4(const std::string& text, uint32_t* address);

// Builds the controllers (identity from the index, defaults from the flags,
// then the --fleet overrides). Returns false with *error on a bad fleet file.
bool BuildControllers(const Options& options, uint32_t first_address,
                      std::vector<Controller>* controllers, std::string* error);

}  // namespace wlc::sim

#endif  // WLC_SIM_OPTIONS_H_
