#include "service/fleet_service.h"

#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "adapters/common/apply.h"
#include "adapters/common/state_reader.h"
#include "service/fleet.h"
#include "service/grpc_auth.h"
#include "service/status_convert.h"

namespace wlc::service {
namespace {

// Ad-hoc targets make a fleet read an operator's: the service would send a credentials profile
// to an address the request names.
Access AccessFor(const v1::Selector& selector, Access access) {
  return access == Access::kRead && !selector.targets().empty() ? Access::kOperatorRead : access;
}

// Resolves, runs and streams; `Response` has one field `event` (FleetEvent).
// A request the audit trail must see even when it is refused before any controller: a change,
// or a read of ad-hoc targets.
struct AuditAs {
  const Caller* caller = nullptr;  // null: a plain read, not audited
  absl::string_view action;
};

AuditAs AuditFor(const Caller& caller, absl::string_view action, const v1::Selector& selector,
                 bool write) {
  return write || !selector.targets().empty() ? AuditAs{&caller, action} : AuditAs{};
}

template <typename Response>
grpc::Status StreamFleet(
    const LicensingHandler& handler, grpc::ServerContext* context, const v1::Selector& selector,
    const v1::FleetOptions& options, const ControllerOp& op, grpc::ServerWriter<Response>* writer,
    const std::function<void(const v1::ControllerResult&, v1::FleetSummary*)>& tally = nullptr,
    AuditAs audit = {}) {
  absl::StatusOr<std::vector<ControllerConfig>> targets = ResolveSelector(selector, handler);
  if (!targets.ok()) {
    if (audit.caller != nullptr) {
      Audit(*audit.caller, audit.action, DescribeSelector(selector), targets.status());
    }
    return ToGrpcStatus(targets.status());
  }
  FleetRunOptions run = RunOptionsFrom(options, handler.config());
  std::mutex write_mu;       // RunFleet serializes emit already; this guards the final write too
  v1::FleetSummary tallied;  // what `tally` adds to the summary
  v1::FleetSummary summary = RunFleet(
      *targets, run, op,
      [&](const v1::ControllerResult& r) {
        Response resp;
        *resp.mutable_event()->mutable_result() = r;
        std::lock_guard<std::mutex> lock(write_mu);
        if (tally) tally(r, &tallied);
        writer->Write(resp);
      },
      [&] { return context->IsCancelled(); });
  if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
  summary.set_healthy(tallied.healthy());
  summary.mutable_controllers_by_cause()->insert(tallied.controllers_by_cause().begin(),
                                                 tallied.controllers_by_cause().end());
  Response last;
  *last.mutable_event()->mutable_summary() = summary;
  std::lock_guard<std::mutex> lock(write_mu);
  writer->Write(last);
  return grpc::Status::OK;
}

template <typename T>
v1::ControllerResult ResultOf(const absl::StatusOr<T>& value,
                              const std::function<void(const T&, v1::ControllerResult*)>& fill) {
  v1::ControllerResult r;
  SetStatus(value.status(), &r);
  if (value.ok()) fill(*value, &r);
  return r;
}

}  // namespace

grpc::Status FleetGrpcService::ListLicensingStates(
    grpc::ServerContext* context, const v1::ListLicensingStatesRequest* request,
    grpc::ServerWriter<v1::ListLicensingStatesResponse>* writer) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, AccessFor(request->selector(), Access::kRead),
                "ListLicensingStates", DescribeSelector(request->selector()));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return StreamFleet(
      *handler_, context, request->selector(), request->options(),
      [&](const ControllerConfig& target, absl::Time deadline) {
        v1::GetLicensingStateRequest req;
        req.set_controller(target.name);
        return ResultOf<v1::GetLicensingStateResponse>(
            handler_->GetLicensingState(req, deadline, &target),
            [](const auto& v, v1::ControllerResult* r) {
              *r->mutable_licensing() = v.licensing();
            });
      },
      writer, nullptr, AuditFor(*caller, "ListLicensingStates", request->selector(), false));
}

grpc::Status FleetGrpcService::PlanTransports(
    grpc::ServerContext* context, const v1::PlanTransportsRequest* request,
    grpc::ServerWriter<v1::PlanTransportsResponse>* writer) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, AccessFor(request->selector(), Access::kRead),
                "PlanTransports", DescribeSelector(request->selector()));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return StreamFleet(
      *handler_, context, request->selector(), request->options(),
      [&](const ControllerConfig& target, absl::Time deadline) {
        v1::PlanTransportRequest req;
        req.set_controller(target.name);
        *req.mutable_desired() = request->desired();
        return ResultOf<v1::PlanTransportResponse>(
            handler_->PlanTransport(req, deadline, &target),
            [](const auto& v, v1::ControllerResult* r) { *r->mutable_plan() = v.plan(); });
      },
      writer, nullptr, AuditFor(*caller, "PlanTransports", request->selector(), false));
}

