// adapters/offline/offline_adapter.h: Validate, and trust refused before any device call.
#include "adapters/offline/offline_adapter.h"

#include "gtest/gtest.h"

namespace wlc::adapters::offline {
namespace {

TEST(OfflineAdapterTest, Validate) {
  const OfflineAdapter adapter;
  EXPECT_EQ(adapter.type(), v1::TRANSPORT_TYPE_OFFLINE);
  v1::Transport off;
  off.set_type(v1::TRANSPORT_TYPE_OFFLINE);
  EXPECT_TRUE(adapter.Validate({"wlc-1", "17.12.1", ""}, off).ok());
  EXPECT_EQ(adapter.Validate({"wlc-1", "17.3.1", ""}, off).code(),
            absl::StatusCode::kFailedPrecondition);
  v1::Transport with_url = off;
  with_url.set_url("https://smartreceiver.cisco.com/licservice/license");
  EXPECT_EQ(adapter.Validate({"wlc-1", "17.12.1", ""}, with_url).code(),
            absl::StatusCode::kInvalidArgument);
  v1::Transport smart;
  smart.set_type(v1::TRANSPORT_TYPE_SMART);
  EXPECT_EQ(adapter.Validate({"wlc-1", "17.12.1", ""}, smart).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(OfflineAdapterTest, TrustIsRefusedWithoutTouchingTheDevice) {
  const OfflineAdapter adapter;
  DeviceContext ctx;  // no RESTCONF client: a device call would crash
  ctx.info.name = "wlc-7";
  absl::StatusOr<v1::Trust> trust =
      adapter.EstablishTrust(ctx, "sekrit-tok-1", v1::TRUST_SCOPE_UNSPECIFIED, false);
  EXPECT_EQ(trust.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(trust.status().message().find("wlc-7"), absl::string_view::npos);
  EXPECT_EQ(trust.status().message().find("sekrit"), absl::string_view::npos);
}

}  // namespace
}  // namespace wlc::adapters::offline
