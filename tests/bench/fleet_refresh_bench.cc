// Fleet-wide state refresh through FleetService.ListLicensingStates (all controllers), run twice:
// cold (TLS handshakes to every controller) and warm (kept-alive connections). Prints one JSON
// object: controllers/s, p50/p99 per-controller latency, failures, per run.
//   fleet_refresh_bench <grpc host:port> <concurrency> [runs=2]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "nlohmann/json.hpp"
#include "wlc/licensing/v1/fleet.grpc.pb.h"

namespace v1 = ::wlc::licensing::v1;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <host:port> <concurrency> [runs]\n", argv[0]);
    return 2;
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  auto stub = v1::FleetService::NewStub(
      grpc::CreateCustomChannel(argv[1], grpc::InsecureChannelCredentials(), args));
  const int runs = argc > 3 ? std::atoi(argv[3]) : 2;
  nlohmann::json out = nlohmann::json::array();
  for (int run = 0; run < runs; ++run) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
    v1::ListLicensingStatesRequest req;
    req.mutable_selector()->set_all(true);
    req.mutable_options()->set_concurrency(std::atoi(argv[2]));
    auto start = std::chrono::steady_clock::now();
    auto reader = stub->ListLicensingStates(&ctx, req);
    v1::ListLicensingStatesResponse resp;
    std::vector<uint32_t> latencies;
    uint64_t failed = 0;
    while (reader->Read(&resp)) {
      if (!resp.event().has_result()) continue;
      latencies.push_back(resp.event().result().duration_ms());
      if (resp.event().result().code() != 0) ++failed;
    }
    grpc::Status status = reader->Finish();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!status.ok()) {
      std::fprintf(stderr, "run %d: %s\n", run, status.error_message().c_str());
      return 1;
    }
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
      return latencies.empty() ? 0u : latencies[std::min(latencies.size() - 1, size_t(p * latencies.size()))];
    };
    out.push_back({{"run", run == 0 ? "cold" : "warm"},
                   {"controllers", latencies.size()},
                   {"failed", failed},
                   {"seconds", seconds},
                   {"controllers_per_second", latencies.size() / seconds},
                   {"p50_ms", pct(0.50)},
                   {"p99_ms", pct(0.99)}});
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
