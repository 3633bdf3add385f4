#!/usr/bin/env bash
# Starts the whole release governance system on this machine: an embedded PostgreSQL, an in-process Kafka broker,
# the three services and the web console (http://localhost:8080, printed first), with demo tokens. Needs only
# Java 17+ (Maven comes through ./mvnw). Ctrl-C stops it.
#
#   ./run-local.sh            start (builds what is missing; data kept in .local/ between runs)
#   ./run-local.sh --clean    forget all data first
#   ./run-local.sh --build    rebuild the jars first
#   RG_INSTANCES=2 ./run-local.sh
#                             two instances of each service on the one PostgreSQL and Kafka (1 to 4; default 1, the
#                             run as always): governance 8081 and 8091, audit 8082 and 8092, notifier 8083 and 8093
#                             (each further instance RG_INSTANCE_PORT_STEP, 10, above the previous). Every instance's
#                             PID is printed; one that dies is reported and started again after 5 s while the others
#                             serve on, so `kill -9 <pid>` tries a failover. The console calls the first instances.
#                             What runs on one instance at a time: docs/operations.md.
#
# Ports: CONSOLE_PORT (8080), POSTGRES_PORT (5433), KAFKA_PORT (9092), GOVERNANCE_PORT (8081), AUDIT_PORT (8082),
# NOTIFIER_PORT (8083), WEBHOOK_INBOX_PORT (9999: a webhook receiver for trying subscriptions), RG_SMTP_PORT (3025:
# an SMTP server, GreenMail, that EMAIL subscriptions send to; it keeps mail in memory and copies each message to
# .local/mail). A port in use (further instances' ports included) is named before anything starts.
# Data: RG_DATA_DIR (.local).
# Start-up: each jar is extracted once per build (<module>/target/cds/) and its first clean stop writes a class data
# sharing archive there, which later starts map (about twice as fast); RG_CDS=off starts the jars as they are.
# Bind address: RG_BIND_ADDRESS (127.0.0.1). The services accept the public demo tokens, so by default they listen on
# loopback only, as PostgreSQL and Kafka do (the console too); RG_BIND_ADDRESS=0.0.0.0 lets anyone who reaches this
# machine act as demo-chair.
set -euo pipefail
cd "$(dirname "$0")"

version=0.1.0-SNAPSHOT
jars=(
  "local-run/target/local-run-$version-exec.jar"
  "governance-service/target/governance-service-$version-exec.jar"
  "audit-service/target/audit-service-$version-exec.jar"
  "notifier-service/target/notifier-service-$version-exec.jar"
  "console/target/console-$version-exec.jar"
)

build=false
for arg in "$@"; do
  case "$arg" in
    --clean) echo "Removing ${RG_DATA_DIR:-.local}"; rm -rf "${RG_DATA_DIR:-.local}" ;;
    --build) build=true ;;
    *) echo "unknown option: $arg (use --clean or --build)" >&2; exit 2 ;;
  esac
done
for jar in "${jars[@]}"; do [ -f "$jar" ] || build=true; done

if $build; then
  echo "Building the services (./mvnw -DskipTests package), once; later starts reuse the jars."
  ./mvnw -B -ntp -q -DskipTests package
fi

export RG_HOME="$PWD"
exec java -jar "local-run/target/local-run-$version-exec.jar"
