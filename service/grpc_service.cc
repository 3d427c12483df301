#include "service/grpc_service.h"

#include <chrono>

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "observability/logging.h"
#include "service/fleet.h"
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
                                                   const v1::ListControllersRequest*,
                                                   v1::ListControllersResponse* response) {
  return Serve(context, *authorizer_, Access::kRead, "ListControllers", "", response,
               [&](const Caller&) -> absl::StatusOr<v1::ListControllersResponse> {
                 return handler_->ListControllers();
               });
}

grpc::Status LicensingGrpcService::GetLicensingState(grpc::ServerContext* context,
                                                     const v1::GetLicensingStateRequest* request,
                                                     v1::GetLicensingStateResponse* response) {
  return Serve(context, *authorizer_, Access::kRead, "GetLicensingState", "", response,
               [&](const Caller&) -> absl::StatusOr<v1::GetLicensingStateResponse> {
                 absl::StatusOr<ControllerConfig> target = handler_->Lookup(request->controller());
                 if (!target.ok()) return target.status();
                 absl::StatusOr<v1::ControllerLicensing> licensing = handler_->GetLicensingState(
                     *target, Deadline(context), MaxAge(request->max_age_ms()));
                 if (!licensing.ok()) return licensing.status();
                 v1::GetLicensingStateResponse r;
                 *r.mutable_licensing() = *std::move(licensing);
                 return r;
               });
}

grpc::Status LicensingGrpcService::PlanTransport(grpc::ServerContext* context,
                                                 const v1::PlanTransportRequest* request,
                                                 v1::PlanTransportResponse* response) {
  return Serve(context, *authorizer_, Access::kRead, "PlanTransport", "", response,
               [&](const Caller&) -> absl::StatusOr<v1::PlanTransportResponse> {
                 absl::StatusOr<ControllerConfig> target = handler_->Lookup(request->controller());
                 if (!target.ok()) return target.status();
                 absl::StatusOr<v1::TransportPlan> plan =
                     handler_->PlanTransport(*target, request->desired(), Deadline(context));
                 if (!plan.ok()) return plan.status();
                 v1::PlanTransportResponse r;
                 *r.mutable_plan() = *std::move(plan);
                 return r;
               });
}

grpc::Status LicensingGrpcService::ApplyTransport(grpc::ServerContext* context,
                                                  const v1::ApplyTransportRequest* request,
                                                  v1::ApplyTransportResponse* response) {
  return Serve(context, *authorizer_, request->dry_run() ? Access::kRead : Access::kWrite,
               "ApplyTransport", request->controller(), response,
               [&](const Caller& caller) -> absl::StatusOr<v1::ApplyTransportResponse> {
                 absl::StatusOr<ControllerConfig> target =
                     request->dry_run() ? handler_->Lookup(request->controller())
                                        : handler_->LookupForChange(request->controller(), caller,
                                                                    "ApplyTransport");
                 if (!target.ok()) return target.status();
                 return handler_->ApplyTransport(*target, request->desired(), request->dry_run(),
                                                 Deadline(context), caller);
               });
}

grpc::Status LicensingGrpcService::EstablishTrust(grpc::ServerContext* context,
                                                  const v1::EstablishTrustRequest* request,
                                                  v1::EstablishTrustResponse* response) {
  return Serve(context, *authorizer_, Access::kWrite, "EstablishTrust", request->controller(),
               response, [&](const Caller& caller) -> absl::StatusOr<v1::EstablishTrustResponse> {
                 // The token is redacted from every log line and error while the call runs.
                 log::ScopedSecret secret(request->id_token());
                 absl::StatusOr<ControllerConfig> target =
                     handler_->LookupForChange(request->controller(), caller, "EstablishTrust");
                 if (!target.ok()) return target.status();
                 absl::StatusOr<v1::Trust> trust =
                     handler_->EstablishTrust(*target,
                                              {request->id_token(), request->scope(),
                                               request->force(), request->mint_from_upstream()},
                                              Deadline(context), caller);
                 if (!trust.ok()) return trust.status();
                 v1::EstablishTrustResponse r;
                 *r.mutable_trust() = *std::move(trust);
                 return r;
               });
}

grpc::Status LicensingGrpcService::Diagnose(grpc::ServerContext* context,
                                            const v1::DiagnoseRequest* request,
                                            v1::DiagnoseResponse* response) {
  return Serve(context, *authorizer_, Access::kRead, "Diagnose", "", response,
               [&](const Caller&) -> absl::StatusOr<v1::DiagnoseResponse> {
                 absl::StatusOr<ControllerConfig> target = handler_->Lookup(request->controller());
                 if (!target.ok()) return target.status();
                 absl::StatusOr<v1::Diagnosis> diagnosis = handler_->Diagnose(
                     *target, {request->skip_endpoint_probe()}, Deadline(context));
                 if (!diagnosis.ok()) return diagnosis.status();
                 v1::DiagnoseResponse r;
                 *r.mutable_diagnosis() = *std::move(diagnosis);
                 return r;
               });
}

grpc::Status LicensingGrpcService::RelayUsage(grpc::ServerContext* context,
                                              const v1::RelayUsageRequest* request,
                                              v1::RelayUsageResponse* response) {
  return Serve(context, *authorizer_, Access::kWrite, "RelayUsage", request->controller(), response,
               [&](const Caller& caller) -> absl::StatusOr<v1::RelayUsageResponse> {
                 absl::StatusOr<ControllerConfig> target =
                     handler_->LookupForChange(request->controller(), caller, "RelayUsage");
                 if (!target.ok()) return target.status();
                 return handler_->RelayUsage(*target, request->upstream(), Deadline(context),
                                             caller);
               });
}

grpc::Status LicensingGrpcService::ExportUsage(grpc::ServerContext* context,
                                               const v1::ExportUsageRequest* request,
                                               v1::ExportUsageResponse* response) {
  return Serve(context, *authorizer_, Access::kWrite, "ExportUsage",
               absl::StrJoin(request->controllers(), ","), response, [&](const Caller& caller) {
                 return handler_->ExportUsage(
                     {request->controllers().begin(), request->controllers().end()},
                     Deadline(context), caller);
               });
}

grpc::Status LicensingGrpcService::ImportAcknowledgements(
    grpc::ServerContext* context, const v1::ImportAcknowledgementsRequest* request,
    v1::ImportAcknowledgementsResponse* response) {
  return Serve(context, *authorizer_, Access::kWrite, "ImportAcknowledgements",
               absl::StrJoin(request->controllers(), ","), response, [&](const Caller& caller) {
                 return handler_->ImportAcknowledgements(
                     request->bundle(),
                     {request->controllers().begin(), request->controllers().end()},
                     Deadline(context), caller);
               });
}

}  // namespace wlc::service
