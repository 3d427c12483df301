// The service's files: the config (service::ParseConfig), an inventory file
// (service::LoadInventory), a credentials profile (service::LoadProfile) and the tokens file
// (service::Authorizer::FromJson). Each input is tried as every one of them. The config's base
// directory is a scratch directory holding one valid profile, `lab.json`, so configs that name
// it get past the profile step to the controllers.
#include "service/config.h"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "service/auth.h"

namespace {

struct Scratch {
  std::string dir;
  std::string file;  // rewritten with each input for the loaders that read a path
  wlc::service::Config config;
};

Scratch* MakeScratch() {
  auto* s = new Scratch();
  // In memory where there is a tmpfs: ext4 flushes a truncated-and-rewritten file on close.
  char shm[] = "/dev/shm/wlc-fuzz-config-XXXXXX";
  char tmp[] = "/tmp/wlc-fuzz-config-XXXXXX";
  const char* dir = mkdtemp(shm);
  if (dir == nullptr) dir = mkdtemp(tmp);
  if (dir == nullptr) std::abort();
  s->dir = dir;
  s->file = s->dir + "/input.json";
  static const Scratch* for_cleanup = s;
  std::atexit([] {
    unlink(for_cleanup->file.c_str());
    unlink((for_cleanup->dir + "/lab.json").c_str());
    rmdir(for_cleanup->dir.c_str());
  });
  std::ofstream(s->dir + "/lab.json") << R"({"username": "admin", "password": "x"})";
  absl::StatusOr<wlc::service::Config> base =
      wlc::service::ParseConfig(R"({"credentials_profiles": {"lab": "lab.json"}})", s->dir);
  if (!base.ok()) std::abort();
  s->config = *std::move(base);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Scratch* scratch = MakeScratch();
  const std::string text(reinterpret_cast<const char*>(data), size);
  wlc::service::ParseConfig(text, scratch->dir).IgnoreError();
  wlc::service::Authorizer::FromJson(text, /*allow_anonymous_writes=*/false).IgnoreError();
  {
    std::ofstream out(scratch->file, std::ios::binary | std::ios::trunc);
    out << text;
  }
  wlc::service::LoadInventory(scratch->file, scratch->config).IgnoreError();
  wlc::service::LoadProfile("fuzz", scratch->file).IgnoreError();
  return 0;
}
