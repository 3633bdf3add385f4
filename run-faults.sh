#!/usr/bin/env bash
# Runs the fault suite: starts the system as the local run does (PostgreSQL and Kafka in a JVM of their own, so they
# can be killed too; the three services as processes), and runs each scenario under a steady load of release stories
# whose clients retry with the same Idempotency-Key after a network error, a 5xx or "idempotency-key-in-progress":
# SIGKILL of each service alone and of everything at once, Kafka stopped for 30 s, PostgreSQL stopped for 30 s, and,
# on a second system with two instances of each service, SIGKILL of one instance of each while the other serves on.
# Writes target/faults/report.md and report.json; exits 1 on any lost or duplicated decision, missing or twice-sent
# webhook, refused retry or broken audit log. Needs only Java 17+ (Maven comes through ./mvnw).
#
#   ./run-faults.sh                        every scenario (about 10 minutes on 2 cores, and about 10 more for the -of-2 ones)
#   ./run-faults.sh --quick                the three single-service kills with a shorter load, as in CI
#   ./run-faults.sh --scenarios=kill-governance,kafka-outage
#                                          scenarios: kill-governance kill-audit kill-notifier kill-everything
#                                                     kafka-outage postgres-outage
#                                                     kill-governance-of-2 kill-audit-of-2 kill-notifier-of-2
#   ./run-faults.sh --out=DIR              reports (and the run's data and logs, in DIR/data, DIR/data-2 for the
#                                          two-instance system) elsewhere
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the services and the suite (./mvnw -pl fault-suite -am package -DskipTests)"
./mvnw -B -ntp -q -pl fault-suite -am package -DskipTests

export RG_HOME="$PWD"
exec java -Xmx512m -jar fault-suite/target/fault-suite-0.1.0-SNAPSHOT-exec.jar "$@"
