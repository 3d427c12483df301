// The gRPC face of FleetService: authorizes, has the core resolve the selector and run the
// operation through its fan-out (service/fleet.h, Watch in service/watch.h), and streams each
// controller's result, then the summary. A client that goes away or calls Interrupt stops the
// fan-out starting controllers.
#pragma once

#include "service/auth.h"
#include "service/handler.h"
#include "wlc/licensing/v1/fleet.grpc.pb.h"

namespace wlc::service {

class FleetGrpcService final : public v1::FleetService::Service {
 public:
  FleetGrpcService(const LicensingHandler* handler, const Authorizer* authorizer)
      : handler_(handler), authorizer_(authorizer) {}

  grpc::Status ListLicensingStates(
      grpc::ServerContext* context, const v1::ListLicensingStatesRequest* request,
      grpc::ServerWriter<v1::ListLicensingStatesResponse>* writer) override;
  grpc::Status PlanTransports(grpc::ServerContext* context,
                              const v1::PlanTransportsRequest* request,
                              grpc::ServerWriter<v1::PlanTransportsResponse>* writer) override;
  grpc::Status ApplyTransports(grpc::ServerContext* context,
                               const v1::ApplyTransportsRequest* request,
                               grpc::ServerWriter<v1::ApplyTransportsResponse>* writer) override;
  grpc::Status EstablishTrusts(grpc::ServerContext* context,
                               const v1::EstablishTrustsRequest* request,
                               grpc::ServerWriter<v1::EstablishTrustsResponse>* writer) override;
  grpc::Status RelayUsages(grpc::ServerContext* context, const v1::RelayUsagesRequest* request,
                           grpc::ServerWriter<v1::RelayUsagesResponse>* writer) override;
  grpc::Status DiagnoseFleet(grpc::ServerContext* context, const v1::DiagnoseFleetRequest* request,
                             grpc::ServerWriter<v1::DiagnoseFleetResponse>* writer) override;
  grpc::Status WatchLicensing(grpc::ServerContext* context,
                              const v1::WatchLicensingRequest* request,
                              grpc::ServerWriter<v1::WatchLicensingResponse>* writer) override;
  grpc::Status Interrupt(grpc::ServerContext* context, const v1::InterruptRequest* request,
                         v1::InterruptResponse* response) override;

 private:
  const LicensingHandler* handler_;
  const Authorizer* authorizer_;
};

}  // namespace wlc::service
