// adapters/onprem/onprem_adapter.h: what Validate accepts before any device call.
#include "adapters/onprem/onprem_adapter.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::adapters::onprem {
namespace {

v1::Transport OnPrem(const std::string& url) {
  v1::Transport t;
  t.set_type(v1::TRANSPORT_TYPE_ONPREM);
  t.set_url(url);
  return t;
}

TEST(OnPremAdapterTest, Validate) {
  const OnPremAdapter adapter;
  EXPECT_EQ(adapter.type(), v1::TRANSPORT_TYPE_ONPREM);
  struct Case {
    const char* what;
    std::string version;
    v1::Transport desired;
    absl::StatusCode code;
  };
  std::vector<Case> cases = {
      {"tenant URL", "17.12.1", OnPrem("https://onprem.example.com/cslu/v1/pi/Tenant-1"),
       absl::StatusCode::kOk},
      {"SmartTransport URL", "17.12.1", OnPrem("https://onprem.example.com/SmartTransport"),
       absl::StatusCode::kOk},
      {"SmartTransport needs cli-rpc", "17.6.1",
       OnPrem("https://onprem.example.com/SmartTransport"), absl::StatusCode::kFailedPrecondition},
      {"URL required", "17.12.1", OnPrem(""), absl::StatusCode::kInvalidArgument},
      {"http", "17.12.1", OnPrem("http://onprem.example.com/cslu/v1/pi/T1"),
       absl::StatusCode::kInvalidArgument},
      {"no tenant", "17.12.1", OnPrem("https://onprem.example.com/cslu/v1/pi"),
       absl::StatusCode::kInvalidArgument},
      {"bad tenant", "17.12.1", OnPrem("https://onprem.example.com/cslu/v1/pi/T 1"),
       absl::StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(adapter.Validate({"wlc-1", c.version, "C9800-CL-K9"}, c.desired).code(), c.code)
        << c.what;
  }
}

}  // namespace
}  // namespace wlc::adapters::onprem
