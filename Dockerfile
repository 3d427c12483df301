# wlc-licensing: multi-stage build. The builder installs the same Debian packages as CI
# (.ci/packages.txt); the runtime holds only licensingd, licensingctl-to-come and their shared
# libraries, and runs as a non-root user.
FROM debian:12 AS build
COPY .ci/packages.txt /src/.ci/packages.txt
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      $(grep -v '^#' /src/.ci/packages.txt) \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWLC_BUILD_TESTS=OFF \
 && cmake --build /build --target licensingd \
 && strip /build/service/licensingd

FROM debian:12-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libgrpc++1.51 libgrpc29 libprotobuf32 libcurl4 libssl3 \
      libprometheus-cpp-core1.0 libabsl20220623 \
      libcpp-httplib0.11 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home licensing
COPY --from=build /build/service/licensingd /usr/local/bin/licensingd
USER 10001:10001
# gRPC, Prometheus (/metrics, /probe), RESTCONF
EXPOSE 50051 9464 8443
ENTRYPOINT ["/usr/local/bin/licensingd"]
CMD ["--config", "/etc/wlc-licensing/config.json"]
