#!/usr/bin/env bash
# Lints the three services' OpenAPI documents with Redocly CLI's recommended rules (redocly.yaml). Each service's
# ApiDocumentTest writes its document to <service>/target/openapi/<service>.json, so run the tests first:
#   ./mvnw -B -ntp verify && ./lint-openapi.sh
# Errors fail the lint; warnings are printed and counted but pass.
set -euo pipefail
cd "$(dirname "$0")"

# Redocly CLI 2.x needs Node.js 20.19 or later, but Debian 12's nodejs (what .ci/run installs where Node is missing)
# is 18.20; 1.34.20 is the newest release that runs on it whose dependencies the npm registry serves.
REDOCLY_CLI_VERSION=1.34.20

documents=(
  governance-service/target/openapi/governance-service.json
  audit-service/target/openapi/audit-service.json
  notifier-service/target/openapi/notifier-service.json
)
for document in "${documents[@]}"; do
  if [[ ! -f "$document" ]]; then
    echo "lint-openapi: $document is missing; run ./mvnw -B -ntp verify (or the service's ApiDocumentTest) first" >&2
    exit 1
  fi
done
if ! command -v npx >/dev/null 2>&1; then
  echo "lint-openapi: Node.js 18.17 or later with npm is needed (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi

# no usage data leaves the machine, and no notice of newer versions: the version is pinned on purpose
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
npx --yes "@redocly/cli@${REDOCLY_CLI_VERSION}" lint --config redocly.yaml "${documents[@]}"
