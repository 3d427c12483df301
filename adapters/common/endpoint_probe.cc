#include "adapters/common/endpoint_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace wlc::adapters {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

// Waits until `fd` is ready for `events` or the deadline passes.
bool WaitFor(int fd, short events, absl::Time deadline) {
  for (;;) {
    const int64_t ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (ms <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, static_cast<int>(ms));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

int ClientCertRequested(SSL* ssl, X509**, EVP_PKEY**) {
  *static_cast<bool*>(SSL_get_app_data(ssl)) = true;
  return 0;  // no certificate: the probe only wants to know that one was asked for
}

}  // namespace

EndpointProbe ProbeEndpoint(const std::string& url,
                            const std::map<std::string, std::string>& resolve,
                            absl::Duration timeout) {
  EndpointProbe probe;
  probe.ran = true;
  absl::string_view rest = url;
  if (absl::ConsumePrefix(&rest, "https://")) {
    probe.https = true;
    probe.port = 443;
  } else if (absl::ConsumePrefix(&rest, "http://")) {
    probe.https = false;
    probe.port = 80;
  } else {
    probe.dns = absl::InvalidArgumentError(absl::StrCat("not an http(s) URL: ", url));
    return probe;
  }
  absl::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  std::string host(authority);
  if (size_t colon = authority.rfind(':');
      colon != absl::string_view::npos && authority.find(']') == absl::string_view::npos) {
    host = std::string(authority.substr(0, colon));
    if (!absl::SimpleAtoi(authority.substr(colon + 1), &probe.port)) {
      probe.dns = absl::InvalidArgumentError(absl::StrCat("bad port in ", url));
      return probe;
    }
  }
  probe.host = host;
  const absl::Time deadline = absl::Now() + timeout;

  // Name resolution (or the configured override).
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  std::string connect_host = host;
  int connect_port = probe.port;
  if (auto it = resolve.find(absl::StrCat(host, ":", probe.port)); it != resolve.end()) {
    const size_t colon = it->second.rfind(':');
    connect_host = it->second.substr(0, colon);
    if (colon == std::string::npos ||
        !absl::SimpleAtoi(it->second.substr(colon + 1), &connect_port)) {
      probe.dns = absl::InvalidArgumentError("bad resolve override " + it->second);
      return probe;
    }
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(connect_port);
  if (int rc = getaddrinfo(connect_host.c_str(), port_text.c_str(), &hints, &found);
      rc != 0 || found == nullptr) {
    probe.dns = absl::NotFoundError(
        absl::StrCat("the service cannot resolve ", host, " (", gai_strerror(rc), ")"));
    return probe;
  }
  std::memcpy(&addr, found->ai_addr, found->ai_addrlen);
  addr_len = found->ai_addrlen;
  char ip[INET6_ADDRSTRLEN] = {};
  getnameinfo(found->ai_addr, found->ai_addrlen, ip, sizeof ip, nullptr, 0, NI_NUMERICHOST);
  probe.address = absl::StrCat(ip, ":", connect_port);
  const int family = found->ai_family;
  freeaddrinfo(found);

  // TCP (the "telnet <host> 443" of §4.2).
  Fd sock{socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)};
  if (sock.fd < 0) {
    probe.tcp = absl::ResourceExhaustedError(absl::StrCat("socket: ", std::strerror(errno)));
    return probe;
  }
  if (connect(sock.fd, reinterpret_cast<sockaddr*>(&addr), addr_len) != 0 && errno != EINPROGRESS) {
    probe.tcp = absl::UnavailableError(
        absl::StrCat("TCP to ", probe.address, " failed: ", std::strerror(errno)));
    return probe;
  }
  if (!WaitFor(sock.fd, POLLOUT, deadline)) {
    probe.tcp =
        absl::DeadlineExceededError(absl::StrCat("TCP to ", probe.address, ": no answer within ",
                                                 absl::FormatDuration(timeout), " (filtered?)"));
    return probe;
  }
  int err = 0;
  socklen_t err_len = sizeof err;
  getsockopt(sock.fd, SOL_SOCKET, SO_ERROR, &err, &err_len);
  if (err != 0) {
    probe.tcp = absl::UnavailableError(
        absl::StrCat("TCP to ", probe.address, " failed: ", std::strerror(err)));
    return probe;
  }
  if (!probe.https) return probe;

  // TLS, noting whether the server asks for a client certificate.
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        &SSL_CTX_free);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(ctx ? SSL_new(ctx.get()) : nullptr, &SSL_free);
  if (!ssl) {
    probe.tls = absl::ResourceExhaustedError("TLS: out of memory");
    return probe;
  }
  SSL_CTX_set_client_cert_cb(ctx.get(), &ClientCertRequested);
  SSL_set_app_data(ssl.get(), &probe.client_cert_requested);
  SSL_set_verify(ssl.get(), SSL_VERIFY_NONE, nullptr);  // reachability, not identity
  SSL_set_tlsext_host_name(ssl.get(), host.c_str());
  SSL_set_fd(ssl.get(), sock.fd);
  for (;;) {
    ERR_clear_error();
    const int rc = SSL_connect(ssl.get());
    if (rc == 1) break;
    const int why = SSL_get_error(ssl.get(), rc);
    if (why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) {
      if (!WaitFor(sock.fd, why == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
        probe.tls = absl::DeadlineExceededError(absl::StrCat(
            "TLS with ", host, ": no handshake within ", absl::FormatDuration(timeout)));
        return probe;
      }
      continue;
    }
    char text[256] = "handshake failed";
    if (unsigned long e = ERR_peek_last_error(); e != 0) ERR_error_string_n(e, text, sizeof text);
    probe.tls = absl::UnavailableError(absl::StrCat("TLS with ", host, " failed: ", text));
    return probe;
  }
  // TLS 1.3 servers may ask only after the handshake; one short read lets that arrive.
  if (!probe.client_cert_requested &&
      WaitFor(sock.fd, POLLIN, absl::Now() + absl::Milliseconds(50))) {
    char byte;
    SSL_read(ssl.get(), &byte, 1);
  }
  SSL_shutdown(ssl.get());
  return probe;
}

}  // namespace wlc::adapters
