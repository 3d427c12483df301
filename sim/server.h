// The network side of wlcsim (the only place that uses Boost.Asio/Beast):
//  * one TLS listener for the whole fleet on 0.0.0.0:<port>, bound to the
//    loopback device with SO_BINDTODEVICE; an accepted connection is routed to
//    a controller by its LOCAL address (the 127.x.y.z the client dialled), and
//    the controller's certificate is put on the SSL object before the
//    handshake (no SNI for IP literals). Without the privilege for
//    SO_BINDTODEVICE it falls back to one listener per controller address.
//  * the plain-HTTP control API on 127.0.0.1:<ephemeral>;
//  * one fleet-wide ticker (trust completions) and SIGINT/SIGTERM handling.
#ifndef WLC_SIM_SERVER_H_
#define WLC_SIM_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

namespace wlc::sim {

class CertAuthority;
class ControlApi;
class Fleet;
class RestconfRouter;

class Server {
 public:
  Server(Fleet* fleet, RestconfRouter* router, ControlApi* control, CertAuthority* certs);
  ~Server();

  // Opens the listeners. `port` 0 = ephemeral. `per_address` forces one
  // listener per controller. Returns false with *error.
  bool Start(uint16_t port, bool per_address, std::string* error);

  uint16_t port() const;
  uint16_t control_port() const;

  // Serves with `threads` io threads until SIGINT/SIGTERM.
  void Run(uint32_t threads);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wlc::sim

#endif  // WLC_SIM_SERVER_H_
