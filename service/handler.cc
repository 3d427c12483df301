#include "service/handler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "adapters/common/diagnose.h"
#include "adapters/common/input_limits.h"
#include "adapters/common/state_reader.h"
#include "adapters/common/trust.h"
#include "adapters/common/usage_relay.h"
#include "observability/logging.h"
#include "service/syslog_receiver.h"

namespace wlc::service {
LicensingHandler::LicensingHandler(const Config* config, const adapters::AdapterRegistry* registry,
                                   device::HttpsClient* http,
                                   device::DeviceCallObserver* device_calls)
    : LicensingHandler(config, registry, std::vector<device::HttpsClient*>{http}, device_calls) {}

LicensingHandler::LicensingHandler(const Config* config, const adapters::AdapterRegistry* registry,
                                   std::vector<device::HttpsClient*> http,
                                   device::DeviceCallObserver* device_calls)
    : config_(config),
      fleet_limit_(config->fleet_max_in_flight),
      shared_reads_(config->read_cache_entries),
      registry_(registry),
      inventory_(std::make_shared<const std::vector<ControllerConfig>>(config->controllers)) {
  for (device::HttpsClient* client : http) {
    southbound_.push_back(
        std::make_unique<Southbound>(Southbound{device::RestconfClient(client, device_calls),
                                                device::SmartlicClient(client, device_calls)}));
  }
  for (const auto& [name, cfg] : config->upstreams) {
    upstreams_.emplace(name,
                       std::make_unique<upstream::UpstreamClient>(http.front(), cfg, device_calls));
  }
}

absl::StatusOr<upstream::UpstreamClient*> LicensingHandler::Upstream(
    const std::string& name) const {
  if (name.empty()) return absl::InvalidArgumentError("upstream is required");
  if (name.size() > limits::kMaxNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("upstream name too long ('", limits::QuotePrefix(name), "')"));
  }
  auto it = upstreams_.find(name);
  if (it == upstreams_.end()) {
    return absl::NotFoundError(
        absl::StrCat("upstream '", limits::QuotePrefix(name), "' is not in the service config"));
  }
  return it->second.get();
}

const LicensingHandler::Southbound& LicensingHandler::SouthboundFor(
    const std::string& controller) const {
  return *southbound_[std::hash<std::string>{}(controller) % southbound_.size()];
}

std::shared_ptr<const std::vector<ControllerConfig>> LicensingHandler::Inventory() const {
  absl::MutexLock lock(&inventory_mu_);
  return inventory_;
}

void LicensingHandler::SetInventory(std::vector<ControllerConfig> controllers) {
  auto next = std::make_shared<const std::vector<ControllerConfig>>(std::move(controllers));
  absl::MutexLock lock(&inventory_mu_);
  inventory_ = std::move(next);
}

absl::StatusOr<ControllerConfig> LicensingHandler::Lookup(const std::string& name) const {
  if (name.empty()) return absl::InvalidArgumentError("controller is required");
  // Inventory names are at most kMaxNameLength (config.cc): a longer one cannot be there.
  if (name.size() > limits::kMaxNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("controller name too long ('", limits::QuotePrefix(name), "')"));
  }
  std::shared_ptr<const std::vector<ControllerConfig>> inventory = Inventory();
  for (const ControllerConfig& c : *inventory) {
    if (c.name == name) return c;
  }
  return absl::NotFoundError(
      absl::StrCat("controller '", limits::QuotePrefix(name), "' is not in the inventory"));
}

absl::StatusOr<ControllerConfig> LicensingHandler::LookupForChange(const std::string& name,
                                                                   const Caller& caller,
                                                                   absl::string_view action) const {
  absl::StatusOr<ControllerConfig> found = Lookup(name);
  if (!found.ok()) Audit(caller, action, limits::QuotePrefix(name), found.status());
  return found;
}

absl::StatusOr<adapters::DeviceContext> LicensingHandler::Context(const std::string& name,
                                                                  absl::Time deadline) const {
  absl::StatusOr<ControllerConfig> found = Lookup(name);
  if (!found.ok()) return found.status();
  return Context(*found, deadline);
}

