#include "cli/transport_flags.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace wlc::cli {

namespace v1 = ::wlc::licensing::v1;

std::vector<FlagSpec> TransportFlags() {
  return {
      {"transport", "TYPE", "smart, cslu, onprem or offline (required)"},
      {"url", "URL", "smart receiver (default: `url default`), CSLU or SSM On-Prem URL"},
      {"proxy", "HOST:PORT", "HTTPS proxy (smart transport)"},
      {"source-interface", "IF", "`ip http client source-interface`"},
      {"trustpoint", "TP", "`ip http client secure-trustpoint`"},
      {"usage-interval", "DAYS", "`license smart usage interval` (default: the policy decides)"},
      {"revocation-check-none", "", "SSM On-Prem: SLA-TrustPoint `revocation-check none`"},
  };
}

absl::StatusOr<v1::Transport> DesiredTransportFromArgs(const ParsedArgs& args) {
  v1::Transport t;
  const std::string type = args.Get("transport");
  if (type == "smart") {
    t.set_type(v1::TRANSPORT_TYPE_SMART);
  } else if (type == "cslu") {
    t.set_type(v1::TRANSPORT_TYPE_CSLU);
  } else if (type == "onprem") {
    t.set_type(v1::TRANSPORT_TYPE_ONPREM);
  } else if (type == "offline") {
    t.set_type(v1::TRANSPORT_TYPE_OFFLINE);
  } else if (type.empty()) {
    return absl::InvalidArgumentError("--transport is required (smart, cslu, onprem, offline)");
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--transport: unknown '", type, "' (smart, cslu, onprem, offline)"));
  }
  if (args.Has("url")) {
    t.set_url(args.Get("url"));
  } else if (t.type() == v1::TRANSPORT_TYPE_SMART) {
    t.set_url_default(true);
  }
  if (args.Has("proxy")) {
    const std::string proxy = args.Get("proxy");
    const size_t colon = proxy.rfind(':');
    uint32_t port = 0;
    if (colon == std::string::npos || colon == 0 ||
        !absl::SimpleAtoi(proxy.substr(colon + 1), &port) || port == 0 || port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("--proxy: expected HOST:PORT, got '", proxy, "'"));
    }
    t.mutable_proxy()->set_host(proxy.substr(0, colon));
    t.mutable_proxy()->set_port(port);
  }
  if (args.Has("source-interface")) {
    t.mutable_http_client()->set_source_interface(args.Get("source-interface"));
  }
  if (args.Has("trustpoint")) {
    t.mutable_http_client()->set_secure_trustpoint(args.Get("trustpoint"));
  }
  if (args.Has("usage-interval")) {
    uint32_t days = 0;
    if (!absl::SimpleAtoi(args.Get("usage-interval"), &days) || days == 0) {
      return absl::InvalidArgumentError("--usage-interval: a number of days");
    }
    t.set_usage_interval_days(days);
  }
  t.set_sla_revocation_check_none(args.Has("revocation-check-none"));
  return t;
}

}  // namespace wlc::cli
