#include "service/audit.h"

#include "observability/logging.h"

namespace wlc::service {

void Audit(const Caller& caller, absl::string_view action, absl::string_view controllers,
           const absl::Status& outcome, absl::string_view detail) {
  log::Log(
      outcome.ok() ? log::Level::kInfo : log::Level::kWarning, "audit",
      {{"audit", "true"},
       {"who", caller.identity},
       {"peer", caller.peer},
       {"action", std::string(action)},
       {"controllers", std::string(controllers)},
       {"outcome", outcome.ok() ? "OK" : std::string(absl::StatusCodeToString(outcome.code()))},
       {"detail", outcome.ok() ? std::string(detail) : std::string(outcome.message())}});
}

}  // namespace wlc::service
