#include "adapters/common/version.h"

#include <cctype>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace wlc::adapters {

absl::StatusOr<IosXeVersion> ParseIosXeVersion(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("software version '", text, "' is not of the form 17.9.1"));
  }
  int values[3];
  for (int i = 0; i < 3; ++i) {
    absl::string_view p = parts[i];
    // IOS-XE rebuilds carry a letter suffix ("17.3.2a"): same feature level.
    if (i == 2) {
      while (!p.empty() && std::isalpha(static_cast<unsigned char>(p.back()))) p.remove_suffix(1);
    }
    if (p.empty() || !absl::SimpleAtoi(p, &values[i]) || values[i] < 0 || values[i] > 999) {
      return absl::InvalidArgumentError(
          absl::StrCat("software version '", text, "' is not of the form 17.9.1"));
    }
  }
  return IosXeVersion{values[0], values[1], values[2]};
}

absl::Status RequireVersion(absl::string_view version, const IosXeVersion& minimum,
                            absl::string_view feature) {
  if (version.empty()) return absl::OkStatus();
  absl::StatusOr<IosXeVersion> v = ParseIosXeVersion(version);
  if (!v.ok()) return v.status();
  if (*v < minimum) {
    return absl::FailedPreconditionError(absl::StrCat(feature, " needs IOS-XE ", minimum.major, ".",
                                                      minimum.minor, ".", minimum.patch,
                                                      " or later; the controller runs ", version));
  }
  return absl::OkStatus();
}

}  // namespace wlc::adapters
