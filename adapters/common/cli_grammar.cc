#include "adapters/common/cli_grammar.h"

#include <cctype>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "adapters/common/input_limits.h"

namespace wlc::adapters::cli {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

bool IsLabel(absl::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

}  // namespace

absl::Status CheckHost(absl::string_view field, absl::string_view value) {
  if (value.empty()) return Invalid(field, "host is empty");
  if (value.size() > limits::kMaxHostLength) {
    return Invalid(field,
                   absl::StrCat("host is longer than ", limits::kMaxHostLength, " characters"));
  }
  std::vector<absl::string_view> labels = absl::StrSplit(value, '.');
  bool all_numeric = true;
  for (absl::string_view l : labels) {
    if (!IsLabel(l)) {
      return Invalid(field, "not a host name or IPv4 address (letters, digits, '-' and '.' only)");
    }
    for (char c : l) all_numeric &= absl::ascii_isdigit(static_cast<unsigned char>(c));
  }
  if (all_numeric) {
    if (labels.size() != 4) return Invalid(field, "IPv4 address needs four octets");
    for (absl::string_view l : labels) {
      int octet;
      if (!absl::SimpleAtoi(l, &octet) || octet > 255) return Invalid(field, "IPv4 octet > 255");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPort(absl::string_view field, uint32_t value) {
  if (value < 1 || value > 65535) return Invalid(field, "port must be 1..65535");
  return absl::OkStatus();
}

absl::Status CheckUrl(absl::string_view field, absl::string_view value, bool require_https) {
  if (value.size() > limits::kMaxUrlLength) {
    return Invalid(field, absl::StrCat("URL too long (", value.size(), " bytes, at most ",
                                       limits::kMaxUrlLength, ")"));
  }
  absl::string_view rest = value;
  if (absl::ConsumePrefix(&rest, "https://")) {
  } else if (!require_https && absl::ConsumePrefix(&rest, "http://")) {
  } else {
    return Invalid(field, require_https ? "URL must start with https://"
                                        : "URL must start with http:// or https://");
  }
  size_t slash = rest.find('/');
  absl::string_view authority = rest.substr(0, slash);
  absl::string_view path = slash == absl::string_view::npos ? "" : rest.substr(slash);
  absl::string_view host = authority;
  size_t colon = authority.rfind(':');
  if (colon != absl::string_view::npos) {
    host = authority.substr(0, colon);
    uint32_t port;
    if (!absl::SimpleAtoi(authority.substr(colon + 1), &port)) {
      return Invalid(field, "URL port is not a number");
    }
    if (absl::Status s = CheckPort(field, port); !s.ok()) return s;
  }
  if (absl::Status s = CheckHost(field, host); !s.ok()) return s;
  for (char c : path) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '~' &&
        c != '/' && c != '-') {
      return Invalid(field, "URL path may contain only letters, digits and . _ ~ / -");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckInterfaceName(absl::string_view field, absl::string_view value) {
  if (value.empty() || value.size() > limits::kMaxCliTokenLength) {
    return Invalid(field, absl::StrCat("interface name length 1..", limits::kMaxCliTokenLength));
  }
  if (!absl::ascii_isalpha(static_cast<unsigned char>(value.front()))) {
    return Invalid(field, "interface name must start with a letter");
  }
  for (char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '.' && c != '-') {
      return Invalid(field, "interface name may contain only letters, digits, '/', '.', '-'");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckTrustpointName(absl::string_view field, absl::string_view value) {
  if (value.empty() || value.size() > limits::kMaxCliTokenLength) {
    return Invalid(field, absl::StrCat("trustpoint name length 1..", limits::kMaxCliTokenLength));
  }
  for (char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
      return Invalid(field, "trustpoint name may contain only letters, digits, '_', '-', '.'");
    }
  }
  return absl::OkStatus();
}

}  // namespace wlc::adapters::cli
