// A gRPC server interceptor that counts every call by service, method and status code, times it
// and keeps the in-flight gauge (ServiceMetrics). Install it with one line:
//
//   builder.experimental().SetInterceptorCreators(wlc::metrics::RpcMetricsInterceptors(&m));
//
// `metrics` must outlive the server. A call that ends without a status (cancelled before the
// handler answered) is counted as CANCELLED.
#pragma once

#include <memory>
#include <vector>

#include "grpcpp/support/server_interceptor.h"
#include "observability/metrics.h"

namespace wlc::service::metrics {

// The service's own health registry lives below the faces (observability/metrics.h).
using ::wlc::metrics::ServiceMetrics;

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
RpcMetricsInterceptors(ServiceMetrics* metrics);

}  // namespace wlc::service::metrics
