// Test support for the device client tests: throw-away TLS material made with the `openssl`
// CLI and the HTTPS fixture server (fixture_server.py) run as a child process on 127.0.0.1.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/device/credentials.h"
#include "adapters/device/device_call_observer.h"

namespace wlc::device::testing {

// A password nobody would write by accident, so tests can assert it never leaks into messages.
inline constexpr char kUsername[] = "netops";
inline constexpr char kPassword[] = "Zebra-Quartz-7781-SECRET";
// What the fixture expects in Authorization: "Basic " + base64(user:password).
std::string ExpectedAuthorization();

// Files in a fresh temporary directory, removed with the FixtureServer.
struct TlsFiles {
  std::string dir;
  std::string ca;           // signs server_cert
  std::string server_cert;  // subjectAltName IP:127.0.0.1
  std::string server_key;
  std::string other_ca;  // unrelated CA: verification against it must fail
};

class FixtureServer {
 public:
  // Generates the TLS files, starts the server and waits for it to print its port.
  static absl::StatusOr<std::unique_ptr<FixtureServer>> Launch();
  ~FixtureServer();  // kills the server by PID and removes the files

  int port() const { return port_; }
  std::string base_url() const;  // https://127.0.0.1:<port>
  const TlsFiles& tls() const { return tls_; }
  // The profile that the fixture accepts, trusting `tls().ca`.
  CredentialsProfile GoodProfile() const;

 private:
  FixtureServer() = default;

  TlsFiles tls_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Counts down to zero once; Wait() blocks until then. std-based rather than absl::BlockingCounter
// so ThreadSanitizer (which cannot see into the distribution's uninstrumented abseil) understands
// it.
class Latch {
 public:
  explicit Latch(int count) : count_(count) {}
  void CountDown() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--count_ == 0) cv_.notify_all();
  }
  bool WaitFor(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return count_ <= 0; });
  }
  bool Done() {
    std::lock_guard<std::mutex> lock(mu_);
    return count_ <= 0;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_;
};

// A fake DeviceCallObserver: keeps every finished call, and counts calls in flight.
class RecordingCallObserver final : public DeviceCallObserver {
 public:
  struct Finished {
    DeviceApi api;
    std::string method;
    absl::StatusCode code;
    absl::Duration took;
  };
  void CallStarted(const DeviceCall&) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++in_flight_;
  }
  void CallFinished(const DeviceCall& call, absl::Duration took,
                    const absl::Status& outcome) override {
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
    finished_.push_back({call.api, std::string(call.method), outcome.code(), took});
  }
  void CallRetried(const DeviceCall&, absl::string_view cause) override {
    std::lock_guard<std::mutex> lock(mu_);
    retries_.emplace_back(cause);
  }
  // The retry causes reported so far, and forgets them.
  std::vector<std::string> TakeRetries() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(retries_, {});
  }
  // The calls finished so far, and forgets them.
  std::vector<Finished> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(finished_, {});
  }
  int in_flight() {
    std::lock_guard<std::mutex> lock(mu_);
    return in_flight_;
  }

 private:
  std::mutex mu_;
  int in_flight_ = 0;
  std::vector<Finished> finished_;
  std::vector<std::string> retries_;
};

// One client call and what its observer must see of it.
struct ObservedCallCase {
  std::string name;
  std::function<absl::Status()> call;
  std::string method;
  absl::StatusCode code;  // what the call returns, and so the reported outcome
};
// Runs each case and expects it reported exactly once to `observer`, as `api` with the case's
// method and the code the call returned, and nothing left in flight.
void ExpectEachCallReported(RecordingCallObserver& observer, DeviceApi api,
                            const std::vector<ObservedCallCase>& cases);

// A port on 127.0.0.1 with nothing listening (bound, then released).
int ClosedPort();

}  // namespace wlc::device::testing
