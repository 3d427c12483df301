#include "adapters/device/https_client.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/unit/adapters/device/fixture.h"

namespace wlc::device {
namespace {

using testing::ClosedPort;
using testing::ExpectedAuthorization;
using testing::FixtureServer;
using ::testing::HasSubstr;
using testing::kPassword;
using testing::Latch;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

// Every failing status in this file goes through here: none may carry the password, in clear
// or inside a Basic header.
void ExpectNoSecret(const absl::Status& status) {
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr(kPassword)));
  EXPECT_THAT(std::string(status.message()),
              Not(HasSubstr(absl::Base64Escape(absl::StrCat(testing::kUsername, ":", kPassword)))));
}

class HttpsClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto launched = FixtureServer::Launch();
    if (launched.ok()) {
      server_ = std::move(launched).value().release();
    } else {
      launch_error_ = new std::string(launched.status().ToString());
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(server_, nullptr) << *launch_error_;
    profile_ = server_->GoodProfile();
  }

  HttpRequest Request(const std::string& route, absl::Duration timeout = absl::Seconds(5)) {
    HttpRequest request;
    request.url = absl::StrCat(server_->base_url(), "/", route);
    request.credentials = &profile_;
    request.timeout = timeout;
    return request;
  }

  // A failing call: checks the code and that no secret leaked, returns the message.
  std::string ExpectError(const absl::StatusOr<HttpResponse>& result, absl::StatusCode code) {
    EXPECT_FALSE(result.ok());
    if (result.ok()) return "";
    EXPECT_EQ(result.status().code(), code) << result.status();
    ExpectNoSecret(result.status());
    return std::string(result.status().message());
  }

  static nlohmann::json Json(const HttpResponse& response) {
    return nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  }

  static FixtureServer* server_;
  static std::string* launch_error_;
  CredentialsProfile profile_;
  HttpsClient client_;
};

FixtureServer* HttpsClientTest::server_ = nullptr;
std::string* HttpsClientTest::launch_error_ = nullptr;

TEST_F(HttpsClientTest, GetReturnsStatusBodyAndContentType) {
  absl::StatusOr<HttpResponse> response = client_.Do(Request("ok"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->content_type, "application/yang-data+json");
  EXPECT_EQ(Json(*response), nlohmann::json({{"ok", true}}));
}

// A profile bound to networks (an ad-hoc target's copy): the address actually connected to is
// checked after DNS. Outside them no socket is opened, so the server never sees a connection
// (or the password); inside them the request goes through on a fresh connection.
TEST_F(HttpsClientTest, ConnectOnlyToRefusesAddressesOutsideBeforeConnecting) {
  absl::StatusOr<HttpResponse> before = client_.Do(Request("stats"));
  ASSERT_TRUE(before.ok()) << before.status();
  CredentialsProfile bound = profile_;
  bound.connect_only_to = {*IpNetwork::Parse("10.0.0.0/8"), *IpNetwork::Parse("::1")};
  HttpRequest outside = Request("auth");
  outside.credentials = &bound;
  std::string message =
      ExpectError(client_.Do(std::move(outside)), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(message, ::testing::HasSubstr("allowed_targets"));
  absl::StatusOr<HttpResponse> after = client_.Do(Request("stats"));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(Json(*after)["connections"].get<int>(), Json(*before)["connections"].get<int>());

  bound.connect_only_to = {*IpNetwork::Parse("127.0.0.0/8")};
  HttpRequest inside = Request("auth");
  inside.credentials = &bound;
  absl::StatusOr<HttpResponse> ok = client_.Do(std::move(inside));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->status, 200);
}

TEST_F(HttpsClientTest, NoContentAnswerHasEmptyBody) {
  absl::StatusOr<HttpResponse> response = client_.Do(Request("empty"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 204);
  EXPECT_EQ(response->body, "");
}

TEST_F(HttpsClientTest, EveryVerbDeliversMethodBodyHeadersAndBasicAuth) {
  struct Case {
    std::string method;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"GET", ""},
      {"POST", R"({"mod:input":{"a":1}})"},
      {"PUT", R"({"x":"put"})"},
      {"PATCH", R"({"x":"patch"})"},
      {"DELETE", ""},
      {"POST", ""},  // an empty body must still be a complete request (Content-Length: 0)
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.body);
    HttpRequest request = Request("echo");
    request.method = c.method;
    request.body = c.body;
    request.headers = {"Content-Type: application/yang-data+json", "X-Trace: 42"};
    absl::StatusOr<HttpResponse> response = client_.Do(std::move(request));
    ASSERT_TRUE(response.ok()) << response.status();
    ASSERT_EQ(response->status, 200);
    const nlohmann::json echo = Json(*response);
    EXPECT_EQ(echo["method"], c.method);
    EXPECT_EQ(echo["path"], "/echo");
    EXPECT_EQ(echo["body"], c.body);
    EXPECT_EQ(echo["headers"]["authorization"], ExpectedAuthorization());
    EXPECT_EQ(echo["headers"]["x-trace"], "42");
    if (c.method != "GET" && c.method != "DELETE") {
      EXPECT_EQ(echo["headers"]["content-type"], "application/yang-data+json");
      EXPECT_FALSE(echo["headers"].contains("expect"));
    }
  }
}

