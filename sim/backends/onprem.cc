#include "onprem.h"

#include <boost/asio/ssl/context.hpp>

#include "slup_service.h"

namespace wlc::sim::backends {
namespace {

constexpr const char* kCsluPrefix = "/cslu/v1/pi/";

ServerResponse HandleOnPrem(BackendState* state, const OnPremOptions& options,
                            const ServerRequest& req) {
  if (req.path.rfind("/crl/", 0) == 0) {
    if (req.method != "GET") return ServerResponse::Text(405, "Method Not Allowed");
    if (!options.crl_reachable) {
      ServerResponse r;
      r.close_without_response = true;
      return r;
    }
    ServerResponse r = ServerResponse::Text(200, "");
    r.content_type = "application/pkix-crl";
    return r;
  }
  if (req.path == "/licservice/license") {
    ServerResponse r;
    r.close_without_response = true;
    return r;
  }
  bool cslu = req.path.rfind(kCsluPrefix, 0) == 0;
  if (cslu || req.path == "/SmartTransport") {
    if (req.method != "POST") return ServerResponse::Text(405, "Method Not Allowed");
    SlupServiceOptions slup;
    slup.server_name = "SSM On-Prem";
    slup.reporting_supported = OnPremSupportsReporting(state->ServerVersion());
    if (cslu) {
      std::string tenant = UrlDecode(req.path.substr(std::string(kCsluPrefix).size()), false);
      if (tenant.empty() || tenant.find('/') != std::string::npos || !state->HasAccount(tenant))
        return ServerResponse::Text(404, "Unknown tenant " + tenant);
      slup.require_trust = false;
      slup.required_account = tenant;
      slup.default_account = tenant;
      slup.default_va = options.default_va;
    }
    return HandleSlupRequest(state, slup, req.body);
  }
  auto api = HandleRestApi(state, options.paths, req);
  if (api) return std::move(*api);
  return ServerResponse::Text(404, "Not Found");
}

}  // namespace

std::unique_ptr<OnPrem> OnPrem::Start(boost::asio::io_context& ioc, BackendState* state,
                                      const OnPremOptions& options, std::string* error) {
  HttpServer::Options http;
  http.name = "ssm-onprem";
  http.address = options.address;
  http.port = options.port;
  http.tls = MakeServerContext(options.ca, "ssm-onprem", options.host_names, {options.address},
                               ClientCertMode::kNone, error);
  if (!http.tls) return nullptr;
  auto handler = [state, options](const ServerRequest& req) {
    return HandleOnPrem(state, options, req);
  };
  auto server = MockServer::Start(ioc, state, Endpoint::kOnPrem, std::move(http), handler, error);
  if (!server) return nullptr;
  std::unique_ptr<OnPrem> o(new OnPrem());
  o->server_ = std::move(server);
  o->state_ = state;
  o->host_ = options.host_names.empty() ? options.address : options.host_names.front();
  o->crl_reachable_ = options.crl_reachable;
  return o;
}

std::string OnPrem::CrlUrl() const { return "https://" + host_ + "/crl/SLA-TrustPoint.crl"; }

std::string OnPrem::CsluUrl(const std::string& tenant) const {
  return "https://" + host_ + kCsluPrefix + tenant;
}

void OnPrem::SetVersion(const std::string& version) { state_->SetServerVersion(version); }

}  // namespace wlc::sim::backends
