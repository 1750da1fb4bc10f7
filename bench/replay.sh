#!/usr/bin/env bash
# Replay benchmark: `drift` and `plan --rehearse` on a shared real-world set against `migrate` of the same set on an
# empty database (issue 13's goal: within 2x), on a throwaway PostgreSQL cluster. Only reports: no timing assertion.
#
#   bench/replay.sh [-n ROUNDS] [--binary PATH] [SET]
#
#   SET             a folder name under $WAYLI_SHARED/corpora (default lemmy-0.19, the largest); its .before.sql
#                   is run on every database first, and passed to drift and plan --rehearse as --prepare
#   -n ROUNDS       rounds (default 3), each on fresh databases
#   --binary PATH   the binary under test (default: $WAYLI_MIGRATE_BINARY, else the Release build of the CLI)
#
# Sides, each timed from start to exit: migrate (every file, on an empty database); drift right after it, with the
# default local scratch server (its own initdb) and with --scratch-url on the same server; plan --rehearse of the
# last 20 files (the rest applied), local and with --scratch-url; plan --rehearse of every file (nothing applied).
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR/..
source scripts/lib.sh
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$self" >&2; exit 2; }
rounds=3 binary="${WAYLI_MIGRATE_BINARY:-}" set_name=lemmy-0.19
while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || usage; rounds="$2"; shift 2 ;;
    --binary) [ $# -ge 2 ] || usage; binary="$2"; shift 2 ;;
    -h|--help|-*) usage ;;
    *) set_name="$1"; shift ;;
  esac
done
corpus="${WAYLI_SHARED:-$PWD/../shared}/corpora/$set_name"
[ -d "$corpus" ] || { echo "no set at $corpus (set WAYLI_SHARED)" >&2; exit 2; }
if [ -z "$binary" ]; then
  dotnet build -c Release src/Wayli.Migrate.Cli -v q >&2
  binary=src/Wayli.Migrate.Cli/bin/Release/net10.0/wayli-migrate
fi
ensure_postgres
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wayli-replay.XXXXXX"); chmod 755 "$tmp"
trap 'as_postgres "$pg_bin/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
[ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres "$pg_bin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$tmp" start >/dev/null
server="postgresql://postgres@127.0.0.1:$port"
admin() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }
fresh() { admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; psql -X -q -v ON_ERROR_STOP=1 -d "$server/$1" -f "$corpus.before.sql" >/dev/null; }
mapfile -t versions < <(find "$corpus" -maxdepth 1 -name '*.sql' -printf '%f\n' | cut -d_ -f1 | sort -u)
cut=${versions[$(( ${#versions[@]} - 21 ))]}
declare -A total=()
timed() { # timed SIDE COMMAND...: adds the seconds to SIDE, fails the run on a non-zero exit
  local side=$1 start end; shift
  start=$(date +%s%N)
  "$@" >"$tmp/out" 2>&1 || { echo "$side failed:" >&2; tail -n 5 "$tmp/out" >&2; exit 1; }
  end=$(date +%s%N)
  total[$side]=$(( ${total[$side]:-0} + (end - start) / 1000000 ))
}
prepare=(--dir "$corpus" --prepare "$corpus.before.sql")
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  fresh bench_all; fresh bench_pending; fresh bench_last
  timed migrate "$binary" migrate --db-url "$server/bench_all" --dir "$corpus"
  timed drift-local "$binary" drift --db-url "$server/bench_all" "${prepare[@]}"
  timed drift-scratch-url "$binary" drift --db-url "$server/bench_all" "${prepare[@]}" --scratch-url "$server/postgres"
  "$binary" migrate --db-url "$server/bench_last" --dir "$corpus" --target "$cut" >/dev/null 2>&1
  timed rehearse-last-20-local "$binary" plan --rehearse --db-url "$server/bench_last" "${prepare[@]}"
  timed rehearse-last-20-scratch-url "$binary" plan --rehearse --db-url "$server/bench_last" "${prepare[@]}" --scratch-url "$server/postgres"
  timed rehearse-all-scratch-url "$binary" plan --rehearse --db-url "$server/bench_pending" "${prepare[@]}" --scratch-url "$server/postgres"
done
echo "| $set_name (${#versions[@]} files), $rounds rounds | mean seconds | ratio to migrate |"
echo "|---|---|---|"
for side in migrate drift-local drift-scratch-url rehearse-last-20-local rehearse-last-20-scratch-url rehearse-all-scratch-url; do
  awk -v s="$side" -v t="${total[$side]}" -v m="${total[migrate]}" -v n="$rounds" 'BEGIN { printf "| %s | %.2f | %.2f |\n", s, t / n / 1000, t / m }'
done
