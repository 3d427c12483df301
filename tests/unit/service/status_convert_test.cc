// The one absl -> gRPC conversion: codes one to one, redacted messages, payloads as Any details
// of a google.rpc.Status that ParseStatusDetails reads back.
#include "service/status_convert.h"

#include "absl/strings/cord.h"
#include "gtest/gtest.h"
#include "observability/logging.h"
#include "wlc/licensing/v1/service.pb.h"

namespace wlc::service {
namespace {

namespace v1 = ::wlc::licensing::v1;

TEST(StatusConvertTest, CodeAndMessageWithoutDetails) {
  grpc::Status s = ToGrpcStatus(absl::DeadlineExceededError("not enough time left"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(s.error_message(), "not enough time left");
  EXPECT_TRUE(s.error_details().empty());
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(StatusConvertTest, PayloadsBecomeAnyDetails) {
  v1::ApplyTransportResponse response;
  response.set_changed(true);
  response.mutable_restore()->add_restored("Cisco-IOS-XE-native:native/license/smart");
  absl::Status in = absl::InternalError("step 2 of 2 failed");
  in.SetPayload("type.googleapis.com/wlc.licensing.v1.ApplyTransportResponse",
                absl::Cord(response.SerializeAsString()));
  grpc::Status out = ToGrpcStatus(in);
  EXPECT_EQ(out.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(out.error_message(), "step 2 of 2 failed");
  std::vector<google::protobuf::Any> details = ParseStatusDetails(out.error_details());
  ASSERT_EQ(details.size(), 1u);
  v1::ApplyTransportResponse back;
  ASSERT_TRUE(details[0].UnpackTo(&back));
  EXPECT_TRUE(back.changed());
  ASSERT_EQ(back.restore().restored_size(), 1);
  EXPECT_TRUE(ParseStatusDetails("").empty());
  EXPECT_TRUE(ParseStatusDetails("\xff\xff garbage").empty());
}

TEST(StatusConvertTest, MessagesAreRedacted) {
  log::ScopedSecret secret("s3cr3t-token-value");
  absl::Status in = absl::InvalidArgumentError("token s3cr3t-token-value rejected");
  in.SetPayload("type.googleapis.com/x", absl::Cord("y"));
  EXPECT_EQ(ToGrpcStatus(in).error_message().find("s3cr3t-token-value"), std::string::npos);
}

}  // namespace
}  // namespace wlc::service