absl::StatusOr<adapters::DeviceContext> LicensingHandler::Context(const ControllerConfig& target,
                                                                  absl::Time deadline) const {
  const ControllerConfig* c = &target;
  auto profile = config_->profiles.find(c->credentials_profile);
  if (profile == config_->profiles.end()) {
    return absl::FailedPreconditionError(absl::StrCat("controller '", limits::QuotePrefix(c->name),
                                                      "' names an unknown credentials profile"));
  }
  adapters::DeviceContext ctx;
  ctx.info = {c->name, c->software_version, c->platform};
  ctx.endpoint = {c->name, c->BaseUrl(), &profile->second};
  if (c->ad_hoc) {
    // ResolveSelector checked the target against the profile's allowed_targets; the copy makes
    // the HTTPS client check every address it connects to as well (DNS rebinding).
    auto bound = std::make_shared<device::CredentialsProfile>(profile->second);
    bound->connect_only_to = profile->second.allowed_targets.networks();
    ctx.owned_credentials = bound;
    ctx.endpoint.credentials = bound.get();
  }
  ctx.address = c->Address();
  const Southbound& south = SouthboundFor(c->name);
  ctx.restconf = &south.restconf;
  ctx.smartlic = &south.smartlic;
  ctx.deadline = std::min(deadline, absl::Now() + absl::Seconds(config_->request_deadline_seconds));
  ctx.call_timeout = absl::Seconds(config_->device_timeout_seconds);
  ctx.poll_interval = absl::Milliseconds(config_->trust_poll_interval_ms);
  return ctx;
}

v1::ListControllersResponse LicensingHandler::ListControllers() const {
  v1::ListControllersResponse response;
  std::shared_ptr<const std::vector<ControllerConfig>> inventory = Inventory();
  for (const ControllerConfig& c : *inventory) {
    v1::ControllerSummary* s = response.add_controllers();
    s->set_name(c.name);
    s->set_address(c.Address());
    s->set_credentials_profile(c.credentials_profile);
    s->set_software_version(c.software_version);
    s->mutable_labels()->insert(c.labels.begin(), c.labels.end());
  }
  return response;
}

void LicensingHandler::GetLicensingStateAsync(const ControllerConfig& target, absl::Time deadline,
                                              LicensingCallback done,
                                              absl::Duration max_age) const {
  absl::StatusOr<adapters::DeviceContext> ctx = Context(target, deadline);
  if (!ctx.ok()) return done(ctx.status());
  // One controller is one key: the same name at another address or with another profile (an
  // ad-hoc target) is another read.
  const std::string key = absl::StrCat(target.name, "|", ctx->address, "|",
                                       target.credentials_profile, target.ad_hoc ? "|ad-hoc" : "");
  shared_reads_.Read(
      key, ctx->deadline, max_age,
      [ctx = *std::move(ctx)](absl::Time, SharedReads::Callback read_done) {
        std::string address = ctx.address;
        adapters::ReadLicensingAsync(
            ctx, [address = std::move(address),
                  read_done = std::move(read_done)](absl::StatusOr<v1::ControllerLicensing> lic) {
              if (lic.ok()) {
                lic->set_address(address);
                lic->mutable_read_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
              }
              read_done(std::move(lic));
            });
      },
      std::move(done));
}

absl::StatusOr<v1::ControllerLicensing> LicensingHandler::GetLicensingState(
    const ControllerConfig& target, absl::Time deadline, absl::Duration max_age) const {
  absl::StatusOr<v1::ControllerLicensing> result;
  absl::Notification finished;
  GetLicensingStateAsync(
      target, deadline,
      [&](absl::StatusOr<v1::ControllerLicensing> lic) {
        result = std::move(lic);
        finished.Notify();
      },
      max_age);
  finished.WaitForNotification();
  return result;
}

