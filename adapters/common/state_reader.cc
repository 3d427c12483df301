#include "adapters/common/state_reader.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "adapters/common/native_license.h"
#include "adapters/common/version.h"

namespace wlc::adapters {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
  return "";
}

const json* Obj(const json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_object()) return &j[key];
  return nullptr;
}

uint32_t U32(const json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_number_unsigned())
    return j[key].get<uint32_t>();
  return 0;
}

// Only creates the field when the leaf is present and valid (an absent time stays unset, not 1970).
template <typename MutableField>
void SetTime(const json& j, const char* key, MutableField field) {
  std::string s = Str(j, key);
  google::protobuf::Timestamp t;
  if (!s.empty() && ParseYangTime(s, &t)) *field() = t;
}

void ReadRequirement(const json& policy, const char* key, v1::ReportingRequirement* out) {
  const json* r = Obj(policy, key);
  if (r == nullptr) return;
  out->set_first_report_days(U32(*r, "reporting-first-time"));
  out->set_ongoing_report_days(U32(*r, "reporting-ongoing"));
  out->set_change_report_days(U32(*r, "reporting-macd"));
}

v1::RumReportState RumState(const std::string& s) {
  if (absl::EndsWith(s, "open")) return v1::RUM_REPORT_STATE_OPEN;
  if (absl::EndsWith(s, "unacknowledged")) return v1::RUM_REPORT_STATE_UNACKNOWLEDGED;
  if (absl::EndsWith(s, "acknowledged")) return v1::RUM_REPORT_STATE_ACKNOWLEDGED;
  if (absl::EndsWith(s, "closed")) return v1::RUM_REPORT_STATE_CLOSED;
  if (absl::EndsWith(s, "pending")) return v1::RUM_REPORT_STATE_PENDING;
  return v1::RUM_REPORT_STATE_UNSPECIFIED;
}

bool IsApLicense(const std::string& short_name) {
  return absl::StartsWith(short_name, "air-network-");
}

}  // namespace

TrustState ReadTrustState(const json& state) {
  TrustState ts;
  const json* info = Obj(state, "state-info");
  if (info == nullptr) return ts;
  if (const json* udi = Obj(*info, "udi")) {
    ts.local_udi = absl::StrCat("P:", Str(*udi, "pid"), ",S:", Str(*udi, "sn"));
  }
  v1::Trust& trust = ts.trust;
  bool any_installed = false;
  if (info->contains("trust-code") && (*info)["trust-code"].is_array()) {
    for (const json& code : (*info)["trust-code"]) {
      v1::TrustCode* tc = trust.add_codes();
      tc->set_udi(Str(code, "key_udi"));
      if (const json* udi = Obj(code, "udi")) {
        tc->set_pid(Str(*udi, "pid"));
        tc->set_serial_number(Str(*udi, "sn"));
      }
      tc->set_installed(code.contains("is-installed") && code["is-installed"].is_boolean() &&
                        code["is-installed"].get<bool>());
      any_installed |= tc->installed();
      SetTime(code, "time-installed", [&] { return tc->mutable_installed_time(); });
      ts.install_time_by_udi[tc->udi()] = Str(code, "time-installed");
    }
  }
  // Under SLUP, a failed id-token trust leaves its reason in the registration container (the only
  // YANG leaf for a failure message); an installed code supersedes an older failure.
  if (const json* reg = Obj(*info, "registration")) {
    if (Str(*reg, "registration-state") == "reg-state-failed") {
      if (const json* failed = Obj(*reg, "registration-failed")) {
        ts.fail_time = Str(*failed, "fail-time");
        ts.fail_message = Str(*failed, "fail-message");
      }
    }
  }
  if (any_installed) {
    trust.set_last_result(v1::TRUST_RESULT_SUCCEEDED);
  } else if (!ts.fail_message.empty()) {
    trust.set_last_result(v1::TRUST_RESULT_FAILED);
    trust.set_last_failure_reason(ts.fail_message);
  }
  return ts;
}

