#!/usr/bin/env bash
# Runs the whole platform on this machine: the embedded stack (Kafka, PostgreSQL, Redis),
# the gateway and two workers, each as its own process. Data stays in .local-data, logs in .local-logs.
# A process that exits unexpectedly is restarted (scripts/supervise.sh). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
. scripts/supervise.sh

GATEWAY_PORT=${GATEWAY_PORT:-8080}
GATEWAY_MANAGEMENT_PORT=${GATEWAY_MANAGEMENT_PORT:-8180}
WORKER_PORTS=(${WORKER_PORTS:-8081 8082})
export PLATFORM_DATA_DIR=${PLATFORM_DATA_DIR:-$PWD/.local-data}
LOG_DIR=${PLATFORM_LOG_DIR:-$PWD/.local-logs}
ADMIN_TOKEN=${PLATFORM_ADMIN_TOKEN:-local-admin-token}
KAFKA_PORT=${PLATFORM_KAFKA_PORT:-19092}
POSTGRES_PORT=${PLATFORM_POSTGRES_PORT:-15432}
REDIS_PORT=${PLATFORM_REDIS_PORT:-16379}
PROMETHEUS_PORT=${PLATFORM_PROMETHEUS_PORT:-9090}
# A real Prometheus joins when the machine has one (Debian: apt-get install prometheus); PLATFORM_PROMETHEUS=off skips it.
WITH_PROMETHEUS=$([ "${PLATFORM_PROMETHEUS:-on}" != off ] && command -v prometheus >/dev/null && echo yes || echo no)
EXTRA_ARGS=()
if [ "$WITH_PROMETHEUS" = yes ]; then
  # Prometheus before 2.43 drops a whole scrape when a histogram's _count carries an exemplar (trace id).
  version=$(prometheus --version 2>&1 | sed -n 's/.*version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p' | head -1)
  read -r major minor <<<"${version:-0 0}"
  if [ "$major" -lt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -lt 43 ]; }; then
    EXTRA_ARGS+=("--management.tracing.exemplars.include=none")
  fi
