#include "cli/render_plan.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/render_state.h"
#include "service/status_convert.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

std::string DescribeTransport(const v1::Transport& t) {
  std::vector<std::string> parts = {TransportName(t.type())};
  if (t.url_default()) {
    parts.push_back("url default");
  } else if (!t.url().empty()) {
    parts.push_back(absl::StrCat("url ", t.url()));
  }
  if (!t.proxy().host().empty()) {
    parts.push_back(absl::StrCat("proxy ", t.proxy().host(), ":", t.proxy().port()));
  }
  if (!t.http_client().source_interface().empty()) {
    parts.push_back(absl::StrCat("source-interface ", t.http_client().source_interface()));
  }
  if (!t.http_client().secure_trustpoint().empty()) {
    parts.push_back(absl::StrCat("trustpoint ", t.http_client().secure_trustpoint()));
  }
  if (t.usage_interval_days() != 0) {
    parts.push_back(absl::StrCat("usage interval ", t.usage_interval_days(), " days"));
  }
  if (t.sla_revocation_check_none()) parts.push_back("SLA-TrustPoint revocation-check none");
  return absl::StrJoin(parts, ", ");
}

void PrintPlan(const v1::TransportPlan& plan, std::ostream& out) {
  out << "Controller: " << plan.controller() << "\n";
  out << "Current:    " << DescribeTransport(plan.current()) << "\n";
  out << "Desired:    " << DescribeTransport(plan.desired()) << "\n";
  if (plan.no_change() || plan.steps_size() == 0) {
    out << "No change: the controller already has the desired transport.\n";
    return;
  }
  out << "Steps:\n";
  int n = 0;
  for (const v1::PlanStep& step : plan.steps()) {
    out << "  " << ++n << ". " << step.description() << "\n";
    out << "     RESTCONF: " << step.method() << " /restconf/" << step.path() << "\n";
    if (!step.body_json().empty()) out << "     body:     " << step.body_json() << "\n";
    if (step.cli_lines_size() > 0) {
      out << "     CLI:\n";
      for (const std::string& line : step.cli_lines()) out << "       " << line << "\n";
    }
  }
}

void PrintApply(const v1::ApplyTransportResponse& resp, bool dry_run, std::ostream& out) {
  PrintPlan(resp.plan(), out);
  if (dry_run) {
    out << "Dry run: nothing was sent to the controller.\n";
    return;
  }
  out << (resp.changed() ? "Changed: yes" : "Changed: no") << "\n";
  if (resp.has_applied()) out << "Applied:    " << DescribeTransport(resp.applied()) << "\n";
}

void PrintRestore(const v1::ApplyRestore& restore, std::ostream& out) {
  if (!restore.attempted()) return;
  out << "restored: "
      << (restore.restored().empty() ? "nothing" : absl::StrJoin(restore.restored(), ", ")) << "\n";
  if (!restore.restore_error().empty())
    out << "restore FAILED: " << restore.restore_error() << "\n";
  for (const v1::LeftChanged& l : restore.left_changed()) {
    out << "left changed: " << l.what()
        << " — restore by hand with: " << absl::StrJoin(l.cli_to_restore(), " / ") << "\n";
  }
}

std::optional<v1::ApplyTransportResponse> ApplyResponseOfError(const grpc::Status& status) {
  for (const google::protobuf::Any& any : service::ParseStatusDetails(status.error_details())) {
    v1::ApplyTransportResponse response;
    if (any.UnpackTo(&response)) return response;
  }
  return std::nullopt;
}

}  // namespace wlc::cli
