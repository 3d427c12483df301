#include "service/grpc_service.h"

#include <chrono>

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "service/grpc_auth.h"
#include "service/status_convert.h"

namespace wlc::service {
namespace {

absl::Time Deadline(const grpc::ServerContext* context) {
  // gRPC reports "no deadline" as a time far in the future; the handler caps it.
  return absl::FromChrono(context->deadline());
}

template <typename Response>
grpc::Status Finish(absl::StatusOr<Response> result, Response* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status LicensingGrpcService::ListControllers(grpc::ServerContext* context,
                                                   const v1::ListControllersRequest* request,
                                                   v1::ListControllersResponse* response) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, Access::kRead, "ListControllers");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->ListControllers(*request), response);
}

grpc::Status LicensingGrpcService::GetLicensingState(grpc::ServerContext* context,
                                                     const v1::GetLicensingStateRequest* request,
                                                     v1::GetLicensingStateResponse* response) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, Access::kRead, "GetLicensingState");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->GetLicensingState(*request, Deadline(context)), response);
}

grpc::Status LicensingGrpcService::PlanTransport(grpc::ServerContext* context,
                                                 const v1::PlanTransportRequest* request,
                                                 v1::PlanTransportResponse* response) {
  absl::StatusOr<Caller> caller = Authorize(context, *authorizer_, Access::kRead, "PlanTransport");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->PlanTransport(*request, Deadline(context)), response);
}

grpc::Status LicensingGrpcService::ApplyTransport(grpc::ServerContext* context,
                                                  const v1::ApplyTransportRequest* request,
                                                  v1::ApplyTransportResponse* response) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, request->dry_run() ? Access::kRead : Access::kWrite,
                "ApplyTransport", request->controller());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->ApplyTransport(*request, Deadline(context), *caller), response);
}

grpc::Status LicensingGrpcService::EstablishTrust(grpc::ServerContext* context,
                                                  const v1::EstablishTrustRequest* request,
                                                  v1::EstablishTrustResponse* response) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, Access::kWrite, "EstablishTrust", request->controller());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->EstablishTrust(*request, Deadline(context), *caller), response);
}

grpc::Status LicensingGrpcService::Diagnose(grpc::ServerContext* context,
                                            const v1::DiagnoseRequest* request,
                                            v1::DiagnoseResponse* response) {
  absl::StatusOr<Caller> caller = Authorize(context, *authorizer_, Access::kRead, "Diagnose");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->Diagnose(*request, Deadline(context)), response);
}

grpc::Status LicensingGrpcService::RelayUsage(grpc::ServerContext* context,
                                              const v1::RelayUsageRequest* request,
                                              v1::RelayUsageResponse* response) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, Access::kWrite, "RelayUsage", request->controller());
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->RelayUsage(*request, Deadline(context), *caller), response);
}

grpc::Status LicensingGrpcService::ExportUsage(grpc::ServerContext* context,
                                               const v1::ExportUsageRequest* request,
                                               v1::ExportUsageResponse* response) {
  absl::StatusOr<Caller> caller = Authorize(context, *authorizer_, Access::kWrite, "ExportUsage",
                                            absl::StrJoin(request->controllers(), ","));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->ExportUsage(*request, Deadline(context), *caller), response);
}

grpc::Status LicensingGrpcService::ImportAcknowledgements(
    grpc::ServerContext* context, const v1::ImportAcknowledgementsRequest* request,
    v1::ImportAcknowledgementsResponse* response) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, Access::kWrite, "ImportAcknowledgements",
                absl::StrJoin(request->controllers(), ","));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Finish(handler_->ImportAcknowledgements(*request, Deadline(context), *caller), response);
}

}  // namespace wlc::service
