#include "service/restconf/restconf_server.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "adapters/common/apply.h"
#include "adapters/common/input_limits.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "observability/logging.h"
#include "service/audit.h"
#include "service/fleet.h"
#include "service/restconf/errors.h"
#include "service/restconf/json_model.h"
#include "service/restconf/resource_path.h"

namespace wlc::service::restconf {
namespace {

using json = nlohmann::json;

// Whether an operation's input asks for a plan only (apply-transport's dry-run).
template <typename Request>
bool DryRun(const Request&) {
  return false;
}
bool DryRun(const v1::ApplyTransportRequest& request) { return request.dry_run(); }

constexpr char kYangJson[] = "application/yang-data+json";
constexpr char kYangLibraryVersion[] = "2016-06-21";
constexpr char kRealm[] = "Bearer realm=\"wlc-licensing\"";

using Reply = RestconfReply;

std::string Dump(const json& j) {
  // Device strings may not be valid UTF-8: replace rather than throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Reply Ok(const json& j) { return Reply{200, Dump(j), kYangJson, ""}; }

// A failed apply carries its output (plan, changed, restore) in error-info.
RestconfError WithApplyOutput(RestconfError e, const absl::Status& status) {
  if (std::optional<v1::ApplyTransportResponse> output = adapters::ApplyResponseOf(status)) {
    e.info = {{absl::StrCat(kModule, ":output"), ToYangJson(*output)}};
  }
  return e;
}

Reply Error(const RestconfError& e) {
  Reply r;
  r.status = e.http_status;
  r.body = ErrorBody(e);
  return r;
}

Reply MethodNotAllowed(const std::string& method, const std::string& allow) {
  Reply r = Error(ProtocolError(
      405, "operation-not-supported",
      absl::StrCat(method, " is not allowed on this resource (allowed: ", allow, ")")));
  r.allow = allow;
  return r;
}

Reply NotFound(absl::string_view what) {
  return Error(ProtocolError(404, "invalid-value",
                             absl::StrCat("no such resource: ", limits::QuotePrefix(what))));
}

// A controller name no inventory can hold is refused before it reaches an error-path (which
// would echo a client's megabyte back) or the handler.
std::optional<Reply> ControllerNameTooLong(absl::string_view name, absl::string_view path) {
  if (name.size() <= limits::kMaxNameLength) return std::nullopt;
  return Error(ProtocolError(
      400, "invalid-value",
      absl::StrCat("controller name too long ('", limits::QuotePrefix(name), "')"), path));
}

bool MethodIn(const std::string& method, absl::string_view allow) {
  for (absl::string_view m : absl::StrSplit(allow, ", ")) {
    if (m == method) return true;
  }
  return false;
}

// RFC 8040 §5.2: JSON only here (application/json accepted for ordinary HTTP clients).
bool IsJsonMediaType(absl::string_view value) {
  absl::string_view type = value.substr(0, value.find(';'));
  type = absl::StripAsciiWhitespace(type);
  return absl::EqualsIgnoreCase(type, kYangJson) ||
         absl::EqualsIgnoreCase(type, "application/json");
}

bool AcceptsJson(absl::string_view accept) {
  if (accept.empty()) return true;
  for (absl::string_view item : absl::StrSplit(accept, ',')) {
    absl::string_view type = absl::StripAsciiWhitespace(item.substr(0, item.find(';')));
    if (IsJsonMediaType(type) || type == "*/*" || type == "application/*") return true;
  }
  return false;
}

struct Operation {
  const char* name;
  const char* action;  // for the Authorizer and the access log
  bool write;
};

constexpr Operation kOperations[] = {
    {"plan-transport", "PlanTransport", false},
    {"apply-transport", "ApplyTransport", true},
    {"establish-trust", "EstablishTrust", true},
    {"relay-usage", "RelayUsage", true},
    {"diagnose", "Diagnose", false},
};

// Whether a request would change something: a data write, or an operation that is a write
// (percent-encoding aside: an encoded name is only audited once it is authenticated).
bool IsWriteRequest(absl::string_view method, absl::string_view target) {
  if (method == "PATCH" || method == "PUT" || method == "DELETE") return true;
  if (method != "POST") return false;
  absl::string_view op = target;
  if (!absl::ConsumePrefix(&op, "/restconf/operations/")) return true;  // POST to data
  absl::ConsumePrefix(&op, "wlc-licensing:");
  for (const Operation& candidate : kOperations) {
    if (op == candidate.name) return candidate.write;
  }
  return false;
}

// List keys of the data tree, for walking list instances below a controller.
const char* KeyOf(absl::string_view list) {
  if (list == "controller") return "name";
  if (list == "trust-code") return "udi";
  if (list == "entitlement") return "tag";
  if (list == "rum-report") return "report-id";
  return nullptr;
}

class Router {
 public:
  Router(const LicensingHandler* handler, const Authorizer* authorizer,
         const RestconfOptions* options)
      : handler_(handler), authorizer_(authorizer), options_(options) {}

  Reply Route(const httplib::Request& req, Principal* who) const {
    const std::string method = req.method == "HEAD" ? "GET" : req.method;
    if (req.target.size() > limits::kMaxRequestTargetLength) {
      return Error(
          ProtocolError(414, "invalid-value",
                        absl::StrCat("request target too long (", req.target.size(),
                                     " bytes, at most ", limits::kMaxRequestTargetLength, ")")));
    }
    absl::string_view target = req.target;
    absl::string_view query;
    if (size_t q = target.find('?'); q != absl::string_view::npos) {
      query = target.substr(q + 1);
      target = target.substr(0, q);
    }
    if (!AcceptsJson(req.get_header_value("Accept")) && target != "/.well-known/host-meta") {
      return Error(ProtocolError(406, "invalid-value",
                                 absl::StrCat("this server answers ", kYangJson, " only")));
    }
    if (target == "/.well-known/host-meta") {
      if (!MethodIn(method, "GET, OPTIONS")) return MethodNotAllowed(method, "GET, OPTIONS");
      return Reply{200,
                   "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
                   "  <Link rel=\"restconf\" href=\"/restconf\"/>\n</XRD>\n",
                   "application/xrd+xml", ""};
    }
    if (target == "/restconf" || target == "/restconf/") {
      if (!MethodIn(method, "GET, OPTIONS")) return MethodNotAllowed(method, "GET, OPTIONS");
      return Ok({{"ietf-restconf:restconf",
                  {{"data", json::object()},
                   {"operations", json::object()},
                   {"yang-library-version", kYangLibraryVersion}}}});
    }
    if (target == "/restconf/yang-library-version") {
      if (!MethodIn(method, "GET, OPTIONS")) return MethodNotAllowed(method, "GET, OPTIONS");
      return Ok({{"ietf-restconf:yang-library-version", kYangLibraryVersion}});
    }
    // Everything below carries licensing data: authenticate first.
    absl::StatusOr<Principal> principal =
        authorizer_->Authenticate(req.get_header_value("Authorization"));
    if (!principal.ok()) {
      // A method that can change something, refused for its token: audited as a refused write.
      if (IsWriteRequest(method, target)) {
        Audit(Caller{"unauthenticated", absl::StrCat(req.remote_addr, ":", req.remote_port)},
              absl::StrCat("RESTCONF ", method, " ", target.substr(0, 128)), "",
              principal.status());
      }
      return Error(FromStatus(principal.status(), "protocol"));
    }
    *who = *principal;

    if (target == "/restconf/operations" || target == "/restconf/operations/") {
      if (!MethodIn(method, "GET, OPTIONS")) return MethodNotAllowed(method, "GET, OPTIONS");
      json ops = json::object();
      for (const Operation& op : kOperations) {
        ops[absl::StrCat(kModule, ":", op.name)] = json::array({nullptr});
      }
      return Ok({{"ietf-restconf:operations", ops}});
    }
    if (absl::StartsWith(target, "/restconf/operations/")) {
      return Rpc(req, method, target.substr(strlen("/restconf/operations/")), *who);
    }
    if (target == "/restconf/data" || absl::StartsWith(target, "/restconf/data/")) {
      return Data(req, method, target.substr(strlen("/restconf/data")), query, *who);
    }
    return NotFound(target);
  }

 private:
  absl::Time Deadline() const {
    // The handler caps every request at the service's request_deadline_seconds; RESTCONF has
    // no deadline of its own.
    return absl::InfiniteFuture();
  }

  static Caller CallerOf(const httplib::Request& req, const Principal& who) {
    Caller c;
    c.identity = who.name;
    c.peer = absl::StrCat(req.remote_addr, ":", req.remote_port);
    return c;
  }

  // Parses a JSON body holding exactly one member `member` (module-qualified).
  static absl::StatusOr<json> Body(const httplib::Request& req, absl::string_view member,
                                   absl::string_view path, RestconfError* error) {
    if (!IsJsonMediaType(req.get_header_value("Content-Type"))) {
      *error =
          ProtocolError(415, "invalid-value", absl::StrCat("request bodies must be ", kYangJson));
      return absl::InvalidArgumentError("media type");
    }
    // The listener caps bodies at the same size; this keeps the limit when called directly.
    if (req.body.size() > limits::kMaxRestconfBodyBytes) {
      *error = ProtocolError(
          413, "too-big",
          absl::StrCat("the body is larger than ", limits::kMaxRestconfBodyBytes, " bytes"));
      return absl::InvalidArgumentError("too big");
    }
    absl::StatusOr<json> parsed =
        limits::ParseJson(req.body, limits::kMaxRestconfBodyBytes, "the body");
    if (!parsed.ok()) {
      *error = ProtocolError(400, "malformed-message", parsed.status().message());
      return parsed.status();
    }
    json& body = *parsed;
    if (!body.is_object()) {
      *error = ProtocolError(400, "malformed-message", "the body is not a JSON object");
      return absl::InvalidArgumentError("malformed");
    }
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it.key() != member) {
        *error = ProtocolError(400, "unknown-element",
                               absl::StrCat("unexpected member '", limits::QuotePrefix(it.key()),
                                            "' (expected '", member, "')"),
                               path);
        error->bad_element = limits::QuotePrefix(it.key());
        return absl::InvalidArgumentError("unknown");
      }
    }
    if (!body.contains(member)) {
      *error = ProtocolError(400, "missing-element",
                             absl::StrCat("the body needs the member '", member, "'"), path);
      return absl::InvalidArgumentError("missing");
    }
    return body[std::string(member)];
  }

