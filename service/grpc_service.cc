#include "service/grpc_service.h"

#include <chrono>

#include "absl/time/clock.h"
#include "service/status_convert.h"

namespace wlc::service {
namespace {

absl::Time Deadline(const grpc::ServerContext* context) {
  // gRPC reports "no deadline" as a time far in the future; the handler caps it.
  return absl::FromChrono(context->deadline());
}

Caller CallerOf(const grpc::ServerContext* context) {
  Caller caller;
  caller.peer = context->peer();
  return caller;
}

template <typename Response>
grpc::Status Finish(absl::StatusOr<Response> result, Response* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status LicensingGrpcService::ListControllers(grpc::ServerContext*,
                                                   const v1::ListControllersRequest* request,
                                                   v1::ListControllersResponse* response) {
  return Finish(handler_->ListControllers(*request), response);
}

grpc::Status LicensingGrpcService::GetLicensingState(grpc::ServerContext* context,
                                                     const v1::GetLicensingStateRequest* request,
                                                     v1::GetLicensingStateResponse* response) {
  return Finish(handler_->GetLicensingState(*request, Deadline(context)), response);
}

grpc::Status LicensingGrpcService::PlanTransport(grpc::ServerContext* context,
                                                 const v1::PlanTransportRequest* request,
                                                 v1::PlanTransportResponse* response) {
  return Finish(handler_->PlanTransport(*request, Deadline(context)), response);
}

grpc::Status LicensingGrpcService::ApplyTransport(grpc::ServerContext* context,
                                                  const v1::ApplyTransportRequest* request,
                                                  v1::ApplyTransportResponse* response) {
  return Finish(handler_->ApplyTransport(*request, Deadline(context), CallerOf(context)), response);
}

grpc::Status LicensingGrpcService::EstablishTrust(grpc::ServerContext* context,
                                                  const v1::EstablishTrustRequest* request,
                                                  v1::EstablishTrustResponse* response) {
  return Finish(handler_->EstablishTrust(*request, Deadline(context), CallerOf(context)), response);
}

grpc::Status LicensingGrpcService::RelayUsage(grpc::ServerContext* context,
                                              const v1::RelayUsageRequest* request,
                                              v1::RelayUsageResponse* response) {
  return Finish(handler_->RelayUsage(*request, Deadline(context), CallerOf(context)), response);
}

grpc::Status LicensingGrpcService::ExportUsage(grpc::ServerContext* context,
                                               const v1::ExportUsageRequest* request,
                                               v1::ExportUsageResponse* response) {
  return Finish(handler_->ExportUsage(*request, Deadline(context)), response);
}

grpc::Status LicensingGrpcService::ImportAcknowledgements(
    grpc::ServerContext* context, const v1::ImportAcknowledgementsRequest* request,
    v1::ImportAcknowledgementsResponse* response) {
  return Finish(handler_->ImportAcknowledgements(*request, Deadline(context), CallerOf(context)),
                response);
}

}  // namespace wlc::service
