// The one absl::Status -> grpc::Status conversion. Codes map one to one (both follow
// google.rpc.Code); messages pass through the log redactor so no secret can leave in an error.
// Payloads become details: each absl payload (keyed by a type URL, e.g. a failed apply's
// ApplyTransportResponse) is sent as a google.protobuf.Any in the google.rpc.Status that gRPC
// carries as error_details (trailer grpc-status-details-bin), which every gRPC client library
// decodes. ParseStatusDetails is the inverse for this project's own clients.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/any.pb.h"
#include "grpcpp/support/status.h"

namespace wlc::service {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The Any details of a serialized google.rpc.Status (grpc::Status::error_details()); empty when
// there are none or the bytes do not parse.
std::vector<google::protobuf::Any> ParseStatusDetails(const std::string& error_details);

}  // namespace wlc::service