  // A refused write is audited here (the handler audits the ones it runs).
  absl::Status Allow(const httplib::Request& req, const Principal& who, const char* action,
                     bool write) const {
    absl::Status s =
        write ? authorizer_->AuthorizeWrite(who, action) : authorizer_->AuthorizeRead(who, action);
    if (!s.ok() && write) Audit(CallerOf(req, who), action, "", s);
    return s;
  }

  template <typename Request, typename Response, typename Call>
  Reply RunOperation(const json& input, const std::string& op_path, const Operation& op,
                     const Caller& caller, Call call) const {
    Request request;
    absl::Status parsed = FromYangJson(input, op_path + "/input", &request);
    if (!parsed.ok()) {
      if (op.write) Audit(caller, op.action, "", parsed);
      return Error(FromStatus(parsed, "protocol"));
    }
    if (request.controller().empty()) {
      if (op.write) {
        Audit(caller, op.action, "", absl::InvalidArgumentError("input/controller is mandatory"));
      }
      return Error(ProtocolError(400, "missing-element", "input/controller is mandatory",
                                 op_path + "/input"));
    }
    if (std::optional<Reply> bad =
            ControllerNameTooLong(request.controller(), op_path + "/input")) {
      return *bad;
    }
    // A change's refused target (unknown controller) is audited like every refused change.
    const bool change = op.write && !DryRun(request);
    absl::StatusOr<ControllerConfig> target =
        change ? handler_->LookupForChange(request.controller(), caller, op.action)
               : handler_->Lookup(request.controller());
    absl::StatusOr<Response> response =
        target.ok() ? call(request, *target) : absl::StatusOr<Response>(target.status());
    if (!response.ok()) {
      return Error(WithApplyOutput(
          FromStatus(response.status(), "application", ControllerInstanceId(request.controller())),
          response.status()));
    }
    return Ok({{absl::StrCat(kModule, ":output"), ToYangJson(*response)}});
  }

