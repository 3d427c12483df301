// The ceiling of the machine for a fleet refresh's traffic, without the service: the same three
// RESTCONF GETs per controller (native license config, licensing state, joined-AP count) straight
// from HttpsClients (libcurl multi, one event loop per core; the thinnest client this project has),
// `concurrency` controllers at once, cold (a TLS handshake per controller) then warm. What
// licensingd reaches divided by this is how much of the machine the service leaves unused.
//   wlcsim_ceiling <wlcsim manifest.json> <concurrency> [runs=2]   -> a JSON array on stdout
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "adapters/device/https_client.h"
#include "nlohmann/json.hpp"

namespace {

constexpr const char* kPaths[] = {
    "Cisco-IOS-XE-native:native/license/smart",
    "cisco-smart-license:licensing/state",
    "Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data/emltd-join-count-stat",
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <manifest.json> <concurrency> [runs]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  const nlohmann::json manifest = nlohmann::json::parse(in);
  const size_t concurrency = std::stoul(argv[2]);
  const int runs = argc > 3 ? std::atoi(argv[3]) : 2;
  wlc::device::CredentialsProfile profile;
  profile.name = "bench";
  profile.username = manifest["username"];
  profile.password = manifest["password"];
  profile.ca_file = manifest["ca_file"];
  std::vector<std::string> bases;
  for (const auto& c : manifest["controllers"]) bases.push_back(c["base_url"]);

  // As many event loops as cores, controllers spread over them (as licensingd's shards).
  const size_t loops = std::max(2u, std::thread::hardware_concurrency());
  wlc::device::HttpsClient::Options options;
  options.max_connections = static_cast<long>(bases.size() / loops) + 512;
  options.max_host_connections = 1;
  std::vector<std::unique_ptr<wlc::device::HttpsClient>> clients;
  for (size_t i = 0; i < loops; ++i) {
    clients.push_back(std::make_unique<wlc::device::HttpsClient>(options));
  }
  nlohmann::json out = nlohmann::json::array();
  for (int run = 0; run < runs; ++run) {
    std::mutex mu;
    std::condition_variable cv;
    size_t next = 0, done = 0, in_flight = 0;
    std::atomic<size_t> failed{0};
    // One controller: its three GETs one after the other, then the next controller.
    std::function<void(size_t, int)> get = [&](size_t i, int step) {
      wlc::device::HttpRequest request;
      request.url = bases[i] + "/restconf/data/" + kPaths[step];
      request.headers = {"Accept: application/yang-data+json"};
      request.credentials = &profile;
      request.timeout = absl::Seconds(30);
      clients[i % loops]->Start(std::move(request),
                                [&, i, step](absl::StatusOr<wlc::device::HttpResponse> r) {
                                  const bool ok = r.ok() && (r->status == 200 || r->status == 404);
                                  if (ok && step < 2) return get(i, step + 1);
                                  if (!ok) ++failed;
                                  std::lock_guard<std::mutex> lock(mu);
                                  ++done;
                                  --in_flight;
                                  cv.notify_one();
                                });
    };
    const absl::Time start = absl::Now();
    std::unique_lock<std::mutex> lock(mu);
    while (done < bases.size()) {
      while (next < bases.size() && in_flight < concurrency) {
        ++in_flight;
        const size_t i = next++;
        lock.unlock();
        get(i, 0);
        lock.lock();
      }
      cv.wait(lock, [&] {
        return done == bases.size() || (next < bases.size() && in_flight < concurrency);
      });
    }
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    out.push_back({{"run", run == 0 ? "cold" : "warm"},
                   {"controllers", bases.size()},
                   {"seconds", seconds},
                   {"controllers_per_second", bases.size() / seconds},
                   {"failed", failed.load()}});
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
