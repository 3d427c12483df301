#include "adapters/device/smartlic_client.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/unit/adapters/device/fixture.h"

namespace wlc::device {
namespace {

using testing::ExpectEachCallReported;
using testing::FixtureServer;
using testing::ObservedCallCase;
using testing::RecordingCallObserver;

constexpr absl::Duration kTimeout = absl::Seconds(5);

// Each /smartlic-service call reaches the observer once, with its method and the caller's status.
TEST(SmartlicClientTest, ReportsEveryCallWithItsMethodAndOutcome) {
  absl::StatusOr<std::unique_ptr<FixtureServer>> server = FixtureServer::Launch();
  ASSERT_TRUE(server.ok()) << server.status();
  const CredentialsProfile profile = (*server)->GoodProfile();
  const DeviceEndpoint device{"wlc-test", (*server)->base_url(), &profile};
  HttpsClient http;
  RecordingCallObserver observer;
  const SmartlicClient client(&http, &observer);
  const std::vector<ObservedCallCase> cases = {
      {"GET 200", [&] { return client.Get(device, "ok", kTimeout).status(); }, "GET",
       absl::StatusCode::kOk},
      {"POST 200",
       [&] {
         return client.Post(device, "ok", {{"a", 1}}, kTimeout).status();
       },
       "POST", absl::StatusCode::kOk},
      {"GET 404", [&] { return client.Get(device, "status/404/x", kTimeout).status(); }, "GET",
       absl::StatusCode::kNotFound},
      {"POST 500", [&] { return client.Post(device, "status/500", {}, kTimeout).status(); }, "POST",
       absl::StatusCode::kInternal},
      {"GET timeout",
       [&] { return client.Get(device, "silent", absl::Milliseconds(300)).status(); }, "GET",
       absl::StatusCode::kDeadlineExceeded},
  };
  ExpectEachCallReported(observer, DeviceApi::kSmartlic, cases);
}

}  // namespace
}  // namespace wlc::device
