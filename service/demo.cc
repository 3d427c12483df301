#include "service/demo.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"

namespace wlc::service {
namespace {

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

bool Executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

std::string FindWlcsim(const std::string& self_path, const std::string& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  std::string self = n > 0 ? std::string(buf, n) : self_path;
  const std::string dir = DirOf(self);
  for (const std::string& candidate :
       {dir + "/wlcsim", dir + "/../sim/wlcsim", std::string("/usr/local/bin/wlcsim")}) {
    if (Executable(candidate)) return candidate;
  }
  return "wlcsim";
}

}  // namespace

namespace {

// A UDP port on 127.0.0.1 that is free now (0 if none could be found).
int FreeUdpPort() {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

absl::StatusOr<DemoFleet> StartDemoFleet(const std::string& self_path,
                                         const std::string& wlcsim_path, int controllers,
                                         const std::string& grpc_listen) {
  DemoFleet fleet;
  char tmpl[] = "/tmp/wlc-licensing-demo-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return absl::InternalError("cannot create a temp dir for the demo");
  fleet.dir = tmpl;
  const std::string wlcsim = FindWlcsim(self_path, wlcsim_path);
  const std::string count = std::to_string(controllers);
  // The controllers send their licensing syslog to the service (Diagnose shows it): a free UDP
  // port on loopback, taken now and bound again by the service's receiver.
  const int syslog_port = FreeUdpPort();
  const std::string syslog_target = absl::StrCat("udp://127.0.0.1:", syslog_port);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    // Keep the demo's stdout for licensingd's table.
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, STDOUT_FILENO);
    execlp(wlcsim.c_str(), wlcsim.c_str(), "--state-dir", fleet.dir.c_str(), "--controllers",
           count.c_str(), "--syslog", syslog_target.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  fleet.wlcsim_pid = pid;
  const std::string manifest_path = fleet.dir + "/manifest.json";
  nlohmann::json manifest;
  absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (true) {
    std::ifstream in(manifest_path);
    if (in) {
      manifest = nlohmann::json::parse(in, nullptr, false);
      if (!manifest.is_discarded()) break;
    }
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) {
      fleet.wlcsim_pid = -1;
      return absl::FailedPreconditionError(
          absl::StrCat("wlcsim (", wlcsim, ") exited before it was ready"));
    }
    if (absl::Now() > give_up) {
      StopDemoFleet(fleet);
      return absl::DeadlineExceededError("wlcsim did not become ready within 20 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  nlohmann::json profile = {{"username", manifest["username"]},
                            {"password", manifest["password"]},
                            {"ca_file", manifest["ca_file"]}};
  std::ofstream(fleet.dir + "/profile-demo.json") << profile.dump(2);
  chmod((fleet.dir + "/profile-demo.json").c_str(), 0600);
  nlohmann::json config = {{"grpc_listen", grpc_listen},
                           {"device_timeout_seconds", 5},
                           {"syslog_listen", absl::StrCat("127.0.0.1:", syslog_port)},
                           // Loopback demo: changes without a bearer token (logged at start-up).
                           {"allow_anonymous_writes", true},
                           {"credentials_profiles", {{"demo", "profile-demo.json"}}},
                           {"controllers", nlohmann::json::array()}};
  for (const auto& c : manifest["controllers"]) {
    config["controllers"].push_back(
        {{"name", c["name"]},
         {"address", absl::StrCat(c["address"].get<std::string>(), ":", c["port"].get<int>())},
         {"credentials_profile", "demo"},
         {"software_version", c["version"]},
         {"platform", c["pid"]},
         {"labels", {{"site", "demo"}}}});
  }
  fleet.config_path = fleet.dir + "/licensingd.json";
  std::ofstream(fleet.config_path) << config.dump(2);
  return fleet;
}

void StopDemoFleet(const DemoFleet& fleet) {
  if (fleet.wlcsim_pid > 0) {
    kill(fleet.wlcsim_pid, SIGTERM);
    int st;
    waitpid(fleet.wlcsim_pid, &st, 0);
  }
}

}  // namespace wlc::service
