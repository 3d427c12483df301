// The one list of transports: the adapters main registers, and what the service knows about
// every type of the model (TransportTraitsOf), pinned per transport.
#include "adapters/registry.h"

#include <memory>
#include <string>

#include "adapters/smart/smart_adapter.h"
#include "gtest/gtest.h"

namespace wlc::adapters {
namespace {

using Reporting = TransportTraits::Reporting;

TEST(AdapterRegistryTest, FindsTheBuiltinAdaptersOnly) {
  AdapterRegistry registry;
  RegisterBuiltinAdapters(registry);
  for (v1::TransportType type : {v1::TRANSPORT_TYPE_SMART, v1::TRANSPORT_TYPE_CSLU,
                                 v1::TRANSPORT_TYPE_ONPREM, v1::TRANSPORT_TYPE_OFFLINE}) {
    absl::StatusOr<const TransportAdapter*> a = registry.Find(type);
    ASSERT_TRUE(a.ok()) << v1::TransportType_Name(type);
    EXPECT_EQ((*a)->type(), type);
  }
  EXPECT_EQ(registry.Find(v1::TRANSPORT_TYPE_UNSPECIFIED).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.Find(v1::TRANSPORT_TYPE_CALLHOME).status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(registry.Register(std::make_unique<smart::SmartAdapter>()).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(TransportTraitsTest, WhatTheServiceKnowsPerTransport) {
  struct Case {
    v1::TransportType type;
    const char* native;
    const char* peer;
    Reporting reporting;
    bool needs_trust;
    const char* default_url;
    bool guesses_unset_url;
  };
  const char* kSmart = "https://smartreceiver.cisco.com/licservice/license";
  const char* kCsluLocal = "http://cslu-local:8182/cslu/v1/pi";
  for (const Case& c : {
           Case{v1::TRANSPORT_TYPE_SMART, "smart", "CSSM", Reporting::kOnline, true, kSmart, false},
           Case{v1::TRANSPORT_TYPE_CSLU, "cslu", "CSLU", Reporting::kOnline, false, kCsluLocal,
                true},
           Case{v1::TRANSPORT_TYPE_ONPREM, "cslu", "SSM On-Prem", Reporting::kOnline, true,
                kCsluLocal, true},
           Case{v1::TRANSPORT_TYPE_OFFLINE, "Off", "CSSM", Reporting::kOffline, false, "", false},
           Case{v1::TRANSPORT_TYPE_CALLHOME, "callhome", "CSSM", Reporting::kLegacy, false, "",
                false},
           Case{v1::TRANSPORT_TYPE_AUTOMATIC, "automatic", "CSSM", Reporting::kLegacy, false, "",
                false},
           Case{v1::TRANSPORT_TYPE_UNSPECIFIED, "", "CSSM", Reporting::kUnknown, false, "", false},
       }) {
    const TransportTraits& t = TransportTraitsOf(c.type);
    const std::string name = v1::TransportType_Name(c.type);
    EXPECT_EQ(t.type(), c.type) << name;
    EXPECT_EQ(t.NativeType(), c.native) << name;
    EXPECT_EQ(t.PeerName(), c.peer) << name;
    EXPECT_EQ(t.reporting(), c.reporting) << name;
    EXPECT_EQ(t.NeedsTrust(), c.needs_trust) << name;
    EXPECT_EQ(t.DefaultUrl(), c.default_url) << name;
    EXPECT_EQ(t.GuessesUnsetUrl(), c.guesses_unset_url) << name;
  }
  EXPECT_EQ(TransportTraitsOf(static_cast<v1::TransportType>(99)).type(),
            v1::TRANSPORT_TYPE_UNSPECIFIED);
}

TEST(TransportTraitsTest, EndpointUrlFromTheModelAndTheRunningConfig) {
  const TransportTraits& smart = TransportTraitsOf(v1::TRANSPORT_TYPE_SMART);
  v1::Transport t;
  t.set_type(v1::TRANSPORT_TYPE_SMART);
  t.set_url_default(true);
  EXPECT_EQ(smart.EndpointUrl(t, ""), smart.DefaultUrl());
  EXPECT_EQ(smart.EndpointUrl(t, "https://onprem.example/SmartTransport"),
            "https://onprem.example/SmartTransport")
      << "url smart from the running config wins";
  t.set_url_default(false);
  t.set_url("https://receiver.example/x");
  EXPECT_EQ(smart.EndpointUrl(t, ""), "https://receiver.example/x");

  const TransportTraits& cslu = TransportTraitsOf(v1::TRANSPORT_TYPE_CSLU);
  v1::Transport c;
  EXPECT_EQ(cslu.EndpointUrl(c, "https://ignored.example"), "http://cslu-local:8182/cslu/v1/pi");
  c.set_url("http://10.0.0.5:8182/cslu/v1/pi");
  EXPECT_EQ(cslu.EndpointUrl(c, ""), "http://10.0.0.5:8182/cslu/v1/pi");
  EXPECT_EQ(TransportTraitsOf(v1::TRANSPORT_TYPE_OFFLINE).EndpointUrl(v1::Transport(), ""), "");
}

TEST(TransportTraitsTest, UrlsThatDoNotFitAndOnPremReach) {
  const TransportTraits& smart = TransportTraitsOf(v1::TRANSPORT_TYPE_SMART);
  EXPECT_TRUE(smart.MisdirectedTo("https://onprem.example/cslu/v1/pi/T1"));
  EXPECT_FALSE(smart.MisdirectedTo("https://smartreceiver.cisco.com/licservice/license"));
  EXPECT_TRUE(smart.ReachesOnPrem("https://onprem.example/SmartTransport"));
  EXPECT_FALSE(smart.ReachesOnPrem("https://smartreceiver.cisco.com/licservice/license"));
  EXPECT_TRUE(TransportTraitsOf(v1::TRANSPORT_TYPE_ONPREM).ReachesOnPrem(""));
  EXPECT_FALSE(TransportTraitsOf(v1::TRANSPORT_TYPE_CSLU).ReachesOnPrem("http://x/cslu/v1/pi"));
  EXPECT_FALSE(TransportTraitsOf(v1::TRANSPORT_TYPE_CSLU).MisdirectedTo("https://x/cslu/v1/pi"));
}

TEST(TransportTraitsTest, NativeNamesReadAsTheirTransport) {
  struct Case {
    const char* native;
    const char* cslu_url;
    v1::TransportType type;
  };
  for (const Case& c : {
           Case{"smart", "", v1::TRANSPORT_TYPE_SMART},
           Case{"cslu", "", v1::TRANSPORT_TYPE_CSLU},
           Case{"cslu", "http://10.0.0.5:8182/cslu/v1/pi", v1::TRANSPORT_TYPE_CSLU},
           Case{"cslu", "https://onprem.example/cslu/v1/pi/T1", v1::TRANSPORT_TYPE_ONPREM},
           Case{"cslu", "https://onprem.example/SmartTransport", v1::TRANSPORT_TYPE_ONPREM},
           Case{"Off", "", v1::TRANSPORT_TYPE_OFFLINE},
           Case{"off", "", v1::TRANSPORT_TYPE_UNSPECIFIED},
           Case{"callhome", "", v1::TRANSPORT_TYPE_CALLHOME},
           Case{"automatic", "", v1::TRANSPORT_TYPE_AUTOMATIC},
           Case{"", "", v1::TRANSPORT_TYPE_UNSPECIFIED},
       }) {
    EXPECT_EQ(TransportTraitsOfNative(c.native, c.cslu_url).type(), c.type)
        << c.native << " " << c.cslu_url;
  }
}

TEST(AdapterRegistryTest, TwiceIsAlreadyExistsAndMissingIsUnimplemented) {
  AdapterRegistry registry;
  EXPECT_EQ(registry.Find(v1::TRANSPORT_TYPE_SMART).status().code(),
            absl::StatusCode::kUnimplemented);
  ASSERT_TRUE(registry.Register(std::make_unique<smart::SmartAdapter>()).ok());
  EXPECT_EQ(registry.Register(std::make_unique<smart::SmartAdapter>()).code(),
            absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace wlc::adapters