  Reply Rpc(const httplib::Request& req, const std::string& method, absl::string_view name_raw,
            const Principal& who) const {
    absl::StatusOr<std::string> name = PercentDecode(name_raw);
    const Operation* op = nullptr;
    if (name.ok()) {
      absl::string_view n = *name;
      if (absl::ConsumePrefix(&n, absl::StrCat(kModule, ":"))) {
        for (const Operation& candidate : kOperations) {
          if (n == candidate.name) op = &candidate;
        }
      }
    }
    if (op == nullptr) return NotFound(absl::StrCat("/restconf/operations/", name_raw));
    if (!MethodIn(method, "POST, OPTIONS")) return MethodNotAllowed(method, "POST, OPTIONS");
    if (method == "OPTIONS") return Reply{200, "", kYangJson, "POST, OPTIONS"};
    if (absl::Status s = Allow(req, who, op->action, op->write); !s.ok()) {
      return Error(FromStatus(s, "protocol"));
    }
    const std::string op_path = absl::StrCat("/", kModule, ":", op->name);
    const Caller caller = CallerOf(req, who);
    RestconfError error;
    absl::StatusOr<json> input = Body(req, absl::StrCat(kModule, ":input"), op_path, &error);
    if (!input.ok()) {
      if (op->write) {
        Audit(caller, op->action, "", absl::InvalidArgumentError(error.message));
      }
      return Error(error);
    }
    const std::string name_str = op->name;
    if (name_str == "plan-transport") {
      return RunOperation<v1::PlanTransportRequest, v1::PlanTransportResponse>(
          *input, op_path, *op, caller,
          [&](const v1::PlanTransportRequest& r,
              const ControllerConfig& target) -> absl::StatusOr<v1::PlanTransportResponse> {
            absl::StatusOr<v1::TransportPlan> plan =
                handler_->PlanTransport(target, r.desired(), Deadline());
            if (!plan.ok()) return plan.status();
            v1::PlanTransportResponse response;
            *response.mutable_plan() = *std::move(plan);
            return response;
          });
    }
    if (name_str == "apply-transport") {
      return RunOperation<v1::ApplyTransportRequest, v1::ApplyTransportResponse>(
          *input, op_path, *op, caller,
          [&](const v1::ApplyTransportRequest& r, const ControllerConfig& target) {
            return handler_->ApplyTransport(target, r.desired(), r.dry_run(), Deadline(), caller);
          });
    }
    if (name_str == "establish-trust") {
      return RunOperation<v1::EstablishTrustRequest, v1::EstablishTrustResponse>(
          *input, op_path, *op, caller,
          [&](const v1::EstablishTrustRequest& r,
              const ControllerConfig& target) -> absl::StatusOr<v1::EstablishTrustResponse> {
            // The token is redacted from every log line and error while the call runs.
            log::ScopedSecret secret(r.id_token());
            absl::StatusOr<v1::Trust> trust = handler_->EstablishTrust(
                target, {r.id_token(), r.scope(), r.force(), r.mint_from_upstream()}, Deadline(),
                caller);
            if (!trust.ok()) return trust.status();
            v1::EstablishTrustResponse response;
            *response.mutable_trust() = *std::move(trust);
            return response;
          });
    }
    if (name_str == "diagnose") {
      return RunOperation<v1::DiagnoseRequest, v1::DiagnoseResponse>(
          *input, op_path, *op, caller,
          [&](const v1::DiagnoseRequest& r,
              const ControllerConfig& target) -> absl::StatusOr<v1::DiagnoseResponse> {
            absl::StatusOr<v1::Diagnosis> diagnosis =
                handler_->Diagnose(target, {r.skip_endpoint_probe()}, Deadline());
            if (!diagnosis.ok()) return diagnosis.status();
            v1::DiagnoseResponse response;
            *response.mutable_diagnosis() = *std::move(diagnosis);
            return response;
          });
    }
    return RunOperation<v1::RelayUsageRequest, v1::RelayUsageResponse>(
        *input, op_path, *op, caller,
        [&](const v1::RelayUsageRequest& r, const ControllerConfig& target) {
          return handler_->RelayUsage(target, r.upstream(), Deadline(), caller);
        });
  }