void ApplyLicensingState(const json& state, v1::ControllerLicensing* out) {
  out->mutable_platform()->set_agent_version(Str(state, "version"));
  const json* info = Obj(state, "state-info");
  if (info == nullptr) return;

  if (const json* udi = Obj(*info, "udi")) {
    out->mutable_platform()->set_pid(Str(*udi, "pid"));
    out->mutable_platform()->set_serial_number(Str(*udi, "sn"));
  }

  out->mutable_trust()->MergeFrom(ReadTrustState(state).trust);

  if (const json* auth = Obj(*info, "authorization")) {
    if (Str(*auth, "authorization-state") == "auth-state-authorized-reservation") {
      out->mutable_reservation()->set_installed(true);
      if (const json* r = Obj(*auth, "authorization-authorized-reservation")) {
        SetTime(*r, "reservation-time",
                [&] { return out->mutable_reservation()->mutable_reservation_time(); });
      }
    }
  }

  v1::Usage* usage = out->mutable_usage();
  uint32_t ap_licenses = 0;
  if (info->contains("usage") && (*info)["usage"].is_array()) {
    for (const json& u : (*info)["usage"]) {
      v1::Entitlement* e = usage->add_entitlements();
      e->set_tag(Str(u, "entitlement-tag"));
      e->set_short_name(Str(u, "short-name"));
      e->set_count(U32(u, "count"));
      e->set_enforcement_mode(Str(u, "enforcement-mode"));
      // One AIR Network licence per joined AP: that count is the active-AP figure.
      if (IsApLicense(e->short_name())) ap_licenses = std::max(ap_licenses, e->count());
    }
  }
  usage->mutable_access_points()->set_active(ap_licenses);

  if (const json* ack = Obj(*info, "rum-ack")) {
    SetTime(*ack, "last-received-time", [&] { return usage->mutable_last_ack_time(); });
    SetTime(*ack, "next-report-deadline", [&] { return usage->mutable_ack_deadline(); });
  }
  if (const json* util = Obj(*info, "utility")) {
    if (const json* times = Obj(*util, "reporting-times")) {
      SetTime(*times, "last-report-time", [&] { return usage->mutable_last_report_time(); });
      SetTime(*times, "next-report-time", [&] { return usage->mutable_next_report_time(); });
      // A failed push leaves its reason here (the controller's COMM_FAILED reason).
      if (times->contains("last-report-success") && (*times)["last-report-success"].is_boolean() &&
          !(*times)["last-report-success"].get<bool>() && !Str(*times, "fail-message").empty()) {
        v1::CommunicationFailure* f = out->mutable_status()->mutable_last_communication_failure();
        f->set_reason(Str(*times, "fail-message"));
        SetTime(*times, "last-report-time", [&] { return f->mutable_time(); });
      }
    }
  }
  if (const json* policy = Obj(*info, "policy")) {
    v1::Policy* p = usage->mutable_policy();
    p->set_type(Str(*policy, "policy-type"));
    p->set_name(Str(*policy, "policy-name"));
    SetTime(*policy, "install-time", [&] { return p->mutable_install_time(); });
    p->set_ack_required(policy->contains("ack-required") &&
                        (*policy)["ack-required"].is_boolean() &&
                        (*policy)["ack-required"].get<bool>());
    ReadRequirement(*policy, "policy-enforced", p->mutable_enforced());
    ReadRequirement(*policy, "policy-export", p->mutable_export_());
    ReadRequirement(*policy, "policy-subscription", p->mutable_subscription());
    ReadRequirement(*policy, "policy-perpetual", p->mutable_perpetual());
  }
  if (info->contains("rum-reports-closed-keys") && (*info)["rum-reports-closed-keys"].is_array()) {
    for (const json& r : (*info)["rum-reports-closed-keys"]) {
      v1::RumReport* rr = usage->add_rum_reports();
      if (r.contains("report-id") && r["report-id"].is_number_unsigned()) {
        rr->set_report_id(r["report-id"].get<uint64_t>());
      } else if (r.contains("report-id") && r["report-id"].is_string()) {
        // RFC 7951 encodes uint64 as a string.
        rr->set_report_id(std::strtoull(r["report-id"].get<std::string>().c_str(), nullptr, 10));
      }
      rr->set_udi(Str(r, "udi"));
      SetTime(r, "report-start-time", [&] { return rr->mutable_start_time(); });
      SetTime(r, "report-end-time", [&] { return rr->mutable_end_time(); });
      rr->set_state(RumState(Str(r, "report-state")));
    }
  }
}

