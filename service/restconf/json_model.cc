#include "service/restconf/json_model.h"

#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "adapters/common/input_limits.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/timestamp.pb.h"

namespace wlc::service::restconf {
namespace {

namespace pb = ::google::protobuf;
using FD = pb::FieldDescriptor;
using json = nlohmann::json;

constexpr char kTagPayload[] = "type.wlc-licensing/restconf-error-tag";
constexpr char kPathPayload[] = "type.wlc-licensing/restconf-error-path";

// Where the YANG name is not the mechanical '_' -> '-' of the proto name. Keyed by the proto
// field's full name, so the same field name in another message is not affected.
struct FieldRename {
  const char* proto_full_name;
  const char* yang_name;
};
constexpr FieldRename kFieldRenames[] = {
    {"wlc.licensing.v1.ControllerLicensing.controller", "name"},
    {"wlc.licensing.v1.Trust.codes", "trust-code"},
    {"wlc.licensing.v1.Usage.entitlements", "entitlement"},
    {"wlc.licensing.v1.Usage.rum_reports", "rum-report"},
    {"wlc.licensing.v1.Status.findings", "finding"},
    {"wlc.licensing.v1.TransportPlan.steps", "step"},
    {"wlc.licensing.v1.Diagnosis.findings", "finding"},
    {"wlc.licensing.v1.Diagnosis.checks", "check"},
};

// Input-only fields: accepted in requests, never written into an answer.
constexpr const char* kSecretFields[] = {
    "wlc.licensing.v1.EstablishTrustRequest.id_token",
};

bool IsSecret(const FD& field) {
  for (const char* name : kSecretFields) {
    if (field.full_name() == name) return true;
  }
  return false;
}

bool IsTimestamp(const pb::Descriptor& d) {
  return d.full_name() == pb::Timestamp::descriptor()->full_name();
}

// TRANSPORT_TYPE for enum TransportType.
std::string EnumPrefix(const pb::EnumDescriptor& e) {
  std::string out;
  for (size_t i = 0; i < e.name().size(); ++i) {
    char c = e.name()[i];
    if (i > 0 && absl::ascii_isupper(c)) out += '_';
    out += absl::ascii_toupper(c);
  }
  return out + "_";
}

std::string Join(absl::string_view path, absl::string_view name) {
  return absl::StrCat(path, "/", name);
}

absl::Status Invalid(absl::string_view tag, const std::string& path, absl::string_view message) {
  return WithRestconfError(absl::InvalidArgumentError(absl::StrCat(path, ": ", message)), tag,
                           path);
}

json ScalarToJson(const pb::Message& m, const FD& f, int index) {
  const pb::Reflection& r = *m.GetReflection();
  const bool rep = f.is_repeated();
  switch (f.cpp_type()) {
    case FD::CPPTYPE_STRING:
      if (f.type() == FD::TYPE_BYTES) {
        // binary is base64 in RFC 7951; the model's bytes fields (bundles) are JSON text that
        // no RESTCONF operation carries, so this is only for completeness.
        std::string raw = rep ? r.GetRepeatedString(m, &f, index) : r.GetString(m, &f);
        static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        std::string out;
        uint32_t acc = 0;
        int bits = 0;
        for (unsigned char c : raw) {
          acc = (acc << 8) | c;
          bits += 8;
          while (bits >= 6) out += b64[(acc >> (bits -= 6)) & 63];
        }
        if (bits > 0) out += b64[(acc << (6 - bits)) & 63];
        while (out.size() % 4 != 0) out += '=';
        return out;
      }
      return rep ? r.GetRepeatedString(m, &f, index) : r.GetString(m, &f);
    case FD::CPPTYPE_BOOL:
      return rep ? r.GetRepeatedBool(m, &f, index) : r.GetBool(m, &f);
    case FD::CPPTYPE_UINT32:
      return rep ? r.GetRepeatedUInt32(m, &f, index) : r.GetUInt32(m, &f);
    case FD::CPPTYPE_INT32:
      return rep ? r.GetRepeatedInt32(m, &f, index) : r.GetInt32(m, &f);
    case FD::CPPTYPE_UINT64:
      return std::to_string(rep ? r.GetRepeatedUInt64(m, &f, index) : r.GetUInt64(m, &f));
    case FD::CPPTYPE_INT64:
      return std::to_string(rep ? r.GetRepeatedInt64(m, &f, index) : r.GetInt64(m, &f));
    case FD::CPPTYPE_DOUBLE:
      return rep ? r.GetRepeatedDouble(m, &f, index) : r.GetDouble(m, &f);
    case FD::CPPTYPE_FLOAT:
      return rep ? r.GetRepeatedFloat(m, &f, index) : r.GetFloat(m, &f);
    case FD::CPPTYPE_ENUM:
      return YangEnumName(rep ? *r.GetRepeatedEnum(m, &f, index) : *r.GetEnum(m, &f));
    case FD::CPPTYPE_MESSAGE:
      break;
  }
  return nullptr;
}

// Timestamps are leaves: returns null for an unset one.
json MessageToJson(const pb::Message& m) {
  if (IsTimestamp(*m.GetDescriptor())) {
    const auto& ts = static_cast<const pb::Timestamp&>(m);
    if (ts.seconds() == 0 && ts.nanos() == 0) return nullptr;
    return FormatDateAndTime(ts.seconds(), ts.nanos());
  }
  return ToYangJson(m);
}

absl::Status ScalarFromJson(const json& v, const std::string& path, const FD& f, pb::Message* m) {
  const pb::Reflection& r = *m->GetReflection();
  const bool rep = f.is_repeated();
  switch (f.cpp_type()) {
    case FD::CPPTYPE_STRING: {
      if (!v.is_string()) return Invalid("invalid-value", path, "expected a string");
      if (f.type() == FD::TYPE_BYTES) {
        return Invalid("invalid-value", path, "binary leaves are not accepted");
      }
      const std::string& s = v.get_ref<const std::string&>();
      rep ? r.AddString(m, &f, s) : r.SetString(m, &f, s);
      return absl::OkStatus();
    }
    case FD::CPPTYPE_BOOL:
      if (!v.is_boolean()) return Invalid("invalid-value", path, "expected true or false");
      rep ? r.AddBool(m, &f, v.get<bool>()) : r.SetBool(m, &f, v.get<bool>());
      return absl::OkStatus();
    case FD::CPPTYPE_UINT32: {
      if (!v.is_number_unsigned() || v.get<uint64_t>() > std::numeric_limits<uint32_t>::max()) {
        return Invalid("invalid-value", path, "expected a uint32 number");
      }
      const auto n = static_cast<uint32_t>(v.get<uint64_t>());
      rep ? r.AddUInt32(m, &f, n) : r.SetUInt32(m, &f, n);
      return absl::OkStatus();
    }
    case FD::CPPTYPE_INT32: {
      if (!v.is_number_integer() || v.get<int64_t>() < std::numeric_limits<int32_t>::min() ||
          v.get<int64_t>() > std::numeric_limits<int32_t>::max()) {
        return Invalid("invalid-value", path, "expected an int32 number");
      }
      const auto n = static_cast<int32_t>(v.get<int64_t>());
      rep ? r.AddInt32(m, &f, n) : r.SetInt32(m, &f, n);
      return absl::OkStatus();
    }
    case FD::CPPTYPE_UINT64: {
      // RFC 7951 §6.1: 64-bit integers are JSON strings.
      uint64_t n = 0;
      if (!v.is_string() || !absl::SimpleAtoi(v.get_ref<const std::string&>(), &n)) {
        return Invalid("invalid-value", path, "expected a uint64 as a JSON string");
      }
      rep ? r.AddUInt64(m, &f, n) : r.SetUInt64(m, &f, n);
      return absl::OkStatus();
    }
    case FD::CPPTYPE_INT64: {
      int64_t n = 0;
      if (!v.is_string() || !absl::SimpleAtoi(v.get_ref<const std::string&>(), &n)) {
        return Invalid("invalid-value", path, "expected an int64 as a JSON string");
      }
      rep ? r.AddInt64(m, &f, n) : r.SetInt64(m, &f, n);
      return absl::OkStatus();
    }
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT:
      return Invalid("invalid-value", path, "decimal leaves are not accepted");
    case FD::CPPTYPE_ENUM: {
      if (v.is_string()) {
        const pb::EnumDescriptor& e = *f.enum_type();
        for (int i = 0; i < e.value_count(); ++i) {
          if (YangEnumName(*e.value(i)) == v.get_ref<const std::string&>()) {
            rep ? r.AddEnumValue(m, &f, e.value(i)->number())
                : r.SetEnumValue(m, &f, e.value(i)->number());
            return absl::OkStatus();
          }
        }
      }
      std::string names;
      for (int i = 0; i < f.enum_type()->value_count(); ++i) {
        absl::StrAppend(&names, i ? ", " : "", YangEnumName(*f.enum_type()->value(i)));
      }
      return Invalid("invalid-value", path, absl::StrCat("expected one of: ", names));
    }
    case FD::CPPTYPE_MESSAGE:
      break;
  }
  return Invalid("invalid-value", path, "unsupported leaf type");
}

absl::Status MessageFromJson(const json& v, const std::string& path, pb::Message* m) {
  if (IsTimestamp(*m->GetDescriptor())) {
    int64_t seconds = 0;
    int32_t nanos = 0;
    if (!v.is_string() || !ParseDateAndTime(v.get_ref<const std::string&>(), &seconds, &nanos)) {
      return Invalid("invalid-value", path, "expected a yang:date-and-time");
    }
    auto* ts = static_cast<pb::Timestamp*>(m);
    ts->set_seconds(seconds);
    ts->set_nanos(nanos);
    return absl::OkStatus();
  }
  return FromYangJson(v, path, m);
}

}  // namespace

std::string YangFieldName(const FD& field) {
  for (const FieldRename& rename : kFieldRenames) {
    if (field.full_name() == rename.proto_full_name) return rename.yang_name;
  }
  return absl::StrReplaceAll(field.name(), {{"_", "-"}});
}

std::string YangEnumName(const pb::EnumValueDescriptor& value) {
  absl::string_view name = value.name();
  const std::string prefix = EnumPrefix(*value.type());
  if (absl::StartsWith(name, prefix)) name.remove_prefix(prefix.size());
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

json ToYangJson(const pb::Message& message) {
  json out = json::object();
  const pb::Descriptor& d = *message.GetDescriptor();
  const pb::Reflection& r = *message.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const FD& f = *d.field(i);
    if (IsSecret(f)) continue;
    const std::string name = YangFieldName(f);
    if (f.is_map()) continue;  // no map in the YANG-mirrored messages
    if (f.is_repeated()) {
      const int n = r.FieldSize(message, &f);
      if (n == 0) continue;  // RFC 7951: an empty list / leaf-list has no member
      json arr = json::array();
      for (int k = 0; k < n; ++k) {
        if (f.cpp_type() == FD::CPPTYPE_MESSAGE) {
          json item = MessageToJson(r.GetRepeatedMessage(message, &f, k));
          if (!item.is_null()) arr.push_back(std::move(item));
        } else {
          arr.push_back(ScalarToJson(message, f, k));
        }
      }
      out[name] = std::move(arr);
    } else if (f.cpp_type() == FD::CPPTYPE_MESSAGE) {
      if (!r.HasField(message, &f)) continue;
      json item = MessageToJson(r.GetMessage(message, &f));
      if (!item.is_null()) out[name] = std::move(item);
    } else {
      out[name] = ScalarToJson(message, f, -1);
    }
  }
  return out;
}

absl::Status FromYangJson(const json& v, absl::string_view path, pb::Message* message) {
  message->Clear();
  if (!v.is_object()) return Invalid("invalid-value", std::string(path), "expected an object");
  const pb::Descriptor& d = *message->GetDescriptor();
  const pb::Reflection& r = *message->GetReflection();
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string member_path = Join(path, it.key());
    const FD* field = nullptr;
    for (int i = 0; i < d.field_count(); ++i) {
      if (!d.field(i)->is_map() && YangFieldName(*d.field(i)) == it.key()) field = d.field(i);
    }
    if (field == nullptr) {
      // Not a schema node: quote only a prefix of what the client sent.
      return Invalid("unknown-element", Join(path, limits::QuotePrefix(it.key())),
                     "unknown member");
    }
    const json& value = it.value();
    if (field->is_repeated()) {
      if (!value.is_array()) return Invalid("invalid-value", member_path, "expected an array");
      for (size_t k = 0; k < value.size(); ++k) {
        if (field->cpp_type() == FD::CPPTYPE_MESSAGE) {
          absl::Status s = MessageFromJson(value[k], member_path, r.AddMessage(message, field));
          if (!s.ok()) return s;
        } else {
          absl::Status s = ScalarFromJson(value[k], member_path, *field, message);
          if (!s.ok()) return s;
        }
      }
    } else if (field->cpp_type() == FD::CPPTYPE_MESSAGE) {
      absl::Status s = MessageFromJson(value, member_path, r.MutableMessage(message, field));
      if (!s.ok()) return s;
    } else {
      absl::Status s = ScalarFromJson(value, member_path, *field, message);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

std::string ErrorTagOf(const absl::Status& status) {
  auto p = status.GetPayload(kTagPayload);
  return p ? std::string(*p) : "";
}

std::string ErrorPathOf(const absl::Status& status) {
  auto p = status.GetPayload(kPathPayload);
  return p ? std::string(*p) : "";
}

absl::Status WithRestconfError(absl::Status status, absl::string_view tag, absl::string_view path) {
  status.SetPayload(kTagPayload, absl::Cord(tag));
  if (!path.empty()) status.SetPayload(kPathPayload, absl::Cord(path));
  return status;
}

std::string FormatDateAndTime(int64_t seconds, int32_t nanos) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ",
                          absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos),
                          absl::UTCTimeZone());
}

bool ParseDateAndTime(absl::string_view text, int64_t* seconds, int32_t* nanos) {
  absl::Time t;
  std::string err;
  // RFC 3339 with 'Z' or a numeric offset (yang:date-and-time); %Ez accepts "+hh:mm".
  if (!absl::ParseTime("%Y-%m-%dT%H:%M:%E*S%Ez", text, &t, &err) &&
      !absl::ParseTime("%Y-%m-%dT%H:%M:%E*SZ", text, absl::UTCTimeZone(), &t, &err)) {
    return false;
  }
  const absl::Duration since = t - absl::UnixEpoch();
  *seconds = absl::ToInt64Seconds(since);
  *nanos = static_cast<int32_t>(absl::ToInt64Nanoseconds(since - absl::Seconds(*seconds)));
  return true;
}

}  // namespace wlc::service::restconf
