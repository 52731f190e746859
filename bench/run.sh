#!/usr/bin/env bash
# Builds what the benchmarks start and runs them on a JDK >= 21: bench/run.sh --size=full [options]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -q -pl bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -jar bench/target/bench.jar "$@"