  // One controller's state as the JSON of its list entry.
  absl::StatusOr<json> ControllerJson(const std::string& name) const {
    absl::StatusOr<ControllerConfig> target = handler_->Lookup(name);
    if (!target.ok()) return target.status();
    absl::StatusOr<v1::ControllerLicensing> licensing =
        handler_->GetLicensingState(*target, Deadline());
    if (!licensing.ok()) return licensing.status();
    return ToYangJson(*licensing);
  }

  // Every inventory controller, through the core's fan-out: `fleet_concurrency` at a time,
  // asynchronous reads, all within the service's request deadline. A controller that cannot be
  // read (or was not reached in time) is listed with health `unreachable` and the reason: one
  // broken controller never fails the list. Entries keep the inventory's order.
  json AllControllersJson() const {
    std::shared_ptr<const std::vector<ControllerConfig>> inventory = handler_->Inventory();
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < inventory->size(); ++i) index[(*inventory)[i].name] = i;
    std::vector<json> entries(inventory->size());
    FleetRunOptions run;
    run.concurrency = options_->fleet_concurrency;
    run.per_controller = absl::Seconds(handler_->config().request_deadline_seconds);
    run.deadline = absl::Now() + run.per_controller;
    run.limit = handler_->fleet_limit();
    RunFleet(
        *inventory, run, ReadStateOp(*handler_),
        [&](const v1::ControllerResult& r) {
          const size_t i = index[r.controller()];
          if (r.code() == 0) {
            entries[i] = ToYangJson(r.licensing());
            return;
          }
          const ControllerConfig& c = (*inventory)[i];
          v1::ControllerLicensing failed;
          failed.set_controller(c.name);
          failed.set_address(c.Address());
          failed.mutable_platform()->set_software_version(c.software_version);
          failed.mutable_status()->set_health(v1::HEALTH_UNREACHABLE);
          v1::CommunicationFailure* f =
              failed.mutable_status()->mutable_last_communication_failure();
          f->mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
          f->set_reason(
              absl::StrCat(absl::StatusCodeToString(static_cast<absl::StatusCode>(r.code())), ": ",
                           r.message()));
          entries[i] = ToYangJson(failed);
        },
        [] { return false; });
    json out = json::array();
    for (json& e : entries) out.push_back(std::move(e));
    return out;
  }

