#include "tests/integration/harness.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "curl/curl.h"
#include "grpcpp/grpcpp.h"

namespace wlc::testing {

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = "/tmp/" + prefix + "-XXXXXX";
  char* dir = mkdtemp(tmpl.data());
  return dir == nullptr ? "" : std::string(dir);
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

Process::Process(const std::vector<std::string>& argv, const std::string& log_path) {
  pid_ = fork();
  if (pid_ == 0) {
    if (!log_path.empty()) {
      int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
      }
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
}

bool Process::Running() {
  if (pid_ <= 0) return false;
  int st;
  if (waitpid(pid_, &st, WNOHANG) == pid_) {
    status_ = st;
    pid_ = -1;
    return false;
  }
  return true;
}

int Process::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      int st;
      if (waitpid(pid_, &st, WNOHANG) == pid_) {
        status_ = st;
        pid_ = -1;
        return status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
    pid_ = -1;
  }
  return status_;
}

Process::~Process() { Stop(); }

std::string Fleet::address(size_t i) const {
  return absl::StrCat(controller(i)["address"].get<std::string>(), ":",
                      controller(i)["port"].get<int>());
}

namespace {

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string PlainHttp(const std::string& url, const std::string* post_body) {
  CURL* curl = curl_easy_init();
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  struct curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (post_body != nullptr) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->c_str());
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return rc == CURLE_OK ? body : "";
}

}  // namespace

std::string Fleet::ControlGet(const std::string& path) const {
  return PlainHttp(manifest["control_url"].get<std::string>() + path, nullptr);
}

std::string Fleet::ControlPost(const std::string& path, const std::string& body) const {
  return PlainHttp(manifest["control_url"].get<std::string>() + path, &body);
}

bool Fleet::SetFaults(size_t i, const std::string& faults) const {
  return !ControlPost("/controllers/" + controller(i)["name"].get<std::string>() + "/faults", faults)
              .empty();
}

std::string Fleet::DeviceConfig(size_t i) const {
  nlohmann::json state = nlohmann::json::parse(
      ControlGet("/controllers/" + controller(i)["name"].get<std::string>()), nullptr, false);
  if (state.is_discarded()) return "";
  return nlohmann::json{{"native_smart", state.value("native_smart", nlohmann::json())},
                        {"cli", state.value("cli", nlohmann::json())}}
      .dump();
}

std::unique_ptr<Fleet> StartFleet(const std::vector<std::string>& args) {
  auto fleet = std::make_unique<Fleet>();
  fleet->dir = MakeTempDir("wlcsim-test");
  std::vector<std::string> argv = {WLCSIM_PATH, "--state-dir", fleet->dir};
  argv.insert(argv.end(), args.begin(), args.end());
  fleet->process = std::make_unique<Process>(argv, fleet->dir + "/wlcsim.log");
  const std::string manifest = fleet->dir + "/manifest.json";
  for (int i = 0; i < 400; ++i) {
    std::string text = ReadFileOrEmpty(manifest);
    if (!text.empty()) {
      fleet->manifest = nlohmann::json::parse(text, nullptr, false);
      if (!fleet->manifest.is_discarded()) return fleet;
    }
    if (!fleet->process->Running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return nullptr;
}

std::string WriteProfile(const std::string& dir, const std::string& name, const std::string& user,
                         const std::string& password, const std::string& ca_file) {
  const std::string path = absl::StrCat(dir, "/profile-", name, ".json");
  nlohmann::json j = {{"username", user}, {"password", password}};
  if (!ca_file.empty()) j["ca_file"] = ca_file;
  WriteFile(path, j.dump());
  return path;
}

nlohmann::json ConfigForFleet(const Fleet& fleet, const std::string& profile_path) {
  nlohmann::json cfg = {{"grpc_listen", "127.0.0.1:0"},
                        {"device_timeout_seconds", 5},
                        {"trust_poll_interval_ms", 50},
                        // Tests without a tokens file act as anonymous operators; the
                        // security tests configure tokens instead.
                        {"allow_anonymous_writes", true},
                        {"credentials_profiles", {{"lab", profile_path}}},
                        {"controllers", nlohmann::json::array()}};
  for (size_t i = 0; i < fleet.manifest["controllers"].size(); ++i) {
    cfg["controllers"].push_back({{"name", fleet.controller(i)["name"]},
                                  {"address", fleet.address(i)},
                                  {"credentials_profile", "lab"},
                                  {"software_version", fleet.controller(i)["version"]},
                                  {"platform", fleet.controller(i)["pid"]}});
  }
  return cfg;
}

std::unique_ptr<Service> StartService(const std::string& dir, const nlohmann::json& config) {
  auto svc = std::make_unique<Service>();
  svc->dir = dir;
  WriteFile(dir + "/config.json", config.dump(2));
  const std::string ready = dir + "/ready.json";
  std::remove(ready.c_str());
  svc->log_path = dir + "/licensingd.log";
  svc->process = std::make_unique<Process>(
      std::vector<std::string>{LICENSINGD_PATH, "--config", dir + "/config.json", "--ready_file",
                               ready},
      svc->log_path);
  for (int i = 0; i < 400; ++i) {
    std::string text = ReadFileOrEmpty(ready);
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_discarded() && j.contains("grpc_port")) {
      svc->grpc_port = j["grpc_port"].get<int>();
      svc->ready = j;
      auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", svc->grpc_port),
                                         grpc::InsecureChannelCredentials());
      svc->stub = wlc::licensing::v1::LicensingService::NewStub(channel);
      return svc;
    }
    if (!svc->process->Running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return nullptr;
}

namespace {

size_t CollectBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t CollectHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    (*static_cast<std::map<std::string, std::string>*>(
        out))[absl::AsciiStrToLower(line.substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return size * n;
}

}  // namespace

HttpReply Http(const HttpCall& call) {
  HttpReply reply;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  if (!call.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, call.ca_file.c_str());
  if (!call.cert_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, call.cert_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEY, call.key_file.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, call.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  struct curl_slist* headers = nullptr;
  for (const std::string& h : call.headers) headers = curl_slist_append(headers, h.c_str());
  if (!call.body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  } else {
    reply.error = curl_easy_strerror(rc);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return reply;
}

std::string Shell(const std::string& cmd, int* exit_code) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) {
    *exit_code = -1;
    return "";
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = pclose(p);
  *exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

std::string MakeFaceCertificate(const std::string& dir, const std::string& name) {
  int rc = 0;
  const std::string out = Shell(
      absl::StrCat("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
                   "-subj /CN=licensingd -addext subjectAltName=IP:127.0.0.1 -keyout ",
                   dir, "/", name, ".key -out ", dir, "/", name, ".crt"),
      &rc);
  return rc == 0 ? "" : absl::StrCat("openssl failed: ", out);
}

void WriteTokens(const std::string& path, const std::string& operator_token,
                 const std::string& reader_token) {
  WriteFile(path,
            nlohmann::json{{"tokens",
                            {{{"name", "ops"}, {"role", "operator"}, {"token", operator_token}},
                             {{"name", "viewer"}, {"role", "reader"}, {"token", reader_token}}}}}
                .dump());
}

}  // namespace wlc::testing