namespace {

// The content of "cisco-smart-license:state" in a GET licensing/state answer.
absl::StatusOr<json> StateOf(const DeviceContext& ctx, absl::StatusOr<json> answer) {
  if (!answer.ok()) return answer.status();
  if (!answer->is_object() || !answer->contains(kLicensingStateMember)) {
    return absl::InternalError(absl::StrCat("controller ", ctx.info.name, ": GET data/",
                                            kLicensingStatePath, ": answer lacks ",
                                            kLicensingStateMember));
  }
  return (*answer)[kLicensingStateMember];
}

// The transport from the native `license smart` answer (absent: the SLUP defaults apply).
absl::Status ApplyNative(const absl::StatusOr<json>& native, v1::ControllerLicensing* out) {
  if (native.ok()) {
    const json smart = native->is_object() && native->contains(kNativeSmartMember)
                           ? (*native)[kNativeSmartMember]
                           : json::object();
    *out->mutable_transport() = TransportFromNativeSmart(smart);
    return absl::OkStatus();
  }
  if (absl::IsNotFound(native.status())) {
    // No `license smart` lines at all: the SLUP defaults apply.
    *out->mutable_transport() = TransportFromNativeSmart(json::object());
    return absl::OkStatus();
  }
  return native.status();
}

absl::Status ApplyJoinCount(const absl::StatusOr<json>& join, v1::ControllerLicensing* out) {
  if (!join.ok()) return absl::IsNotFound(join.status()) ? absl::OkStatus() : join.status();
  if (join->is_object() && join->contains(kJoinCountMember)) {
    v1::AccessPoints* aps = out->mutable_usage()->mutable_access_points();
    aps->set_joined(U32((*join)[kJoinCountMember], "joined-aps-count"));
    aps->set_joined_known(true);
  }
  return absl::OkStatus();
}

// One read in flight: its context (kept alive for the credentials) and the model so far.
struct Read {
  DeviceContext ctx;
  v1::ControllerLicensing out;
  LicensingCallback done;
  void Fail(absl::Status status) { done(std::move(status)); }
};

void ReadJoinCount(std::shared_ptr<Read> read) {
  if (!RequireVersion(read->ctx.info.software_version, kJoinedApCountMinimum, "joined-AP count")
           .ok()) {
    AssessStatus(absl::Now(), &read->out);
    return read->done(std::move(read->out));
  }
  const DeviceContext& ctx = read->ctx;
  ctx.restconf->GetDataAsync(ctx.endpoint, kJoinCountPath, ctx.Remaining(),
                             [read](absl::StatusOr<json> join) {
                               if (absl::Status s = ApplyJoinCount(join, &read->out); !s.ok()) {
                                 return read->Fail(std::move(s));
                               }
                               AssessStatus(absl::Now(), &read->out);
                               read->done(std::move(read->out));
                             });
}

void ReadState(std::shared_ptr<Read> read) {
  const DeviceContext& ctx = read->ctx;
  ctx.restconf->GetDataAsync(ctx.endpoint, kLicensingStatePath, ctx.Remaining(),
                             [read](absl::StatusOr<json> answer) {
                               absl::StatusOr<json> state = StateOf(read->ctx, std::move(answer));
                               if (!state.ok()) return read->Fail(state.status());
                               ApplyLicensingState(*state, &read->out);
                               ReadJoinCount(read);
                             });
}

}  // namespace

absl::StatusOr<json> GetLicensingState(const DeviceContext& ctx) {
  return StateOf(ctx, ctx.restconf->GetData(ctx.endpoint, kLicensingStatePath, ctx.Remaining()));
}

void ReadLicensingAsync(DeviceContext ctx, LicensingCallback done) {
  if (absl::Status s =
          RequireVersion(ctx.info.software_version, kSlupMinimum, "Smart Licensing Using Policy");
      !s.ok()) {
    return done(std::move(s));
  }
  auto read = std::make_shared<Read>(Read{std::move(ctx), {}, std::move(done)});
  read->out.set_controller(read->ctx.info.name);
  read->out.mutable_platform()->set_software_version(read->ctx.info.software_version);
  const DeviceContext& c = read->ctx;
  c.restconf->GetDataAsync(c.endpoint, kNativeSmartPath, c.Remaining(),
                           [read](absl::StatusOr<json> native) {
                             if (absl::Status s = ApplyNative(native, &read->out); !s.ok()) {
                               return read->Fail(std::move(s));
                             }
                             ReadState(read);
                           });
}

absl::StatusOr<v1::ControllerLicensing> ReadLicensing(const DeviceContext& ctx) {
  absl::StatusOr<v1::ControllerLicensing> result;
  absl::Notification finished;
  ReadLicensingAsync(ctx, [&](absl::StatusOr<v1::ControllerLicensing> read) {
    result = std::move(read);
    finished.Notify();
  });
  finished.WaitForNotification();
  return result;
}

}  // namespace wlc::adapters
