// adapters/cslu/cslu_adapter.h: what Validate accepts before any device call.
#include "adapters/cslu/cslu_adapter.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::adapters::cslu {
namespace {

v1::Transport Cslu(const std::string& url) {
  v1::Transport t;
  t.set_type(v1::TRANSPORT_TYPE_CSLU);
  t.set_url(url);
  return t;
}

TEST(CsluAdapterTest, Validate) {
  const CsluAdapter adapter;
  EXPECT_EQ(adapter.type(), v1::TRANSPORT_TYPE_CSLU);
  struct Case {
    const char* what;
    v1::Transport desired;
    absl::StatusCode code;
  };
  v1::Transport proxy = Cslu("");
  proxy.mutable_proxy()->set_host("proxy.example.com");
  std::vector<Case> cases = {
      {"no URL (CSLU discovery)", Cslu(""), absl::StatusCode::kOk},
      {"CSLU URL", Cslu("http://cslu.example.com:8182/cslu/v1/pi"), absl::StatusCode::kOk},
      {"On-Prem tenant URL", Cslu("https://onprem.example.com/cslu/v1/pi/T1"),
       absl::StatusCode::kInvalidArgument},
      {"not a URL", Cslu("cslu.example.com"), absl::StatusCode::kInvalidArgument},
      {"proxy", proxy, absl::StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(adapter.Validate({"wlc-1", "17.12.1", "C9800-CL-K9"}, c.desired).code(), c.code)
        << c.what;
  }
  EXPECT_EQ(adapter.Validate({"wlc-1", "16.12.4", ""}, Cslu("")).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace wlc::adapters::cslu
