// DIR/manifest.json: what a client needs to talk to the fleet. Written
// atomically (temp file + rename) once the listeners are up.
#ifndef WLC_SIM_MANIFEST_H_
#define WLC_SIM_MANIFEST_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace wlc::sim {

class Fleet;

struct ManifestInfo {
  std::string ca_file;
  std::string username;
  std::string password;
  uint16_t port = 0;
  uint16_t control_port = 0;
  nlohmann::json backends;  // null = local fake upstream
};

// Writes `contents` to `path` via `path`.tmp + rename. False with *error.
bool WriteFileAtomically(const std::string& path, const std::string& contents, std::string* error);

// Serialized manifest for the fleet (takes the fleet mutex).
std::string BuildManifest(Fleet& fleet, const ManifestInfo& info);

}  // namespace wlc::sim

#endif  // WLC_SIM_MANIFEST_H_