TEST_F(HttpsClientTest, BodyWithoutContentTypeIsNotLabelledAsAForm) {
  HttpRequest request = Request("echo");
  request.method = "POST";
  request.body = "raw";
  absl::StatusOr<HttpResponse> response = client_.Do(std::move(request));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_FALSE(Json(*response)["headers"].contains("content-type"));
}

TEST_F(HttpsClientTest, NoCredentialsSendsNoAuthorization) {
  CredentialsProfile trust_only;
  trust_only.ca_file = server_->tls().ca;
  HttpRequest request = Request("echo");
  request.credentials = &trust_only;
  absl::StatusOr<HttpResponse> response = client_.Do(std::move(request));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_FALSE(Json(*response)["headers"].contains("authorization"));
}

TEST_F(HttpsClientTest, NullCredentialsTrustOnlySystemCas) {
  HttpRequest request = Request("ok");
  request.credentials = nullptr;
  std::string message = ExpectError(client_.Do(std::move(request)), absl::StatusCode::kUnavailable);
  EXPECT_THAT(message, HasSubstr("TLS certificate verification failed"));
}

TEST_F(HttpsClientTest, WrongPasswordIsAnHttp401NotATransportError) {
  CredentialsProfile wrong = profile_;
  wrong.password = "not-it";
  HttpRequest request = Request("auth");
  request.credentials = &wrong;
  absl::StatusOr<HttpResponse> response = client_.Do(std::move(request));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 401);
  response = client_.Do(Request("auth"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpsClientTest, SequentialRequestsReuseOneConnection) {
  absl::StatusOr<HttpResponse> before = client_.Do(Request("stats"));
  ASSERT_TRUE(before.ok()) << before.status();
  std::vector<int> ports;
  for (int i = 0; i < 20; ++i) {
    absl::StatusOr<HttpResponse> response = client_.Do(Request("echo"));
    ASSERT_TRUE(response.ok()) << response.status();
    ports.push_back(Json(*response)["client_port"].get<int>());
  }
  absl::StatusOr<HttpResponse> after = client_.Do(Request("stats"));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_THAT(ports, ::testing::Each(ports.front()));
  // The first "stats" opened the one connection; nothing after it needed another.
  EXPECT_EQ(Json(*after)["connections"].get<int>(), Json(*before)["connections"].get<int>());
}

TEST_F(HttpsClientTest, SilentServerEndsAtTheDeadline) {
  const absl::Time start = absl::Now();
  std::string message = ExpectError(client_.Do(Request("silent", absl::Milliseconds(300))),
                                    absl::StatusCode::kDeadlineExceeded);
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_GE(elapsed, absl::Milliseconds(250));
  EXPECT_LT(elapsed, absl::Milliseconds(300) + absl::Milliseconds(1500));
  EXPECT_THAT(message, StartsWith(server_->base_url() + ": deadline"));
  EXPECT_THAT(message, Not(HasSubstr("/silent")));
}

TEST_F(HttpsClientTest, NonPositiveTimeoutFailsWithoutNetwork) {
  ExpectError(client_.Do(Request("ok", absl::ZeroDuration())), absl::StatusCode::kDeadlineExceeded);
  ExpectError(client_.Do(Request("ok", absl::InfiniteDuration())),
              absl::StatusCode::kInvalidArgument);
}

TEST_F(HttpsClientTest, ClosedPortIsUnavailable) {
  HttpRequest request = Request("ok");
  const std::string origin = absl::StrCat("https://127.0.0.1:", ClosedPort());
  request.url = origin + "/restconf/data/x";
  std::string message = ExpectError(client_.Do(std::move(request)), absl::StatusCode::kUnavailable);
  EXPECT_THAT(message, StartsWith(origin + ": connection refused"));
}

TEST_F(HttpsClientTest, UnknownCaFailsVerification) {
  CredentialsProfile other = profile_;
  other.ca_file = server_->tls().other_ca;
  HttpRequest request = Request("ok");
  request.credentials = &other;
  std::string message = ExpectError(client_.Do(std::move(request)), absl::StatusCode::kUnavailable);
  EXPECT_THAT(message, StartsWith(server_->base_url() + ": TLS certificate verification failed"));
}

TEST_F(HttpsClientTest, EachNewConnectionVerifiesAgainstItsOwnProfilesCaFile) {
  // libcurl keeps one parsed CA store per client and swaps it when another CA file comes along:
  // alternating profiles must still verify every new connection against its own profile's file.
  CredentialsProfile other = profile_;
  other.ca_file = server_->tls().other_ca;
  for (int round = 0; round < 3; ++round) {
    // A busy connection makes the next good request open (and verify) a new one.
    Latch busy(1);
    client_.Start(Request("silent", absl::Milliseconds(500)),
                  [&](absl::StatusOr<HttpResponse>) { busy.CountDown(); });
    absl::StatusOr<HttpResponse> good = client_.Do(Request("echo"));
    ASSERT_TRUE(good.ok()) << "round " << round << ": " << good.status();
    HttpRequest bad = Request("ok");
    bad.credentials = &other;
    std::string message = ExpectError(client_.Do(std::move(bad)), absl::StatusCode::kUnavailable);
    EXPECT_THAT(message, HasSubstr("TLS certificate verification failed")) << "round " << round;
    ASSERT_TRUE(busy.WaitFor(5s));
  }
}

TEST_F(HttpsClientTest, HostNameMismatchFailsVerification) {
  HttpRequest request = Request("ok");
  request.url = absl::StrCat("https://localhost:", server_->port(), "/ok");
  std::string message = ExpectError(client_.Do(std::move(request)), absl::StatusCode::kUnavailable);
  EXPECT_THAT(message, HasSubstr("TLS certificate verification failed"));
}

TEST_F(HttpsClientTest, InsecureSkipVerifyAcceptsAnUnknownCa) {
  CredentialsProfile insecure = profile_;
  insecure.ca_file = server_->tls().other_ca;
  insecure.insecure_skip_verify = true;
  HttpRequest request = Request("ok");
  request.credentials = &insecure;
  absl::StatusOr<HttpResponse> response = client_.Do(std::move(request));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpsClientTest, MalformedRequestsAreInvalidArgument) {
  struct Case {
    std::string url;
    std::string method;
    std::vector<std::string> headers;
  };
  const std::string origin = server_->base_url();
  const std::vector<Case> cases = {
      {"", "GET", {}},
      {"not a url", "GET", {}},
      {"https://", "GET", {}},
      {"127.0.0.1:443/no-scheme", "GET", {}},
      {"ftp://127.0.0.1/file", "GET", {}},
      {"file:///etc/passwd", "GET", {}},
      {absl::StrCat("https://netops:", kPassword, "@127.0.0.1:", server_->port(), "/ok"),
       "GET",
       {}},
      {absl::StrCat("https://netops@127.0.0.1:", server_->port(), "/ok"), "GET", {}},
      {origin + "/ok", "TRACE", {}},
      {origin + "/ok", "get", {}},
      {origin + "/ok", "GET", {"X-Evil: a\r\nX-Injected: b"}},
      {origin + "/ok", "GET", {"no colon"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url + " " + c.method);
    HttpRequest request = Request("ok");
    request.url = c.url;
    request.method = c.method;
    request.headers = c.headers;
    ExpectError(client_.Do(std::move(request)), absl::StatusCode::kInvalidArgument);
  }
}

TEST_F(HttpsClientTest, OversizedAnswerIsResourceExhausted) {
  for (const std::string route : {"huge", "huge/chunked"}) {
    SCOPED_TRACE(route);
    HttpRequest request = Request(route);
    request.max_response_bytes = 64 << 10;
    std::string message =
        ExpectError(client_.Do(std::move(request)), absl::StatusCode::kResourceExhausted);
    EXPECT_THAT(message, HasSubstr("65536 bytes"));
  }
  HttpRequest request = Request("huge");
  request.max_response_bytes = 2 << 20;
  absl::StatusOr<HttpResponse> response = client_.Do(std::move(request));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body.size(), 1u << 20);
}

TEST_F(HttpsClientTest, DroppedConnectionsAreUnavailable) {
  std::string message = ExpectError(client_.Do(Request("close")), absl::StatusCode::kUnavailable);
  EXPECT_THAT(message, HasSubstr("no response"));
  message = ExpectError(client_.Do(Request("reset")), absl::StatusCode::kUnavailable);
  EXPECT_THAT(message, ::testing::AnyOf(HasSubstr("connection reset"), HasSubstr("no response")));
  // The client recovers: the next request opens a fresh connection.
  absl::StatusOr<HttpResponse> response = client_.Do(Request("ok"));
  ASSERT_TRUE(response.ok()) << response.status();
}

TEST_F(HttpsClientTest, ConcurrentStartsFromManyThreadsAllComplete) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  Latch pending(kThreads * kPerThread);
  std::mutex mu;
  std::vector<absl::Status> failures;
  int ok = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        HttpRequest request = Request(i % 2 == 0 ? "ok" : "echo");
        request.method = i % 3 == 0 ? "POST" : "GET";
        request.body = absl::StrCat(t, "/", i);
        client_.Start(std::move(request), [&](absl::StatusOr<HttpResponse> response) {
          {
            std::lock_guard<std::mutex> lock(mu);
            if (response.ok() && response->status == 200) {
              ++ok;
            } else {
              failures.push_back(response.status());
            }
          }
          pending.CountDown();
        });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(pending.WaitFor(30s));
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(ok, kThreads * kPerThread);
  for (const absl::Status& failure : failures) ADD_FAILURE() << failure;
}

