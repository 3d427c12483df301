#include "adapters/common/plan_executor.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "adapters/common/native_license.h"
#include "nlohmann/json.hpp"

namespace wlc::adapters {
namespace {

using nlohmann::json;

absl::Status RunStep(const DeviceContext& ctx, const v1::PlanStep& step) {
  json body;
  if (!step.body_json().empty()) {
    body = json::parse(step.body_json(), nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) {
      return absl::InternalError(
          absl::StrCat("plan step '", step.description(), "' has a malformed body"));
    }
  }
  absl::string_view path = step.path();
  if (absl::ConsumePrefix(&path, "data/")) {
    if (step.method() == "PATCH")
      return ctx.restconf->PatchData(ctx.endpoint, std::string(path), body, ctx.Remaining());
    if (step.method() == "PUT")
      return ctx.restconf->PutData(ctx.endpoint, std::string(path), body, ctx.Remaining());
    if (step.method() == "DELETE")
      return ctx.restconf->DeleteData(ctx.endpoint, std::string(path), ctx.Remaining());
  } else if (absl::ConsumePrefix(&path, "operations/") && step.method() == "POST") {
    const std::string rpc(path);
    const std::string module = rpc.substr(0, rpc.find(':'));
    json input = body.is_object() && body.contains(module + ":input") ? body[module + ":input"]
                                                                      : json::object();
    return ctx.restconf->Rpc(ctx.endpoint, rpc, input, ctx.Remaining()).status();
  }
  return absl::InternalError(absl::StrCat("plan step '", step.description(),
                                          "' has an unsupported operation ", step.method(), " ",
                                          step.path()));
}

bool RejectedOutright(const v1::PlanStep& step, const absl::Status& s) {
  if (!absl::StartsWith(step.path(), "data/")) return false;
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kUnimplemented:
      return true;
    default:
      return false;
  }
}

}  // namespace

absl::Status ExecutePlan(const DeviceContext& ctx, const v1::TransportPlan& plan, int* sent) {
  *sent = 0;
  for (int i = 0; i < plan.steps_size(); ++i) {
    const v1::PlanStep& step = plan.steps(i);
    absl::Status s = RunStep(ctx, step);
    if (s.ok()) {
      *sent = i + 1;
      continue;
    }
    *sent = i + (RejectedOutright(step, s) ? 0 : 1);
    return absl::Status(s.code(), absl::StrCat("step ", i + 1, " of ", plan.steps_size(), " (",
                                               step.description(), ") failed: ", s.message()));
  }
  return absl::OkStatus();
}

v1::PlanStep CliRpcStep(const std::string& description, const std::vector<std::string>& lines) {
  v1::PlanStep step;
  step.set_description(description);
  step.set_method("POST");
  step.set_path(absl::StrCat("operations/", kCliRpc));
  json body = {{"Cisco-IOS-XE-cli-rpc:input", {{"config-clis", absl::StrJoin(lines, "\n")}}}};
  step.set_body_json(body.dump());
  for (const auto& l : lines) step.add_cli_lines(l);
  return step;
}

v1::PlanStep NativeSmartPatchStep(const std::string& description, const json& smart,
                                  const std::vector<std::string>& cli_lines) {
  v1::PlanStep step;
  step.set_description(description);
  step.set_method("PATCH");
  step.set_path(absl::StrCat("data/", kNativeSmartPath));
  step.set_body_json(json{{kNativeSmartMember, smart}}.dump());
  for (const auto& l : cli_lines) step.add_cli_lines(l);
  return step;
}

}  // namespace wlc::adapters
