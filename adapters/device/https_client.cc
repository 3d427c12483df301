#include "adapters/device/https_client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <future>
#include <list>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"

namespace wlc::device {
namespace {

// Longest a TCP connect + TLS handshake may take, whatever the request deadline: a controller
// that does not complete a handshake in 5 s is down, and failing fast frees the slot.
constexpr absl::Duration kMaxConnectTimeout = absl::Seconds(5);
// Upper bound of one curl_multi_poll() wait; Start() and the destructor wake it earlier.
constexpr int kPollIntervalMs = 3000;

void InitCurlOnce() {
  static std::once_flag once;
  // curl_global_init is not thread safe and must precede every other libcurl call.
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Returns "scheme://host:port" of a valid http(s) URL without user info; that string is all
// of the URL that status messages ever show (paths may carry list keys, user info a password).
absl::StatusOr<std::string> ValidateUrl(const std::string& url) {
  CURLU* parsed = curl_url();
  if (parsed == nullptr) return absl::ResourceExhaustedError("out of memory parsing a URL");
  struct Cleanup {
    CURLU* u;
    ~Cleanup() { curl_url_cleanup(u); }
  } cleanup{parsed};

  if (CURLUcode rc = curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK) {
    return absl::InvalidArgumentError(absl::StrCat("malformed URL (", curl_url_strerror(rc), ")"));
  }
  auto get = [parsed](CURLUPart part, unsigned flags, std::string* out) {
    char* value = nullptr;
    CURLUcode rc = curl_url_get(parsed, part, &value, flags);
    if (rc == CURLUE_OK && value != nullptr) out->assign(value);
    curl_free(value);
    return rc == CURLUE_OK;
  };
  std::string scheme, host, port, ignored;
  if (!get(CURLUPART_SCHEME, 0, &scheme) || !get(CURLUPART_HOST, 0, &host) || host.empty()) {
    return absl::InvalidArgumentError("malformed URL (no scheme or host)");
  }
  scheme = absl::AsciiStrToLower(scheme);
  if (scheme != "https" && scheme != "http") {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported URL scheme \"", scheme, "\" (only http and https)"));
  }
  get(CURLUPART_PORT, CURLU_DEFAULT_PORT, &port);
  std::string origin = absl::StrCat(scheme, "://", host, ":", port);
  if (get(CURLUPART_USER, 0, &ignored) || get(CURLUPART_PASSWORD, 0, &ignored)) {
    return absl::InvalidArgumentError(absl::StrCat(
        origin, ": the URL must not carry user info (credentials come from a profile)"));
  }
  return origin;
}

// True when the origin's host is an IPv4 or bracketed IPv6 literal: nothing to resolve, so
// its DNS-cache entry never goes stale.
bool IsIpLiteralOrigin(absl::string_view origin) {
  const size_t scheme_end = origin.find("://");
  if (scheme_end == absl::string_view::npos) return false;
  absl::string_view host = origin.substr(scheme_end + 3);
  host = host.substr(0, host.rfind(':'));
  if (absl::StartsWith(host, "[")) return true;  // curl accepts brackets only around IPv6
  in_addr v4;
  return inet_pton(AF_INET, std::string(host).c_str(), &v4) == 1;
}

bool IsSupportedMethod(const std::string& method) {
  return method == "GET" || method == "POST" || method == "PUT" || method == "PATCH" ||
         method == "DELETE";
}

// One request from Start() to its callback. Owned by the queue, then by the event loop.
struct Transfer {
  HttpRequest request;
  HttpCallback done;
  // Validation result from Start(); a non-OK status fails the request without network I/O.
  absl::Status early_status;
  absl::Time deadline;  // Start() + timeout; waiting for a connection slot uses it up too
  int attempts = 1;     // this attempt's number
  absl::Time not_before = absl::InfinitePast();  // a retry waits for its backoff to end
  std::string origin;                            // scheme://host:port, for messages
  bool ip_literal = false;                       // the host is an IP address (no name to resolve)
  // Copied at Start() so the caller's profile need not outlive the request.
  bool has_credentials = false;
  std::string username;
  std::string password;
  std::string ca_file;
  bool insecure_skip_verify = false;
  std::vector<IpNetwork> connect_only_to;
  bool peer_refused = false;  // the open-socket check refused every address DNS gave

  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string response_body;
  bool too_large = false;
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() { Reset(); }
  // Forgets the last attempt, for the next one.
  void Reset() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    easy = nullptr;
    curl_slist_free_all(headers);
    headers = nullptr;
    response_body.clear();
    too_large = false;
    peer_refused = false;
    error[0] = '\0';
  }
};

