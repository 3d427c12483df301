#include "adapters/common/trust.h"

#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "adapters/common/native_license.h"
#include "adapters/common/state_reader.h"

namespace wlc::adapters {
namespace {

using nlohmann::json;

// What identifies "a new outcome" on the controller: per-UDI install times and the last
// registration failure time. Comparing with the values seen before the RPC avoids depending on
// the controller's clock agreeing with ours.
struct TrustSnapshot {
  std::map<std::string, std::string> install_time_by_udi;
  std::map<std::string, bool> installed_by_udi;
  std::string fail_time;
  std::string fail_message;
  std::string local_udi;
};

// json::value throws when a member has another type than the fallback: an odd answer from a
// controller must not end the process.
std::string StringAt(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

TrustSnapshot Snapshot(const json& state) {
  TrustSnapshot s;
  if (!state.is_object() || !state.contains("state-info") || !state["state-info"].is_object()) {
    return s;
  }
  const json& info = state["state-info"];
  if (info.contains("udi") && info["udi"].is_object()) {
    s.local_udi =
        absl::StrCat("P:", StringAt(info["udi"], "pid"), ",S:", StringAt(info["udi"], "sn"));
  }
  if (info.contains("trust-code") && info["trust-code"].is_array()) {
    for (const json& c : info["trust-code"]) {
      std::string udi = StringAt(c, "key_udi");
      auto installed = c.is_object() ? c.find("is-installed") : c.end();
      s.installed_by_udi[udi] = c.is_object() && installed != c.end() && installed->is_boolean() &&
                                installed->get<bool>();
      s.install_time_by_udi[udi] = StringAt(c, "time-installed");
    }
  }
  if (info.contains("registration") && info["registration"].is_object()) {
    const json& reg = info["registration"];
    if (StringAt(reg, "registration-state") == "reg-state-failed" &&
        reg.contains("registration-failed") && reg["registration-failed"].is_object()) {
      s.fail_time = StringAt(reg["registration-failed"], "fail-time");
      s.fail_message = StringAt(reg["registration-failed"], "fail-message");
    }
  }
  return s;
}

v1::Trust TrustFromState(const json& state) {
  v1::ControllerLicensing lic;
  ApplyLicensingState(state, &lic);
  return lic.trust();
}

}  // namespace

absl::Status CheckIdToken(const std::string& id_token) {
  if (id_token.empty()) return absl::InvalidArgumentError("id_token is empty");
  if (id_token.size() > 255) {
    return absl::InvalidArgumentError(absl::StrCat("id_token is ", id_token.size(),
                                                   " characters; the controller accepts 1..255"));
  }
  for (unsigned char c : id_token) {
    if (c <= 0x20 || c >= 0x7f) {
      return absl::InvalidArgumentError(
          "id_token contains whitespace, control or non-ASCII characters");
    }
  }
  return absl::OkStatus();
}

json IdTokenTrustInput(const std::string& id_token, v1::TrustScope scope, bool force) {
  return {{"id-token", id_token}, {"all-ha", scope == v1::TRUST_SCOPE_ALL}, {"force", force}};
}

absl::StatusOr<v1::Trust> EstablishTrustWithIdToken(const DeviceContext& ctx,
                                                    const std::string& id_token,
                                                    v1::TrustScope scope, bool force) {
  if (absl::Status s = CheckIdToken(id_token); !s.ok()) return s;
  const bool all = scope == v1::TRUST_SCOPE_ALL;

  absl::StatusOr<json> before_state = GetLicensingState(ctx);
  if (!before_state.ok()) return before_state.status();
  const TrustSnapshot before = Snapshot(*before_state);

  auto wanted = [&](const TrustSnapshot& s) {
    std::vector<std::string> udis;
    if (all) {
      for (const auto& [udi, _] : s.installed_by_udi) udis.push_back(udi);
    } else if (!s.local_udi.empty()) {
      udis.push_back(s.local_udi);
    }
    return udis;
  };
  if (!force) {
    for (const std::string& udi : wanted(before)) {
      auto it = before.installed_by_udi.find(udi);
      if (it != before.installed_by_udi.end() && it->second) {
        return absl::FailedPreconditionError(absl::StrCat("controller ", ctx.info.name,
                                                          ": a trust code is already installed on ",
                                                          udi, "; set force to replace it"));
      }
    }
  }

  absl::StatusOr<json> out = ctx.restconf->Rpc(
      ctx.endpoint, kIdTokenTrustRpc, IdTokenTrustInput(id_token, scope, force), ctx.Remaining());
  if (!out.ok()) return out.status();
  const std::string rc = out->value("return-code", "");
  if (rc != "success" && rc != "registrationinprogress") {
    return absl::FailedPreconditionError(absl::StrCat(
        "controller ", ctx.info.name, ": id-token-trust refused with return-code '", rc, "'"));
  }

  while (true) {
    absl::StatusOr<json> now_state = GetLicensingState(ctx);
    if (!now_state.ok()) return now_state.status();
    const TrustSnapshot now = Snapshot(*now_state);
    if (!now.fail_time.empty() && now.fail_time != before.fail_time) {
      return absl::FailedPreconditionError(absl::StrCat(
          "controller ", ctx.info.name, ": trust code install failed: ", now.fail_message));
    }
    bool done = true;
    std::vector<std::string> udis = wanted(now);
    if (udis.empty()) done = false;
    for (const std::string& udi : udis) {
      auto inst = now.installed_by_udi.find(udi);
      const bool installed = inst != now.installed_by_udi.end() && inst->second;
      auto old_time = before.install_time_by_udi.find(udi);
      const bool is_new = old_time == before.install_time_by_udi.end() ||
                          old_time->second != now.install_time_by_udi.at(udi) ||
                          !before.installed_by_udi.at(udi);
      done &= installed && is_new;
    }
    if (done) {
      v1::Trust trust = TrustFromState(*now_state);
      trust.set_last_result(v1::TRUST_RESULT_SUCCEEDED);
      trust.clear_last_failure_reason();
      return trust;
    }
    if (absl::Now() + ctx.poll_interval >= ctx.deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "controller ", ctx.info.name,
          ": trust install still in progress at the deadline; read the state again later"));
    }
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(ctx.poll_interval));
  }
}

}  // namespace wlc::adapters