absl::StatusOr<v1::Diagnosis> LicensingHandler::Diagnose(const ControllerConfig& target,
                                                         const DiagnoseOptions& diagnose,
                                                         absl::Time deadline) const {
  absl::StatusOr<adapters::DeviceContext> ctx = Context(target, deadline);
  if (!ctx.ok()) return ctx.status();
  adapters::ObserveOptions options;
  options.probe_endpoint = !diagnose.skip_endpoint_probe;
  options.resolve = config_->diagnose_resolve;
  options.probe_timeout = std::min(absl::Seconds(3), ctx->Remaining());
  if (syslog_ != nullptr) {
    const std::string host = ctx->address.substr(0, ctx->address.rfind(':'));
    const std::string name = ctx->info.name;
    options.syslog = [this, host, name] { return syslog_->Lines({host, name}); };
  }
  options.probe = [this, timeout = options.probe_timeout](const std::string& url) {
    return ProbeShared(url, timeout);
  };
  adapters::Observations observed = adapters::Observe(*ctx, options);
  v1::Diagnosis diagnosis = adapters::Diagnose(observed);
  v1::Diagnosis* d = &diagnosis;
  // What the controller said (failure messages, syslog) is quoted as evidence: a controller that
  // echoes an id token or password must not carry it to the client.
  for (v1::Finding& f : *d->mutable_findings()) f.set_evidence(log::Redact(f.evidence()));
  for (v1::DiagnosticCheck& c : *d->mutable_checks()) c.set_detail(log::Redact(c.detail()));
  for (std::string& line : *d->mutable_syslog()) line = log::Redact(line);
  return diagnosis;
}

adapters::EndpointProbe LicensingHandler::ProbeShared(const std::string& url,
                                                      absl::Duration timeout) const {
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&probe_mu_);
    auto it = probes_.find(url);
    if (it != probes_.end() && now - it->second.first < absl::Seconds(30)) return it->second.second;
  }
  // Concurrent first probes of one URL may each run; the last one is kept. Bounded by the
  // number of distinct transport URLs in the fleet.
  adapters::EndpointProbe probe = adapters::ProbeEndpoint(url, config_->diagnose_resolve, timeout);
  absl::MutexLock lock(&probe_mu_);
  probes_[url] = {absl::Now(), probe};
  return probe;
}

absl::StatusOr<v1::TransportPlan> LicensingHandler::PlanTransport(const ControllerConfig& target,
                                                                  const v1::Transport& desired,
                                                                  absl::Time deadline) const {
  absl::StatusOr<adapters::DeviceContext> ctx = Context(target, deadline);
  if (!ctx.ok()) return ctx.status();
  absl::StatusOr<const adapters::TransportAdapter*> adapter = registry_->Find(desired.type());
  if (!adapter.ok()) return adapter.status();
  return (*adapter)->PlanTransport(*ctx, desired);
}

absl::StatusOr<v1::ApplyTransportResponse> LicensingHandler::ApplyTransport(
    const ControllerConfig& target, const v1::Transport& desired, bool dry_run, absl::Time deadline,
    const Caller& caller) const {
  if (dry_run) {
    absl::StatusOr<v1::TransportPlan> plan = PlanTransport(target, desired, deadline);
    if (!plan.ok()) return plan.status();
    v1::ApplyTransportResponse response;
    *response.mutable_plan() = std::move(*plan);
    return response;
  }
  absl::StatusOr<adapters::DeviceContext> ctx = Context(target, deadline);
  absl::StatusOr<const adapters::TransportAdapter*> adapter =
      ctx.ok() ? registry_->Find(desired.type())
               : absl::StatusOr<const adapters::TransportAdapter*>(ctx.status());
  if (!adapter.ok()) {
    // A refused change is audited too (unknown profile, bad transport).
    Audit(caller, "ApplyTransport", target.name, adapter.status());
    return adapter.status();
  }
  absl::StatusOr<v1::ApplyTransportResponse> response = (*adapter)->ApplyTransport(*ctx, desired);
  Audit(caller, "ApplyTransport", target.name, response.status(),
        absl::StrCat(v1::TransportType_Name(desired.type()),
                     response.ok() && response->changed() ? " changed" : " unchanged"));
  return response;
}

