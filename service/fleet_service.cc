#include "service/fleet_service.h"

#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "adapters/common/input_limits.h"
#include "service/fleet.h"
#include "service/grpc_auth.h"
#include "service/status_convert.h"
#include "service/watch.h"

namespace wlc::service {
namespace {

// Ad-hoc targets make a fleet read an operator's: the service would send a credentials profile
// to an address the request names.
Access AccessFor(const v1::Selector& selector, Access access) {
  return access == Access::kRead && !selector.targets().empty() ? Access::kOperatorRead : access;
}

// What one fleet method is: its name, whether it changes controllers, its access.
struct Method {
  absl::string_view name;
  bool write = false;
  Access access = Access::kRead;
};

// Authorizes the method and resolves the selector (a refusal the audit trail must see — of a
// change, or of a read of ad-hoc targets — is audited), or answers with the gRPC status.
absl::StatusOr<std::pair<Caller, std::vector<ControllerConfig>>> Admit(
    const LicensingHandler& handler, const Authorizer& authorizer,
    const grpc::ServerContext* context, const Method& method, const v1::Selector& selector) {
  absl::StatusOr<Caller> caller = Authorize(context, authorizer, AccessFor(selector, method.access),
                                            method.name, DescribeSelector(selector));
  if (!caller.ok()) return caller.status();
  absl::StatusOr<std::vector<ControllerConfig>> targets = ResolveSelector(selector, handler);
  if (!targets.ok()) {
    if (method.write || !selector.targets().empty()) {
      Audit(*caller, method.name, DescribeSelector(selector), targets.status());
    }
    return targets.status();
  }
  return std::make_pair(*std::move(caller), *std::move(targets));
}

// Every fleet method but Watch: admit, run the operation `make_op` builds for the caller through
// the core's fan-out, stream each result as it comes, then the summary. `Response` has one field
// `event` (FleetEvent). A client that goes away, or interrupts the request, stops the fan-out
// starting controllers; the summary then counts those never started.
template <typename Response>
grpc::Status ServeFleet(const LicensingHandler& handler, const Authorizer& authorizer,
                        grpc::ServerContext* context, const Method& method,
                        const v1::Selector& selector, const v1::FleetOptions& options,
                        const std::function<ControllerOp(const Caller&)>& make_op,
                        grpc::ServerWriter<Response>* writer) {
  auto admitted = Admit(handler, authorizer, context, method, selector);
  if (!admitted.ok()) return ToGrpcStatus(admitted.status());
  const auto& [caller, targets] = *admitted;
  absl::StatusOr<std::unique_ptr<RunningRequests::Registration>> registration =
      handler.running_requests().Register(caller.identity, options.request_id());
  if (!registration.ok()) return ToGrpcStatus(registration.status());
  const RunningRequests::Registration& running = **registration;
  v1::FleetSummary summary = RunFleet(
      targets, RunOptionsFrom(options, handler), make_op(caller),
      [&](const v1::ControllerResult& r) {
        Response resp;
        *resp.mutable_event()->mutable_result() = r;
        writer->Write(resp);
      },
      [&] { return context->IsCancelled() || running.interrupted(); });
  if (context->IsCancelled()) {
    if (method.write) {
      // Nobody hears the summary: the audit trail keeps it.
      Audit(caller, method.name, DescribeSelector(selector),
            absl::CancelledError("client went away"),
            absl::StrCat(summary.total() - summary.cancelled(), " of ", summary.total(),
                         " controllers worked on, ", summary.changed(), " changed, ",
                         summary.cancelled(), " never started"));
    }
    return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
  }
  summary.set_interrupted(running.interrupted() && summary.cancelled() > 0);
  Response last;
  *last.mutable_event()->mutable_summary() = summary;
  writer->Write(last);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status FleetGrpcService::ListLicensingStates(
    grpc::ServerContext* context, const v1::ListLicensingStatesRequest* request,
    grpc::ServerWriter<v1::ListLicensingStatesResponse>* writer) {
  return ServeFleet(
      *handler_, *authorizer_, context, {"ListLicensingStates"}, request->selector(),
      request->options(),
      [&](const Caller&) {
        return ReadStateOp(*handler_, MaxAge(request->options().max_age_ms()));
      },
      writer);
}

grpc::Status FleetGrpcService::PlanTransports(
    grpc::ServerContext* context, const v1::PlanTransportsRequest* request,
    grpc::ServerWriter<v1::PlanTransportsResponse>* writer) {
  return ServeFleet(
      *handler_, *authorizer_, context, {"PlanTransports"}, request->selector(), request->options(),
      [&](const Caller&) { return PlanOp(*handler_, request->desired()); }, writer);
}

grpc::Status FleetGrpcService::ApplyTransports(
    grpc::ServerContext* context, const v1::ApplyTransportsRequest* request,
    grpc::ServerWriter<v1::ApplyTransportsResponse>* writer) {
  const bool write = !request->dry_run();
  return ServeFleet(
      *handler_, *authorizer_, context,
      {"ApplyTransports", write, write ? Access::kWrite : Access::kRead}, request->selector(),
      request->options(),
      [&](const Caller& caller) {
        return ApplyOp(*handler_, request->desired(), request->dry_run(), caller);
      },
      writer);
}

grpc::Status FleetGrpcService::EstablishTrusts(
    grpc::ServerContext* context, const v1::EstablishTrustsRequest* request,
    grpc::ServerWriter<v1::EstablishTrustsResponse>* writer) {
  LicensingHandler::TrustRequest trust{request->id_token(), request->scope(), request->force(),
                                       request->mint_from_upstream()};
  return ServeFleet(
      *handler_, *authorizer_, context, {"EstablishTrusts", true, Access::kWrite},
      request->selector(), request->options(),
      [&](const Caller& caller) { return TrustOp(*handler_, trust, caller); }, writer);
}

grpc::Status FleetGrpcService::RelayUsages(grpc::ServerContext* context,
                                           const v1::RelayUsagesRequest* request,
                                           grpc::ServerWriter<v1::RelayUsagesResponse>* writer) {
  return ServeFleet(
      *handler_, *authorizer_, context, {"RelayUsages", true, Access::kWrite}, request->selector(),
      request->options(),
      [&](const Caller& caller) { return RelayOp(*handler_, request->upstream(), caller); },
      writer);
}

grpc::Status FleetGrpcService::DiagnoseFleet(
    grpc::ServerContext* context, const v1::DiagnoseFleetRequest* request,
    grpc::ServerWriter<v1::DiagnoseFleetResponse>* writer) {
  return ServeFleet(
      *handler_, *authorizer_, context, {"DiagnoseFleet"}, request->selector(), request->options(),
      [&](const Caller&) { return DiagnoseOp(*handler_, {request->skip_endpoint_probe()}); },
      writer);
}

grpc::Status FleetGrpcService::WatchLicensing(
    grpc::ServerContext* context, const v1::WatchLicensingRequest* request,
    grpc::ServerWriter<v1::WatchLicensingResponse>* writer) {
  const Method method{"WatchLicensing"};
  auto admitted = Admit(*handler_, *authorizer_, context, method, request->selector());
  if (!admitted.ok()) return ToGrpcStatus(admitted.status());
  const absl::Duration interval = absl::Seconds(
      std::max<uint32_t>(1, request->interval_seconds() == 0 ? 30 : request->interval_seconds()));
  absl::Status watched = Watch(
      *handler_, request->selector(), request->options(), interval,
      [&](const v1::WatchLicensingResponse& e) { writer->Write(e); },
      [&] { return context->IsCancelled(); });
  if (!watched.ok() && !request->selector().targets().empty()) {
    Audit(admitted->first, method.name, DescribeSelector(request->selector()), watched);
  }
  return ToGrpcStatus(watched);
}

grpc::Status FleetGrpcService::Interrupt(grpc::ServerContext* context,
                                         const v1::InterruptRequest* request,
                                         v1::InterruptResponse*) {
  absl::StatusOr<Caller> caller = Authorize(context, *authorizer_, Access::kRead, "Interrupt");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::Status s = handler_->running_requests().Interrupt(caller->identity, request->request_id());
  Audit(*caller, "Interrupt", "", s, limits::QuotePrefix(request->request_id()));
  return ToGrpcStatus(s);
}

}  // namespace wlc::service
