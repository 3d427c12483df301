// Label selectors (service::LabelSelector::Parse: length, term count, the term grammar) and
// matching against a controller's labels.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "service/fleet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<wlc::service::LabelSelector> selector =
      wlc::service::LabelSelector::Parse(std::string(reinterpret_cast<const char*>(data), size));
  if (selector.ok()) {
    selector->Matches({{"site", "lab"}, {"tier", "prod"}, {"region", "eu-west/1"}});
  }
  return 0;
}
