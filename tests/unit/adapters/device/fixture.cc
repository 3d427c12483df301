#include "tests/unit/adapters/device/fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

extern char** environ;

namespace wlc::device::testing {
namespace {

absl::Status Run(const std::string& command, const std::string& log) {
  const std::string full = absl::StrCat(command, " >>", log, " 2>&1");
  if (std::system(full.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("failed (see ", log, "): ", command));
  }
  return absl::OkStatus();
}

// EC keys keep generation fast; the CA gets explicit CA extensions so OpenSSL 3 accepts it
// whatever the system openssl.cnf says.
absl::Status MakeCa(const std::string& dir, const std::string& name, const std::string& log) {
  return Run(absl::StrCat("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                          "-nodes -days 2 -subj /CN=",
                          name, " -keyout ", dir, "/", name, ".key -out ", dir, "/", name,
                          ".pem -addext basicConstraints=critical,CA:TRUE "
                          "-addext keyUsage=critical,keyCertSign,cRLSign"),
             log);
}

absl::StatusOr<TlsFiles> MakeTlsFiles() {
  std::string templ = ::testing::TempDir() + "wlc-device-XXXXXX";
  std::vector<char> buffer(templ.begin(), templ.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) return absl::InternalError("mkdtemp failed");
  TlsFiles tls;
  tls.dir = buffer.data();
  const std::string log = tls.dir + "/openssl.log";
  tls.ca = tls.dir + "/test-ca.pem";
  tls.other_ca = tls.dir + "/other-ca.pem";
  tls.server_cert = tls.dir + "/server.pem";
  tls.server_key = tls.dir + "/server.key";
  if (absl::Status s = MakeCa(tls.dir, "test-ca", log); !s.ok()) return s;
  if (absl::Status s = MakeCa(tls.dir, "other-ca", log); !s.ok()) return s;
  {
    std::ofstream ext(tls.dir + "/server.ext");
    ext << "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
           "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n";
  }
  if (absl::Status s = Run(absl::StrCat("openssl req -newkey ec -pkeyopt "
                                        "ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 "
                                        "-keyout ",
                                        tls.server_key, " -out ", tls.dir, "/server.csr"),
                           log);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          Run(absl::StrCat("openssl x509 -req -days 2 -in ", tls.dir, "/server.csr -CA ", tls.ca,
                           " -CAkey ", tls.dir, "/test-ca.key -CAcreateserial -extfile ", tls.dir,
                           "/server.ext -out ", tls.server_cert),
              log);
      !s.ok()) {
    return s;
  }
  return tls;
}

// Reads the first line the child prints, giving up after `timeout_ms`.
absl::StatusOr<std::string> ReadLine(int fd, int timeout_ms) {
  std::string line;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return absl::DeadlineExceededError("fixture did not start");
    char c;
    if (read(fd, &c, 1) != 1) return absl::UnavailableError("fixture exited before printing");
    if (c == '\n') return line;
    line.push_back(c);
  }
}

}  // namespace

std::string ExpectedAuthorization() {
  return "Basic " + absl::Base64Escape(absl::StrCat(kUsername, ":", kPassword));
}

absl::StatusOr<std::unique_ptr<FixtureServer>> FixtureServer::Launch() {
  std::unique_ptr<FixtureServer> server(new FixtureServer());
  absl::StatusOr<TlsFiles> tls = MakeTlsFiles();
  if (!tls.ok()) return tls.status();
  server->tls_ = *std::move(tls);

  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return absl::InternalError("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  const std::string auth = ExpectedAuthorization();
  std::vector<std::string> args = {"/usr/bin/python3", WLC_DEVICE_FIXTURE_SERVER,
                                   server->tls_.server_cert, server->tls_.server_key, auth};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int rc = posix_spawn(&server->pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    server->pid_ = -1;
    return absl::InternalError("could not spawn /usr/bin/python3");
  }
  absl::StatusOr<std::string> line = ReadLine(pipe_fds[0], 15000);
  close(pipe_fds[0]);
  if (!line.ok()) return line.status();
  if (!absl::SimpleAtoi(*line, &server->port_)) {
    return absl::InternalError(absl::StrCat("fixture printed \"", *line, "\", not a port"));
  }
  return server;
}

FixtureServer::~FixtureServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (!tls_.dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(tls_.dir, ignored);
  }
}

std::string FixtureServer::base_url() const { return absl::StrCat("https://127.0.0.1:", port_); }

CredentialsProfile FixtureServer::GoodProfile() const {
  CredentialsProfile profile;
  profile.name = "lab";
  profile.username = kUsername;
  profile.password = kPassword;
  profile.ca_file = tls_.ca;
  return profile;
}

int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

void ExpectEachCallReported(RecordingCallObserver& observer, DeviceApi api,
                            const std::vector<ObservedCallCase>& cases) {
  for (const ObservedCallCase& c : cases) {
    SCOPED_TRACE(c.name);
    const absl::Status status = c.call();
    EXPECT_EQ(status.code(), c.code) << status;
    const std::vector<RecordingCallObserver::Finished> calls = observer.Take();
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].api, api);
    EXPECT_EQ(calls[0].method, c.method);
    EXPECT_EQ(calls[0].code, status.code());
    EXPECT_GE(calls[0].took, absl::ZeroDuration());
    EXPECT_EQ(observer.in_flight(), 0);
  }
}

}  // namespace wlc::device::testing