grpc::Status FleetGrpcService::ApplyTransports(
    grpc::ServerContext* context, const v1::ApplyTransportsRequest* request,
    grpc::ServerWriter<v1::ApplyTransportsResponse>* writer) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_,
                AccessFor(request->selector(), request->dry_run() ? Access::kRead : Access::kWrite),
                "ApplyTransports", DescribeSelector(request->selector()));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return StreamFleet(
      *handler_, context, request->selector(), request->options(),
      [&](const ControllerConfig& target, absl::Time deadline) {
        v1::ApplyTransportRequest req;
        req.set_controller(target.name);
        *req.mutable_desired() = request->desired();
        req.set_dry_run(request->dry_run());
        absl::StatusOr<v1::ApplyTransportResponse> applied =
            handler_->ApplyTransport(req, deadline, *caller, &target);
        v1::ControllerResult result = ResultOf<v1::ApplyTransportResponse>(
            applied, [](const auto& v, v1::ControllerResult* r) { *r->mutable_apply() = v; });
        // A failed apply still says what it changed, restored and left changed.
        if (std::optional<v1::ApplyTransportResponse> detail =
                adapters::ApplyResponseOf(applied.status())) {
          *result.mutable_apply() = std::move(*detail);
        }
        return result;
      },
      writer, nullptr,
      AuditFor(*caller, "ApplyTransports", request->selector(), !request->dry_run()));
}

grpc::Status FleetGrpcService::EstablishTrusts(
    grpc::ServerContext* context, const v1::EstablishTrustsRequest* request,
    grpc::ServerWriter<v1::EstablishTrustsResponse>* writer) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, AccessFor(request->selector(), Access::kWrite),
                "EstablishTrusts", DescribeSelector(request->selector()));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return StreamFleet(
      *handler_, context, request->selector(), request->options(),
      [&](const ControllerConfig& target, absl::Time deadline) {
        v1::EstablishTrustRequest req;
        req.set_controller(target.name);
        req.set_id_token(request->id_token());
        req.set_scope(request->scope());
        req.set_force(request->force());
        req.set_mint_from_upstream(request->mint_from_upstream());
        return ResultOf<v1::EstablishTrustResponse>(
            handler_->EstablishTrust(req, deadline, *caller, &target),
            [](const auto& v, v1::ControllerResult* r) { *r->mutable_trust() = v.trust(); });
      },
      writer, nullptr, AuditFor(*caller, "EstablishTrusts", request->selector(), true));
}

grpc::Status FleetGrpcService::RelayUsages(grpc::ServerContext* context,
                                           const v1::RelayUsagesRequest* request,
                                           grpc::ServerWriter<v1::RelayUsagesResponse>* writer) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, AccessFor(request->selector(), Access::kWrite),
                "RelayUsages", DescribeSelector(request->selector()));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return StreamFleet(
      *handler_, context, request->selector(), request->options(),
      [&](const ControllerConfig& target, absl::Time deadline) {
        v1::RelayUsageRequest req;
        req.set_controller(target.name);
        req.set_upstream(request->upstream());
        return ResultOf<v1::RelayUsageResponse>(
            handler_->RelayUsage(req, deadline, *caller, &target),
            [](const auto& v, v1::ControllerResult* r) { *r->mutable_relay() = v; });
      },
      writer, nullptr, AuditFor(*caller, "RelayUsages", request->selector(), true));
}

namespace {

// The changes between two reads of one controller, in a fixed order.
std::vector<std::pair<v1::ChangeKind, std::string>> Diff(const v1::ControllerLicensing& before,
                                                         const v1::ControllerLicensing& after) {
  std::vector<std::pair<v1::ChangeKind, std::string>> out;
  if (before.transport().type() != after.transport().type() ||
      before.transport().url() != after.transport().url()) {
    out.push_back({v1::CHANGE_KIND_TRANSPORT_CHANGED,
                   absl::StrCat("transport ", v1::TransportType_Name(before.transport().type()),
                                " -> ", v1::TransportType_Name(after.transport().type()))});
  }
  if (adapters::TrustInstalled(before.trust()) != adapters::TrustInstalled(after.trust())) {
    out.push_back({adapters::TrustInstalled(after.trust()) ? v1::CHANGE_KIND_TRUST_INSTALLED
                                                           : v1::CHANGE_KIND_TRUST_LOST,
                   adapters::TrustInstalled(after.trust()) ? "trust code installed"
                                                           : "trust code no longer installed"});
  }
  if (after.usage().last_report_time().seconds() > before.usage().last_report_time().seconds()) {
    out.push_back({v1::CHANGE_KIND_REPORT_SUCCEEDED, "usage report sent"});
  }
  if (after.usage().last_ack_time().seconds() > before.usage().last_ack_time().seconds()) {
    out.push_back({v1::CHANGE_KIND_ACK_RECEIVED,
                   absl::StrCat("ACK received ",
                                absl::FormatTime(
                                    absl::RFC3339_sec,
                                    absl::FromUnixSeconds(after.usage().last_ack_time().seconds()),
                                    absl::UTCTimeZone()))});
  }
  if (before.status().health() != after.status().health()) {
    out.push_back({v1::CHANGE_KIND_HEALTH_CHANGED,
                   absl::StrCat("health ", v1::Health_Name(before.status().health()), " -> ",
                                v1::Health_Name(after.status().health()))});
  }
  return out;
}

}  // namespace

