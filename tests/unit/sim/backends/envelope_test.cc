// sim/backends/envelope.h: the SLUP request envelope (JSON nested in JSON strings) both ways.
#include "sim/backends/envelope.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace wlc::sim::backends {
namespace {

using nlohmann::json;

TEST(BackendsUnitTest, EnvelopeRoundTrip) {
  Udi u{"C9800-CL-K9", "9PJK8D70CNB"};
  SlupRequest req =
      MakePollRequest(u, "2e84a42f-c903-44c5-83b2-e62e258c780f", "78982622363", 1629713888600);
  std::string wire = SerializeSlupRequest(req);
  json outer = json::parse(wire);
  ASSERT_TRUE(outer["request"].is_string());  // nested JSON strings, as in the history
  json inner = json::parse(outer["request"].get<std::string>());
  EXPECT_EQ(inner["header"]["request_type"], "POLL_REQ");
  EXPECT_EQ(inner["header"]["connect_info"]["name"], "C_agent");
  ASSERT_TRUE(inner["request_data"].is_string());
  SlupRequest back;
  std::string error;
  ASSERT_TRUE(ParseSlupRequest(wire, &back, &error)) << error;
  EXPECT_EQ(back.data["original_request_type"], "LICENSE_USAGE");
  EXPECT_EQ(back.data["timestamp"], 1629713888600);
  EXPECT_FALSE(ParseSlupRequest("not json", &back, &error));
}

}  // namespace
}  // namespace wlc::sim::backends
