// Syslog lines into the receiver (SyslogReceiver::Accept: the 1,024-byte cut, the RFC 3164 /
// RFC 5424 host fields, the bounded per-sender window) and back out (Lines). The receiver binds
// UDP 127.0.0.1 port 0 once; nothing is sent to it.
//
// Input: one datagram.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "service/syslog_receiver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static wlc::service::SyslogReceiver* receiver = [] {
    auto r = wlc::service::SyslogReceiver::Start("127.0.0.1:0", /*lines_per_sender=*/8,
                                                 /*max_bytes=*/1 << 20);
    if (!r.ok()) std::abort();
    return r->release();
  }();
  receiver->Accept("192.0.2.1", std::string(reinterpret_cast<const char*>(data), size));
  receiver->Lines({"192.0.2.1", "wlc-00001"});
  return 0;
}
