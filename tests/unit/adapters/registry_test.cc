// adapters/registry.h: one adapter per transport, found by its enum.
#include "adapters/registry.h"

#include <memory>

#include "adapters/smart/smart_adapter.h"
#include "gtest/gtest.h"

namespace wlc::adapters {
namespace {

TEST(AdapterRegistryTest, BuiltinsCoverEveryTransport) {
  AdapterRegistry registry;
  RegisterBuiltinAdapters(registry);
  for (v1::TransportType t : {v1::TRANSPORT_TYPE_SMART, v1::TRANSPORT_TYPE_CSLU,
                              v1::TRANSPORT_TYPE_ONPREM, v1::TRANSPORT_TYPE_OFFLINE}) {
    absl::StatusOr<const TransportAdapter*> a = registry.Find(t);
    ASSERT_TRUE(a.ok()) << v1::TransportType_Name(t) << ": " << a.status();
    EXPECT_EQ((*a)->type(), t);
  }
  EXPECT_EQ(registry.Find(v1::TRANSPORT_TYPE_UNSPECIFIED).status().code(),
            absl::StatusCode::kInvalidArgument);
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
