#!/usr/bin/env bash
# Runs the reliability tests (issue 7: faults, load, hostile input, security) and prints what they measured:
#   test | trials | passed | figures
# then the time each test class took and one line: "N passed, N failed, N skipped".
#
# Knobs (environment, the issue's defaults in brackets):
#   WAYLI_RELIABILITY_PROCESSES [16]  migrators started together per concurrency round
#   WAYLI_RELIABILITY_ROUNDS    [20]  concurrency rounds, each on a fresh database
#   WAYLI_RELIABILITY_KILLS     [50]  SIGKILLs of a running migrate (a fifth of them for the non-transactional set)
#   WAYLI_RELIABILITY_FUZZ  [100000]  lexer fuzzing inputs
#   WAYLI_RELIABILITY_BIG_MB   [200]  size of the huge migration file
#   WAYLI_RELIABILITY_SEED   [random] the seed of every random choice (printed; set it to replay a run)
#   WAYLI_MIGRATE_BINARY     [built]  the native binary the multi-process tests start (published here when unset;
#                                     set WAYLI_RELIABILITY_NATIVE=0 to use 'dotnet wayli-migrate.dll' instead)
#   WAYLI_CORPORA            [unset]  the real-world sets the lexer fuzzer mutates (../shared/corpora)
#
# --write-readme: also replace the README's reliability table (between its reliability-table markers) with this
# run's, naming the commit it ran on, so the figures there are always ones this script measured.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

write_readme=""
for argument in "$@"; do
  case "$argument" in
    --write-readme) write_readme=1 ;;
    *) echo "usage: scripts/reliability.sh [--write-readme]" >&2; exit 2 ;;
  esac
done

ensure_postgres
ensure_python
out=artifacts/reliability
rm -rf "$out"
mkdir -p "$out"
export WAYLI_RELIABILITY_REPORT="$PWD/$out/report.tsv"
: >"$WAYLI_RELIABILITY_REPORT"
export WAYLI_RELIABILITY_SEED="${WAYLI_RELIABILITY_SEED:-$(( (RANDOM << 15 | RANDOM) + 1 ))}"

if [ -z "${WAYLI_MIGRATE_BINARY:-}" ] && [ "${WAYLI_RELIABILITY_NATIVE:-1}" != 0 ]; then
  if publish_native "$out/native"; then
    export WAYLI_MIGRATE_BINARY="$PWD/$out/native/wayli-migrate"
  else
    echo "The native build failed (see $out/native-publish.log): the processes are started with 'dotnet wayli-migrate.dll'." >&2
  fi
fi

# The clusters of this run live in a temporary folder of its own: another test run's clean-up (which removes the
# clusters that appeared under /tmp while it ran) cannot stop them, and ours removes only what this run started.
export TMPDIR
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/wayli-reliability-XXXXXX")"
# PostgreSQL runs as its own user (postgres, when we are root): it must reach its cluster inside this folder.
chmod 755 "$TMPDIR"
trap 'remove_new_clusters ""; rm -rf "$TMPDIR"' EXIT

echo "seed $WAYLI_RELIABILITY_SEED; processes ${WAYLI_RELIABILITY_PROCESSES:-16} x rounds ${WAYLI_RELIABILITY_ROUNDS:-20}," \
  "kills ${WAYLI_RELIABILITY_KILLS:-50}, fuzz ${WAYLI_RELIABILITY_FUZZ:-100000}, big file ${WAYLI_RELIABILITY_BIG_MB:-200} MB;" \
  "migrator: ${WAYLI_MIGRATE_BINARY:-dotnet wayli-migrate.dll}; corpora: ${WAYLI_CORPORA:-none}" >&2

started=$(date +%s)
status=0
dotnet test tests/Wayli.Migrate.Tests --nologo --filter "FullyQualifiedName~Wayli.Migrate.Tests.Reliability" \
  --logger "trx;LogFileName=reliability.trx" --results-directory "$out" >"$out/dotnet-test.log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - started ))

