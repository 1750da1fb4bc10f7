#!/usr/bin/env bash
# The rounds of bench/startup.sh, run inside `wayli-migrate sandbox` (DATABASE_URL points at a fresh database).
# $1 native binary, $2 JIT build, $3 rounds.
set -euo pipefail
native="$1" jit="$2" rounds="$3"
dir=examples/supabase/migrations
"$native" migrate --dir "$dir" --create-roles >/dev/null 2>&1

# Milliseconds of one whole process, from fork to exit.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# psql's own client, not Debian's Perl wrapper on PATH, which adds about 20 ms to every start.
psql_bin=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)
if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/psql" ]; then psql_bin="$PG_BIN/psql"; fi
[ -n "$psql_bin" ] || psql_bin=$(command -v psql)

psql_times=() native_times=() jit_times=()
for _ in $(seq "$rounds"); do
  psql_times+=("$(time_ms "$psql_bin" "$DATABASE_URL" -X -q -c 'select 1')")
  native_times+=("$(time_ms "$native" status --dir "$dir")")
  jit_times+=("$(time_ms "$jit" status --dir "$dir")")
done

p=$(printf '%s\n' "${psql_times[@]}" | median)
n=$(printf '%s\n' "${native_times[@]}" | median)
j=$(printf '%s\n' "${jit_times[@]}" | median)
awk -v p="$p" -v n="$n" -v j="$j" -v r="$rounds" 'BEGIN {
  printf "startup, medians of %d rounds (microseconds):\n", r
  printf "  psql -c \"select 1\"          %8d\n", p
  printf "  wayli-migrate status native %8d   %.2fx psql\n", n, n / p
  printf "  wayli-migrate status JIT    %8d   %.2fx psql\n", j, j / p
}'