absl::StatusOr<v1::Trust> LicensingHandler::EstablishTrust(const ControllerConfig& target,
                                                           const TrustRequest& request,
                                                           absl::Time deadline,
                                                           const Caller& caller) const {
  // Registered before anything can fail, so no log line or error can carry the token.
  log::ScopedSecret token_secret(request.id_token);
  std::string detail;
  // Outlives the call and its audit line, so neither can carry a minted token.
  std::unique_ptr<log::ScopedSecret> minted_secret;
  absl::StatusOr<v1::Trust> result = [&]() -> absl::StatusOr<v1::Trust> {
    std::string id_token = request.id_token;
    const bool mint = id_token.empty() && !request.mint_from_upstream.empty();
    if (!mint) {
      if (absl::Status s = adapters::CheckIdToken(id_token); !s.ok()) return s;
    } else if (absl::StatusOr<upstream::UpstreamClient*> u = Upstream(request.mint_from_upstream);
               !u.ok()) {
      return u.status();
    }
    absl::StatusOr<adapters::DeviceContext> ctx = Context(target, deadline);
    if (!ctx.ok()) return ctx.status();
    if (mint) {
      // A fresh single-use token per call: it never leaves the service (nor its logs).
      absl::StatusOr<std::string> minted =
          (*Upstream(request.mint_from_upstream))->CreateIdToken(/*days=*/1, ctx->deadline);
      if (!minted.ok()) return minted.status();
      minted_secret = std::make_unique<log::ScopedSecret>(*minted);
      id_token = *minted;
    }
    // Trust is the same operation for every transport that reaches CSSM or On-Prem; the adapter
    // of the controller's configured transport decides how (CSLU needs none).
    absl::StatusOr<v1::ControllerLicensing> lic = adapters::ReadLicensing(*ctx);
    if (!lic.ok()) return lic.status();
    absl::StatusOr<const adapters::TransportAdapter*> adapter =
        registry_->Find(lic->transport().type());
    if (!adapter.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "controller '", target.name, "' uses transport ",
          v1::TransportType_Name(lic->transport().type()), ", which has no trust procedure here"));
    }
    const v1::TrustScope scope =
        request.scope == v1::TRUST_SCOPE_UNSPECIFIED ? v1::TRUST_SCOPE_LOCAL : request.scope;
    detail = absl::StrCat(v1::TrustScope_Name(scope), request.force ? " force" : "",
                          mint ? " token minted by upstream " + request.mint_from_upstream : "");
    return (*adapter)->EstablishTrust(*ctx, id_token, scope, request.force);
  }();
  // Every attempt is audited, refused ones (bad token format, unknown upstream) included.
  Audit(caller, "EstablishTrust", target.name, result.status(), detail);
  return result;
}

absl::StatusOr<v1::RelayUsageResponse> LicensingHandler::RelayUsage(const ControllerConfig& target,
                                                                    const std::string& upstream,
                                                                    absl::Time deadline,
                                                                    const Caller& caller) const {
  absl::StatusOr<upstream::UpstreamClient*> up = Upstream(upstream);
  absl::StatusOr<adapters::DeviceContext> ctx =
      up.ok() ? Context(target, deadline) : absl::StatusOr<adapters::DeviceContext>(up.status());
  absl::StatusOr<v1::RelayUsageResponse> response =
      ctx.ok() ? adapters::RelayUsage(*ctx, **up)
               : absl::StatusOr<v1::RelayUsageResponse>(ctx.status());
  Audit(caller, "RelayUsage", target.name, response.status(),
        response.ok()
            ? absl::StrCat(response->collected_report_ids_size(), " collected, ",
                           response->acknowledged_report_ids_size(), " acknowledged via ", upstream)
            : "");
  return response;
}

