#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests against a throwaway PostgreSQL that the tests
# start themselves. Installs PostgreSQL from Debian's packages if it is missing. Ends with one line:
#   N passed, N failed, N skipped
# Set WAYLI_CORPORA to the shared real-world migration sets (../shared/corpora) to include them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_postgres
mkdir -p artifacts
if [ -n "${WAYLI_CORPORA:-}" ]; then
  ensure_postgis
else
  echo "WAYLI_CORPORA is not set: the real-world migration set tests will report themselves skipped." >&2
fi

# PostgreSQL's own parser (libpg_query, from npm) tells where each corpus statement ends; the lexer
# conformance tests compare with it. Without node/npm they report themselves skipped.
if [ -n "${WAYLI_CORPORA:-}" ]; then
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    mkdir -p artifacts
    if (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
      node tests/conformance/pg-boundaries.mjs "$WAYLI_CORPORA" artifacts/pg-boundaries.json
      export WAYLI_PG_BOUNDARIES="$PWD/artifacts/pg-boundaries.json"
    else
      echo "npm ci failed in tests/conformance: the lexer conformance check is skipped." >&2
    fi
  else
    echo "node/npm not found: the lexer conformance check against PostgreSQL's parser is skipped." >&2
  fi
fi

# The native (NativeAOT) binary, for the tests that start it as replicas would. Without a C toolchain the
# publish fails and those tests report themselves skipped.
if dotnet publish src/Wayli.Migrate.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native --nologo -v q >artifacts/native-publish.log 2>&1; then
  export WAYLI_MIGRATE_BINARY="$PWD/artifacts/native/wayli-migrate"
else
  echo "The native build failed (see artifacts/native-publish.log): the native binary tests are skipped." >&2
fi

# psql's own verdict on which corpus files fail when applied twice in a row, for the idempotency evidence tests.
if [ -n "${WAYLI_CORPORA:-}" ] && [ -n "${WAYLI_MIGRATE_BINARY:-}" ]; then
  if "$WAYLI_MIGRATE_BINARY" sandbox -- bash tests/idempotency/psql-rerun-reference.sh "$WAYLI_CORPORA" artifacts/rerun-reference.tsv \
      >artifacts/rerun-reference.log 2>&1; then
    export WAYLI_RERUN_REFERENCE="$PWD/artifacts/rerun-reference.tsv"
  else
    echo "The psql re-run reference could not be built (see artifacts/rerun-reference.log): those tests are skipped." >&2
  fi
fi

results=artifacts/test-results
rm -rf "$results"
before=$(cluster_folders)
trap 'remove_new_clusters "$before"' EXIT

status=0
dotnet test Wayli.Migrate.slnx --nologo -v q --logger "trx;LogFileName=tests.trx" --results-directory "$results" || status=$?

counts=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -n 1 || true)
count() { echo "$counts" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
if [ -z "$counts" ]; then
  echo "0 passed, 0 failed, 0 skipped"
  echo "No test results were written (the build failed?)." >&2
  exit 1
fi
# Skipped tests are counted in total but not in executed.
echo "$(count passed) passed, $(count failed) failed, $(( $(count total) - $(count executed) )) skipped"
exit "$status"