TEST_F(HttpsClientTest, HostLimitCapsConnectionsAndQueuesTheRest) {
  HttpsClient::Options options;
  options.max_host_connections = 2;
  HttpsClient client(options);
  constexpr int kRequests = 30;
  Latch pending(kRequests);
  std::mutex mu;
  std::set<int> ports;
  int ok = 0;
  for (int i = 0; i < kRequests; ++i) {
    client.Start(Request("echo"), [&](absl::StatusOr<HttpResponse> response) {
      if (response.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        ports.insert(Json(*response)["client_port"].get<int>());
        ++ok;
      }
      pending.CountDown();
    });
  }
  ASSERT_TRUE(pending.WaitFor(30s));
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(ok, kRequests);
  EXPECT_LE(ports.size(), 2u);
}

TEST_F(HttpsClientTest, WaitingForASlotCountsAgainstTheDeadline) {
  HttpsClient::Options options;
  options.max_host_connections = 1;
  HttpsClient client(options);
  Latch blocker_done(1);
  client.Start(Request("silent", absl::Seconds(2)),
               [&](absl::StatusOr<HttpResponse>) { blocker_done.CountDown(); });
  const absl::Time start = absl::Now();
  std::string message = ExpectError(client.Do(Request("ok", absl::Milliseconds(300))),
                                    absl::StatusCode::kDeadlineExceeded);
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_THAT(message, HasSubstr("waiting for a connection slot"));
  EXPECT_GE(elapsed, absl::Milliseconds(250));
  EXPECT_LT(elapsed, absl::Milliseconds(300) + absl::Milliseconds(1000));
  EXPECT_FALSE(blocker_done.Done());
}

