#include "manifest.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>

#include "fleet.h"

namespace wlc::sim {

bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string* error) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    *error = "cannot write " + tmp + ": " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (fsync(fileno(f)) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = "cannot write " + path + ": " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

std::string BuildManifest(Fleet& fleet, const ManifestInfo& info) {
  nlohmann::json controllers = nlohmann::json::array();
  std::lock_guard<std::mutex> lock(fleet.mu());
  for (size_t i = 0; i < fleet.size(); ++i) {
    const Controller& c = fleet.at(i);
    std::string address = FormatIpv4(c.address);
    controllers.push_back({{"name", c.name},
                           {"address", address},
                           {"port", info.port},
                           {"base_url", "https://" + address + ":" + std::to_string(info.port)},
                           {"pid", c.pid},
                           {"serial", c.serial},
                           {"version", c.version_text},
                           {"udi", c.Udi()}});
  }
  nlohmann::json manifest = {
      {"pid", static_cast<int64_t>(getpid())},
      {"ca_file", info.ca_file},
      {"username", info.username},
      {"password", info.password},
      {"port", info.port},
      {"control_url", "http://127.0.0.1:" + std::to_string(info.control_port)},
      {"controllers", std::move(controllers)}};
  manifest["upstream"] = info.backends.is_null() ? "local" : "backends";
  if (!info.backends.is_null()) manifest["backends"] = info.backends;
  return manifest.dump(1) + "\n";
}

}  // namespace wlc::sim
