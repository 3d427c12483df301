// wlcsim: a simulated fleet of Catalyst 9800-CL controllers (see --help and
// README.md). Start-up errors are fatal (exit 1); SIGINT/SIGTERM exit 0.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "backend_upstream.h"
#include "certs.h"
#include "control_api.h"
#include "fleet.h"
#include "manifest.h"
#include "options.h"
#include "restconf.h"
#include "server.h"
#include "sim_clock.h"
#include "syslog.h"
#include "upstream.h"
#include "util.h"

namespace {

int Fail(const std::string& message) {
  std::cerr << "wlcsim: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wlc::sim;
  Options options;
  std::string error;
  switch (ParseOptions(argc, argv, &options, &error)) {
    case ParseResult::kHelp:
      std::cout << UsageText();
      return 0;
    case ParseResult::kError:
      std::cerr << "wlcsim: " << error << "\n\n" << UsageText();
      return 2;
    case ParseResult::kOk:
      break;
  }

  uint32_t first = 0;
  if (!ParseIpv4(options.first_address, &first) || (first >> 24) != 127 ||
      static_cast<uint64_t>(first) + options.controllers - 1 > 0x7fffffffULL) {
    return Fail("--first-address must be an IPv4 address in 127.0.0.0/8 with room for " +
                std::to_string(options.controllers) + " controllers");
  }
  if (mkdir(options.state_dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return Fail("cannot create " + options.state_dir + ": " + std::strerror(errno));
  }
  if (options.password.empty()) options.password = RandomAlnum(20);

  SimClock::Get().SetSpeed(options.clock_speed);
  SyslogForwarder& syslog = SyslogForwarder::Get();
  if (!syslog.SetFleetTarget(options.syslog, &error) ||
      !syslog.SetFormat(options.syslog_format, &error)) {
    return Fail(error);
  }
  SetEventSink([](const Controller& c, int64_t time_ms, const std::string& message) {
    SyslogForwarder::Get().Emit(c, time_ms, message);
  });

  std::vector<Controller> controllers;
  if (!BuildControllers(options, first, &controllers, &error)) return Fail(error);
  LocalUpstream local_upstream;
  std::unique_ptr<BackendUpstream> backends;
  Upstream* upstream = &local_upstream;
  if (options.upstream == "backends") {
    backends = BackendUpstream::Start(options.state_dir + "/backends-ca.pem", &error);
    if (backends == nullptr) return Fail("starting the mock back ends: " + error);
    upstream = backends.get();
  }
  Fleet fleet(std::move(controllers), first, std::chrono::milliseconds(options.trust_delay_ms),
              upstream);

  std::unique_ptr<CertAuthority> certs =
      CertAuthority::Create(fleet.size(), options.rsa_2048, &error);
  if (certs == nullptr) return Fail(error);
  std::string ca_file = options.state_dir + "/ca.pem";
  if (!WriteFileAtomically(ca_file, certs->CaPem(), &error)) return Fail(error);

  RestconfRouter router(&fleet, options.username, options.password);
  ControlApi control(&fleet);
  Server server(&fleet, &router, &control, certs.get());
  if (!server.Start(options.port, options.listener_per_address, &error)) return Fail(error);

  ManifestInfo info;
  info.ca_file = ca_file;
  info.username = options.username;
  info.password = options.password;
  info.port = server.port();
  info.control_port = server.control_port();
  if (backends) info.backends = backends->Manifest();
  std::string manifest_path = options.state_dir + "/manifest.json";
  if (!WriteFileAtomically(manifest_path, BuildManifest(fleet, info), &error)) return Fail(error);
  std::cout << "wlcsim ready " << manifest_path << std::endl;

  server.Run(options.threads);
  syslog.Stop();
  return 0;
}
