// cli/render_plan.h: the one-line description of a transport.
#include "cli/render_plan.h"

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

namespace v1 = ::wlc::licensing::v1;

TEST(CliRenderPlanTest, DescribeTransport) {
  v1::Transport t;
  t.set_type(v1::TRANSPORT_TYPE_SMART);
  t.set_url_default(true);
  EXPECT_EQ(DescribeTransport(t), "SMART, url default");
  t.mutable_proxy()->set_host("p");
  t.mutable_proxy()->set_port(3128);
  t.mutable_http_client()->set_source_interface("Vlan10");
  t.mutable_http_client()->set_secure_trustpoint("TP1");
  t.set_usage_interval_days(30);
  EXPECT_EQ(DescribeTransport(t),
            "SMART, url default, proxy p:3128, source-interface Vlan10, trustpoint TP1, usage "
            "interval 30 days");
  v1::Transport onprem;
  onprem.set_type(v1::TRANSPORT_TYPE_ONPREM);
  onprem.set_url("https://onprem/cslu/v1/pi/T1");
  onprem.set_sla_revocation_check_none(true);
  EXPECT_EQ(DescribeTransport(onprem),
            "ONPREM, url https://onprem/cslu/v1/pi/T1, SLA-TrustPoint revocation-check none");
}

}  // namespace
}  // namespace wlc::cli
