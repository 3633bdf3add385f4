#!/usr/bin/env bash
# Runs the benchmark suite: starts an embedded PostgreSQL, a Kafka broker and the three services (as the local run
# does), runs each scenario after a warm-up beside its raw baseline, and writes target/bench/report.md, report.json
# and one PNG chart per scenario. Needs only Java 17+ (Maven comes through ./mvnw).
#
#   ./run-benchmarks.sh            full suite (under 15 minutes on 2 cores)
#   ./run-benchmarks.sh --quick    smoke run (about 2 minutes), as in CI
#   other options: --rebuild-events=N (scenario 3's topic size), --no-profile (no JFR), --out=DIR
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the services and the harness (./mvnw -pl benchmarks -am package -DskipTests)"
./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests

export RG_HOME="$PWD"
exec java -Xmx512m -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar "$@"