absl::StatusOr<v1::ExportUsageResponse> LicensingHandler::ExportUsage(
    const std::vector<std::string>& controllers, absl::Time deadline, const Caller& caller) const {
  if (controllers.empty()) {
    absl::Status bad = absl::InvalidArgumentError("controllers is required");
    Audit(caller, "ExportUsage", "", bad);
    return bad;
  }
  std::vector<nlohmann::json> reports;
  v1::ExportUsageResponse response;
  for (const std::string& name : controllers) {
    v1::ControllerOutcome* outcome = response.add_outcomes();
    outcome->set_controller(name);
    absl::StatusOr<adapters::DeviceContext> ctx = Context(name, deadline);
    absl::StatusOr<adapters::CollectedUsage> usage =
        ctx.ok() ? adapters::CollectUnreportedUsage(*ctx)
                 : absl::StatusOr<adapters::CollectedUsage>(ctx.status());
    outcome->set_code(static_cast<int>(usage.status().code()));
    Audit(caller, "ExportUsage", name, usage.status(),
          usage.ok() ? absl::StrCat(usage->report_ids.size(), " reports exported") : "");
    if (!usage.ok()) {
      outcome->set_message(log::Redact(usage.status().message()));
      continue;
    }
    for (uint64_t id : usage->report_ids) outcome->add_report_ids(id);
    for (auto& r : usage->reports) reports.push_back(std::move(r));
  }
  response.set_bundle(adapters::MakeUsageBundle(reports).dump());
  return response;
}

absl::StatusOr<v1::ImportAcknowledgementsResponse> LicensingHandler::ImportAcknowledgements(
    const std::string& bundle, const std::vector<std::string>& controllers, absl::Time deadline,
    const Caller& caller) const {
  absl::StatusOr<std::vector<nlohmann::json>> acks = adapters::ParseAckBundle(bundle);
  if (!acks.ok()) {
    Audit(caller, "ImportAcknowledgements", absl::StrJoin(controllers, ","), acks.status());
    return acks.status();
  }
  std::vector<std::string> candidates = controllers;
  if (candidates.empty()) {
    for (const ControllerConfig& c : *Inventory()) candidates.push_back(c.name);
  }
  // The ACK names the product instance by UDI; the inventory names controllers: read each
  // candidate's UDI (the controller is the record, the service keeps no map).
  std::map<std::string, std::string> controller_by_udi;
  v1::ImportAcknowledgementsResponse response;
  for (const std::string& name : candidates) {
    absl::StatusOr<adapters::DeviceContext> ctx = Context(name, deadline);
    absl::StatusOr<nlohmann::json> state =
        ctx.ok() ? adapters::GetLicensingState(*ctx) : absl::StatusOr<nlohmann::json>(ctx.status());
    if (!state.ok()) {
      v1::ControllerOutcome* o = response.add_outcomes();
      o->set_controller(name);
      o->set_code(static_cast<int>(state.status().code()));
      o->set_message(log::Redact(state.status().message()));
      continue;
    }
    v1::ControllerLicensing lic;
    adapters::ApplyLicensingState(*state, &lic);
    controller_by_udi[absl::StrCat("P:", lic.platform().pid(),
                                   ",S:", lic.platform().serial_number())] = name;
  }
  for (const nlohmann::json& ack : *acks) {
    const std::string udi = adapters::AckUdi(ack);
    auto it = controller_by_udi.find(udi);
    if (it == controller_by_udi.end()) continue;
    v1::ControllerOutcome* o = response.add_outcomes();
    o->set_controller(it->second);
    absl::StatusOr<adapters::DeviceContext> ctx = Context(it->second, deadline);
    absl::StatusOr<std::vector<uint64_t>> acked =
        ctx.ok() ? adapters::ImportAck(*ctx, ack)
                 : absl::StatusOr<std::vector<uint64_t>>(ctx.status());
    o->set_code(static_cast<int>(acked.status().code()));
    if (!acked.ok()) {
      o->set_message(log::Redact(acked.status().message()));
    } else {
      for (uint64_t id : *acked) o->add_report_ids(id);
    }
    Audit(caller, "ImportAcknowledgements", it->second, acked.status(), udi);
  }
  return response;
}

}  // namespace wlc::service