  Reply Data(const httplib::Request& req, const std::string& method, absl::string_view path,
             absl::string_view query, const Principal& who) const {
    absl::StatusOr<std::vector<PathSegment>> segments = ParseDataPath(path);
    if (!segments.ok()) {
      return Error(ProtocolError(400, "invalid-value", segments.status().message()));
    }
    const std::vector<PathSegment>& seg = *segments;
    const std::string full = absl::StrCat("/restconf/data", path);
    // Schema check of the first two levels: /wlc-licensing:licensing/controller.
    if (!seg.empty() &&
        (seg[0].module != kModule || seg[0].name != "licensing" || seg[0].has_key)) {
      return NotFound(full);
    }
    if (seg.size() >= 2 &&
        ((!seg[1].module.empty() && seg[1].module != kModule) || seg[1].name != "controller")) {
      return NotFound(full);
    }
    if (seg.size() >= 2 && seg[1].has_key) {
      if (std::optional<Reply> bad = ControllerNameTooLong(seg[1].key, "")) return *bad;
    }
    const bool transport_resource =
        seg.size() == 3 && seg[1].has_key && seg[2].name == "transport" &&
        (seg[2].module.empty() || seg[2].module == kModule) && !seg[2].has_key;
    const char* allow = transport_resource ? "GET, PATCH, PUT, OPTIONS" : "GET, OPTIONS";
    if (!MethodIn(method, allow)) return MethodNotAllowed(method, allow);
    if (method == "OPTIONS") return Reply{200, "", kYangJson, allow};

    // RFC 8040 §4.8 query parameters: `content` (all data here is config false) and
    // `depth=unbounded`; any other is refused.
    bool config_only = false;
    for (absl::string_view kv : absl::StrSplit(query, '&', absl::SkipEmpty())) {
      std::pair<std::string, std::string> p = absl::StrSplit(kv, absl::MaxSplits('=', 1));
      if (p.first == "content" &&
          (p.second == "all" || p.second == "nonconfig" || p.second == "config")) {
        config_only = p.second == "config";
      } else if (p.first == "depth" && p.second == "unbounded") {
      } else {
        return Error(ProtocolError(
            400, "invalid-value",
            absl::StrCat("unsupported query parameter '", limits::QuotePrefix(p.first), "'")));
      }
    }

    if (method == "PATCH" || method == "PUT") return PatchTransport(req, seg[1].key, who);

    if (absl::Status s = Allow(req, who, "GetLicensingState", false); !s.ok()) {
      return Error(FromStatus(s, "protocol"));
    }
    if (config_only) return Ok(json::object());  // no configuration data in this module
    const std::string licensing = absl::StrCat(kModule, ":licensing");
    if (seg.size() < 2 || !seg[1].has_key) {
      json all = AllControllersJson();
      if (seg.size() == 2) return Ok({{absl::StrCat(kModule, ":controller"), all}});
      json tree = {{"controller", all}};
      return Ok({{licensing, tree}});  // /restconf/data and /restconf/data/...:licensing
    }
    absl::StatusOr<json> entry = ControllerJson(seg[1].key);
    if (!entry.ok()) {
      return Error(FromStatus(entry.status(), "application", ControllerInstanceId(seg[1].key)));
    }
    // Walk below the controller: containers, leaves, and list instances by key.
    json node = json::array({*entry});
    std::string name = "controller";
    for (size_t i = 2; i < seg.size(); ++i) {
      if (!seg[i].module.empty() && seg[i].module != kModule) return NotFound(full);
      const json& parent = node.is_array() ? node.at(0) : node;
      if (!parent.is_object() || !parent.contains(seg[i].name)) return NotFound(full);
      json child = parent.at(seg[i].name);
      name = seg[i].name;
      if (seg[i].has_key) {
        const char* key = KeyOf(name);
        if (key == nullptr || !child.is_array()) return NotFound(full);
        json match = json::array();
        for (const json& item : child) {
          if (item.is_object() && item.value(key, json()) == json(seg[i].key)) {
            match.push_back(item);
          }
        }
        if (match.empty()) return NotFound(full);
        child = std::move(match);
      } else if (child.is_array() && KeyOf(name) != nullptr && i + 1 < seg.size()) {
        return NotFound(full);  // a keyed list needs its key to go deeper
      }
      node = std::move(child);
    }
    return Ok({{absl::StrCat(kModule, ":", name), node}});
  }

