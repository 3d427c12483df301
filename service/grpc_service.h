// The gRPC face of LicensingService: converts, delegates to LicensingHandler, converts back.
// No logic lives here.
#pragma once

#include "service/auth.h"
#include "service/handler.h"
#include "wlc/licensing/v1/service.grpc.pb.h"

namespace wlc::service {

class LicensingGrpcService final : public v1::LicensingService::Service {
 public:
  LicensingGrpcService(const LicensingHandler* handler, const Authorizer* authorizer)
      : handler_(handler), authorizer_(authorizer) {}

  grpc::Status ListControllers(grpc::ServerContext* context,
                               const v1::ListControllersRequest* request,
                               v1::ListControllersResponse* response) override;
  grpc::Status GetLicensingState(grpc::ServerContext* context,
                                 const v1::GetLicensingStateRequest* request,
                                 v1::GetLicensingStateResponse* response) override;
  grpc::Status PlanTransport(grpc::ServerContext* context, const v1::PlanTransportRequest* request,
                             v1::PlanTransportResponse* response) override;
  grpc::Status ApplyTransport(grpc::ServerContext* context,
                              const v1::ApplyTransportRequest* request,
                              v1::ApplyTransportResponse* response) override;
  grpc::Status EstablishTrust(grpc::ServerContext* context,
                              const v1::EstablishTrustRequest* request,
                              v1::EstablishTrustResponse* response) override;
  grpc::Status RelayUsage(grpc::ServerContext* context, const v1::RelayUsageRequest* request,
                          v1::RelayUsageResponse* response) override;
  grpc::Status Diagnose(grpc::ServerContext* context, const v1::DiagnoseRequest* request,
                        v1::DiagnoseResponse* response) override;
  grpc::Status ExportUsage(grpc::ServerContext* context, const v1::ExportUsageRequest* request,
                           v1::ExportUsageResponse* response) override;
  grpc::Status ImportAcknowledgements(grpc::ServerContext* context,
                                      const v1::ImportAcknowledgementsRequest* request,
                                      v1::ImportAcknowledgementsResponse* response) override;

 private:
  const LicensingHandler* handler_;
  const Authorizer* authorizer_;
};

}  // namespace wlc::service
