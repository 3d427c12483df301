// Conversion between the protobuf model (wlc.licensing.v1) and RFC 7951 JSON under the YANG
// module `wlc-licensing` (proto/yang/wlc-licensing.yang). The module mirrors the protobuf model,
// so one table-driven walk over the message descriptors does both directions:
//
//   * field names: the proto name with '_' -> '-', except the renames of kFieldRenames
//     (repeated message fields are YANG lists named in the singular, `controller` is the key
//     `name` of the controller list);
//   * enum values: the proto name without its type prefix, lower-cased, '_' -> '-'
//     (TRANSPORT_TYPE_SMART -> "smart", TRUST_RESULT_IN_PROGRESS -> "in-progress");
//   * uint64/int64 as JSON strings, other integers as numbers (RFC 7951 §6.1);
//   * google.protobuf.Timestamp as yang:date-and-time ("2026-11-24T10:00:00Z"), omitted when
//     unset; sub-messages are containers, emitted only when set; scalar leaves are always
//     emitted, so clients can read any leaf without checking for it;
//   * secret fields (the id token of EstablishTrustRequest) are input only: never emitted.
//
// Member names are the simple form: the caller adds the "wlc-licensing:" qualifier to the
// top-level member (RFC 7951 §4). Thread-safe (pure functions).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "nlohmann/json.hpp"

namespace wlc::service::restconf {

inline constexpr char kModule[] = "wlc-licensing";

// The YANG node name of a proto field / the YANG enum name of a proto enum value.
std::string YangFieldName(const google::protobuf::FieldDescriptor& field);
std::string YangEnumName(const google::protobuf::EnumValueDescriptor& value);

// The JSON object for `message` (the contents of the container or list entry mirroring it).
nlohmann::json ToYangJson(const google::protobuf::Message& message);

// Fills `message` (cleared first) from the contents of the container mirroring it.
// INVALID_ARGUMENT on an unknown member, a wrong JSON type, an unknown enum name or a malformed
// date-and-time; the status carries the RFC 8040 error-tag ("unknown-element" or
// "invalid-value") and the data path of the offending member as payloads (ErrorTagOf/ErrorPathOf).
// `path` is the data path of `json` itself, e.g. "/wlc-licensing:plan-transport/input".
absl::Status FromYangJson(const nlohmann::json& json, absl::string_view path,
                          google::protobuf::Message* message);

// The payloads FromYangJson attaches (empty when absent).
std::string ErrorTagOf(const absl::Status& status);
std::string ErrorPathOf(const absl::Status& status);
// Attaches them (for other parsers of request bodies).
absl::Status WithRestconfError(absl::Status status, absl::string_view tag, absl::string_view path);

// RFC 3339 / yang:date-and-time, UTC with "Z", fractional seconds only when non-zero.
std::string FormatDateAndTime(int64_t seconds, int32_t nanos);
// False when `text` is not a yang:date-and-time.
bool ParseDateAndTime(absl::string_view text, int64_t* seconds, int32_t* nanos);

}  // namespace wlc::service::restconf
