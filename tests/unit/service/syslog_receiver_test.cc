// The syslog receiver files a line under the sender and the hosts the line names, keeps only
// licensing lines, and bounds what it keeps per sender.
#include "service/syslog_receiver.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "gtest/gtest.h"

namespace wlc::service {
namespace {

TEST(SyslogReceiverTest, FilesLinesBySenderAndNamedHost) {
  auto r = SyslogReceiver::Start("127.0.0.1:0", 3);
  ASSERT_TRUE(r.ok()) << r.status();
  SyslogReceiver& rx = **r;
  rx.Accept("10.0.0.9",
            "<190>Nov 24 10:00:03 127.1.0.1 4: wlc-00001: *Nov 24 10:00:03.119 UTC: "
            "%SMART_LIC-6-TRUST_INSTALL_SUCCESS: ok\n");
  rx.Accept("10.0.0.9",
            "<190>1 2026-11-24T10:00:03Z wlc-00002 wlcsim - SMART_LIC "
            "[origin ip=\"127.1.0.2\"] %SMART_LIC-3-COMM_FAILED: x");
  rx.Accept("10.0.0.9", "<190>Nov 24 10:00:03 127.1.0.1 5: %SYS-5-CONFIG_I: not licensing");
  EXPECT_EQ(rx.Lines({"127.1.0.1"}).size(), 1u);
  EXPECT_EQ(rx.Lines({"127.1.0.2"}).size(), 1u);
  EXPECT_EQ(rx.Lines({"wlc-00002"}).size(), 1u);
  EXPECT_EQ(rx.Lines({"127.1.0.2", "wlc-00002"}).size(), 1u);  // once, not twice
  EXPECT_EQ(rx.Lines({"10.0.0.9"}).size(), 2u);
  EXPECT_TRUE(rx.Lines({"127.9.9.9"}).empty());
  for (int i = 0; i < 5; ++i) {
    rx.Accept("10.0.0.9",
              "<190>Nov 24 10:00:0" + std::to_string(i) +
                  " 127.1.0.3 1: %SMART_LIC-6-REPORTING_REQUIRED: n=" + std::to_string(i));
  }
  std::vector<std::string> kept = rx.Lines({"127.1.0.3"});
  ASSERT_EQ(kept.size(), 3u);  // the newest three, oldest first
  EXPECT_NE(kept[0].find("n=2"), std::string::npos);
  EXPECT_NE(kept[2].find("n=4"), std::string::npos);
}

TEST(SyslogReceiverTest, MemoryStaysBoundedWhateverArrives) {
  auto r = SyslogReceiver::Start("127.0.0.1:0", 50, 20000);
  ASSERT_TRUE(r.ok()) << r.status();
  SyslogReceiver& rx = **r;
  // A sender spraying made-up host names, and over-long lines.
  for (int i = 0; i < 5000; ++i) {
    rx.Accept("10.9.9.9",
              "<187>Nov 24 10:00:00 host-" + std::to_string(i) +
                  " 1: %SMART_LIC-3-COMM_FAILED: " + std::string(i % 7 ? 40 : 5000, 'x'));
    ASSERT_LE(rx.BytesKept(), 20000u) << i;
  }
  EXPECT_EQ(rx.Lines({"host-4999"}).size(), 1u);  // the newest is kept
  EXPECT_TRUE(rx.Lines({"host-0"}).empty());      // the oldest went
  for (const std::string& l : rx.Lines({"10.9.9.9"})) EXPECT_LE(l.size(), 1024u);
  // One chatty sender: its own limit holds, nothing piles up.
  for (int i = 0; i < 20000; ++i) {
    rx.Accept("10.1.1.1",
              "<190>Nov 24 10:00:00 10.1.1.1 1: %SMART_LIC-6-X: n=" + std::to_string(i));
  }
  EXPECT_EQ(rx.Lines({"10.1.1.1"}).size(), 50u);
  EXPECT_LE(rx.BytesKept(), 20000u);
}

TEST(SyslogReceiverTest, ReceivesUdpDatagrams) {
  auto r = SyslogReceiver::Start("127.0.0.1:0");
  ASSERT_TRUE(r.ok()) << r.status();
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>((*r)->port()));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  const std::string line =
      "<187>Nov 24 10:00:03 127.1.0.7 9: %PKI-3-CRL_FETCH_FAIL: CRL fetch for trustpoint "
      "SLA-TrustPoint failed";
  sendto(fd, line.data(), line.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  close(fd);
  std::vector<std::string> got;
  for (int i = 0; i < 100 && got.empty(); ++i) {
    got = (*r)->Lines({"127.1.0.7"});
    if (got.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], line);
}

TEST(SyslogReceiverTest, BadListenAddressIsRejected) {
  EXPECT_EQ(SyslogReceiver::Start("localhost:514").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SyslogReceiver::Start("127.0.0.1:99999").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wlc::service
