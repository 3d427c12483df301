// Test harness: real processes on 127.0.0.1. Starts wlcsim (a simulated fleet) and licensingd
// (the service) as subprocesses on ephemeral ports, writes the service's config and profiles
// from wlcsim's manifest, and stops both by PID.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "wlc/licensing/v1/service.grpc.pb.h"

namespace wlc::testing {

std::string MakeTempDir(const std::string& prefix);
std::string ReadFileOrEmpty(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);

// A child process; killed (SIGTERM, then SIGKILL) and reaped on destruction.
class Process {
 public:
  // stdout/stderr go to `log_path` (appended) when given.
  Process(const std::vector<std::string>& argv, const std::string& log_path);
  ~Process();
  pid_t pid() const { return pid_; }
  bool Running();
  int Stop();  // returns the exit status (or -1)

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// wlcsim with its manifest.
struct Fleet {
  std::unique_ptr<Process> process;
  std::string dir;
  nlohmann::json manifest;

  const nlohmann::json& controller(size_t i) const { return manifest["controllers"][i]; }
  std::string address(size_t i) const;  // host:port
  // Control API (plain HTTP): returns the body, empty on failure.
  std::string ControlGet(const std::string& path) const;
  std::string ControlPost(const std::string& path, const std::string& body) const;
  // POST /controllers/<controller i>/faults with `faults` ("{}" clears them); true when taken.
  bool SetFaults(size_t i, const std::string& faults) const;
  // Controller i's configuration only (native license smart + the CLI-only settings): what a
  // request may or may not have changed, without live values such as the device clock.
  std::string DeviceConfig(size_t i) const;
};

// Starts wlcsim with --state-dir <tmp> and `args`; waits for the manifest (20 s).
std::unique_ptr<Fleet> StartFleet(const std::vector<std::string>& args);

// licensingd on 127.0.0.1:0; `config` is written to <dir>/config.json.
struct Service {
  std::unique_ptr<Process> process;
  std::string dir;
  std::string log_path;
  int grpc_port = 0;
  nlohmann::json ready;  // the ready file: grpc_port, metrics_port, restconf_port, syslog_port
  std::unique_ptr<wlc::licensing::v1::LicensingService::Stub> stub;
};
std::unique_ptr<Service> StartService(const std::string& dir, const nlohmann::json& config);

// Writes a credentials profile file and returns its path.
std::string WriteProfile(const std::string& dir, const std::string& name, const std::string& user,
                         const std::string& password, const std::string& ca_file);

// A config with one controller entry per fleet controller, all with profile "lab".
nlohmann::json ConfigForFleet(const Fleet& fleet, const std::string& profile_path);

// An HTTP(S) call made with libcurl, for the faces that are not gRPC (RESTCONF, /metrics).
struct HttpReply {
  long status = 0;  // 0: no answer (see `error`)
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string error;                           // libcurl's reason when status is 0
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};
struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::string ca_file;    // trust this CA (https)
  std::string cert_file;  // client certificate (mTLS), with key_file
  std::string key_file;
  long timeout_ms = 30000;
};
HttpReply Http(const HttpCall& call);

// A self-signed ECDSA certificate for 127.0.0.1 (a northbound face's own): writes
// <dir>/<name>.crt and <dir>/<name>.key; empty on success, else openssl's complaint.
std::string MakeFaceCertificate(const std::string& dir, const std::string& name);

// {"tokens": [...]} with one operator ("ops") and one reader ("viewer") token, at `path`.
void WriteTokens(const std::string& path, const std::string& operator_token,
                 const std::string& reader_token);

// Runs `cmd` with sh (stderr merged into the result); `exit_code` gets its exit status.
std::string Shell(const std::string& cmd, int* exit_code);

}  // namespace wlc::testing