grpc::Status FleetGrpcService::WatchLicensing(
    grpc::ServerContext* context, const v1::WatchLicensingRequest* request,
    grpc::ServerWriter<v1::WatchLicensingResponse>* writer) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, AccessFor(request->selector(), Access::kRead),
                "WatchLicensing", DescribeSelector(request->selector()));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  const absl::Duration interval = absl::Seconds(
      std::max<uint32_t>(1, request->interval_seconds() == 0 ? 30 : request->interval_seconds()));
  // Per-stream memory only: the last state seen of each controller (and whether it answered).
  std::map<std::string, v1::ControllerLicensing> last;
  std::map<std::string, bool> reachable;
  std::mutex mu;
  while (!context->IsCancelled()) {
    const absl::Time round_start = absl::Now();
    absl::StatusOr<std::vector<ControllerConfig>> targets =
        ResolveSelector(request->selector(), *handler_);
    if (!targets.ok()) {
      AuditAs audit = AuditFor(*caller, "WatchLicensing", request->selector(), false);
      if (audit.caller != nullptr) {
        Audit(*caller, audit.action, DescribeSelector(request->selector()), targets.status());
      }
      return ToGrpcStatus(targets.status());
    }
    FleetRunOptions run = RunOptionsFrom(request->options(), handler_->config());
    run.per_controller = std::min(run.per_controller, interval);
    RunFleet(
        *targets, run,
        [&](const ControllerConfig& target, absl::Time deadline) {
          v1::GetLicensingStateRequest req;
          req.set_controller(target.name);
          return ResultOf<v1::GetLicensingStateResponse>(
              handler_->GetLicensingState(req, deadline, &target),
              [](const auto& v, v1::ControllerResult* r) {
                *r->mutable_licensing() = v.licensing();
              });
        },
        [&](const v1::ControllerResult& r) {
          std::lock_guard<std::mutex> lock(mu);
          auto send = [&](v1::ChangeKind kind, const std::string& detail,
                          const v1::ControllerLicensing* l) {
            v1::WatchLicensingResponse resp;
            resp.set_controller(r.controller());
            resp.set_kind(kind);
            resp.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
            resp.set_detail(detail);
            if (l != nullptr) *resp.mutable_licensing() = *l;
            writer->Write(resp);
          };
          auto was = reachable.find(r.controller());
          if (r.code() != 0) {
            if (was == reachable.end() || was->second) {
              send(v1::CHANGE_KIND_UNREACHABLE, r.message(), nullptr);
            }
            reachable[r.controller()] = false;
            return;
          }
          auto prev = last.find(r.controller());
          if (prev == last.end()) {
            send(v1::CHANGE_KIND_INITIAL, "", &r.licensing());
          } else {
            if (was != reachable.end() && !was->second)
              send(v1::CHANGE_KIND_REACHABLE, "", &r.licensing());
            for (const auto& [kind, detail] : Diff(prev->second, r.licensing())) {
              send(kind, detail, &r.licensing());
            }
          }
          reachable[r.controller()] = true;
          last[r.controller()] = r.licensing();
        },
        [&] { return context->IsCancelled(); });
    while (!context->IsCancelled() && absl::Now() < round_start + interval) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  return grpc::Status::OK;
}

grpc::Status FleetGrpcService::DiagnoseFleet(
    grpc::ServerContext* context, const v1::DiagnoseFleetRequest* request,
    grpc::ServerWriter<v1::DiagnoseFleetResponse>* writer) {
  absl::StatusOr<Caller> caller =
      Authorize(context, *authorizer_, AccessFor(request->selector(), Access::kRead),
                "DiagnoseFleet", DescribeSelector(request->selector()));
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return StreamFleet(
      *handler_, context, request->selector(), request->options(),
      [&](const ControllerConfig& target, absl::Time deadline) {
        v1::DiagnoseRequest req;
        req.set_controller(target.name);
        req.set_skip_endpoint_probe(request->skip_endpoint_probe());
        return ResultOf<v1::DiagnoseResponse>(handler_->Diagnose(req, deadline, &target),
                                              [](const auto& v, v1::ControllerResult* r) {
                                                *r->mutable_diagnosis() = v.diagnosis();
                                              });
      },
      writer,
      [](const v1::ControllerResult& r, v1::FleetSummary* tally) {
        if (!r.has_diagnosis()) return;
        if (r.diagnosis().healthy()) tally->set_healthy(tally->healthy() + 1);
        for (const v1::Finding& f : r.diagnosis().findings()) {
          if (f.severity() >= v1::SEVERITY_WARNING)
            (*tally->mutable_controllers_by_cause())[f.code()]++;
        }
      },
      AuditFor(*caller, "DiagnoseFleet", request->selector(), false));
}

}  // namespace wlc::service
