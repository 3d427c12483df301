// A controller's licensing-state JSON into the model: the controller-answer parse
// (limits::ParseJson with the device limits), then adapters::ApplyLicensingState and
// AssessStatus, as ReadLicensing does with a GET of cisco-smart-license:licensing/state.
//
// Input: the answer body, either {"cisco-smart-license:state": {...}} (what the controller
// returns) or {"cisco-smart-license:licensing": {"state": {...}}} (the YANG example's shape).
#include <cstddef>
#include <cstdint>

#include "absl/time/time.h"
#include "adapters/common/input_limits.h"
#include "adapters/common/state_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<nlohmann::json> answer =
      wlc::limits::ParseJson(absl::string_view(reinterpret_cast<const char*>(data), size),
                             wlc::limits::kMaxDeviceAnswerBytes, "answer");
  if (!answer.ok() || !answer->is_object()) return 0;
  nlohmann::json state = *answer;
  if (auto it = answer->find("cisco-smart-license:state"); it != answer->end()) {
    state = *it;
  } else if (auto lic = answer->find("cisco-smart-license:licensing");
             lic != answer->end() && lic->is_object() && lic->contains("state")) {
    state = (*lic)["state"];
  }
  wlc::licensing::v1::ControllerLicensing licensing;
  wlc::adapters::ApplyLicensingState(state, &licensing);
  wlc::adapters::AssessStatus(absl::FromUnixSeconds(1790000000), &licensing);
  return 0;
}
