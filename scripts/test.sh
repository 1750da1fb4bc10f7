#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests against a throwaway PostgreSQL that the tests
# start themselves. Installs PostgreSQL from Debian's packages if it is missing. Ends with one line:
#   N passed, N failed, N skipped
# Set WAYLI_CORPORA to the shared real-world migration sets (../shared/corpora) to include them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_postgres
if [ -n "${WAYLI_CORPORA:-}" ]; then
  ensure_postgis
else
  echo "WAYLI_CORPORA is not set: the real-world migration set tests will report themselves skipped." >&2
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
