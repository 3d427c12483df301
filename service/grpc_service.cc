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

// Authorizes the method (a refused write is audited by Authorize), runs `call` with the caller
// and converts its result: every unary method of the face is this one conversion.
template <typename Response, typename Call>
grpc::Status Serve(const grpc::ServerContext* context, const Authorizer& authorizer, Access access,
                   absl::string_view method, absl::string_view controllers, Response* response,
                   Call call) {
  absl::StatusOr<Caller> caller = Authorize(context, authorizer, access, method, controllers);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<Response> result = call(*caller);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status LicensingGrpcService::ListControllers(grpc::ServerContext* context,
                                                   const v1::ListControllersRequest* request,
                                                   v1::ListControllersResponse* response) {
  return Serve(context, *authorizer_, Access::kRead, "ListControllers", "", response,
               [&](const Caller&) { return handler_->ListControllers(*request); });
}

grpc::Status LicensingGrpcService::GetLicensingState(grpc::ServerContext* context,
                                                     const v1::GetLicensingStateRequest* request,
                                                     v1::GetLicensingStateResponse* response) {
  return Serve(
      context, *authorizer_, Access::kRead, "GetLicensingState", "", response,
      [&](const Caller&) { return handler_->GetLicensingState(*request, Deadline(context)); });
}

grpc::Status LicensingGrpcService::PlanTransport(grpc::ServerContext* context,
                                                 const v1::PlanTransportRequest* request,
                                                 v1::PlanTransportResponse* response) {
  return Serve(context, *authorizer_, Access::kRead, "PlanTransport", "", response,
               [&](const Caller&) { return handler_->PlanTransport(*request, Deadline(context)); });
}

grpc::Status LicensingGrpcService::ApplyTransport(grpc::ServerContext* context,
                                                  const v1::ApplyTransportRequest* request,
                                                  v1::ApplyTransportResponse* response) {
  return Serve(context, *authorizer_, request->dry_run() ? Access::kRead : Access::kWrite,
               "ApplyTransport", request->controller(), response, [&](const Caller& caller) {
                 return handler_->ApplyTransport(*request, Deadline(context), caller);
               });
}

grpc::Status LicensingGrpcService::EstablishTrust(grpc::ServerContext* context,
                                                  const v1::EstablishTrustRequest* request,
                                                  v1::EstablishTrustResponse* response) {
  return Serve(context, *authorizer_, Access::kWrite, "EstablishTrust", request->controller(),
               response, [&](const Caller& caller) {
                 return handler_->EstablishTrust(*request, Deadline(context), caller);
               });
}

grpc::Status LicensingGrpcService::Diagnose(grpc::ServerContext* context,
                                            const v1::DiagnoseRequest* request,
                                            v1::DiagnoseResponse* response) {
  return Serve(context, *authorizer_, Access::kRead, "Diagnose", "", response,
               [&](const Caller&) { return handler_->Diagnose(*request, Deadline(context)); });
}

grpc::Status LicensingGrpcService::RelayUsage(grpc::ServerContext* context,
                                              const v1::RelayUsageRequest* request,
                                              v1::RelayUsageResponse* response) {
  return Serve(context, *authorizer_, Access::kWrite, "RelayUsage", request->controller(), response,
               [&](const Caller& caller) {
                 return handler_->RelayUsage(*request, Deadline(context), caller);
               });
}

grpc::Status LicensingGrpcService::ExportUsage(grpc::ServerContext* context,
                                               const v1::ExportUsageRequest* request,
                                               v1::ExportUsageResponse* response) {
  return Serve(context, *authorizer_, Access::kWrite, "ExportUsage",
               absl::StrJoin(request->controllers(), ","), response, [&](const Caller& caller) {
                 return handler_->ExportUsage(*request, Deadline(context), caller);
               });
}

grpc::Status LicensingGrpcService::ImportAcknowledgements(
    grpc::ServerContext* context, const v1::ImportAcknowledgementsRequest* request,
    v1::ImportAcknowledgementsResponse* response) {
  return Serve(context, *authorizer_, Access::kWrite, "ImportAcknowledgements",
               absl::StrJoin(request->controllers(), ","), response, [&](const Caller& caller) {
                 return handler_->ImportAcknowledgements(*request, Deadline(context), caller);
               });
}

}  // namespace wlc::service
