// cli/render_state.h: the states table row and its cells.
#include "cli/render_state.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

namespace v1 = ::wlc::licensing::v1;

TEST(CliRenderStateTest, NamesAndTimes) {
  EXPECT_EQ(TransportName(v1::TRANSPORT_TYPE_SMART), "SMART");
  EXPECT_EQ(TransportName(v1::TRANSPORT_TYPE_ONPREM), "ONPREM");
  google::protobuf::Timestamp t;
  EXPECT_EQ(FormatTime(t), "-");
  t.set_seconds(1795491000);
  EXPECT_EQ(FormatTime(t), "2026-11-24T03:30Z");
}

TEST(CliRenderStateTest, RowMatchesTheHeader) {
  v1::ControllerLicensing l;
  l.set_controller("wlc-00001");
  l.mutable_transport()->set_type(v1::TRANSPORT_TYPE_CSLU);
  l.mutable_trust()->add_codes()->set_installed(true);
  l.mutable_trust()->add_codes()->set_installed(false);
  l.mutable_usage()->mutable_access_points()->set_active(12);
  l.mutable_usage()->mutable_ack_deadline()->set_seconds(1795491000);
  l.mutable_status()->set_health(v1::HEALTH_WARNING);
  EXPECT_EQ(StateRow(l), (std::vector<std::string>{"wlc-00001", "CSLU", "1/2", "12", "n/a", "-",
                                                   "2026-11-24T03:30Z", "WARNING"}));
  EXPECT_EQ(StateRow(l).size(), StateHeader().size());
  l.mutable_trust()->mutable_codes(1)->set_installed(true);
  l.mutable_usage()->mutable_access_points()->set_joined_known(true);
  l.mutable_usage()->mutable_access_points()->set_joined(11);
  EXPECT_EQ(StateRow(l)[2], "installed");
  EXPECT_EQ(StateRow(l)[4], "11");
  l.mutable_trust()->set_last_result(v1::TRUST_RESULT_FAILED);
  EXPECT_EQ(StateRow(l)[2], "failed");
}

TEST(CliRenderStateTest, ErrorRowNamesTheCode) {
  std::vector<std::string> row = StateErrorRow("wlc-9", 4);
  ASSERT_EQ(row.size(), StateHeader().size());
  EXPECT_EQ(row.front(), "wlc-9");
  EXPECT_EQ(row.back(), "ERROR(DEADLINE_EXCEEDED)");
}

}  // namespace
}  // namespace wlc::cli