  Reply PatchTransport(const httplib::Request& req, const std::string& controller,
                       const Principal& who) const {
    if (absl::Status s = Allow(req, who, "ApplyTransport", true); !s.ok()) {
      return Error(FromStatus(s, "protocol"));
    }
    const std::string path = absl::StrCat(ControllerInstanceId(controller), "/transport");
    RestconfError error;
    absl::StatusOr<json> body = Body(req, absl::StrCat(kModule, ":transport"), path, &error);
    if (!body.ok()) {
      Audit(CallerOf(req, who), "ApplyTransport", controller,
            absl::InvalidArgumentError(error.message));
      return Error(error);
    }
    v1::Transport desired;
    absl::Status parsed = FromYangJson(*body, path, &desired);
    if (!parsed.ok()) {
      Audit(CallerOf(req, who), "ApplyTransport", controller, parsed);
      return Error(FromStatus(parsed, "protocol"));
    }
    const Caller caller = CallerOf(req, who);
    absl::StatusOr<ControllerConfig> target =
        handler_->LookupForChange(controller, caller, "ApplyTransport");
    absl::StatusOr<v1::ApplyTransportResponse> response =
        target.ok() ? handler_->ApplyTransport(*target, desired, false, Deadline(), caller)
                    : absl::StatusOr<v1::ApplyTransportResponse>(target.status());
    if (!response.ok()) {
      return Error(
          WithApplyOutput(FromStatus(response.status(), "application", path), response.status()));
    }
    return Reply{204, "", kYangJson, ""};
  }

