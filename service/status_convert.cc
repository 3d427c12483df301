#include "service/status_convert.h"

#include "google/protobuf/unknown_field_set.h"
#include "observability/logging.h"

namespace wlc::service {
namespace {

// google.rpc.Status field numbers (google/rpc/status.proto): Debian ships no generated code for
// it, and its wire form is three fields, so it is written and read as a field set.
constexpr int kCodeField = 1;
constexpr int kMessageField = 2;
constexpr int kDetailsField = 3;

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::string message = log::Redact(status.message());
  google::protobuf::UnknownFieldSet rpc_status;
  bool has_details = false;
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    google::protobuf::Any any;
    any.set_type_url(std::string(type_url));
    any.set_value(std::string(payload));
    rpc_status.AddLengthDelimited(kDetailsField, any.SerializeAsString());
    has_details = true;
  });
  if (!has_details) return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message);
  rpc_status.AddVarint(kCodeField, static_cast<uint64_t>(status.code()));
  rpc_status.AddLengthDelimited(kMessageField, message);
  std::string details;
  rpc_status.SerializeToString(&details);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message, details);
}

std::vector<google::protobuf::Any> ParseStatusDetails(const std::string& error_details) {
  std::vector<google::protobuf::Any> out;
  google::protobuf::UnknownFieldSet rpc_status;
  if (error_details.empty() || !rpc_status.ParseFromString(error_details)) return out;
  for (int i = 0; i < rpc_status.field_count(); ++i) {
    const google::protobuf::UnknownField& f = rpc_status.field(i);
    if (f.number() != kDetailsField ||
        f.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      continue;
    }
    google::protobuf::Any any;
    if (any.ParseFromString(f.length_delimited())) out.push_back(std::move(any));
  }
  return out;
}

}  // namespace wlc::service
