#include "service/handler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "adapters/common/state_reader.h"
#include "adapters/common/trust.h"
#include "observability/logging.h"

namespace wlc::service {
namespace {

void Audit(const Caller& caller, const std::string& action, const std::string& controller,
           const absl::Status& outcome, const std::string& detail) {
  log::Info("audit", {{"audit", "true"},
                      {"who", caller.identity},
                      {"peer", caller.peer},
                      {"action", action},
                      {"controllers", controller},
                      {"outcome",
                       outcome.ok() ? "OK" : std::string(absl::StatusCodeToString(outcome.code()))},
                      {"detail", outcome.ok() ? detail : std::string(outcome.message())}});
}

}  // namespace

LicensingHandler::LicensingHandler(const Config* config, const adapters::AdapterRegistry* registry,
                                   device::HttpsClient* http)
    : config_(config), registry_(registry), restconf_(http) {}

absl::StatusOr<adapters::DeviceContext> LicensingHandler::Context(const std::string& controller,
                                                                  absl::Time deadline) const {
  if (controller.empty()) return absl::InvalidArgumentError("controller is required");
  const ControllerConfig* c = config_->FindController(controller);
  if (c == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("controller '", controller, "' is not in the inventory"));
  }
  auto profile = config_->profiles.find(c->credentials_profile);
  if (profile == config_->profiles.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("controller '", controller, "' names an unknown credentials profile"));
  }
  adapters::DeviceContext ctx;
  ctx.info = {c->name, c->software_version, c->platform};
  ctx.endpoint = {c->name, c->BaseUrl(), &profile->second};
  ctx.restconf = &restconf_;
  ctx.deadline = std::min(deadline, absl::Now() + absl::Seconds(config_->request_deadline_seconds));
  ctx.call_timeout = absl::Seconds(config_->device_timeout_seconds);
  ctx.poll_interval = absl::Milliseconds(config_->trust_poll_interval_ms);
  return ctx;
}

absl::StatusOr<v1::ListControllersResponse> LicensingHandler::ListControllers(
    const v1::ListControllersRequest&) const {
  v1::ListControllersResponse response;
  for (const ControllerConfig& c : config_->controllers) {
    v1::ControllerSummary* s = response.add_controllers();
    s->set_name(c.name);
    s->set_address(c.Address());
    s->set_credentials_profile(c.credentials_profile);
    s->set_software_version(c.software_version);
    s->mutable_labels()->insert(c.labels.begin(), c.labels.end());
  }
  return response;
}

absl::StatusOr<v1::GetLicensingStateResponse> LicensingHandler::GetLicensingState(
    const v1::GetLicensingStateRequest& request, absl::Time deadline) const {
  absl::StatusOr<adapters::DeviceContext> ctx = Context(request.controller(), deadline);
  if (!ctx.ok()) return ctx.status();
  absl::StatusOr<v1::ControllerLicensing> lic = adapters::ReadLicensing(*ctx);
  if (!lic.ok()) return lic.status();
  lic->set_address(config_->FindController(request.controller())->Address());
  lic->mutable_read_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  v1::GetLicensingStateResponse response;
  *response.mutable_licensing() = std::move(*lic);
  return response;
}

absl::StatusOr<v1::PlanTransportResponse> LicensingHandler::PlanTransport(
    const v1::PlanTransportRequest& request, absl::Time deadline) const {
  absl::StatusOr<adapters::DeviceContext> ctx = Context(request.controller(), deadline);
  if (!ctx.ok()) return ctx.status();
  absl::StatusOr<const adapters::TransportAdapter*> adapter =
      registry_->Find(request.desired().type());
  if (!adapter.ok()) return adapter.status();
  absl::StatusOr<v1::TransportPlan> plan = (*adapter)->PlanTransport(*ctx, request.desired());
  if (!plan.ok()) return plan.status();
  v1::PlanTransportResponse response;
  *response.mutable_plan() = std::move(*plan);
  return response;
}

absl::StatusOr<v1::ApplyTransportResponse> LicensingHandler::ApplyTransport(
    const v1::ApplyTransportRequest& request, absl::Time deadline, const Caller& caller) const {
  absl::StatusOr<adapters::DeviceContext> ctx = Context(request.controller(), deadline);
  if (!ctx.ok()) return ctx.status();
  absl::StatusOr<const adapters::TransportAdapter*> adapter =
      registry_->Find(request.desired().type());
  if (!adapter.ok()) return adapter.status();
  if (request.dry_run()) {
    absl::StatusOr<v1::TransportPlan> plan = (*adapter)->PlanTransport(*ctx, request.desired());
    if (!plan.ok()) return plan.status();
    v1::ApplyTransportResponse response;
    *response.mutable_plan() = std::move(*plan);
    return response;
  }
  absl::StatusOr<v1::ApplyTransportResponse> response =
      (*adapter)->ApplyTransport(*ctx, request.desired());
  Audit(caller, "ApplyTransport", request.controller(), response.status(),
        absl::StrCat(v1::TransportType_Name(request.desired().type()),
                     response.ok() && response->changed() ? " changed" : " unchanged"));
  return response;
}

absl::StatusOr<v1::EstablishTrustResponse> LicensingHandler::EstablishTrust(
    const v1::EstablishTrustRequest& request, absl::Time deadline, const Caller& caller) const {
  // Registered before anything can fail, so no log line or error can carry the token.
  log::ScopedSecret token_secret(request.id_token());
  if (absl::Status s = adapters::CheckIdToken(request.id_token()); !s.ok()) return s;
  absl::StatusOr<adapters::DeviceContext> ctx = Context(request.controller(), deadline);
  if (!ctx.ok()) return ctx.status();
  // Trust is the same operation for every transport that reaches CSSM or On-Prem; the adapter
  // of the controller's configured transport decides how (CSLU needs none).
  absl::StatusOr<v1::ControllerLicensing> lic = adapters::ReadLicensing(*ctx);
  if (!lic.ok()) return lic.status();
  absl::StatusOr<const adapters::TransportAdapter*> adapter =
      registry_->Find(lic->transport().type());
  if (!adapter.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "controller '", request.controller(), "' uses transport ",
        v1::TransportType_Name(lic->transport().type()), ", which has no trust procedure here"));
  }
  const v1::TrustScope scope =
      request.scope() == v1::TRUST_SCOPE_UNSPECIFIED ? v1::TRUST_SCOPE_LOCAL : request.scope();
  absl::StatusOr<v1::Trust> trust =
      (*adapter)->EstablishTrust(*ctx, request.id_token(), scope, request.force());
  Audit(caller, "EstablishTrust", request.controller(), trust.status(),
        absl::StrCat(v1::TrustScope_Name(scope), request.force() ? " force" : ""));
  if (!trust.ok()) return trust.status();
  v1::EstablishTrustResponse response;
  *response.mutable_trust() = std::move(*trust);
  return response;
}

}  // namespace wlc::service