# The table: one row per test, the bad-input catalogue and the accepted inputs each folded into one row.
{
  printf 'test\ttrials\tpassed\tfigures\n'
  awk -F'\t' '
    $1 ~ /^bad input: / { bt++; bp += $3; if ($3 < $2) bf = bf (bf ? "; " : "") substr($1, 12); next }
    $1 ~ /^accepted input: / { at++; ap += $3; if ($3 < $2) af = af (af ? "; " : "") substr($1, 17); next }
    { print }
    END {
      if (bt) printf "bad input catalogue\t%d\t%d\t%s\n", bt, bp, "each: cause named, documented exit code, database and history unchanged" (bf ? "; failing: " bf : "")
      if (at) printf "accepted inputs (by design)\t%d\t%d\t%s\n", at, ap, "BOM, CRLF, mixed endings, empty, comments only, 40-digit version, ..." (af ? "; failing: " af : "")
    }' "$WAYLI_RELIABILITY_REPORT"
} >"$out/summary.tsv"
if command -v column >/dev/null 2>&1; then
  column -t -s $'\t' "$out/summary.tsv"
else
  cat "$out/summary.tsv"
fi

# Time per test class, from the test results.
trx="$out/reliability.trx"
if [ -f "$trx" ]; then
  echo
  echo "time per test class:"
  grep -o '<UnitTestResult [^>]*>' "$trx" \
    | sed -n 's/.*testName="Wayli\.Migrate\.Tests\.Reliability\.\([A-Za-z]*\)\.[^"]*".*duration="\([0-9]*\):\([0-9]*\):\([0-9.]*\)".*/\1 \2 \3 \4/p' \
    | awk '{ t[$1] += $2 * 3600 + $3 * 60 + $4; n[$1]++ } END { for (c in t) printf "  %-32s %4d test(s) %8.1f s\n", c, n[c], t[c] }' | sort
  counts=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { echo "$counts" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  echo
  echo "whole run: ${elapsed} s (seed $WAYLI_RELIABILITY_SEED; details in $out/dotnet-test.log)"
  echo "$(count passed) passed, $(count failed) failed, $(( $(count total) - $(count executed) )) skipped"
else
  echo "No test results were written (the build failed?): see $out/dotnet-test.log" >&2
  exit 1
fi

# The README's table: this run's rows, and what it ran on.
if [ -n "$write_readme" ]; then
  if [ "$status" -ne 0 ]; then
    echo "--write-readme: the run had failures; the README was left as it was." >&2
    exit "$status"
  fi
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " plus uncommitted changes" || true)
  postgres=$("$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/postgres" --version | sed 's/^postgres (PostgreSQL) //')
  python3 - "$out/summary.tsv" README.md "$commit$dirty" "$(date -u +%Y-%m-%d)" "$postgres" "$WAYLI_RELIABILITY_SEED" \
    "${WAYLI_MIGRATE_BINARY:+native binary}" "$(nproc)" <<'PY'
import sys
summary, readme, commit, day, postgres, seed, binary, cores = sys.argv[1:9]
rows = [line.rstrip("\n").split("\t") for line in open(summary, encoding="utf-8")][1:]
cell = lambda text: text.replace("|", "\\|")
table = [f"Measured by `scripts/reliability.sh --write-readme` on commit {commit}, {day}: {cores} cores, PostgreSQL {postgres}, "
         f"{binary or 'dotnet wayli-migrate.dll'}, seed {seed}.", "", "| test | trials | passed | what it measured |", "|---|---:|---:|---|"]
table += [f"| {cell(r[0])} | {r[1]} | {r[2]} | {cell(r[3])} |" for r in rows]
text = open(readme, encoding="utf-8").read()
begin, end = "<!-- reliability-table:begin -->", "<!-- reliability-table:end -->"
if begin not in text or end not in text:
    sys.exit(f"{readme} has no {begin} … {end} block")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(readme, "w", encoding="utf-8").write(head + begin + "\n" + "\n".join(table) + "\n" + end + tail)
print(f"wrote the reliability table into {readme} (commit {commit})", file=sys.stderr)
PY
fi
exit "$status"