  const LicensingHandler* handler_;
  const Authorizer* authorizer_;
  const RestconfOptions* options_;
};

}  // namespace

RestconfServer::RestconfServer(const LicensingHandler* handler, const Authorizer* authorizer,
                               RestconfOptions options)
    : handler_(handler), authorizer_(authorizer), options_(std::move(options)) {}

RestconfServer::~RestconfServer() { Stop(); }

absl::StatusOr<int> RestconfServer::Start() {
  const bool tls = !options_.tls_cert_file.empty() || !options_.tls_key_file.empty();
  if (tls) {
    if (options_.tls_cert_file.empty() || options_.tls_key_file.empty()) {
      return absl::InvalidArgumentError("RESTCONF TLS needs both a certificate and a key file");
    }
    auto ssl = std::make_unique<httplib::SSLServer>(options_.tls_cert_file.c_str(),
                                                    options_.tls_key_file.c_str());
    if (!ssl->is_valid()) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot load the RESTCONF TLS certificate/key (", options_.tls_cert_file,
                       ", ", options_.tls_key_file, ")"));
    }
    server_ = std::move(ssl);
  } else if (!options_.allow_plain_http) {
    return absl::InvalidArgumentError(
        "RESTCONF needs a TLS certificate and key (plain HTTP only when explicitly allowed)");
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  // Without TCP_NODELAY small answers wait for delayed ACKs (~40 ms each).
  server_->set_tcp_nodelay(true);
  const int threads = std::max(1, options_.threads);
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_payload_max_length(limits::kMaxRestconfBodyBytes);
  server_->set_read_timeout(30, 0);
  server_->set_write_timeout(30, 0);

  auto router = std::make_shared<Router>(handler_, authorizer_, &options_);
  auto handle = [router](const httplib::Request& req, httplib::Response& res) {
    const absl::Time start = absl::Now();
    Principal who;
    Reply reply = router->Route(req, &who);
    res.status = reply.status;
    if (!reply.allow.empty()) res.set_header("Allow", reply.allow);
    if (reply.status == 401) res.set_header("WWW-Authenticate", kRealm);
    if (!reply.body.empty()) res.set_content(reply.body, reply.content_type.c_str());
    // The target names resources only; the query and body may not be logged.
    const std::string target = req.target.substr(0, req.target.find('?'));
    log::Info("restconf request",
              {{"method", req.method},
               {"path", target},
               {"status", std::to_string(reply.status)},
               {"principal", who.name},
               {"peer", req.remote_addr},
               {"duration_ms", std::to_string(absl::ToInt64Milliseconds(absl::Now() - start))}});
  };
  server_->Get(".*", handle);
  server_->Post(".*", handle);
  server_->Put(".*", handle);
  server_->Patch(".*", handle);
  server_->Delete(".*", handle);
  server_->Options(".*", handle);
  server_->set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                    std::exception_ptr) {
    res.status = 500;
    res.set_content(ErrorBody(ProtocolError(500, "operation-failed", "internal error")), kYangJson);
  });

  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
    if (port <= 0) port = -1;
  } else if (!server_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port < 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", options_.port, " (RESTCONF)"));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing before the accept loop runs: wait for it, so a Stop() right
  // after Start() cannot leave the join waiting for ever.
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) absl::SleepFor(absl::Milliseconds(1));
  return port;
}

RestconfReply RestconfServer::Answer(const httplib::Request& request) const {
  Principal who;
  return Router(handler_, authorizer_, &options_).Route(request, &who);
}

void RestconfServer::Stop() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace wlc::service::restconf