// The transport cause of a failed transfer a retry policy may act on ("" for any other).
absl::string_view TransportCause(const Transfer& t, CURLcode rc) {
  if (t.peer_refused || t.too_large) return "";
  switch (rc) {
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      return "reset";
    case CURLE_GOT_NOTHING:
      return "eof";
    case CURLE_PARTIAL_FILE:
      return "truncated";
    default:
      return "";
  }
}

// Runs for every address libcurl is about to connect to, after DNS: the one place that sees the
// address actually used, so a name that resolves elsewhere the second time (DNS rebinding)
// is still caught. A refused address gets no socket, so not a single packet goes to it.
curl_socket_t OpenAllowedSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || !AddressIn(transfer->connect_only_to, &address->addr)) {
    transfer->peer_refused = true;
    return CURL_SOCKET_BAD;
  }
  transfer->peer_refused = false;  // an earlier address of the same name may have been refused
  return socket(address->family, address->socktype, address->protocol);
}

size_t OnBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t n = size * nmemb;
  if (transfer->response_body.size() + n > transfer->request.max_response_bytes) {
    transfer->too_large = true;
    return 0;  // any count other than n aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->response_body.append(data, n);
  return n;
}

// Removes every trace of the password from text that may reach a log or an RPC answer. libcurl
// never prints it today; this keeps that true whatever a future libcurl or TLS library says.
std::string Scrub(std::string text, const Transfer& transfer) {
  if (transfer.password.empty()) return text;
  return absl::StrReplaceAll(text, {{transfer.password, "<redacted>"}});
}

absl::Status StatusFromCurl(const Transfer& transfer, CURLcode rc) {
  if (transfer.peer_refused) {
    return absl::PermissionDeniedError(absl::StrCat(
        transfer.origin,
        ": the name resolved to an address outside the credentials profile's allowed_targets; "
        "no connection was opened"));
  }
  absl::StatusCode code = absl::StatusCode::kUnavailable;
  std::string what;
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      code = absl::StatusCode::kDeadlineExceeded;
      what =
          absl::StrCat("deadline of ", absl::FormatDuration(transfer.request.timeout), " exceeded");
      break;
    case CURLE_COULDNT_CONNECT:
      what = "connection refused";
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
      what = "host name not resolved";
      break;
    case CURLE_COULDNT_RESOLVE_PROXY:
      what = "proxy name not resolved";
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      what = "connection reset";
      break;
    case CURLE_GOT_NOTHING:
      what = "no response";
      break;
    case CURLE_PARTIAL_FILE:
      what = "connection closed in the middle of the answer";
      break;
    case CURLE_WEIRD_SERVER_REPLY:
      what = "malformed HTTP answer";
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
      what = "TLS certificate verification failed";
      break;
    case CURLE_SSL_CONNECT_ERROR:
      what = "TLS handshake failed";
      break;
    case CURLE_SSL_CACERT_BADFILE:
      what = "TLS CA file unusable";
      break;
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
      what = "TLS failure";
      break;
    case CURLE_URL_MALFORMAT:
      code = absl::StatusCode::kInvalidArgument;
      what = "malformed URL";
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
      code = absl::StatusCode::kInvalidArgument;
      what = "unsupported protocol";
      break;
    case CURLE_FILESIZE_EXCEEDED:
      code = absl::StatusCode::kResourceExhausted;
      what = absl::StrCat("answer larger than ", transfer.request.max_response_bytes, " bytes");
      break;
    case CURLE_WRITE_ERROR:
      if (transfer.too_large) {
        code = absl::StatusCode::kResourceExhausted;
        what = absl::StrCat("answer larger than ", transfer.request.max_response_bytes, " bytes");
      } else {
        code = absl::StatusCode::kInternal;
        what = "could not store the answer";
      }
      break;
    case CURLE_OUT_OF_MEMORY:
      code = absl::StatusCode::kResourceExhausted;
      what = "out of memory";
      break;
    default:
      code = absl::StatusCode::kUnknown;
      what = "transfer failed";
      break;
  }
  const char* detail = transfer.error[0] != '\0' ? transfer.error : curl_easy_strerror(rc);
  return absl::Status(
      code, Scrub(absl::StrCat(transfer.origin, ": ", what, " (", detail, ")"), transfer));
}

}  // namespace

