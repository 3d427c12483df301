#include "adapters/common/running_config.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace wlc::adapters {

RunningConfig ParseRunningConfig(const std::string& text) {
  RunningConfig rc;
  bool in_sla = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    const bool indented = absl::StartsWith(line, " ");
    absl::string_view l = absl::StripLeadingAsciiWhitespace(line);
    if (!indented) in_sla = false;
    if (absl::ConsumePrefix(&l, "ip http client secure-trustpoint ")) {
      rc.secure_trustpoint = std::string(l);
    } else if (!indented && absl::ConsumePrefix(&l, "license smart url smart ")) {
      rc.url_smart = std::string(l);
    } else if (absl::ConsumePrefix(&l, "ip http client source-interface ")) {
      rc.source_interface = std::string(l);
    } else if (!indented && l == "crypto pki trustpoint SLA-TrustPoint") {
      in_sla = true;
      rc.sla_trustpoint = true;
    } else if (in_sla && absl::ConsumePrefix(&l, "revocation-check ")) {
      rc.sla_revocation = std::string(l);
    }
  }
  return rc;
}

}  // namespace wlc::adapters
