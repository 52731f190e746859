#!/usr/bin/env bash
# Lints the checked-in OpenAPI document with Spectral's OpenAPI ruleset and the project's stricter rules
# (scripts/openapi-ruleset.yaml). Needs npm (npx fetches @stoplight/spectral-cli on first use); not part of `verify`.
# Export the document from the gateway first when the API changed (see README, "The Java client").
set -euo pipefail
cd "$(dirname "$0")/.."
SPEC=${1:-client/src/main/openapi/agent-platform.json}
SPECTRAL_VERSION=${SPECTRAL_VERSION:-6.16.3}
if ! command -v npx >/dev/null; then
  echo "npx not found: install Node.js and npm (Debian: apt-get install npm) to lint the OpenAPI document." >&2
  exit 2
fi
# Warnings fail too: the document is meant to be clean, not just valid.
exec npx --yes "@stoplight/spectral-cli@$SPECTRAL_VERSION" lint --ruleset scripts/openapi-ruleset.yaml \
  --fail-severity warn "$SPEC"
