// Human view of a transport plan: current → desired, then each step with its RESTCONF operation
// and the CLI a reviewer would type for the same effect.
#pragma once

#include <optional>
#include <ostream>

#include "grpcpp/support/status.h"
#include "wlc/licensing/v1/service.pb.h"

namespace wlc::cli {

// "SMART url default, proxy p:3128" — a one-line description of a transport.
std::string DescribeTransport(const wlc::licensing::v1::Transport& t);

void PrintPlan(const wlc::licensing::v1::TransportPlan& plan, std::ostream& out);

// The plan, then whether it changed the controller and the transport read back.
void PrintApply(const wlc::licensing::v1::ApplyTransportResponse& resp, bool dry_run,
                std::ostream& out);

// After a failed apply: "restored: <paths>", "restore FAILED: …" and one
// "left changed: <line> — restore by hand with: <cli> / <cli>" per setting. Nothing when no
// restore ran.
void PrintRestore(const wlc::licensing::v1::ApplyRestore& restore, std::ostream& out);

// The ApplyTransportResponse a failed ApplyTransport carries as a status detail, if any.
std::optional<wlc::licensing::v1::ApplyTransportResponse> ApplyResponseOfError(
    const grpc::Status& status);

}  // namespace wlc::cli
