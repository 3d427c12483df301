#include "adapters/common/trust.h"

#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "adapters/common/native_license.h"
#include "adapters/common/state_reader.h"

namespace wlc::adapters {
namespace {

using nlohmann::json;

// Whether each UDI's trust code is installed (the last code of a UDI counts, as in the model).
std::map<std::string, bool> InstalledByUdi(const v1::Trust& trust) {
  std::map<std::string, bool> installed;
  for (const v1::TrustCode& c : trust.codes()) installed[c.udi()] = c.installed();
  return installed;
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

  // What identifies "a new outcome" on the controller (both from ReadTrustState, the one
  // parser of the trust state): per-UDI install times and the last registration failure time.
  // Comparing with the values seen before the RPC avoids depending on the controller's clock
  // agreeing with ours.
  absl::StatusOr<json> before_state = GetLicensingState(ctx);
  if (!before_state.ok()) return before_state.status();
  const TrustState before = ReadTrustState(*before_state);
  const std::map<std::string, bool> installed_before = InstalledByUdi(before.trust);

  auto wanted = [&](const TrustState& s, const std::map<std::string, bool>& installed) {
    std::vector<std::string> udis;
    if (all) {
      for (const auto& [udi, _] : installed) udis.push_back(udi);
    } else if (!s.local_udi.empty()) {
      udis.push_back(s.local_udi);
    }
    return udis;
  };
  if (!force) {
    for (const std::string& udi : wanted(before, installed_before)) {
      auto it = installed_before.find(udi);
      if (it != installed_before.end() && it->second) {
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
    const TrustState now = ReadTrustState(*now_state);
    if (!now.fail_time.empty() && now.fail_time != before.fail_time) {
      return absl::FailedPreconditionError(absl::StrCat(
          "controller ", ctx.info.name, ": trust code install failed: ", now.fail_message));
    }
    const std::map<std::string, bool> installed_now = InstalledByUdi(now.trust);
    bool done = true;
    std::vector<std::string> udis = wanted(now, installed_now);
    if (udis.empty()) done = false;
    for (const std::string& udi : udis) {
      auto inst = installed_now.find(udi);
      const bool installed = inst != installed_now.end() && inst->second;
      // A UDI missing now is not installed (`installed` is false), so its time does not matter.
      auto old_time = before.install_time_by_udi.find(udi);
      auto new_time = now.install_time_by_udi.find(udi);
      const bool is_new = old_time == before.install_time_by_udi.end() ||
                          new_time == now.install_time_by_udi.end() ||
                          old_time->second != new_time->second || !installed_before.at(udi);
      done &= installed && is_new;
    }
    if (done) {
      v1::Trust trust = now.trust;
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
