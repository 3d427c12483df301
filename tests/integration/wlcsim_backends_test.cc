// End-to-end tests of the mocks over real loopback HTTP(S): the push client
// for the SLUP endpoints, libcurl for the REST APIs.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "cisco_mocks.h"
#include "envelope.h"
#include "host_map.h"
#include "push_client.h"
#include "rest_api.h"
#include "rum.h"
#include "slup_service.h"
#include "state.h"
#include "tls.h"

namespace wlc::sim::backends {
namespace {

using nlohmann::json;
namespace net = boost::asio;

constexpr const char* kApiPrefix = "/services/api/smart-accounts-and-licensing/v2";
constexpr const char* kTagDna =
    "regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896";

const PemPair& TestCa() {
  static const PemPair ca = [] {
    PemPair p;
    std::string error;
    if (!GenerateCa("backends test CA", &p, &error)) ADD_FAILURE() << error;
    return p;
  }();
  return ca;
}

// ---------------------------------------------------------------- libcurl

struct CurlReply {
  long status = 0;
  std::string body;
  CURLcode code = CURLE_OK;
  long new_connections = 0;
};

size_t CurlWrite(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

class Curl {
 public:
  Curl() : h_(curl_easy_init()) {}
  ~Curl() {
    curl_slist_free_all(connect_to_);
    curl_easy_cleanup(h_);
  }
  // Maps host:443 to 127.0.0.1:port and trusts the test CA.
  void MapHost(const std::string& host, uint16_t port) {
    connect_to_ =
        curl_slist_append(connect_to_, (host + ":443:127.0.0.1:" + std::to_string(port)).c_str());
  }
  CurlReply Do(const std::string& method, const std::string& url, const std::string& body,
               const std::vector<std::string>& headers) {
    CurlReply r;
    curl_slist* hs = nullptr;
    for (const auto& h : headers) hs = curl_slist_append(hs, h.c_str());
    curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h_, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(h_, CURLOPT_CONNECT_TO, connect_to_);
    curl_blob blob{const_cast<char*>(TestCa().cert_pem.data()), TestCa().cert_pem.size(),
                   CURL_BLOB_COPY};
    curl_easy_setopt(h_, CURLOPT_CAINFO_BLOB, &blob);
    curl_easy_setopt(h_, CURLOPT_HTTPHEADER, hs);
    if (method == "POST") {
      curl_easy_setopt(h_, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(h_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    } else {
      curl_easy_setopt(h_, CURLOPT_HTTPGET, 1L);
      curl_easy_setopt(h_, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, CurlWrite);
    curl_easy_setopt(h_, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h_, CURLOPT_TIMEOUT_MS, 10000L);
    r.code = curl_easy_perform(h_);
    curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(h_, CURLINFO_NUM_CONNECTS, &r.new_connections);
    curl_slist_free_all(hs);
    return r;
  }

 private:
  CURL* h_;
  curl_slist* connect_to_ = nullptr;
};

// ---------------------------------------------------------------- fixture

class BackendsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cssm_.AddAccount("acme.example", {"DEFAULT", "Wireless"});
    cssm_.AddApiClient("svc-client", "s3cret");
    cssm_.SetAckDelay(std::chrono::milliseconds(0));
    cssm_.SetClock([this] { return RealNow() + offset_ms_.load(); });
    onprem_.AddAccount("Acme-1", {"Default"});
    onprem_.AddAccount("Other-1", {"Default"});
    onprem_.AddApiClient("onprem-client", "onprem-secret");
    onprem_.SetAckDelay(std::chrono::milliseconds(0));

    CiscoMocksOptions o;
    o.ca = TestCa();
    o.cslu_account = "acme.example";
    o.cslu_virtual_account = "Wireless";
    std::string error;
    mocks_ = CiscoMocks::Start(ioc_, &cssm_, &onprem_, &hosts_, o, &error);
    ASSERT_TRUE(mocks_) << error;
    PushClientOptions po;
    po.ca_pem = TestCa().cert_pem;
    client_ = PushClient::Create(ioc_, &hosts_, po, &error);
    ASSERT_TRUE(client_) << error;
    thread_ = std::thread([this] { ioc_.run(); });
  }

  void TearDown() override {
    mocks_.reset();
    client_.reset();
    work_.reset();
    ioc_.stop();
    if (thread_.joinable()) thread_.join();
    for (auto& t : extra_io_threads_) t.join();
  }

  static EpochMs RealNow() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  PushResult Push(const std::string& url, const std::string& body, PushClient* client = nullptr,
                  std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    PushRequest req;
    req.url = url;
    req.body = body;
    req.timeout = timeout;
    std::promise<PushResult> p;
    auto f = p.get_future();
    (client ? client : client_.get())->Push(std::move(req), [&p](PushResult r) {
      p.set_value(std::move(r));
    });
    return f.get();
  }

  // Pushes a SLUP request and parses the response envelope.
  SlupResponse Slup(const std::string& url, const SlupRequest& req) {
    PushResult r = Push(url, SerializeSlupRequest(req));
    EXPECT_TRUE(r.http_ok()) << PushErrorName(r.error) << " " << r.detail << " " << r.status << " "
                             << r.body;
    SlupResponse res;
    std::string error;
    EXPECT_TRUE(ParseSlupResponse(r.body, &res, &error)) << error << ": " << r.body;
    return res;
  }

  std::string NewToken(BackendState* state = nullptr, const std::string& account = "acme.example",
                       const std::string& va = "Wireless") {
    auto t = (state ? state : &cssm_)->CreateIdToken(account, va, 30, "test");
    EXPECT_TRUE(t);
    return t ? t->token : "";
  }

  // Trusts `udi` on the receiver and returns its PIID.
  std::string Trust(const Udi& udi) {
    SlupResponse r = Slup(SmartReceiver::DefaultUrl(),
                          MakeTrustRequest(udi, NewToken(), false, {}, cssm_.Now()));
    EXPECT_EQ(r.status_code, kStatusOk) << r.failure_reason;
    return r.data.is_object() ? r.data.value("product_instance_identifier", "") : "";
  }

  std::vector<json> Reports(const Udi& udi, const std::vector<int64_t>& ids) {
    std::vector<json> out;
    for (int64_t id : ids) {
      json r = MakeRumReportJson(udi, id, kTagDna, 3, 1671880245, 1671966644);
      out.push_back(id % 2 ? WrapRumReport(r) : r);
    }
    return out;
  }

  std::atomic<int64_t> offset_ms_{0};
  BackendState cssm_;
  BackendState onprem_;
  HostMap hosts_;
  net::io_context ioc_;  // after the states: pending handlers die first
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_{
      ioc_.get_executor()};
  std::unique_ptr<CiscoMocks> mocks_;
  std::unique_ptr<PushClient> client_;
  std::thread thread_;
  std::vector<std::thread> extra_io_threads_;
  const Udi udi_{"C9800-CL-K9", "9PJK8D70CNB"};
};

std::set<int64_t> AckedIds(const SlupResponse& r) {
  std::set<int64_t> ids;
  for (const json& a : r.data.at("acks"))
    for (int64_t id : a.at("acknowledged_report_ids").get<std::vector<int64_t>>()) ids.insert(id);
  return ids;
}

// ---------------------------------------------------------------- receiver: trust

TEST_F(BackendsTest, TrustHappyPathAssignsPiidAndUsesToken) {
  std::string token = NewToken();
  PushResult raw =
      Push(SmartReceiver::DefaultUrl(),
           SerializeSlupRequest(MakeTrustRequest(udi_, token, false, {}, cssm_.Now())));
  ASSERT_TRUE(raw.http_ok()) << raw.detail;
  EXPECT_TRUE(raw.client_cert_requested);  // mutual TLS asked, as the real receiver does
  SlupResponse r;
  std::string error;
  ASSERT_TRUE(ParseSlupResponse(raw.body, &r, &error)) << error;
  EXPECT_EQ(r.status_code, kStatusOk);
  EXPECT_EQ(r.request_type, kIdTokenTrust);
  EXPECT_EQ(r.server_name, "SSM");
  std::string piid = r.data.at("product_instance_identifier");
  EXPECT_EQ(piid.size(), 36u);
  EXPECT_EQ(r.data.at("trust_codes").size(), 1u);
  EXPECT_EQ(r.data.at("trust_codes")[0].at("udi"), "P:C9800-CL-K9,S:9PJK8D70CNB");
  EXPECT_EQ(cssm_.GetTokenState(token), TokenState::kUsed);
  auto pi = cssm_.GetProductInstance(udi_.Key());
  ASSERT_TRUE(pi);
  EXPECT_EQ(pi->piid, piid);
  EXPECT_EQ(pi->virtual_account, "Wireless");
  ASSERT_TRUE(pi->trust);
}

TEST_F(BackendsTest, TrustHaPairAndForceKeepsPiid) {
  Udi standby{"C9800-CL-K9", "9STANDBY01"};
  SlupResponse r = Slup(SmartReceiver::DefaultUrl(),
                        MakeTrustRequest(udi_, NewToken(), false, {standby}, cssm_.Now()));
  ASSERT_EQ(r.status_code, kStatusOk);
  EXPECT_EQ(r.data.at("trust_codes").size(), 2u);
  std::string piid = r.data.at("product_instance_identifier");
  ASSERT_TRUE(cssm_.GetProductInstance(standby.Key()));

  // Again without force: a trust code exists.
  r = Slup(SmartReceiver::DefaultUrl(), MakeTrustRequest(udi_, NewToken(), false, {}, cssm_.Now()));
  EXPECT_EQ(r.status_code, kStatusFailed);
  EXPECT_NE(r.failure_reason.find("already installed"), std::string::npos) << r.failure_reason;
  // With force: new trust code, same PIID.
  r = Slup(SmartReceiver::DefaultUrl(), MakeTrustRequest(udi_, NewToken(), true, {}, cssm_.Now()));
  EXPECT_EQ(r.status_code, kStatusOk) << r.failure_reason;
  EXPECT_EQ(r.data.at("product_instance_identifier"), piid);
}

TEST_F(BackendsTest, TrustFailsForExpiredUsedRevokedUnknownTokenAndClockSkew) {
  auto fail_reason = [&](const std::string& token, int64_t device_time) {
    SlupResponse r = Slup(SmartReceiver::DefaultUrl(),
                          MakeTrustRequest(Udi{"C9800-CL-K9", "SN" + std::to_string(device_time)},
                                           token, false, {}, device_time));
    EXPECT_EQ(r.status_code, kStatusFailed);
    EXPECT_EQ(r.retry_time_seconds, 0);
    return r.failure_reason;
  };
  std::string expired = NewToken();
  std::string used = NewToken();
  std::string revoked = NewToken();
  ASSERT_TRUE(cssm_.RevokeIdToken(revoked));
  EXPECT_EQ(Slup(SmartReceiver::DefaultUrl(), MakeTrustRequest(udi_, used, false, {}, cssm_.Now()))
                .status_code,
            kStatusOk);
  EXPECT_EQ(fail_reason(used, cssm_.Now()), "The ID token has exceeded its maximum number of uses");
  EXPECT_EQ(fail_reason(revoked, cssm_.Now()), "The ID token has been revoked");
  EXPECT_EQ(fail_reason("no-such-token", cssm_.Now()), "Invalid ID token");
  EXPECT_NE(fail_reason(NewToken(), cssm_.Now() + 2 * 3600 * 1000).find("Timestamp mismatch"),
            std::string::npos);
  offset_ms_ = 31LL * 24 * 3600 * 1000;  // CSSM's clock: 31 days later
  EXPECT_EQ(cssm_.GetTokenState(expired), TokenState::kExpired);
  EXPECT_EQ(fail_reason(expired, cssm_.Now()), "The ID token has expired");
}

// ---------------------------------------------------------------- receiver: usage + poll

TEST_F(BackendsTest, UsageThenPollReturnsAckForExactlyTheUploadedIds) {
  cssm_.SetAckDelay(std::chrono::milliseconds(400));
  std::string piid = Trust(udi_);
  SlupResponse up = Slup(SmartReceiver::DefaultUrl(),
                         MakeUsageRequest(udi_, piid, Reports(udi_, {101, 102, 103}), cssm_.Now()));
  ASSERT_EQ(up.status_code, kStatusOkPoll) << up.failure_reason;
  EXPECT_EQ(up.retry_time_seconds, 1);
  std::string poll_id = up.data.at("poll_id");

  SlupResponse poll =
      Slup(SmartReceiver::DefaultUrl(), MakePollRequest(udi_, piid, poll_id, cssm_.Now()));
  EXPECT_EQ(poll.status_code, kStatusOkTryAgain);
  EXPECT_GE(poll.retry_time_seconds, 1);

  std::this_thread::sleep_for(std::chrono::milliseconds(450));
  poll = Slup(SmartReceiver::DefaultUrl(), MakePollRequest(udi_, piid, poll_id, cssm_.Now()));
  ASSERT_EQ(poll.status_code, kStatusOk) << poll.failure_reason;
  ASSERT_EQ(poll.data.at("acks").size(), 1u);
  Ack ack;
  ASSERT_TRUE(AckFromJson(poll.data["acks"][0], &ack));
  EXPECT_EQ(ack.acknowledged_report_ids, (std::vector<int64_t>{101, 102, 103}));
  EXPECT_TRUE(ack.duplicate_report_ids.empty());
  EXPECT_EQ(ack.piid, piid);
  EXPECT_EQ(ack.policy.name, "Cisco default");
  EXPECT_EQ(ack.policy.unenforced_subscription.reporting_frequency_days, 90);
  EXPECT_EQ(ack.virtual_account, "Wireless");
  auto rep = cssm_.GetReport(udi_.Key(), 102);
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->count, 3);
  EXPECT_EQ(rep->entitlement_tag, kTagDna);
  EXPECT_EQ(rep->ack_id, ack.ack_id);
}

TEST_F(BackendsTest, RepeatedUploadIsIdempotentAndNothingIsAcknowledgedTwice) {
  std::string piid = Trust(udi_);
  const std::string url = SmartReceiver::DefaultUrl();
  SlupResponse a =
      Slup(url, MakeUsageRequest(udi_, piid, Reports(udi_, {1, 2, 3, 3}), cssm_.Now()));
  SlupResponse b = Slup(url, MakeUsageRequest(udi_, piid, Reports(udi_, {3, 2, 1}), cssm_.Now()));
  ASSERT_EQ(a.status_code, kStatusOkPoll);
  EXPECT_EQ(a.data.at("poll_id"), b.data.at("poll_id"));  // same set → same poll, same ACK
  SlupResponse c = Slup(url, MakeUsageRequest(udi_, piid, Reports(udi_, {2, 3, 4}), cssm_.Now()));
  ASSERT_NE(a.data.at("poll_id"), c.data.at("poll_id"));

  SlupResponse pa = Slup(url, MakePollRequest(udi_, piid, a.data.at("poll_id"), cssm_.Now()));
  SlupResponse pc = Slup(url, MakePollRequest(udi_, piid, c.data.at("poll_id"), cssm_.Now()));
  EXPECT_EQ(AckedIds(pa), (std::set<int64_t>{1, 2, 3}));
  EXPECT_EQ(AckedIds(pc), (std::set<int64_t>{4}));
  EXPECT_EQ(pc.data["acks"][0]["duplicate_report_ids"], json({2, 3}));

  std::map<int64_t, int> acked;
  for (const Ack& ack : cssm_.Acks())
    for (int64_t id : ack.acknowledged_report_ids) acked[id]++;
  EXPECT_EQ(acked, (std::map<int64_t, int>{{1, 1}, {2, 1}, {3, 1}, {4, 1}}));
  EXPECT_EQ(cssm_.Reports().size(), 4u);
}

TEST_F(BackendsTest, PollWithUnknownPiidFails) {
  std::string piid = Trust(udi_);
  SlupResponse up = Slup(SmartReceiver::DefaultUrl(),
                         MakeUsageRequest(udi_, piid, Reports(udi_, {7}), cssm_.Now()));
  std::string poll_id = up.data.at("poll_id");
  const std::string ghost = "2e84a42f-c903-44c5-83b2-e62e258c780f";
  SlupResponse r =
      Slup(SmartReceiver::DefaultUrl(), MakePollRequest(udi_, ghost, poll_id, cssm_.Now()));
  EXPECT_EQ(r.status_code, kStatusFailed);
  EXPECT_EQ(r.failure_reason, "Invalid ProductInstanceIdentifier: " + ghost +
                                  " provided in the polling request " + poll_id);
  EXPECT_EQ(r.retry_time_seconds, 0);
  // CSSM forgets the instance: its own PIID is now unknown too.
  ASSERT_TRUE(cssm_.RemoveProductInstance(udi_.Key()));
  r = Slup(SmartReceiver::DefaultUrl(), MakePollRequest(udi_, piid, poll_id, cssm_.Now()));
  EXPECT_EQ(r.status_code, kStatusFailed);
  EXPECT_NE(r.failure_reason.find("Invalid ProductInstanceIdentifier: " + piid), std::string::npos);
}

TEST_F(BackendsTest, UsageFromUntrustedInstanceFailsOnReceiver) {
  SlupResponse r = Slup(SmartReceiver::DefaultUrl(),
                        MakeUsageRequest(udi_, "", Reports(udi_, {1}), cssm_.Now()));
  EXPECT_EQ(r.status_code, kStatusFailed);
  EXPECT_NE(r.failure_reason.find("Invalid ProductInstanceIdentifier"), std::string::npos);
  EXPECT_TRUE(cssm_.Reports().empty());
}

TEST_F(BackendsTest, MalformedEnvelopeIs400) {
  PushResult r = Push(SmartReceiver::DefaultUrl(), "{\"request\":42}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.status, 400);
  r = Push("https://smartreceiver.cisco.com/other", "{}");
  EXPECT_EQ(r.status, 404);
}

TEST_F(BackendsTest, ConcurrentDevicesOnSeveralIoThreads) {
  extra_io_threads_.emplace_back([this] { ioc_.run(); });
  extra_io_threads_.emplace_back([this] { ioc_.run(); });
  constexpr int kDevices = 12;
  std::vector<std::thread> devices;
  for (int i = 0; i < kDevices; ++i) {
    devices.emplace_back([this, i] {
      Udi udi{"C9800-CL-K9", "9CONC" + std::to_string(i)};
      std::string piid = Trust(udi);
      const std::string url = SmartReceiver::DefaultUrl();
      SlupResponse up = Slup(url, MakeUsageRequest(udi, piid, Reports(udi, {1, 2}), cssm_.Now()));
      SlupResponse again =
          Slup(url, MakeUsageRequest(udi, piid, Reports(udi, {1, 2}), cssm_.Now()));
      EXPECT_EQ(up.data.value("poll_id", ""), again.data.value("poll_id", ""));
      SlupResponse poll =
          Slup(url, MakePollRequest(udi, piid, up.data.value("poll_id", ""), cssm_.Now()));
      EXPECT_EQ(poll.status_code, kStatusOk);
    });
  }
  for (auto& t : devices) t.join();
  EXPECT_EQ(cssm_.Reports().size(), 2u * kDevices);
  EXPECT_EQ(cssm_.Acks().size(), static_cast<size_t>(kDevices));
  for (const RumReport& r : cssm_.Reports()) EXPECT_FALSE(r.ack_id.empty());
}

// ---------------------------------------------------------------- faults, DNS, TLS

TEST_F(BackendsTest, DownRefusedThenBackUp) {
  Fault f;
  f.down = Fault::Down::kRefuse;
  cssm_.SetFault(Endpoint::kReceiver, f);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  PushResult r = Push(SmartReceiver::DefaultUrl(), "{}");
  EXPECT_EQ(r.error, PushError::kConnect) << PushErrorName(r.error) << " " << r.detail;
  EXPECT_EQ(r.SyslogReason(), "Communications failure");

  cssm_.SetFault(Endpoint::kReceiver, Fault{});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(Trust(udi_).empty());
}

TEST_F(BackendsTest, Down503MalformedEmptyAndLatency) {
  Fault f;
  f.down = Fault::Down::k503;
  cssm_.SetFault(Endpoint::kReceiver, f);
  std::string body =
      SerializeSlupRequest(MakeTrustRequest(udi_, NewToken(), false, {}, cssm_.Now()));
  PushResult r = Push(SmartReceiver::DefaultUrl(), body);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.SyslogReason(), "Communications failure");

  f = Fault{};
  f.empty_response = true;
  cssm_.SetFault(Endpoint::kReceiver, f);
  r = Push(SmartReceiver::DefaultUrl(), body);
  EXPECT_EQ(r.error, PushError::kEmptyResponse) << PushErrorName(r.error) << " " << r.detail;
  EXPECT_EQ(r.SyslogReason(), "Received empty response from server");

  f = Fault{};
  f.malformed = true;
  cssm_.SetFault(Endpoint::kReceiver, f);
  r = Push(SmartReceiver::DefaultUrl(), body);
  ASSERT_TRUE(r.http_ok());
  SlupResponse res;
  std::string error;
  EXPECT_FALSE(ParseSlupResponse(r.body, &res, &error));

  f = Fault{};
  f.latency = std::chrono::milliseconds(300);
  cssm_.SetFault(Endpoint::kReceiver, f);
  auto start = std::chrono::steady_clock::now();
  r = Push(SmartReceiver::DefaultUrl(), body);
  EXPECT_TRUE(r.http_ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(290));
  // A timeout shorter than the latency.
  r = Push(SmartReceiver::DefaultUrl(), body, nullptr, std::chrono::milliseconds(100));
  EXPECT_EQ(r.error, PushError::kTimeout);
  EXPECT_EQ(r.SyslogReason(), "Communications failure");
}

TEST_F(BackendsTest, DnsFailureUnmappedNamesAndForeignAddresses) {
  hosts_.SetDnsFailure(kSmartReceiverHost, true);
  PushResult r = Push(SmartReceiver::DefaultUrl(), "{}");
  EXPECT_EQ(r.error, PushError::kResolve);
  EXPECT_EQ(r.SyslogReason(), "Unable to resolve server hostname/domain name");
  hosts_.SetDnsFailure(kSmartReceiverHost, false);
  EXPECT_FALSE(Trust(udi_).empty());

  r = Push("https://tools.cisco.com/its/service", "{}");
  EXPECT_EQ(r.error, PushError::kResolve);
  r = Push("http://192.0.2.10:8182/cslu/v1/pi", "{}");  // never dialled
  EXPECT_EQ(r.error, PushError::kConnect);
  r = Push("not a url", "{}");
  EXPECT_EQ(r.error, PushError::kBadUrl);
}

TEST_F(BackendsTest, TlsVerifiesTheMockAgainstTheCa) {
  PemPair other;
  std::string error;
  ASSERT_TRUE(GenerateCa("someone else", &other, &error)) << error;
  PushClientOptions po;
  po.ca_pem = other.cert_pem;
  auto stranger = PushClient::Create(ioc_, &hosts_, po, &error);
  ASSERT_TRUE(stranger) << error;
  PushResult r = Push(SmartReceiver::DefaultUrl(), "{}", stranger.get());
  EXPECT_EQ(r.error, PushError::kTls);
  EXPECT_EQ(r.SyslogReason(), "Communications failure");

  // The certificate names smartreceiver.cisco.com and 127.0.0.1, not cslu-local.
  hosts_.Set("wrong-name.example", {"127.0.0.1", mocks_->receiver().port()});
  r = Push("https://wrong-name.example/licservice/license", "{}");
  EXPECT_EQ(r.error, PushError::kTls);
  r = Push("https://127.0.0.1:" + std::to_string(mocks_->receiver().port()) + "/licservice/license",
           "{}");
  EXPECT_TRUE(r.ok()) << r.detail;
}

TEST(BackendsTlsTest, RequiredClientCertificate) {
  net::io_context ioc;
  BackendState state;
  state.AddAccount("a", {"v"});
  HostMap hosts;
  ReceiverOptions ro;
  ro.ca = TestCa();
  ro.client_certs = ClientCertMode::kRequire;
  std::string error;
  auto receiver = SmartReceiver::Start(ioc, &state, ro, &error);
  ASSERT_TRUE(receiver) << error;
  hosts.Set(kSmartReceiverHost, {"127.0.0.1", receiver->port()});
  ReceiverOptions plain = ro;
  plain.client_certs = ClientCertMode::kNone;
  auto no_mtls = SmartReceiver::Start(ioc, &state, plain, &error);
  ASSERT_TRUE(no_mtls) << error;
  hosts.Set("plain.receiver", {"127.0.0.1", no_mtls->port()});

  PushClientOptions po;
  po.ca_pem = TestCa().cert_pem;
  auto anonymous = PushClient::Create(ioc, &hosts, po, &error);
  PemPair identity;
  ASSERT_TRUE(IssueLeaf(TestCa(), "TP-self-signed-1234567890", {}, {}, true, &identity, &error));
  po.client_identity = identity;
  auto with_cert = PushClient::Create(ioc, &hosts, po, &error);
  ASSERT_TRUE(anonymous && with_cert) << error;

  std::vector<PushResult> results(3);
  int pending = 3;
  auto run = [&](PushClient* c, const std::string& url, PushResult* out) {
    PushRequest req;
    req.url = url;
    req.body = "{}";
    c->Push(std::move(req), [out, &pending, &ioc](PushResult r) {
      *out = std::move(r);
      if (--pending == 0) ioc.stop();
    });
  };
  run(anonymous.get(), SmartReceiver::DefaultUrl(), &results[0]);
  run(with_cert.get(), SmartReceiver::DefaultUrl(), &results[1]);
  run(anonymous.get(),
      "https://127.0.0.1:" + std::to_string(no_mtls->port()) + "/licservice/license", &results[2]);
  ioc.run_for(std::chrono::seconds(5));
  EXPECT_FALSE(results[0].ok());  // no certificate: handshake or first read fails
  EXPECT_TRUE(results[0].client_cert_requested);
  EXPECT_TRUE(results[1].ok()) << results[1].detail;
  EXPECT_EQ(results[1].status, 400);  // reached the handler
  EXPECT_TRUE(results[1].client_cert_requested);
  EXPECT_TRUE(results[2].ok()) << results[2].detail;
  EXPECT_FALSE(results[2].client_cert_requested);
  EXPECT_EQ(pending, 0);
  receiver.reset();
  no_mtls.reset();
  ioc.restart();
  ioc.run_for(std::chrono::milliseconds(100));
}

// ---------------------------------------------------------------- CSSM REST API (libcurl)

class CssmApiTest : public BackendsTest {
 protected:
  void SetUp() override {
    BackendsTest::SetUp();
    curl_.MapHost(kSwapiHost, mocks_->api().port());
    curl_.MapHost(kCloudSsoHost, mocks_->api().port());
  }
  std::string AccessToken() {
    CurlReply r =
        curl_.Do("POST", "https://cloudsso.cisco.com/oauth2/default/v1/token",
                 "grant_type=client_credentials&client_id=svc-client&client_secret=s3cret",
                 {"Content-Type: application/x-www-form-urlencoded"});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).value("access_token", "");
  }
  std::string VaUrl(const std::string& rest) {
    return std::string("https://swapi.cisco.com") + kApiPrefix +
           "/accounts/acme.example/virtual-accounts/Wireless" + rest;
  }
  Curl curl_;
};

TEST_F(CssmApiTest, TokenEndpoint) {
  CurlReply r = curl_.Do("POST", "https://cloudsso.cisco.com/oauth2/default/v1/token",
                         "grant_type=client_credentials&client_id=svc-client&client_secret=s3cret",
                         {"Content-Type: application/x-www-form-urlencoded"});
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_EQ(j["expires_in"], 3600);
  EXPECT_TRUE(cssm_.ValidateAccessToken(j["access_token"]));

  r = curl_.Do("POST", "https://cloudsso.cisco.com/oauth2/default/v1/token",
               "grant_type=client_credentials&client_id=svc-client&client_secret=wrong", {});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json::parse(r.body)["error"], "invalid_client");
  r = curl_.Do("POST", "https://cloudsso.cisco.com/oauth2/default/v1/token",
               "grant_type=password&client_id=svc-client&client_secret=s3cret", {});
  EXPECT_EQ(r.status, 400);
}

TEST_F(CssmApiTest, BearerRequired) {
  std::string body =
      R"({"expiresAfterDays":30,"exportControlled":"Not Allowed","description":"x"})";
  CurlReply r = curl_.Do("POST", VaUrl("/tokens"), body, {"Content-Type: application/json"});
  EXPECT_EQ(r.status, 401);
  r = curl_.Do("POST", VaUrl("/tokens"), body, {"Authorization: Bearer not-a-token"});
  EXPECT_EQ(r.status, 401);
  r = curl_.Do("GET", VaUrl("/usage/1"), "", {"Authorization: Basic eDp5"});
  EXPECT_EQ(r.status, 401);
  // Expired access token.
  std::string token = AccessToken();
  offset_ms_ = 3601 * 1000;
  r = curl_.Do("POST", VaUrl("/tokens"), body, {"Authorization: Bearer " + token});
  EXPECT_EQ(r.status, 401);
}

TEST_F(CssmApiTest, IdTokenCreationFeedsTrust) {
  std::string bearer = "Authorization: Bearer " + AccessToken();
  CurlReply r = curl_.Do(
      "POST", VaUrl("/tokens"),
      R"({"expiresAfterDays":30,"exportControlled":"Not Allowed","description":"wlc fleet"})",
      {bearer, "Content-Type: application/json"});
  ASSERT_EQ(r.status, 200) << r.body;
  json info = json::parse(r.body)["tokenInfo"];
  std::string token = info["token"];
  EXPECT_EQ(info["expirationDate"].get<std::string>().size(), 20u);
  EXPECT_EQ(cssm_.GetTokenState(token), TokenState::kValid);
  EXPECT_EQ(cssm_.GetIdToken(token)->description, "wlc fleet");

  SlupResponse t =
      Slup(SmartReceiver::DefaultUrl(), MakeTrustRequest(udi_, token, false, {}, cssm_.Now()));
  EXPECT_EQ(t.status_code, kStatusOk);
  EXPECT_EQ(t.data["virtual_account"], "Wireless");

  r = curl_.Do("POST", VaUrl("/tokens"), R"({"expiresAfterDays":400})", {bearer});
  EXPECT_EQ(r.status, 400);
  r = curl_.Do("POST",
               std::string("https://swapi.cisco.com") + kApiPrefix +
                   "/accounts/acme.example/virtual-accounts/Nope/tokens",
               "{}", {bearer});
  EXPECT_EQ(r.status, 404);
}

TEST_F(CssmApiTest, OfflineUsageUploadAndPoll) {
  cssm_.SetAckDelay(std::chrono::milliseconds(300));
  std::string bearer = "Authorization: Bearer " + AccessToken();
  Udi other{"C9800-CL-K9", "9OTHER0001"};
  std::vector<json> reports = Reports(udi_, {11, 12});
  for (auto& r : Reports(other, {11})) reports.push_back(r);
  std::string bundle = MakeUsageBundle(reports).dump();
  CurlReply up =
      curl_.Do("POST", VaUrl("/usage"), bundle, {bearer, "Content-Type: application/json"});
  ASSERT_EQ(up.status, 200) << up.body;
  std::string poll_id = json::parse(up.body)["pollId"];
  // Keep-alive: the same curl handle reuses the connection.
  CurlReply again = curl_.Do("POST", VaUrl("/usage"), bundle, {bearer});
  EXPECT_EQ(json::parse(again.body)["pollId"], poll_id);
  EXPECT_EQ(again.new_connections, 0);

  CurlReply p = curl_.Do("GET", VaUrl("/usage/" + poll_id), "", {bearer});
  ASSERT_EQ(p.status, 200);
  EXPECT_EQ(json::parse(p.body)["status"], "PENDING");
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  p = curl_.Do("GET", VaUrl("/usage/" + poll_id), "", {bearer});
  json done = json::parse(p.body);
  ASSERT_EQ(done["status"], "COMPLETE") << p.body;
  json acks = done["ackBundle"]["acks"];
  ASSERT_EQ(acks.size(), 2u);
  std::map<std::string, std::vector<int64_t>> by_udi;
  for (const json& a : acks)
    by_udi[a["udi"]] = a["acknowledged_report_ids"].get<std::vector<int64_t>>();
  EXPECT_EQ(by_udi[udi_.Key()], (std::vector<int64_t>{11, 12}));
  EXPECT_EQ(by_udi[other.Key()], (std::vector<int64_t>{11}));
  EXPECT_EQ(done["ackBundle"]["bundle_type"], "RUM_ACK");
  // The air-gapped instances now exist in CSSM.
  EXPECT_TRUE(cssm_.GetProductInstance(other.Key()));

  EXPECT_EQ(curl_.Do("GET", VaUrl("/usage/999"), "", {bearer}).status, 404);
  EXPECT_EQ(curl_.Do("POST", VaUrl("/usage"), "{\"bundle_type\":\"x\"}", {bearer}).status, 400);
}

TEST_F(CssmApiTest, DownApi) {
  Fault f;
  f.down = Fault::Down::k503;
  cssm_.SetFault(Endpoint::kCssmApi, f);
  CurlReply r =
      curl_.Do("POST", "https://cloudsso.cisco.com/oauth2/default/v1/token",
               "grant_type=client_credentials&client_id=svc-client&client_secret=s3cret", {});
  EXPECT_EQ(r.status, 503);
  f.down = Fault::Down::kRefuse;
  cssm_.SetFault(Endpoint::kCssmApi, f);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  Curl fresh;
  fresh.MapHost(kCloudSsoHost, mocks_->api().port());
  r = fresh.Do("POST", "https://cloudsso.cisco.com/oauth2/default/v1/token", "", {});
  EXPECT_EQ(r.code, CURLE_COULDNT_CONNECT) << curl_easy_strerror(r.code);
}

// ---------------------------------------------------------------- CSLU

TEST_F(BackendsTest, CsluRelaysUntrustedUsageIntoCssm) {
  const std::string url = Cslu::DefaultUrl();  // http://cslu-local:8182/cslu/v1/pi
  SlupResponse up = Slup(url, MakeUsageRequest(udi_, "", Reports(udi_, {21, 22}), cssm_.Now()));
  ASSERT_EQ(up.status_code, kStatusOkPoll) << up.failure_reason;
  EXPECT_EQ(up.server_name, "CSLU");
  std::string piid = up.data.at("product_instance_identifier");
  auto pi = cssm_.GetProductInstance(udi_.Key());
  ASSERT_TRUE(pi);
  EXPECT_EQ(pi->piid, piid);
  EXPECT_EQ(pi->virtual_account, "Wireless");
  SlupResponse poll = Slup(url, MakePollRequest(udi_, piid, up.data.at("poll_id"), cssm_.Now()));
  ASSERT_EQ(poll.status_code, kStatusOk);
  EXPECT_EQ(AckedIds(poll), (std::set<int64_t>{21, 22}));
  EXPECT_EQ(cssm_.Reports().size(), 2u);

  // Trust through CSLU too.
  SlupResponse t = Slup(url, MakeTrustRequest(udi_, NewToken(), false, {}, cssm_.Now()));
  EXPECT_EQ(t.status_code, kStatusOk) << t.failure_reason;
  EXPECT_EQ(t.data.at("product_instance_identifier"), piid);

  Fault f;
  f.down = Fault::Down::kRefuse;
  cssm_.SetFault(Endpoint::kCslu, f);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(Push(url, "{}").error, PushError::kConnect);
  hosts_.SetDnsFailure(kCsluHost, true);
  PushResult r = Push(url, "{}");
  EXPECT_EQ(r.SyslogReason(), "Unable to resolve server hostname/domain name");
}

// ---------------------------------------------------------------- SSM On-Prem

TEST_F(BackendsTest, OnPremTenantsTokensAndVersions) {
  OnPrem* onprem = mocks_->onprem();
  ASSERT_NE(onprem, nullptr);
  PushResult r = Push(onprem->CsluUrl("Nobody-1"), "{}");
  EXPECT_EQ(r.status, 404);

  SlupResponse up = Slup(onprem->CsluUrl("Acme-1"),
                         MakeUsageRequest(udi_, "", Reports(udi_, {31}), onprem_.Now()));
  ASSERT_EQ(up.status_code, kStatusOkPoll) << up.failure_reason;
  EXPECT_EQ(onprem_.GetProductInstance(udi_.Key())->account, "Acme-1");
  EXPECT_TRUE(cssm_.Reports().empty());  // On-Prem is its own authority

  std::string other_token = NewToken(&onprem_, "Other-1", "Default");
  SlupResponse t = Slup(onprem->CsluUrl("Acme-1"),
                        MakeTrustRequest(udi_, other_token, false, {}, onprem_.Now()));
  EXPECT_EQ(t.status_code, kStatusFailed);
  t = Slup(
      onprem->CsluUrl("Acme-1"),
      MakeTrustRequest(udi_, NewToken(&onprem_, "Acme-1", "Default"), false, {}, onprem_.Now()));
  EXPECT_EQ(t.status_code, kStatusOk) << t.failure_reason;

  // The older /SmartTransport form takes the same envelopes.
  Udi b{"C9800-CL-K9", "9ONPREM0002"};
  t = Slup("https://ssm-onprem.example/SmartTransport",
           MakeTrustRequest(b, NewToken(&onprem_, "Acme-1", "Default"), false, {}, onprem_.Now()));
  EXPECT_EQ(t.status_code, kStatusOk) << t.failure_reason;

  // Smart transport pointed at On-Prem: empty response.
  r = Push("https://ssm-onprem.example/licservice/license", "{}");
  EXPECT_EQ(r.SyslogReason(), "Received empty response from server");

  onprem->SetVersion("8-202010");
  up = Slup(onprem->CsluUrl("Acme-1"),
            MakeUsageRequest(udi_, "", Reports(udi_, {32}), onprem_.Now()));
  EXPECT_EQ(up.status_code, kStatusFailed);
  EXPECT_EQ(up.failure_reason.rfind(kReportingNotSupported, 0), 0u) << up.failure_reason;
  EXPECT_EQ(
      std::count(up.server_capabilities.begin(), up.server_capabilities.end(), "POLICY_USAGE"), 0);
  onprem->SetVersion("8-202102");
  up = Slup(onprem->CsluUrl("Acme-1"),
            MakeUsageRequest(udi_, "", Reports(udi_, {32}), onprem_.Now()));
  EXPECT_EQ(up.status_code, kStatusOkPoll);
}

TEST_F(BackendsTest, OnPremCrlFetchFails) {
  OnPrem* onprem = mocks_->onprem();
  EXPECT_TRUE(onprem->CrlFetchFails());
  PushRequest req;
  req.method = "GET";
  req.url = onprem->CrlUrl();
  std::promise<PushResult> p;
  client_->Push(req, [&p](PushResult r) { p.set_value(std::move(r)); });
  PushResult r = p.get_future().get();
  EXPECT_EQ(r.error, PushError::kEmptyResponse) << PushErrorName(r.error) << " " << r.detail;
}

TEST_F(BackendsTest, OnPremOauthAndIdTokens) {
  Curl curl;
  curl.MapHost(kOnPremHost, mocks_->onprem()->port());
  CurlReply r =
      curl.Do("POST", "https://ssm-onprem.example/oauth/token",
              "grant_type=client_credentials&client_id=onprem-client&client_secret=bad", {});
  EXPECT_EQ(r.status, 401);
  r = curl.Do("POST", "https://ssm-onprem.example/oauth/token",
              "grant_type=client_credentials&client_id=onprem-client&client_secret=onprem-secret",
              {});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string bearer =
      "Authorization: Bearer " + json::parse(r.body)["access_token"].get<std::string>();
  r = curl.Do("POST",
              "https://ssm-onprem.example/api/v1/accounts/Acme-1/virtual-accounts/Default/tokens",
              R"({"expiresAfterDays":7,"description":"lab"})", {bearer});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string token = json::parse(r.body)["tokenInfo"]["token"];
  EXPECT_EQ(onprem_.GetTokenState(token), TokenState::kValid);
  EXPECT_FALSE(cssm_.GetTokenState(token));
  r = curl.Do("POST",
              "https://ssm-onprem.example/api/v1/accounts/Acme-1/virtual-accounts/Default/tokens",
              "{}", {});
  EXPECT_EQ(r.status, 401);
}

}  // namespace
}  // namespace wlc::sim::backends
