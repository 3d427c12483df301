// adapters/smart/smart_adapter.h: what Validate accepts before any device call.
#include "adapters/smart/smart_adapter.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::adapters::smart {
namespace {

v1::Transport Smart() {
  v1::Transport t;
  t.set_type(v1::TRANSPORT_TYPE_SMART);
  t.set_url_default(true);
  return t;
}

TEST(SmartAdapterTest, Validate) {
  const SmartAdapter adapter;
  EXPECT_EQ(adapter.type(), v1::TRANSPORT_TYPE_SMART);
  struct Case {
    const char* what;
    std::string version;
    v1::Transport desired;
    absl::StatusCode code;
  };
  std::vector<Case> cases;
  cases.push_back({"default URL", "17.12.1", Smart(), absl::StatusCode::kOk});
  cases.push_back({"unknown version: no gates", "", Smart(), absl::StatusCode::kOk});
  cases.push_back({"before SLUP", "17.3.1", Smart(), absl::StatusCode::kFailedPrecondition});
  v1::Transport wrong_type = Smart();
  wrong_type.set_type(v1::TRANSPORT_TYPE_CSLU);
  cases.push_back({"other type", "17.12.1", wrong_type, absl::StatusCode::kInvalidArgument});
  v1::Transport http = Smart();
  http.set_url_default(false);
  http.set_url("http://smartreceiver.cisco.com/licservice/license");
  cases.push_back({"plain http URL", "17.12.1", http, absl::StatusCode::kInvalidArgument});
  v1::Transport proxy = Smart();
  proxy.mutable_proxy()->set_host("proxy.example.com");
  proxy.mutable_proxy()->set_port(3128);
  cases.push_back({"proxy", "17.12.1", proxy, absl::StatusCode::kOk});
  cases.push_back({"proxy needs cli-rpc", "17.6.1", proxy, absl::StatusCode::kFailedPrecondition});
  v1::Transport bad_proxy = proxy;
  bad_proxy.mutable_proxy()->set_host("proxy;reload");
  cases.push_back({"proxy host grammar", "17.12.1", bad_proxy, absl::StatusCode::kInvalidArgument});
  v1::Transport interval = Smart();
  interval.set_usage_interval_days(366);
  cases.push_back({"usage interval", "17.12.1", interval, absl::StatusCode::kInvalidArgument});
  for (const Case& c : cases) {
    EXPECT_EQ(adapter.Validate({"wlc-1", c.version, "C9800-CL-K9"}, c.desired).code(), c.code)
        << c.what;
  }
}

}  // namespace
}  // namespace wlc::adapters::smart
