# Blueprint's container image: debian:bookworm-slim, a jlinked Java runtime of only the modules the jar needs
# (40 MB, where Debian's openjdk-17-jre-headless would add about 190 MB), a non-root user, and the example
# blueprints in /blueprints. It packs the distribution Maven builds, so build that first:
#
#   ./mvnw -B -pl deploy -am package -DskipTests
#   docker build -t blueprint .                      # or: podman build --format docker -t blueprint .
#   docker run --rm -p 8080:8080 -p 4195:4195 -v "$PWD/my-blueprints:/blueprints:ro" blueprint run system.yaml
#
# Python workers for Process components (seed 000's model): deploy/python/Dockerfile adds python3 on top.
FROM debian:bookworm-slim

# A fixed numeric id, so that Kubernetes' runAsNonRoot can check it without a name lookup.
RUN groupadd --gid 10001 blueprint \
 && useradd --no-log-init --uid 10001 --gid blueprint --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin blueprint

COPY deploy/target/blueprint/runtime /opt/blueprint/runtime
COPY deploy/target/blueprint/lib /opt/blueprint/lib
COPY deploy/target/blueprint/bin /opt/blueprint/bin
COPY deploy/target/blueprint/LICENSE /opt/blueprint/LICENSE
COPY deploy/target/blueprint/blueprints /blueprints
RUN ln -s /opt/blueprint/bin/blueprint /usr/local/bin/blueprint

# The ops endpoints (/health, /ready, /metrics, the pipeline page) must answer from outside the container; off loopback
# all but /health and /ready want a token (BLUEPRINT_HTTP_TOKEN, else one printed at start), so HEALTHCHECK needs none;
# logs are JSON (Elastic Common Schema) on stderr for log shippers; the heap follows the container's memory limit.
ENV BLUEPRINT_HTTP=0.0.0.0:4195 \
    LOG_FORMAT=json \
    BLUEPRINT_JAVA_OPTS="-XX:MaxRAMPercentage=75"

# Only /tmp needs to be writable (the JVM's perf data, Netty's native library): runs with --read-only.
USER 10001:10001
WORKDIR /blueprints
EXPOSE 4195 8080
# `blueprint probe` asks the ops server's /ready: no curl in the image. (OCI images carry no HEALTHCHECK:
# podman keeps it with --format docker; Kubernetes uses the manifests' probes instead.)
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["blueprint", "probe"]
ENTRYPOINT ["blueprint"]
CMD ["run", "system.yaml"]
