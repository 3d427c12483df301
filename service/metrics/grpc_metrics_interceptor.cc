#include "service/metrics/grpc_metrics_interceptor.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"

namespace wlc::service::metrics {
namespace {

std::string CodeName(grpc::StatusCode code) {
  // Names as in google.rpc.Code / absl, which share the numbering.
  return absl::AsciiStrToUpper(::wlc::metrics::ErrorKind(static_cast<absl::StatusCode>(code)));
}

class RpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(ServiceMetrics* metrics, const char* method)
      : metrics_(metrics), method_(method == nullptr ? "" : method), start_(absl::Now()) {
    metrics_->RpcStarted();
  }
  ~RpcMetricsInterceptor() override {
    metrics_->ObserveRpc(method_, code_, absl::Now() - start_);
    metrics_->RpcFinished();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      code_ = CodeName(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  ServiceMetrics* metrics_;
  std::string method_;
  std::string code_ = "CANCELLED";
  absl::Time start_;
};

class RpcMetricsFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcMetricsFactory(ServiceMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcMetricsInterceptor(metrics_, info->method());
  }

 private:
  ServiceMetrics* metrics_;
};

}  // namespace

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
RpcMetricsInterceptors(ServiceMetrics* metrics) {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> v;
  v.push_back(std::make_unique<RpcMetricsFactory>(metrics));
  return v;
}

}  // namespace wlc::service::metrics
