#!/usr/bin/env bash
# Every test Tilts has: lint, types, unit, integration on PGlite and on a PostgreSQL server, and the
# browser flows in Debian's Chromium. Installs or starts what it needs; ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
node scripts/check-node.mjs || exit 1

results=$(mktemp -d)
status=0
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "Lint (Biome)"
npx biome check . || status=1

step "Types (tsc --noEmit)"
npx tsc --noEmit -p tsconfig.json && npx tsc --noEmit -p packages/web/tsconfig.json || status=1

step "Unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json" || status=1

step "Integration tests on PGlite (embedded)"
env -u TILTS_TEST_DATABASE_URL npx vitest run --project integration --reporter=default --reporter=json \
  --outputFile="$results/integration-pglite.json" || status=1

step "Integration tests on a PostgreSQL server"
PG_URL="${TILTS_TEST_DATABASE_URL:-postgres://root@127.0.0.1:5432/test}"
if ! bash scripts/ensure-postgres.sh "$PG_URL"; then
  echo "No PostgreSQL server could be reached or started at $PG_URL: the server half of the suite fails."
  status=1
else
  TILTS_TEST_DATABASE_URL="$PG_URL" npx vitest run --project integration --reporter=default --reporter=json \
    --outputFile="$results/integration-postgres.json" || status=1
fi

step "End-to-end in Chromium"
if bash scripts/ensure-chromium.sh && npm run build --silent -w @tilts/web; then
  npx vitest run --project e2e --reporter=default --reporter=json --outputFile="$results/e2e.json" || status=1
else
  echo "Chromium or the web build is missing: the browser tests could not run."
  status=1
fi

step "Summary"
node scripts/summarise-tests.mjs "$results" || status=1
exit $status