// Set on every transfer's SSL_CTX (CURLOPT_SSL_CTX_FUNCTION).
static CURLcode ReleaseTlsBuffers(CURL*, void* ssl_ctx, void*) {
  SSL_CTX_set_mode(static_cast<SSL_CTX*>(ssl_ctx), SSL_MODE_RELEASE_BUFFERS);
  return CURLE_OK;
}

class HttpsClient::Impl {
 public:
  explicit Impl(Options options) : options_(options) {
    InitCurlOnce();
    multi_ = curl_multi_init();
    share_ = curl_share_init();
    // The multi handle's connection cache is the keep-alive pool; the share adds DNS answers
    // and TLS sessions (resumption makes a reconnect after an idle close cheap). Only the loop
    // thread ever uses easy handles, so the share needs no lock callbacks.
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS,
                      options_.pool_size > 0 ? options_.pool_size : options_.max_connections);
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_connections);
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_host_connections);
    loop_ = std::thread([this] { Run(); });
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    curl_multi_wakeup(multi_);
    loop_.join();
    // Start() racing with destruction is a caller bug; still, nobody is left waiting forever.
    CancelQueued();
    curl_multi_cleanup(multi_);
    curl_share_cleanup(share_);
  }

  void Start(HttpRequest request, HttpCallback done) {
    auto transfer = std::make_unique<Transfer>();
    transfer->done = std::move(done);
    if (request.credentials != nullptr) {
      transfer->has_credentials = true;
      transfer->username = request.credentials->username;
      transfer->password = request.credentials->password;
      transfer->ca_file = request.credentials->ca_file;
      transfer->insecure_skip_verify = request.credentials->insecure_skip_verify;
      transfer->connect_only_to = request.credentials->connect_only_to;
      request.credentials = nullptr;
    }
    transfer->request = std::move(request);
    transfer->early_status = Validate(transfer.get());
    if (transfer->early_status.ok()) transfer->deadline = absl::Now() + transfer->request.timeout;
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(transfer));
    }
    curl_multi_wakeup(multi_);
  }

  bool OnLoopThread() const { return std::this_thread::get_id() == loop_.get_id(); }

 private:
  static absl::Status Validate(Transfer* transfer) {
    const HttpRequest& request = transfer->request;
    absl::StatusOr<std::string> origin = ValidateUrl(request.url);
    if (!origin.ok()) return origin.status();
    transfer->origin = *std::move(origin);
    transfer->ip_literal = IsIpLiteralOrigin(transfer->origin);
    if (!IsSupportedMethod(request.method)) {
      return absl::InvalidArgumentError(
          absl::StrCat(transfer->origin, ": unsupported method \"", request.method, "\""));
    }
    for (const std::string& header : request.headers) {
      // A CR or LF would let a value inject headers of its own.
      if (header.find_first_of("\r\n") != std::string::npos ||
          header.find(':') == std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat(transfer->origin, ": malformed request header"));
      }
    }
    if (request.timeout == absl::InfiniteDuration()) {
      return absl::InvalidArgumentError(
          absl::StrCat(transfer->origin, ": every request needs a finite deadline"));
    }
    if (request.timeout <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(
          absl::StrCat(transfer->origin, ": deadline exceeded before the request started"));
    }
    return absl::OkStatus();
  }

  void Run() {
    for (;;) {
      std::vector<std::unique_ptr<Transfer>> incoming;
      bool stopping;
      {
        std::lock_guard<std::mutex> lock(mu_);
        incoming.swap(queue_);
        stopping = stopping_;
      }
      if (stopping) {
        for (auto& transfer : incoming) Cancel(*transfer);
        CancelActive();
        CancelQueued();  // callbacks above may have called Start()
        return;
      }
      for (auto& transfer : incoming) {
        if (!transfer->early_status.ok()) {
          transfer->done(transfer->early_status);
        } else {
          waiting_.push_back(std::move(transfer));
        }
      }
      const absl::Duration wait = Admit();
      int running = 0;
      curl_multi_perform(multi_, &running);
      ReapFinished();
      // Completions free slots: admit again before sleeping so nobody waits a poll interval.
      const absl::Duration wait_after = Admit();
      const int poll_ms = static_cast<int>(absl::ToInt64Milliseconds(
          absl::Ceil(std::min({wait, wait_after, absl::Milliseconds(kPollIntervalMs)}),
                     absl::Milliseconds(1))));
      curl_multi_poll(multi_, nullptr, 0, poll_ms, nullptr);
    }
  }

  // libcurl 7.88 parks transfers beyond CURLMOPT_MAX_HOST_CONNECTIONS in a pending list and
  // wakes one per completion; a woken transfer can lose the slot to a newer one and then sleeps
  // until something else happens on the multi handle (seen as 1 s stalls under load). So the
  // limits are enforced here, in FIFO order, and libcurl's own limits never engage.
  //
  // Starts every waiting transfer that fits under the limits (and whose retry backoff is over)
  // and fails those whose deadline passed; returns how long until the next waiting deadline or
  // backoff end (InfiniteDuration if none).
  absl::Duration Admit() {
    const absl::Time now = absl::Now();
    absl::Time next_deadline = absl::InfiniteFuture();
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      Transfer& t = **it;
      if (t.deadline <= now) {
        std::unique_ptr<Transfer> expired = std::move(*it);
        it = waiting_.erase(it);
        expired->done(absl::DeadlineExceededError(absl::StrCat(
            expired->origin, ": deadline of ", absl::FormatDuration(expired->request.timeout),
            " exceeded while waiting for a connection slot")));
      } else if (t.not_before > now) {  // a retry still in its backoff
        next_deadline = std::min(next_deadline, t.not_before);
        ++it;
      } else if (HasSlot(t.origin)) {
        std::unique_ptr<Transfer> ready = std::move(*it);
        it = waiting_.erase(it);
        Begin(std::move(ready));
      } else {
        next_deadline = std::min(next_deadline, t.deadline);
        ++it;
      }
    }
    return next_deadline == absl::InfiniteFuture() ? absl::InfiniteDuration() : next_deadline - now;
  }

  bool HasSlot(const std::string& origin) const {
    if (options_.max_connections > 0 && in_flight_ >= options_.max_connections) return false;
    if (options_.max_host_connections <= 0) return true;
    auto it = in_flight_by_origin_.find(origin);
    return it == in_flight_by_origin_.end() || it->second < options_.max_host_connections;
  }

  void Begin(std::unique_ptr<Transfer> transfer) {
    if (absl::Status setup = SetUpEasy(*transfer); !setup.ok()) {
      transfer->done(std::move(setup));
      return;
    }
    if (curl_multi_add_handle(multi_, transfer->easy) != CURLM_OK) {
      transfer->done(
          absl::InternalError(absl::StrCat(transfer->origin, ": could not queue the transfer")));
      return;
    }
    ++in_flight_;
    ++in_flight_by_origin_[transfer->origin];
    Transfer* raw = transfer.get();
    active_.emplace(raw, std::move(transfer));
  }

  void Release(const Transfer& t) {
    --in_flight_;
    auto it = in_flight_by_origin_.find(t.origin);
    if (it != in_flight_by_origin_.end() && --it->second <= 0) in_flight_by_origin_.erase(it);
  }

  absl::Status SetUpEasy(Transfer& t) {
    t.easy = curl_easy_init();
    if (t.easy == nullptr) {
      return absl::ResourceExhaustedError(absl::StrCat(t.origin, ": out of curl handles"));
    }
    const HttpRequest& request = t.request;
    CURL* easy = t.easy;
    CURLcode rc = CURLE_OK;
    auto set = [&rc, easy](CURLoption option, auto value) {
      if (rc == CURLE_OK) rc = curl_easy_setopt(easy, option, value);
    };
    set(CURLOPT_PRIVATE, static_cast<void*>(&t));
    set(CURLOPT_ERRORBUFFER, t.error);
    set(CURLOPT_URL, request.url.c_str());
    set(CURLOPT_SHARE, share_);
    set(CURLOPT_NOSIGNAL, 1L);  // the loop thread must never take SIGALRM for DNS timeouts
    set(CURLOPT_PROTOCOLS_STR, "http,https");
    set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    set(CURLOPT_FOLLOWLOCATION, 0L);  // RESTCONF never redirects; a redirect is an error to see
    set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    set(CURLOPT_TCP_NODELAY, 1L);
    set(CURLOPT_TCP_KEEPALIVE, 1L);
    set(CURLOPT_TCP_KEEPIDLE, 30L);
    set(CURLOPT_TCP_KEEPINTVL, 10L);
    set(CURLOPT_USERAGENT, "wlc-licensing");
    // On a deadline hit during name resolution libcurl 7.88 otherwise joins the resolver thread,
    // stalling this loop (every controller) until getaddrinfo gives up, 5 s or more. With it the
    // thread is detached and frees its own state when getaddrinfo returns.
    set(CURLOPT_QUICK_EXIT, 1L);
    // An IP address never needs resolving again, so its DNS-cache entry may live forever. This
    // also matters for speed: libcurl 7.88 walks the whole (shared) DNS cache to prune it on
    // every transfer unless the transfer's cache timeout is -1, a cost that grows with the
    // fleet (10,000 controllers: 10,000 entries walked per request). Host names keep the
    // default 60 s so DNS changes are seen.
    if (t.ip_literal) set(CURLOPT_DNS_CACHE_TIMEOUT, -1L);

    // What is left of the deadline after waiting for a slot. CURLOPT_TIMEOUT_MS = 0 means "no
    // timeout": round up so a sub-millisecond remainder still is one.
    const int64_t timeout_ms = std::max<int64_t>(
        1, absl::ToInt64Milliseconds(absl::Ceil(t.deadline - absl::Now(), absl::Milliseconds(1))));
    const int64_t connect_ms =
        std::min<int64_t>(timeout_ms, absl::ToInt64Milliseconds(kMaxConnectTimeout));
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_ms));

    // libcurl sends a request again on a new connection when a reused one fails before any
    // answer. For a read that is the replacement of a connection the server closed; for a
    // write it is ambiguous (the server may have applied it), so a write never reuses one.
    if (request.method != "GET") {
      set(CURLOPT_FRESH_CONNECT, 1L);
      set(CURLOPT_FORBID_REUSE, 1L);
    }
    if (!t.connect_only_to.empty()) {
      set(CURLOPT_OPENSOCKETFUNCTION, &OpenAllowedSocket);
      set(CURLOPT_OPENSOCKETDATA, static_cast<void*>(&t));
      // A kept-alive connection to the same host:port may have been opened without this check
      // (an inventory controller): never reuse one, never keep this one.
      set(CURLOPT_FRESH_CONNECT, 1L);
      set(CURLOPT_FORBID_REUSE, 1L);
    }
    set(CURLOPT_SSL_VERIFYPEER, t.insecure_skip_verify ? 0L : 1L);
    set(CURLOPT_SSL_VERIFYHOST, t.insecure_skip_verify ? 0L : 2L);
    if (!t.ca_file.empty()) {
      set(CURLOPT_CAINFO, t.ca_file.c_str());
      // The profile's CA file is the whole trust store. Clearing the built-in CA path also lets
      // libcurl share one parsed store between connections (its CA cache skips any transfer
      // with a CA path): otherwise every connection parses the file into a store of its own.
      set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
    }
    // An idle kept-alive TLS connection then holds no read/write buffers (~34 KiB each): with
    // one connection per controller this is most of the service's memory.
    set(CURLOPT_SSL_CTX_FUNCTION, &ReleaseTlsBuffers);
    if (t.has_credentials && !t.username.empty()) {  // a trust-only profile sends no auth
      set(CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      set(CURLOPT_USERNAME, t.username.c_str());
      set(CURLOPT_PASSWORD, t.password.c_str());
    }

    bool has_content_type = false;
    for (const std::string& header : request.headers) {
      has_content_type |= absl::StartsWithIgnoreCase(header, "content-type:");
      t.headers = curl_slist_append(t.headers, header.c_str());
    }
    // libcurl's default Expect: 100-continue costs a round trip (or a 1 s stall) per large body.
    t.headers = curl_slist_append(t.headers, "Expect:");

    if (request.method == "GET") {
      set(CURLOPT_HTTPGET, 1L);
    } else {
      if (request.method != "POST") set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
      if (request.method != "DELETE" || !request.body.empty()) {
        set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        set(CURLOPT_POSTFIELDS, request.body.c_str());
        // Without this libcurl labels the body application/x-www-form-urlencoded.
        if (!has_content_type) t.headers = curl_slist_append(t.headers, "Content-Type:");
      }
    }
    set(CURLOPT_HTTPHEADER, t.headers);

    set(CURLOPT_WRITEFUNCTION, &OnBody);
    set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
    // Refuses an announced oversized answer before reading it; OnBody catches the rest.
    set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_response_bytes));

    if (rc != CURLE_OK || t.headers == nullptr) {
      return absl::InternalError(
          absl::StrCat(t.origin, ": could not set up the transfer (", curl_easy_strerror(rc), ")"));
    }
    return absl::OkStatus();
  }

  void ReapFinished() {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode rc = message->data.result;  // read before remove_handle invalidates it
      void* raw = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
      curl_multi_remove_handle(multi_, easy);
      auto it = active_.find(static_cast<Transfer*>(raw));
      if (it == active_.end()) continue;
      std::unique_ptr<Transfer> transfer = std::move(it->second);
      active_.erase(it);
      Release(*transfer);
      Complete(std::move(transfer), rc);
    }
  }

  // Hands the outcome to the callback, or queues the transfer again when its policy retries.
  void Complete(std::unique_ptr<Transfer> t, CURLcode rc) {
    absl::StatusOr<HttpResponse> outcome = Outcome(*t, rc);
    const RetryPolicy& policy = t->request.retry;
    if (policy.retry_on && t->attempts < policy.max_attempts) {
      const absl::string_view cause = policy.retry_on(outcome, TransportCause(*t, rc));
      if (!cause.empty()) {
        const absl::Time at = absl::Now() + Backoff(policy, t->attempts);
        if (at < t->deadline) {
          if (policy.on_retry) policy.on_retry(cause);
          t->Reset();
          ++t->attempts;
          t->not_before = at;
          waiting_.push_back(std::move(t));
          return;
        }
      }
    }
    t->done(std::move(outcome));
  }

  // Full jitter: uniform in [0, min(cap, base * 2^(retry - 1))).
  absl::Duration Backoff(const RetryPolicy& policy, int retry) {
    absl::Duration ceiling = policy.backoff_base;
    for (int i = 1; i < retry && ceiling < policy.backoff_cap; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, policy.backoff_cap);
    if (ceiling <= absl::ZeroDuration()) return absl::ZeroDuration();
    std::uniform_real_distribution<double> fraction(0.0, 1.0);
    return ceiling * fraction(random_);
  }

  static absl::StatusOr<HttpResponse> Outcome(Transfer& t, CURLcode rc) {
    if (rc != CURLE_OK) return StatusFromCurl(t, rc);
    HttpResponse response;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &response.status);
    char* content_type = nullptr;
    if (curl_easy_getinfo(t.easy, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK &&
        content_type != nullptr) {
      response.content_type = content_type;
    }
    curl_header* date = nullptr;
    if (t.request.want_date &&
        curl_easy_header(t.easy, "Date", 0, CURLH_HEADER, -1, &date) == CURLHE_OK &&
        date != nullptr && date->value != nullptr) {
      response.date = date->value;
    }
    response.body = std::move(t.response_body);
    return response;
  }

  static void Cancel(Transfer& t) {
    const std::string where = t.origin.empty() ? std::string("request") : t.origin;
    t.done(absl::CancelledError(absl::StrCat(where, ": HTTPS client shutting down")));
  }

  void CancelActive() {
    auto active = std::move(active_);
    active_.clear();
    for (auto& [raw, transfer] : active) {
      curl_multi_remove_handle(multi_, transfer->easy);
      Cancel(*transfer);
    }
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& transfer : waiting) Cancel(*transfer);
  }

  void CancelQueued() {
    for (;;) {
      std::vector<std::unique_ptr<Transfer>> queued;
      {
        std::lock_guard<std::mutex> lock(mu_);
        queued.swap(queue_);
      }
      if (queued.empty()) return;
      for (auto& transfer : queued) Cancel(*transfer);
    }
  }

  const Options options_;
  CURLM* multi_ = nullptr;
  CURLSH* share_ = nullptr;

  // std::mutex rather than absl::Mutex: the distribution's abseil is built without TSan
  // annotations, so ThreadSanitizer could not see absl::Mutex synchronise and would cry wolf.
  std::mutex mu_;
  std::vector<std::unique_ptr<Transfer>> queue_;  // guarded by mu_
  bool stopping_ = false;                         // guarded by mu_

  // Loop thread only.
  std::unordered_map<Transfer*, std::unique_ptr<Transfer>> active_;  // in libcurl's hands
  std::list<std::unique_ptr<Transfer>> waiting_;                     // for a connection slot, FIFO
  long in_flight_ = 0;
  std::unordered_map<std::string, long> in_flight_by_origin_;
  std::mt19937_64 random_{std::random_device()()};  // backoff jitter

  std::thread loop_;  // last: starts after everything above exists
};

HttpsClient::HttpsClient() : HttpsClient(Options()) {}
HttpsClient::HttpsClient(Options options) : impl_(std::make_unique<Impl>(options)) {}
HttpsClient::~HttpsClient() = default;

void HttpsClient::Start(HttpRequest request, HttpCallback done) {
  impl_->Start(std::move(request), std::move(done));
}

absl::StatusOr<HttpResponse> HttpsClient::Do(HttpRequest request) {
  if (impl_->OnLoopThread()) {
    // Blocking the loop on itself would never return.
    return absl::FailedPreconditionError("HttpsClient::Do called from an HTTPS callback");
  }
  std::promise<absl::StatusOr<HttpResponse>> promise;
  std::future<absl::StatusOr<HttpResponse>> answer = promise.get_future();
  Start(std::move(request),
        [&promise](absl::StatusOr<HttpResponse> result) { promise.set_value(std::move(result)); });
  return answer.get();
}

}  // namespace wlc::device
