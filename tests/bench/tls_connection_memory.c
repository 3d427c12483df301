// Memory per kept-alive HTTPS connection in one libcurl multi handle, for whichever libcurl
// flavour this is linked with (Debian: OpenSSL or GnuTLS). Opens one connection per URL (100 at
// a time), keeps them all, prints the RSS growth per connection. See tls_connection_memory.sh.
//   tls_connection_memory <urls file> <ca file> <user:password>
#include <curl/curl.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
// OpenSSL flavour only (as licensingd does): idle connections drop their read/write buffers.
static CURLcode release_buffers(CURL* e, void* ctx, void* u) {
  (void)e; (void)u;
  SSL_CTX_set_mode((SSL_CTX*)ctx, SSL_MODE_RELEASE_BUFFERS);
  return CURLE_OK;
}
static size_t sink(char* p, size_t s, size_t n, void* u) { (void)p; (void)u; return s * n; }
static long rss(void) { FILE* f = fopen("/proc/self/status", "r"); char l[256]; long v = 0;
  while (fgets(l, sizeof l, f)) if (!strncmp(l, "VmRSS:", 6)) v = atol(l + 6); fclose(f); return v; }
int main(int argc, char** argv) {
  // argv: urls_file ca_file userpwd
  curl_global_init(CURL_GLOBAL_DEFAULT);
  FILE* f = fopen(argv[1], "r"); char line[512]; int n = 0; static char urls[20000][200];
  while (fgets(line, sizeof line, f) && n < 20000) { line[strcspn(line, "\n")] = 0; strcpy(urls[n++], line); }
  fclose(f);
  long before = rss();
  CURLM* m = curl_multi_init();
  curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 20000L);
  int next = 0, running = 0, done = 0;
  while (done < n) {
    while (next < n && next - done < 100) {
      CURL* e = curl_easy_init();
      curl_easy_setopt(e, CURLOPT_URL, urls[next++]);
      curl_easy_setopt(e, CURLOPT_CAINFO, argv[2]);
      curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
      curl_easy_setopt(e, CURLOPT_USERPWD, argv[3]);
      curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
      curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, -1L);
      curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, release_buffers);  // ignored by GnuTLS
      curl_multi_add_handle(m, e);
    }
    curl_multi_perform(m, &running);
    CURLMsg* msg; int left;
    while ((msg = curl_multi_info_read(m, &left))) {
      if (msg->msg == CURLMSG_DONE) {
        long code = 0; curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
        if (msg->data.result != CURLE_OK || code != 200) fprintf(stderr, "fail %d %ld\n", msg->data.result, code);
        curl_multi_remove_handle(m, msg->easy_handle); curl_easy_cleanup(msg->easy_handle); done++;
      }
    }
    curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  long after = rss();
  printf("%s connections=%d rss_before_kib=%ld rss_after_kib=%ld per_conn_kib=%.1f\n",
         curl_version(), n, before, after, (after - before) / (double)n);
  return 0;
}
