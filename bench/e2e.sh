#!/usr/bin/env bash
# End-to-end benchmark: the whole `wayli-migrate` process (native binary) against a plain-psql baseline on the
# shared workloads (../shared/bench/gen-workloads.py), on a throwaway PostgreSQL 15 cluster with its default
# durability (fsync=on, synchronous_commit=on). Only reports: there is no timing assertion.
#
#   bench/e2e.sh [-n ROUNDS] [--binary PATH] [--compare PATH] [WORKLOADS]
#
#   WORKLOADS  comma-separated, default w1,w2,w3,s10k
#     w1    1000 small files: `migrate` vs psql-tx (one psql session: per file BEGIN; \i file; history INSERT; COMMIT)
#     w2    the same `migrate` again right after its w1 run (nothing to do) vs one psql query comparing versions
#     w3    100 files of ~40 KB plpgsql: `migrate` vs psql-tx
#     s10k  `status` with 10,000 migrations applied vs with 1,000 (target: ratio < 2), and the `migrate` of
#           10,000 files vs 1,000 (peak RSS target: 10k no more than 1k)
#     w4    w1 through the latency proxy (5 ms each way: a database one region away) vs psql-tx through the same
#           proxy vs `migrate` on loopback; then the nothing-to-do `migrate` through the proxy. The proxy's --count
#           gives each connection's client bursts (about the round trips the client waited for).
#     t50   `migrate --targets` of 50 databases through the proxy (100 small files each, --parallel 4) vs one database
#     tail  300 small files: `migrate` vs psql-tx, for the spread of single runs (run it with -n 20)
#     alt   w1 with every second file marked `-- migrate:no-transaction` (500 pipelines of one file, each followed
#           by a file applied on its own): `migrate` vs psql-tx on w1's files; its peak RSS should be w1's
#   -n ROUNDS        rounds (default 5); each round runs every side of each workload, in an order that turns each
#                    round, each on a fresh database (DROP DATABASE ... WITH (FORCE), CREATE DATABASE, CHECKPOINT: not timed)
#   --binary PATH    the binary under test (default: $WAYLI_MIGRATE_BINARY, else published here with NativeAOT)
#   --compare PATH   another build (the branch point's, say) run beside it on w1, w2, w3, tail and alt, in the same rounds
#
# Environment: WAYLI_SHARED (default <repo>/../shared: the peer harness with bench/gen-workloads.py and
# bench/lib/latency-proxy.py),
# PG_BIN (default /usr/lib/postgresql/15/bin), WAYLI_MIGRATE_BINARY.
#
# Every command is timed from fork to exit by a small python3 timer (os.wait4), which also gives its peak RSS
# (ru_maxrss: the largest single process) and its client CPU (user+sys). A run that exits non-zero or leaves the
# wrong result (table, index, comment, function and history row counts) is reported as failed, never timed.
# The markdown table goes to stdout; progress goes to stderr. The exit code is 1 when any run failed.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
repo=$PWD
# shellcheck source-path=SCRIPTDIR/..
source scripts/lib.sh

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$self" >&2; exit 2; }

rounds=5
workloads=w1,w2,w3,s10k
binary="${WAYLI_MIGRATE_BINARY:-}"
compare=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || usage; rounds="$2"; shift 2 ;;
    --binary) [ $# -ge 2 ] || usage; binary="$2"; shift 2 ;;
    --compare) [ $# -ge 2 ] || usage; compare="$2"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) workloads="$1"; shift ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "-n wants a positive number of rounds, not '$rounds'" >&2; exit 2 ;; esac
want_w1="" want_w2="" want_w3="" want_s10k="" want_w4="" want_t50="" want_tail="" want_alt=""
IFS=, read -r -a selected <<<"$workloads"
for workload in "${selected[@]}"; do
  case "$workload" in
    w1) want_w1=1 ;; w2) want_w2=1 ;; w3) want_w3=1 ;; s10k) want_s10k=1 ;; w4) want_w4=1 ;; t50) want_t50=1 ;; tail) want_tail=1 ;; alt) want_alt=1 ;;
    *) echo "unknown workload '$workload' (choose from w1,w2,w3,s10k,w4,t50,tail,alt)" >&2; exit 2 ;;
  esac
