// sim/backends/slup_service.h: the SLUP endpoint's answers without a server, and which On-Prem
// releases take usage reports.
#include "sim/backends/slup_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sim/backends/envelope.h"
#include "sim/backends/state.h"

namespace wlc::sim::backends {
namespace {

using nlohmann::json;

TEST(BackendsUnitTest, PollForAnUnknownInstanceFails) {
  Udi u{"C9800-CL-K9", "9PJK8D70CNB"};
  std::string wire = SerializeSlupRequest(
      MakePollRequest(u, "2e84a42f-c903-44c5-83b2-e62e258c780f", "78982622363", 1629713888600));
  BackendState s;
  ServerResponse res = HandleSlupRequest(&s, SlupServiceOptions{}, wire);
  ASSERT_EQ(res.status, 200);
  SlupResponse parsed;
  std::string error;
  ASSERT_TRUE(ParseSlupResponse(res.body, &parsed, &error)) << error;
  EXPECT_EQ(parsed.status_code, "FAILED");
  EXPECT_EQ(parsed.failure_reason,
            "Invalid ProductInstanceIdentifier: 2e84a42f-c903-44c5-83b2-e62e258c780f provided in "
            "the polling request 78982622363");
  json r = json::parse(res.body);
  EXPECT_TRUE(r["sch_response"].is_null());
  EXPECT_EQ(r["signature"]["type"], "SHA256");
}

TEST(BackendsUnitTest, OnPremVersionParsing) {
  EXPECT_TRUE(OnPremSupportsReporting("8-202102"));
  EXPECT_TRUE(OnPremSupportsReporting("8-202206"));
  EXPECT_FALSE(OnPremSupportsReporting("8-202010"));
  EXPECT_FALSE(OnPremSupportsReporting("7-202301"));
  EXPECT_FALSE(OnPremSupportsReporting("garbage"));
}

}  // namespace
}  // namespace wlc::sim::backends
