// Human views of a controller's licensing state: one table row per controller (states) and the
// full detail view of one controller (state).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "google/protobuf/timestamp.pb.h"
#include "wlc/licensing/v1/model.pb.h"

namespace wlc::cli {

// SMART, CSLU, ... (the enum name without its prefix); "-" when unspecified.
std::string TransportName(wlc::licensing::v1::TransportType type);
// 2026-11-23T10:00Z in UTC, "-" for an unset timestamp.
std::string FormatTime(const google::protobuf::Timestamp& t);

// CONTROLLER TRANSPORT TRUST APS-ACTIVE APS-JOINED LAST-ACK ACK-DEADLINE HEALTH
std::vector<std::string> StateHeader();
std::vector<std::string> StateRow(const wlc::licensing::v1::ControllerLicensing& l);
// A row for a controller whose state could not be read: the error code in HEALTH.
std::vector<std::string> StateErrorRow(const std::string& controller, int code);

void PrintStateDetail(const wlc::licensing::v1::ControllerLicensing& l, std::ostream& out);

}  // namespace wlc::cli