done

shared="${WAYLI_SHARED:-$repo/../shared}"
generator="$shared/bench/gen-workloads.py"
[ -f "$generator" ] || { echo "no workload generator at $generator (set WAYLI_SHARED to the shared folder)" >&2; exit 2; }
proxy_script="$shared/bench/lib/latency-proxy.py"
if [ -n "$want_w4$want_t50" ] && [ ! -f "$proxy_script" ]; then
  echo "no latency proxy at $proxy_script (set WAYLI_SHARED to the shared folder)" >&2
  exit 2
fi
ensure_postgres
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL server programs in $pg_bin (set PG_BIN)" >&2; exit 2; }
# The psql measured is the client program itself: Debian's /usr/bin/psql is a Perl wrapper that picks a version
# first and adds about 20 ms to every start, which a one-query baseline (w2) would count as psql's own time.
psql_bin="$pg_bin/psql"
[ -x "$psql_bin" ] || psql_bin=$(command -v psql) || { echo "no psql beside $pg_bin nor on PATH" >&2; exit 2; }

log() { echo "$*" >&2; }

# initdb and postgres refuse to run as root: use the postgres account then.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wayli-e2e.XXXXXX")
chmod 755 "$tmp" # the postgres account must reach the cluster's folder inside it
pgdir="$tmp/pg"
cluster_started=""
proxy_pid=""
cleanup() {
  if [ -n "$proxy_pid" ]; then
    kill "$proxy_pid" 2>/dev/null || true
  fi
  if [ -n "$cluster_started" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the binary under test -------------------------------------------------------------------------------------
if [ -z "$binary" ]; then
  log "Publishing the native binary (dotnet publish -p:PublishAot=true)..."
  if ! publish_native "$tmp/native"; then
    cat "$tmp/native-publish.log" >&2
    echo "the native build failed; give a binary with --binary or WAYLI_MIGRATE_BINARY" >&2
    exit 1
  fi
  binary="$tmp/native/wayli-migrate"
fi
[ -x "$binary" ] || { echo "the binary under test '$binary' is not an executable file" >&2; exit 2; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
if [ -n "$compare" ]; then
  [ -x "$compare" ] || { echo "the binary to compare with '$compare' is not an executable file" >&2; exit 2; }
  compare=$(cd "$(dirname "$compare")" && pwd)/$(basename "$compare")
fi

# --- workloads ---------------------------------------------------------------------------------------------------
log "Generating the workloads with $generator..."
python3 "$generator" "$tmp/workloads" >&2
# shellcheck disable=SC1091 # written just now: W1_COUNT, W3_COUNT, W3_FUNCS_PER_FILE
source "$tmp/workloads/counts.env"
w1="$tmp/workloads/w1" w3="$tmp/workloads/w3" w1_10k="$tmp/workloads-10k/w1"
if [ -n "$want_s10k" ]; then
  python3 "$generator" "$tmp/workloads-10k" --w1-count 10000 --w3-count 1 >&2
fi
files_in() { find "$1" -maxdepth 1 -name '*.sql' | wc -l; }
# The first N files of w1, for the tail (300) and the many-database run (100 on each).
first_of_w1() {
  mkdir -p "$2"
  find "$w1" -maxdepth 1 -name '*.sql' | sort | sed -n "1,$1p" | xargs cp -t "$2"
}
w1_300="$tmp/workloads/w1-300" w1_100="$tmp/workloads/w1-100"
# w1 with every second file outside a transaction: each pipeline holds one file.
w1_alt="$tmp/workloads/w1-alt"
if [ -n "$want_alt" ]; then
  cp -r "$w1" "$w1_alt"
  find "$w1_alt" -maxdepth 1 -name '*.sql' | sort | sed -n '2~2p' | xargs sed -i '1i -- migrate:no-transaction'
fi
if [ -n "$want_tail" ]; then first_of_w1 300 "$w1_300"; fi
if [ -n "$want_t50" ]; then first_of_w1 100 "$w1_100"; fi

# The psql-tx baseline, written here from the files: driver.sql applies every file in its own transaction with
# its history row (SHA-256 computed beforehand, execution time from clock_timestamp() - now()); pending.sql is
# the nothing-to-do run: one query that counts the local versions missing from the history.
make_psql_baseline() {
  python3 - "$1" <<'PY'
import hashlib, os, sys

folder = sys.argv[1]
files = sorted(f for f in os.listdir(folder) if f.endswith(".sql") and "_" in f)
quote = lambda text: "'" + text.replace("'", "''") + "'"
lines = [
    "\\set ON_ERROR_STOP on",
    "SET client_min_messages = warning;",
    "CREATE TABLE IF NOT EXISTS bench_migrations (version text PRIMARY KEY, name text NOT NULL,"
    " checksum text NOT NULL, execution_ms integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());",
]
versions = []
for name in files:
    path = os.path.join(folder, name)
    version, description = name[: -len(".sql")].split("_", 1)
    versions.append(version)
    with open(path, "rb") as f:
        checksum = hashlib.sha256(f.read()).hexdigest()
    lines += [
        "BEGIN;",
        "\\i " + quote(path),
        "INSERT INTO bench_migrations (version, name, checksum, execution_ms) VALUES ("
        f"{quote(version)}, {quote(description)}, {quote(checksum)},"
        " (1000 * extract(epoch FROM clock_timestamp() - now()))::integer);",
        "COMMIT;",
    ]
root = os.path.dirname(folder.rstrip("/"))
base = os.path.basename(folder.rstrip("/"))
with open(os.path.join(root, base + ".driver.sql"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
with open(os.path.join(root, base + ".pending.sql"), "w", encoding="utf-8") as f:
    f.write("SELECT count(*) FROM unnest('{" + ",".join(versions) + "}'::text[]) AS local(version)"
            " WHERE NOT EXISTS (SELECT FROM bench_migrations h WHERE h.version = local.version);\n")
PY
}
if [ -n "$want_w1$want_w2$want_w4$want_alt" ]; then make_psql_baseline "$w1"; fi
if [ -n "$want_tail" ]; then make_psql_baseline "$w1_300"; fi
if [ -n "$want_w3" ]; then make_psql_baseline "$w3"; fi

# --- the cluster -------------------------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$pgdir"
[ "$(id -u)" -eq 0 ] && chown postgres: "$pgdir"
log "Starting PostgreSQL ($pg_bin) on 127.0.0.1:$port, data in $pgdir/data..."
as_postgres "$pg_bin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log"
as_postgres "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pgdir" start >/dev/null
cluster_started=1
url="postgresql://postgres@127.0.0.1:$port/bench?sslmode=disable"
admin() { PGOPTIONS="-c client_min_messages=warning" "$psql_bin" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }
query() { "$psql_bin" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "$1"; }
settings=$(admin -c "SELECT format('PostgreSQL %s, fsync=%s, synchronous_commit=%s, full_page_writes=%s',
  current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'),
  current_setting('full_page_writes'))")

fresh_database() {
  admin -c "DROP DATABASE IF EXISTS bench WITH (FORCE)" -c "CREATE DATABASE bench" -c "CHECKPOINT"
}

# --- the latency proxy (w4, t50) -----------------------------------------------------------------------------------
# 5 ms each way in front of the cluster; each connection's "client_bursts server_bursts client_bytes" is appended to
# $counts as it closes. proxied URL: the same database through the proxy.
counts="$tmp/proxy-counts.txt"
if [ -n "$want_w4$want_t50" ]; then
  proxy_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 "$proxy_script" "$proxy_port" 127.0.0.1 "$port" 5 --count "$counts" >"$tmp/proxy.log" 2>&1 &
  proxy_pid=$!
  for _ in $(seq 100); do
    python3 -c "import socket, sys; socket.create_connection(('127.0.0.1', $proxy_port), 1)" 2>/dev/null && break
    sleep 0.1
  done
  log "Latency proxy (5 ms each way) on 127.0.0.1:$proxy_port, pid $proxy_pid"
fi
proxied() { echo "${1/127.0.0.1:$port/127.0.0.1:$proxy_port}"; }
# Waits for N connections' lines in $counts (the proxy writes them as the connections close) and appends
# "ROW SIDE ROUND connections busiest_client_bursts busiest_client_bytes total_client_bursts" to rounds.tsv.
record_counts() {
  local row="$1" side="$2" round="$3" want="$4"
  for _ in $(seq 100); do
    [ "$(grep -cv ' 0$' "$counts" 2>/dev/null || echo 0)" -ge "$want" ] && break
    sleep 0.05
  done
  python3 - "$counts" "$row" "$side" "$round" >>"$tmp/round-trips.tsv" <<'PY'
import sys
path, row, side, rnd = sys.argv[1:]
conns = [tuple(map(int, l.split())) for l in open(path) if l.strip() and not l.strip().endswith(" 0")]
busiest = max(conns, key=lambda c: c[2]) if conns else (0, 0, 0)
print(f"{row}\t{side}\t{rnd}\t{len(conns)}\t{busiest[0]}\t{busiest[2]}\t{sum(c[0] for c in conns)}")
PY
  : >"$counts"
}
: >"$tmp/round-trips.tsv"
# The databases of t50: tenant_0 … tenant_49, made afresh each round; their URLs through the proxy.
fresh_tenants() {
  local i
  for i in $(seq 0 49); do
    admin -c "DROP DATABASE IF EXISTS tenant_$i WITH (FORCE)" -c "CREATE DATABASE tenant_$i"
  done
  admin -c "CHECKPOINT"
}
tenant_targets="$tmp/tenants.txt"
if [ -n "$want_t50" ]; then
  for i in $(seq 0 49); do proxied "postgresql://postgres@127.0.0.1:$port/tenant_$i?sslmode=disable"; done >"$tenant_targets"
fi
checkpoint() { admin -c "CHECKPOINT"; }

# --- timing ------------------------------------------------------------------------------------------------------
# Runs a command with its output in a file and prints "milliseconds peak-RSS-KiB client-CPU-ms exit-code".
timer=$(cat <<'PY'
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
null = os.open(os.devnull, os.O_RDONLY)
start = time.perf_counter_ns()
pid = os.fork()
if pid == 0:
    try:
        os.dup2(null, 0); os.dup2(fd, 1); os.dup2(fd, 2)
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter_ns() - start
cpu = (usage.ru_utime + usage.ru_stime) * 1000
print(f"{elapsed / 1e6:.1f} {usage.ru_maxrss} {cpu:.0f} {os.waitstatus_to_exitcode(status)}")
PY
)

results="$tmp/results.tsv"
: >"$results"
failures=0
run_number=0
# timed ROW SIDE ROUND CHECK COMMAND...: times COMMAND, then runs CHECK (a function: exit 0 when the result is
# right, given the output file); records the run in results.tsv only when both succeed.
timed() {
  local row="$1" side="$2" round="$3" check="$4"
  shift 4
  run_number=$((run_number + 1))
  local out="$tmp/run-$run_number.log" ms rss cpu code
  read -r ms rss cpu code < <(python3 -c "$timer" "$out" "$@")
  if [ "$code" -ne 0 ]; then
    log "FAILED $row $side round $round: exit code $code; last lines of its output:"
    tail -n 5 "$out" >&2
    failures=$((failures + 1))
    printf '%s\t%s\t%s\tfailed\t\t\n' "$row" "$side" "$round" >>"$results"
    return 1
  fi
  local verdict
  if ! verdict=$("$check" "$out" 2>&1); then
    log "FAILED $row $side round $round: exit code 0 but the result is wrong: $verdict"
    failures=$((failures + 1))
    printf '%s\t%s\t%s\tfailed\t\t\n' "$row" "$side" "$round" >>"$results"
    return 1
  fi
  log "$(printf '%-13s %-8s round %s: %9.1f ms %6d KiB %6d ms CPU' "$row" "$side" "$round" "$ms" "$rss" "$cpu")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$row" "$side" "$round" "$ms" "$rss" "$cpu" >>"$results"
}

# --- result checks (each gets the command's output file) ---------------------------------------------------------
expect() { # expect WHAT ACTUAL WANTED
  [ "$2" = "$3" ] || { echo "$1: $2, expected $3"; return 1; }
}
schema_w1() { # tables, indexes and comments of the many-small files
  query "SELECT count(*) FILTER (WHERE c.relkind = 'r') || ' ' || count(*) FILTER (WHERE c.relkind = 'i')
    || ' ' || count(obj_description(c.oid, 'pg_class')) FILTER (WHERE c.relkind = 'r')
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relname ~ '^t_[0-9]+(_name_idx)?$'"
}
schema_w3() { # functions and the rows the nested DO blocks insert
  query "SELECT (SELECT count(*) FROM pg_proc WHERE proname ~ '^w3_f_') || ' ' || (SELECT count(*) FROM w3_log)"
}
wayli_history() { query "SELECT count(*) FROM public.database_migrations WHERE success"; }
psql_history() { query "SELECT count(*) FROM bench_migrations"; }
w1_count=0
check_w1_wayli() { expect "tables indexes comments" "$(schema_w1)" "$w1_count $w1_count $w1_count" && expect "history rows" "$(wayli_history)" "$w1_count"; }
check_w1_psql() { expect "tables indexes comments" "$(schema_w1)" "$w1_count $w1_count $w1_count" && expect "history rows" "$(psql_history)" "$w1_count"; }
check_w2_wayli() {
  grep -q "nothing pending" "$1" || { echo "its output does not say 'nothing pending': $(tail -n 1 "$1")"; return 1; }
  expect "history rows" "$(wayli_history)" "$w1_count"
}
check_w2_psql() { expect "versions missing from the history" "$(tr -d '[:space:]' <"$1")" 0; }
check_t50() { grep -q "^50 of 50 database(s) at the wanted state" "$1" || { echo "not every database migrated: $(tail -n 1 "$1")"; return 1; }; }
check_one_tenant() { grep -q "up to date (100 applied)" "$1" || { echo "its output does not say 100 applied: $(tail -n 1 "$1")"; return 1; }; }
check_w3_wayli() { expect "functions, w3_log rows" "$(schema_w3)" "$((W3_COUNT * W3_FUNCS_PER_FILE)) $W3_COUNT" && expect "history rows" "$(wayli_history)" "$W3_COUNT"; }
check_w3_psql() { expect "functions, w3_log rows" "$(schema_w3)" "$((W3_COUNT * W3_FUNCS_PER_FILE)) $W3_COUNT" && expect "history rows" "$(psql_history)" "$W3_COUNT"; }
check_status() {
  local summary="$w1_count applied, 0 pending, 0 failed, 0 drifted, 0 missing, 0 out of order"
  grep -qxF "$summary" "$1" || { echo "its summary is not '$summary': $(tail -n 1 "$1")"; return 1; }
}

# Both sides of a workload, the first one first in odd rounds and second in even rounds.
sides_of_round() { if [ $(($1 % 2)) -eq 1 ]; then echo "$2 $3"; else echo "$3 $2"; fi; }
# Any number of sides, the list turned by one place each round, so each side goes first as often.
turn() {
  local round="$1"
  shift
  local sides=("$@") n=$# i
  for i in $(seq 0 $((n - 1))); do printf '%s ' "${sides[$(((i + round) % n))]}"; done
}
# The wayli builds of a round: the one under test, and the one to compare with (--compare).
builds=(wayli)
if [ -n "$compare" ]; then builds+=(base); fi
binary_of() { if [ "$1" = base ]; then echo "$compare"; else echo "$binary"; fi; }

# One round of a workload that is a single `migrate` per side, each on a fresh database: every build with the folder,
# psql-tx with its driver. Usage: migrate_round ROW ROUND FOLDER CHECK DRIVER (CHECK_wayli and CHECK_psql verify).
migrate_round() {
  local row="$1" round="$2" folder="$3" check="$4" driver="$5" side
  for side in $(turn "$round" "${builds[@]}" psql-tx); do
    fresh_database
    if [ "$side" != psql-tx ]; then
      timed "$row" "$side" "$round" "${check}_wayli" "$(binary_of "$side")" migrate --dir "$folder" --db-url "$url" || true
    else
      timed "$row" psql-tx "$round" "${check}_psql" "$psql_bin" -X -q -v ON_ERROR_STOP=1 -d "$url" -f "$driver" || true
    fi
  done
}

# --- the rounds --------------------------------------------------------------------------------------------------
load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
log "Binary: $binary ($("$binary" --version 2>/dev/null || echo 'version unknown'))"
log "$settings; $rounds round(s) of $workloads; client and server on $(nproc) cores"
for round in $(seq "$rounds"); do
  log "--- round $round of $rounds"
  if [ -n "$want_w1$want_w2" ]; then
    w1_count=$(files_in "$w1")
    for side in $(turn "$round" "${builds[@]}" psql-tx); do
      fresh_database
      if [ "$side" != psql-tx ]; then
        timed w1 "$side" "$round" check_w1_wayli "$(binary_of "$side")" migrate --dir "$w1" --db-url "$url" || continue
        checkpoint
        timed w2 "$side" "$round" check_w2_wayli "$(binary_of "$side")" migrate --dir "$w1" --db-url "$url" || true
      else
        timed w1 psql-tx "$round" check_w1_psql "$psql_bin" -X -q -v ON_ERROR_STOP=1 -d "$url" -f "$w1.driver.sql" || continue
        checkpoint
        timed w2 psql-tx "$round" check_w2_psql "$psql_bin" -X -q -At -v ON_ERROR_STOP=1 -d "$url" -f "$w1.pending.sql" || true
      fi
    done
  fi
  if [ -n "$want_w3" ]; then migrate_round w3 "$round" "$w3" check_w3 "$w3.driver.sql"; fi
  if [ -n "$want_alt" ]; then
    w1_count=$(files_in "$w1")
    # The same statements for psql: the directive is a comment to it.
    migrate_round alt "$round" "$w1_alt" check_w1 "$w1.driver.sql"
  fi
  if [ -n "$want_w4" ]; then
    w1_count=$(files_in "$w1")
    for side in $(turn "$round" wayli psql-tx loopback); do
      fresh_database
      : >"$counts"
      case "$side" in
        wayli)
          timed w4 wayli "$round" check_w1_wayli "$binary" migrate --dir "$w1" --db-url "$(proxied "$url")" || continue
          record_counts w4 wayli "$round" 2
          checkpoint
          timed w4-noop wayli "$round" check_w2_wayli "$binary" migrate --dir "$w1" --db-url "$(proxied "$url")" || true
          record_counts w4-noop wayli "$round" 1 ;;
        psql-tx)
          timed w4 psql-tx "$round" check_w1_psql "$psql_bin" -X -q -v ON_ERROR_STOP=1 -d "$(proxied "$url")" -f "$w1.driver.sql" || continue
          record_counts w4 psql-tx "$round" 1
          checkpoint
          timed w4-noop psql-tx "$round" check_w2_psql "$psql_bin" -X -q -At -v ON_ERROR_STOP=1 -d "$(proxied "$url")" -f "$w1.pending.sql" || true
          record_counts w4-noop psql-tx "$round" 1 ;;
        loopback)
          timed w4 loopback "$round" check_w1_wayli "$binary" migrate --dir "$w1" --db-url "$url" || true ;;
      esac
    done
  fi
  if [ -n "$want_t50" ]; then
    for side in $(sides_of_round "$round" fifty one); do
      fresh_tenants
      if [ "$side" = fifty ]; then
        timed t50 fifty "$round" check_t50 "$binary" migrate --dir "$w1_100" --targets "$tenant_targets" || true
      else
        timed t50 one "$round" check_one_tenant "$binary" migrate --dir "$w1_100" --db-url "$(sed -n 1p "$tenant_targets")" || true
      fi
      : >"$counts"
    done
  fi
  if [ -n "$want_tail" ]; then
    w1_count=300
    migrate_round tail "$round" "$w1_300" check_w1 "$w1_300.driver.sql"
  fi
  if [ -n "$want_s10k" ]; then
    for side in $(sides_of_round "$round" 1k 10k); do
      fresh_database
      folder="$w1"
      if [ "$side" = 10k ]; then folder="$w1_10k"; fi
      w1_count=$(files_in "$folder")
      timed s10k-migrate "$side" "$round" check_w1_wayli "$binary" migrate --dir "$folder" --db-url "$url" || continue
      checkpoint
      timed s10k-status "$side" "$round" check_status "$binary" status --dir "$folder" --db-url "$url" || true
    done
  fi
done
load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)

# --- the report --------------------------------------------------------------------------------------------------
echo "End-to-end, $rounds round(s), $(date -u '+%Y-%m-%d %H:%M UTC'); $settings; $(nproc) cores;" \
  "load average $load_before before, $load_after after; $("$binary" --version 2>/dev/null || echo "$binary")"
echo
python3 - "$results" "$workloads" "$tmp/round-trips.tsv" <<'PY'
import statistics, sys
from collections import defaultdict

path, selected, trips_path = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
runs = defaultdict(dict)   # (row, side) -> round -> (ms, rss_kib, cpu_ms)
failed = defaultdict(int)
for line in open(path, encoding="utf-8"):
    row, side, rnd, ms, rss, cpu = line.rstrip("\n").split("\t")
    if ms == "failed":
        failed[row, side] += 1
    else:
        runs[row, side][rnd] = (float(ms), int(rss), float(cpu))

rows = [
    ("w1", "w1: 1000 small files, `migrate`", "wayli", "psql-tx", "psql-tx"),
    ("w2", "w2: `migrate` again, nothing to do", "wayli", "psql-tx", "psql, one query"),
    ("w3", "w3: 100 × ~40 KB plpgsql, `migrate`", "wayli", "psql-tx", "psql-tx"),
    ("s10k-status", "s10k: `status`, 10,000 applied (target ratio < 2)", "10k", "1k", "`status`, 1,000 applied"),
    ("s10k-migrate", "s10k: `migrate` of 10,000 files (RSS target: ≤ 1k's)", "10k", "1k", "`migrate` of 1,000 files"),
    ("w4", "w4: w1 through the proxy (5 ms each way), `migrate` (goal ≤ 0.1× psql-tx)", "wayli", "psql-tx", "psql-tx through the proxy"),
    ("w4", "w4: w1 through the proxy vs this tool on loopback (goal ≤ 1.3×)", "wayli", "loopback", "`migrate` on loopback"),
    ("w4-noop", "w4: nothing to do, through the proxy", "wayli", "psql-tx", "psql, one query, through the proxy"),
    ("t50", "t50: `--targets` of 50 databases through the proxy (100 files each)", "fifty", "one", "one database through the proxy"),
    ("tail", "tail: 300 small files, `migrate`", "wayli", "psql-tx", "psql-tx"),
    ("alt", "alt: w1, every second file outside a transaction, `migrate`", "wayli", "psql-tx", "psql-tx on w1's files"),
    ("w1", "w1 against the build compared with (--compare)", "wayli", "base", "that build"),
    ("w2", "w2 against the build compared with", "wayli", "base", "that build"),
    ("w3", "w3 against the build compared with", "wayli", "base", "that build"),
    ("tail", "tail against the build compared with", "wayli", "base", "that build"),
    ("alt", "alt against the build compared with", "wayli", "base", "that build"),
]
wanted = {"w1": "w1", "w2": "w2", "w3": "w3", "s10k-status": "s10k", "s10k-migrate": "s10k", "w4": "w4", "w4-noop": "w4",
          "t50": "t50", "tail": "tail", "alt": "alt"}

def median(values):
    return statistics.median(values) if values else None

def fmt(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"

def cell(values, key, scale=1.0, digits=0, fail=0):
    text = fmt(median([v[key] / scale for v in values]) if values else None, digits)
    return text + (f" ({fail} failed)" if fail else "")

print("| workload | wayli-migrate median ms | baseline | baseline median ms | ratio (median of per-round ratios) | wayli peak RSS MB | baseline peak RSS MB |")
print("|---|---:|---|---:|---:|---:|---:|")
spread = []
for row, title, a, b, baseline in rows:
    if wanted[row] not in selected or not (runs[row, a] or failed[row, a]) or not (runs[row, b] or failed[row, b]):
        continue
    ra, rb = runs[row, a], runs[row, b]
    ratios = [ra[r][0] / rb[r][0] for r in ra if r in rb]
    va, vb = list(ra.values()), list(rb.values())
    print(f"| {title} | {cell(va, 0, fail=failed[row, a])} | {baseline} | {cell(vb, 0, fail=failed[row, b])} | "
          f"{fmt(median(ratios), 2)} | {cell(va, 1, 1024, 1)} | {cell(vb, 1, 1024, 1)} |")
    rng = lambda v: f"{min(x[0] for x in v):,.0f}..{max(x[0] for x in v):,.0f}" if v else "–"
    spread.append(f"| {row} ({a} / {b}) | {rng(va)} | {rng(vb)} | {cell(va, 2)} | {cell(vb, 2)} | "
                  f"{', '.join(f'{x:.2f}' for x in ratios) or '–'} |")

print()
print("Spread and client CPU (user+sys of the command's own processes, not the server's):")
print()
print("| row | wayli-migrate min..max ms | baseline min..max ms | wayli CPU ms | baseline CPU ms | per-round ratios |")
print("|---|---:|---:|---:|---:|---|")
print("\n".join(spread))

trips = defaultdict(list)   # (row, side) -> [(connections, busiest bursts, busiest bytes, all bursts)]
for line in open(trips_path, encoding="utf-8"):
    row, side, rnd, conns, bursts, nbytes, total = line.rstrip("\n").split("\t")
    trips[row, side].append((int(conns), int(bursts), int(nbytes), int(total)))
if trips:
    print()
    print("Round trips through the proxy (its --count: client bursts, each about one round trip the client waited for;")
    print("the cluster trusts local connections, so authentication is the startup packet's one burst, and closing adds one):")
    print()
    print("| run | side | connections | client bursts on the busiest (working) connection | its client bytes | client bursts, all connections |")
    print("|---|---|---:|---:|---:|---:|")
    for (row, side), values in sorted(trips.items()):
        span = lambda i: f"{min(v[i] for v in values):,}" + ("" if min(v[i] for v in values) == max(v[i] for v in values) else f"..{max(v[i] for v in values):,}")
        print(f"| {row} | {side} | {span(0)} | {span(1)} | {span(2)} | {span(3)} |")
PY
if [ "$failures" -gt 0 ]; then
  log "$failures run(s) failed (see above): they are left out of the medians."
  exit 1
fi
