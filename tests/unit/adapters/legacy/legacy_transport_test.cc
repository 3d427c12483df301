// LegacyTransport: the traits of the transports the service reads but does not configure.
#include "adapters/legacy/legacy_transport.h"

#include "gtest/gtest.h"

namespace wlc::adapters::legacy {
namespace {

TEST(LegacyTransportTest, CallhomeAndAutomaticAreLegacyAndNeedNothing) {
  for (v1::TransportType type : {v1::TRANSPORT_TYPE_CALLHOME, v1::TRANSPORT_TYPE_AUTOMATIC}) {
    const LegacyTransport t(type);
    EXPECT_EQ(t.type(), type);
    EXPECT_EQ(t.reporting(), TransportTraits::Reporting::kLegacy);
    EXPECT_FALSE(t.NeedsTrust());
    EXPECT_EQ(t.PeerName(), "CSSM");
    EXPECT_EQ(t.DefaultUrl(), "");
    EXPECT_FALSE(t.GuessesUnsetUrl());
    v1::Transport model;
    EXPECT_EQ(t.EndpointUrl(model, "https://ignored.example"), "") << "sends nowhere";
    model.set_url("https://callhome.example/its");
    EXPECT_EQ(t.EndpointUrl(model, ""), "https://callhome.example/its");
  }
  EXPECT_EQ(LegacyTransport(v1::TRANSPORT_TYPE_CALLHOME).NativeType(), "callhome");
  EXPECT_TRUE(LegacyTransport(v1::TRANSPORT_TYPE_AUTOMATIC).IsNative("automatic", ""));
  EXPECT_FALSE(LegacyTransport(v1::TRANSPORT_TYPE_AUTOMATIC).IsNative("callhome", ""));
}

TEST(LegacyTransportTest, UnspecifiedIsTheUnknownTransport) {
  const LegacyTransport unknown(v1::TRANSPORT_TYPE_UNSPECIFIED);
  EXPECT_EQ(unknown.reporting(), TransportTraits::Reporting::kUnknown);
  EXPECT_EQ(unknown.NativeType(), "");
  EXPECT_FALSE(unknown.IsNative("callhome", ""));
}

}  // namespace
}  // namespace wlc::adapters::legacy
