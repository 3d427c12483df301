// The RESTCONF face's request parsing and dispatch (RestconfServer::Answer: target limits, path,
// query, body, the RFC 7951 -> protobuf conversion, the handler's name checks), without a
// listener. The handler has an empty inventory and no upstreams, so no request reaches a device.
//
// Input: first line "METHOD TARGET", the rest the body (Content-Type application/yang-data+json).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "adapters/registry.h"
#include "httplib.h"
#include "service/auth.h"
#include "service/config.h"
#include "service/handler.h"
#include "service/restconf/restconf_server.h"

namespace {

using wlc::service::restconf::RestconfServer;

struct Face {
  wlc::service::Config config;
  wlc::adapters::AdapterRegistry registry;
  wlc::device::HttpsClient http;
  // Anonymous writers too, so write operations get as far as parsing their bodies.
  wlc::service::Authorizer authorizer{/*allow_anonymous_writes=*/true};
  wlc::service::LicensingHandler handler{&config, &registry, &http};
  RestconfServer server{&handler, &authorizer, wlc::service::restconf::RestconfOptions()};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Face* face = new Face();
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t eol = input.find('\n');
  const std::string line = input.substr(0, eol);
  const size_t space = line.find(' ');
  if (space == std::string::npos) return 0;
  httplib::Request req;
  req.method = line.substr(0, space);
  req.target = line.substr(space + 1);
  req.body = eol == std::string::npos ? "" : input.substr(eol + 1);
  req.headers.emplace("Content-Type", "application/yang-data+json");
  req.headers.emplace("Accept", "application/yang-data+json");
  req.remote_addr = "127.0.0.1";
  face->server.Answer(req);
  return 0;
}
