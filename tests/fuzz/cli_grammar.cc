// The CLI grammar (adapters::cli): every check of a value that becomes IOS-XE CLI text. Each
// input goes through all of them; the port check takes the first four bytes.
#include "adapters/common/cli_grammar.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace cli = wlc::adapters::cli;
  const absl::string_view value(reinterpret_cast<const char*>(data), size);
  cli::CheckHost("host", value).IgnoreError();
  cli::CheckUrl("url", value, /*require_https=*/true).IgnoreError();
  cli::CheckUrl("url", value, /*require_https=*/false).IgnoreError();
  cli::CheckInterfaceName("interface", value).IgnoreError();
  cli::CheckTrustpointName("trustpoint", value).IgnoreError();
  uint32_t port = 0;
  std::memcpy(&port, data, size < sizeof port ? size : sizeof port);
  cli::CheckPort("port", port).IgnoreError();
  return 0;
}