TEST_F(HttpsClientTest, DestructorCancelsOutstandingRequestsPromptly) {
  auto client = std::make_unique<HttpsClient>();
  constexpr int kRequests = 8;
  std::mutex mu;
  std::vector<absl::Status> results;
  for (int i = 0; i < kRequests; ++i) {
    client->Start(Request("silent", absl::Seconds(30)), [&](absl::StatusOr<HttpResponse> r) {
      std::lock_guard<std::mutex> lock(mu);
      results.push_back(r.status());
    });
  }
  absl::SleepFor(absl::Milliseconds(200));  // let them reach the server
  const absl::Time start = absl::Now();
  client.reset();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(results.size(), static_cast<size_t>(kRequests));
  for (const absl::Status& status : results) {
    EXPECT_EQ(status.code(), absl::StatusCode::kCancelled) << status;
    ExpectNoSecret(status);
  }
}

TEST_F(HttpsClientTest, DoFromACallbackIsRefusedNotDeadlocked) {
  Latch done(1);
  absl::Status inner;
  client_.Start(Request("ok"), [&](absl::StatusOr<HttpResponse>) {
    inner = client_.Do(Request("ok")).status();
    done.CountDown();
  });
  ASSERT_TRUE(done.WaitFor(10s));
  EXPECT_EQ(inner.code(), absl::StatusCode::kFailedPrecondition) << inner;
}

TEST_F(HttpsClientTest, CallbackMayStartAnotherRequest) {
  Latch done(1);
  absl::StatusOr<HttpResponse> second = absl::UnknownError("not called");
  client_.Start(Request("ok"), [&](absl::StatusOr<HttpResponse>) {
    client_.Start(Request("empty"), [&](absl::StatusOr<HttpResponse> r) {
      second = std::move(r);
      done.CountDown();
    });
  });
  ASSERT_TRUE(done.WaitFor(10s));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->status, 204);
}