fi
export PLATFORM_KAFKA_PORT=$KAFKA_PORT PLATFORM_POSTGRES_PORT=$POSTGRES_PORT PLATFORM_REDIS_PORT=$REDIS_PORT
mkdir -p "$PLATFORM_DATA_DIR" "$LOG_DIR"
# Tool secrets (Authorization headers…) are encrypted with a key every process shares. Unless one is given, the local
# run makes one on first start and keeps it with the data, so secrets stored earlier stay readable after a restart.
if [ -z "${PLATFORM_SECRETS_KEY:-}" ]; then
  SECRETS_KEY_FILE="$PLATFORM_DATA_DIR/secrets.key"
  if [ ! -s "$SECRETS_KEY_FILE" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$SECRETS_KEY_FILE")
    echo "Made a local secrets key in $SECRETS_KEY_FILE (set PLATFORM_SECRETS_KEY to use your own)."
  fi
  PLATFORM_SECRETS_KEY=$(cat "$SECRETS_KEY_FILE")
fi
export PLATFORM_SECRETS_KEY

jar_of() { ls "$1"/target/"$1"-*-exec.jar 2>/dev/null | head -1; }

needs_build() {
  local module jar
  for module in infra api-gateway execution-worker; do
    jar=$(jar_of "$module")
    [ -n "$jar" ] || return 0
    if [ -n "$(find common "$module" pom.xml -newer "$jar" \( -name '*.java' -o -name '*.xml' -o -name '*.yml' -o -name '*.sql' \) -not -path '*/target/*' -print -quit)" ]; then
      return 0
    fi
  done
  return 1
}

if needs_build; then
  echo "Building (first run or sources changed)…"
  # (Maven on a new JDK warns about sun.misc.Unsafe in its own libraries: harmless, so hidden.)
  ./mvnw --batch-mode --no-transfer-progress --quiet -Dmaven.test.skip=true package 2>&1 \
    | grep -v -e 'sun.misc.Unsafe' -e 'terminally deprecated method' -e 'Please consider reporting' || true
  [ -n "$(jar_of api-gateway)" ] || { echo "The build failed." >&2; exit 1; }
fi

cleanup() {
  trap - EXIT
  # A second Ctrl-C while stopping does not leave processes behind: it kills what still runs.
  trap 'STOP_TIMEOUT=0' INT TERM
  echo
  echo "Stopping…"
  stop_supervised
  echo "Stopped. Data is kept in $PLATFORM_DATA_DIR."
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name, seconds, command…
  local name=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "$name did not come up within ${seconds}s; see $LOG_DIR." >&2
      exit 1
    fi
    sleep 0.5
  done
}

PORTS=("$GATEWAY_PORT" "$GATEWAY_MANAGEMENT_PORT" "${WORKER_PORTS[@]}" "$KAFKA_PORT" "$POSTGRES_PORT" "$REDIS_PORT")
[ "$WITH_PROMETHEUS" = yes ] && PORTS+=("$PROMETHEUS_PORT")
for port in "${PORTS[@]}"; do
  if port_open "$port"; then
    echo "Port $port is already in use: is the platform already running?" >&2
    exit 1
  fi
done

JVM_OPTS=(-XX:+UseSerialGC -Xss512k)
echo "Starting the embedded stack (Kafka, PostgreSQL, Redis)…"
supervised_start stack java "${JVM_OPTS[@]}" -Xmx768m -jar "$(jar_of infra)"
wait_for "The embedded stack" 120 grep -qs "EMBEDDED STACK READY" "$LOG_DIR/stack.log"

COMMON_ARGS=(
  "--spring.datasource.url=jdbc:postgresql://localhost:$POSTGRES_PORT/agentplatform"
  "--spring.kafka.bootstrap-servers=localhost:$KAFKA_PORT"
  "--platform.gateway.redis.host=localhost" "--platform.gateway.redis.port=$REDIS_PORT"
  "--platform.worker.tokens.redis-host=localhost" "--platform.worker.tokens.redis-port=$REDIS_PORT"
  ${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"}
)

echo "Starting the gateway and ${#WORKER_PORTS[@]} workers…"
supervised_start gateway java "${JVM_OPTS[@]}" -Xmx512m -jar "$(jar_of api-gateway)" "${COMMON_ARGS[@]}" \
  "--server.port=$GATEWAY_PORT" "--management.server.port=$GATEWAY_MANAGEMENT_PORT" \
  "--platform.gateway.local-mode=true" "--platform.gateway.admin-token=$ADMIN_TOKEN"
n=0
for port in "${WORKER_PORTS[@]}"; do
  n=$((n + 1))
  supervised_start "worker-$n" java "${JVM_OPTS[@]}" -Xmx512m -jar "$(jar_of execution-worker)" "${COMMON_ARGS[@]}" \
    "--server.port=$port" "--platform.worker.id=local-worker-$n" \
    "--platform.worker.webhooks.allow-list=127.0.0.1/32,::1"
done

ready() { grep -qs "Started .*Application" "$1"; }
wait_for "The gateway" 120 ready "$LOG_DIR/gateway.log"
n=0
for port in "${WORKER_PORTS[@]}"; do
  n=$((n + 1))
  wait_for "Worker $n" 120 ready "$LOG_DIR/worker-$n.log"
done
wait_for "The demo tenants" 30 grep -qs "Local mode: demo tenants" "$LOG_DIR/gateway.log"

PROMETHEUS_LINE="Prometheus   not started (install the 'prometheus' package to get one with the alert rules)"
if [ "$WITH_PROMETHEUS" = yes ]; then
  mkdir -p "$PLATFORM_DATA_DIR/prometheus"
  worker_targets=$(printf '"localhost:%s", ' "${WORKER_PORTS[@]}")
  cat >"$PLATFORM_DATA_DIR/prometheus/prometheus.yml" <<PROMETHEUS
# Written by run-local.sh: the shipped alert rules, scraping the local services.
global: {scrape_interval: 5s, evaluation_interval: 5s}
rule_files: ["$PWD/infra/prometheus/alerts.yml"]
scrape_configs:
  - job_name: api-gateway
    metrics_path: /actuator/prometheus
    static_configs: [{targets: ["localhost:$GATEWAY_MANAGEMENT_PORT"]}]
  - job_name: execution-worker
    metrics_path: /actuator/prometheus
    static_configs: [{targets: [${worker_targets%, }]}]
PROMETHEUS
  supervised_start prometheus prometheus --config.file="$PLATFORM_DATA_DIR/prometheus/prometheus.yml" \
    --storage.tsdb.path="$PLATFORM_DATA_DIR/prometheus/data" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
  wait_for "Prometheus" 60 port_open "$PROMETHEUS_PORT"
  PROMETHEUS_LINE="Prometheus   http://localhost:$PROMETHEUS_PORT   (alerts: http://localhost:$PROMETHEUS_PORT/alerts)"
fi

BASE="http://localhost:$GATEWAY_PORT"
cat <<INFO

Agent Platform is up.
  Gateway      $BASE   (Swagger UI: $BASE/swagger-ui.html)
  Metrics      http://localhost:$GATEWAY_MANAGEMENT_PORT/actuator/prometheus   (the gateway's management port)
  Workers      $(for port in "${WORKER_PORTS[@]}"; do printf 'http://localhost:%s/actuator/health  ' "$port"; done)
  Admin token  $ADMIN_TOKEN
  Demo keys    acme → acme-local-key    globex → globex-local-key
  $PROMETHEUS_LINE
  Logs         $LOG_DIR      Data  $PLATFORM_DATA_DIR

Submit an execution (the offline model asks the calculator tool):
  curl -s -X POST $BASE/v1/executions -H 'Authorization: Bearer acme-local-key' -H 'Content-Type: application/json' \\
       -d '{"agent": {"name": "math", "tools": ["calculator"]}, "input": "What is 17 * 23 + 4?"}'

Follow its status stream (put the id from the answer above in place of ID):
  curl -N $BASE/v1/executions/ID/events -H 'Authorization: Bearer acme-local-key'

A process that exits unexpectedly is restarted; kill -9 "\$(cat $LOG_DIR/worker-1.pid)" to watch it.
Press Ctrl-C to stop everything.
INFO

supervise