// A fresh fixture server's counters (connections accepted, most open at once).
nlohmann::json Stats(HttpsClient& client, const FixtureServer& server,
                     const CredentialsProfile& profile) {
  HttpRequest request;
  request.url = server.base_url() + "/stats";
  request.credentials = &profile;
  request.timeout = absl::Seconds(5);
  absl::StatusOr<HttpResponse> response = client.Do(std::move(request));
  EXPECT_TRUE(response.ok()) << response.status();
  return response.ok() ? nlohmann::json::parse(response->body) : nlohmann::json();
}

TEST(HttpsClientLimitsTest, OneConnectionPerControllerIsNeverExceeded) {
  auto server = FixtureServer::Launch();
  ASSERT_TRUE(server.ok()) << server.status();
  const CredentialsProfile profile = (*server)->GoodProfile();
  HttpsClient::Options options;
  options.max_host_connections = 1;
  HttpsClient client(options);
  constexpr int kRequests = 6;
  Latch pending(kRequests);
  std::mutex mu;
  std::vector<int> order;
  int ok = 0;
  for (int i = 0; i < kRequests; ++i) {
    HttpRequest request;
    request.url = (*server)->base_url() + "/slow";
    request.credentials = &profile;
    request.timeout = absl::Seconds(10);
    client.Start(std::move(request), [&, i](absl::StatusOr<HttpResponse> response) {
      std::lock_guard<std::mutex> lock(mu);
      ok += response.ok() ? 1 : 0;
      order.push_back(i);
      pending.CountDown();
    });
  }
  ASSERT_TRUE(pending.WaitFor(30s));
  const nlohmann::json stats = Stats(client, **server, profile);
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(ok, kRequests);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));  // FIFO
  EXPECT_EQ(stats["max_concurrent"], 1);
  EXPECT_EQ(stats["connections"], 1);  // and the one connection kept alive throughout
}

TEST(HttpsClientLimitsTest, PoolEvictsTheLeastRecentlyUsedConnection) {
  std::vector<std::unique_ptr<FixtureServer>> servers;
  for (int i = 0; i < 3; ++i) {
    auto server = FixtureServer::Launch();
    ASSERT_TRUE(server.ok()) << server.status();
    servers.push_back(*std::move(server));
  }
  std::vector<CredentialsProfile> profiles;
  for (auto& server : servers) profiles.push_back(server->GoodProfile());
  HttpsClient::Options options;
  options.pool_size = 2;
  HttpsClient client(options);
  auto get = [&](int i) {
    HttpRequest request;
    request.url = servers[i]->base_url() + "/ok";
    request.credentials = &profiles[i];
    request.timeout = absl::Seconds(5);
    EXPECT_TRUE(client.Do(std::move(request)).ok());
  };
  get(0);
  get(1);
  get(2);  // the pool holds 1 and 2 now: 0 was idle the longest
  get(2);
  get(1);
  EXPECT_EQ(Stats(client, *servers[1], profiles[1])["connections"], 1);  // kept alive
  EXPECT_EQ(Stats(client, *servers[2], profiles[2])["connections"], 1);
  EXPECT_EQ(Stats(client, *servers[0], profiles[0])["connections"], 2);  // evicted, reconnected
}

TEST_F(HttpsClientTest, RetriesFollowThePolicyAndItsBackoff) {
  HttpRequest request = Request("flaky/https-policy/2/status/503");
  request.retry.max_attempts = 5;
  request.retry.backoff_base = absl::Milliseconds(20);
  request.retry.backoff_cap = absl::Milliseconds(40);
  std::vector<std::string> causes;
  request.retry.retry_on = [](const absl::StatusOr<HttpResponse>& outcome,
                              absl::string_view) -> absl::string_view {
    return outcome.ok() && outcome->status == 503 ? "http_503" : "";
  };
  request.retry.on_retry = [&causes](absl::string_view cause) { causes.emplace_back(cause); };
  absl::StatusOr<HttpResponse> response = client_.Do(std::move(request));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(Json(*response)["attempt"], 3);
  EXPECT_EQ(causes, (std::vector<std::string>{"http_503", "http_503"}));
}

TEST_F(HttpsClientTest, NoPolicyMeansOneAttempt) {
  absl::StatusOr<HttpResponse> response = client_.Do(Request("flaky/https-none/1/status/503"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 503);
}

}  // namespace
}  // namespace wlc::device
