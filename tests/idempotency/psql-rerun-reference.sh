#!/usr/bin/env bash
# psql-rerun-reference.sh CORPORA_DIR OUT_TSV
#
# Builds, from psql's own results, the reference list of migration files that fail when the same file is
# applied twice in a row. `wayli-migrate test` is checked against this list; nothing in it comes from the tool.
#
# For every corpus folder in CORPORA_DIR (name order) the script creates a fresh database on the server that
# DATABASE_URL points at, runs CORPORA_DIR/<corpus>.before.sql there (when it exists), and then, for each
# *.sql file of the folder in name order:
#   1. applies it once:   psql -X -v ON_ERROR_STOP=1 -q -1 -f FILE
#      and, when that fails, again without -1 (CREATE INDEX CONCURRENTLY, a DO block that COMMITs, … cannot
#      run inside one transaction; the -1 attempt rolled back, so the retry starts from the same state).
#      If both fail the file is recorded as `first-apply-failed` and the rest of that corpus is skipped.
#   2. applies the same file a second time, in the mode that worked, and records `ok` or `fails`.
# A re-run that fails in the -1 mode is rolled back; one that fails outside a transaction may leave part of
# its work behind, as it would for a user. The next file then runs on whatever state that left.
#
# Output, one line per file (no header):  corpus<TAB>file<TAB>ok|fails|first-apply-failed<TAB>message
# where message is the first line of psql's error ("line N: ERROR:  …"), empty for `ok`.
# A per-corpus summary goes to stderr. Corpora run in parallel, one database each; the databases are dropped
# at the end, also on failure or Ctrl-C.
#
# DATABASE_URL must be a postgres:// (or postgresql://) URL whose role may CREATE and DROP DATABASE; the
# databases are created on the same server under the names rerun_<corpus>. Typical use:
#   wayli-migrate sandbox -- bash tests/idempotency/psql-rerun-reference.sh "$WAYLI_CORPORA" artifacts/rerun-reference.tsv
#
# Environment: DATABASE_URL (required); RERUN_FILE_TIMEOUT seconds allowed per psql run (default 600);
# RERUN_JOBS corpora processed at once (default: all).
set -euo pipefail

usage() { echo "usage: DATABASE_URL=postgres://… $0 CORPORA_DIR OUT_TSV" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
corpora_dir=${1%/}
out_tsv=$2
[[ -d $corpora_dir ]] || { echo "$0: $corpora_dir is not a directory" >&2; exit 2; }
[[ -n ${DATABASE_URL:-} ]] || { echo "$0: DATABASE_URL is not set" >&2; exit 2; }
[[ $DATABASE_URL =~ ^postgres(ql)?:// ]] || { echo "$0: DATABASE_URL must be a postgres:// URL" >&2; exit 2; }
command -v psql >/dev/null || { echo "$0: psql is not on PATH" >&2; exit 2; }

file_timeout=${RERUN_FILE_TIMEOUT:-600}
# Notices (e.g. "relation already exists, skipping") are not results; keep psql's output to errors only.
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c client_min_messages=warning"
export PGAPPNAME=psql-rerun-reference

# postgres://user:pw@host:port/dbname?query  →  the same URL naming database $1
url_for() {
    local rest=${DATABASE_URL#*://} scheme=${DATABASE_URL%%://*} query=""
    if [[ $rest == *\?* ]]; then query="?${rest#*\?}"; rest=${rest%%\?*}; fi
    local authority=${rest%%/*}
    printf '%s://%s/%s%s' "$scheme" "$authority" "$1" "$query"
}

admin() { psql -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" "$@"; }

# The database name for a corpus: rerun_ + the name with anything but [a-z0-9_] turned into _.
db_name_for() {
    local name
    name=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9_' '_')
    printf 'rerun_%s' "${name:0:50}"
}

drop_db() { admin -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 || true; }

# First line of psql's error output, without the "psql:/path/to/file.sql:" prefix, tabs flattened.
first_error() {
    local line
    line=$(grep -m1 -E '(ERROR|FATAL|PANIC):' "$1" || true)
    [[ -n $line ]] || line=$(grep -m1 -v '^[[:space:]]*$' "$1" || true)
    [[ -n $line ]] || line="psql exited with status $2 and no message"
    if [[ $line =~ ^psql:.*:([0-9]+):\ (.*)$ ]]; then line="line ${BASH_REMATCH[1]}: ${BASH_REMATCH[2]}"; fi
    printf '%s' "${line//$'\t'/ }"
}

# apply URL FILE ERRFILE [-1]: runs the file once; returns psql's status, error text in ERRFILE.
apply() {
    local url=$1 file=$2 err=$3; shift 3
    timeout --kill-after=10 "$file_timeout" \
        psql -X -q -v ON_ERROR_STOP=1 "$@" -d "$url" -f "$file" >/dev/null 2>"$err"
}

# run_corpus NAME RESULT_TSV SUMMARY_FILE
run_corpus() {
    local corpus=$1 result=$2 summary=$3
    local dir=$corpora_dir/$corpus db url err started files=0 fails=0 outside=0 stopped="" status mode
    db=$(db_name_for "$corpus")
    url=$(url_for "$db")
    err=$(mktemp)
    started=$SECONDS
    : >"$result"

    drop_db "$db"
    admin -c "CREATE DATABASE \"$db\"" >/dev/null
    if [[ -f $corpora_dir/$corpus.before.sql ]]; then
        status=0
        apply "$url" "$corpora_dir/$corpus.before.sql" "$err" || status=$?
        if [[ $status -ne 0 ]]; then
            printf '%s\t%s\tfirst-apply-failed\t%s\n' "$corpus" "$corpus.before.sql" "$(first_error "$err" "$status")" >>"$result"
            printf '%s: before.sql failed, corpus skipped\n' "$corpus" >"$summary"
            drop_db "$db"; rm -f "$err"
            return 0
        fi
    fi

    local file name
    while IFS= read -r file; do
        name=${file##*/}
        files=$((files + 1))
        mode=(-1)
        status=0
        apply "$url" "$file" "$err" -1 || status=$?
        if [[ $status -ne 0 ]]; then
            mode=()
            status=0
            apply "$url" "$file" "$err" || status=$?
            if [[ $status -ne 0 ]]; then
                printf '%s\t%s\tfirst-apply-failed\t%s\n' "$corpus" "$name" "$(first_error "$err" "$status")" >>"$result"
                stopped=$name
                break
            fi
            outside=$((outside + 1))
        fi
        if apply "$url" "$file" "$err" "${mode[@]}"; then
            printf '%s\t%s\tok\t\n' "$corpus" "$name" >>"$result"
        else
            status=$?
            fails=$((fails + 1))
            printf '%s\t%s\tfails\t%s\n' "$corpus" "$name" "$(first_error "$err" "$status")" >>"$result"
        fi
    done < <(find "$dir" -maxdepth 1 -type f -name '*.sql' | LC_ALL=C sort)

    drop_db "$db"
    rm -f "$err"
    {
        printf '%-20s %4d files, %4d fail on re-run, %2d applied outside a transaction, %4ds' \
            "$corpus" "$files" "$fails" "$outside" "$((SECONDS - started))"
        [[ -z $stopped ]] || printf ', STOPPED: first apply of %s failed' "$stopped"
        printf '\n'
    } >"$summary"
}

mapfile -t corpora < <(find "$corpora_dir" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort)
[[ ${#corpora[@]} -gt 0 ]] || { echo "$0: no corpus folders in $corpora_dir" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
    local pid corpus
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for corpus in "${corpora[@]}"; do drop_db "$(db_name_for "$corpus")"; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Roles belong to the whole cluster, and two sets create the same ones (wayli's before.sql and supabase-storage's
# 0002, both check-then-create): run at once, they would race on pg_authid. Creating the roles once beforehand
# makes every such step find them, as it does on a second run, so the sets can run side by side.
admin -c "DO \$\$ DECLARE r text; BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role', 'authenticator'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN EXECUTE format('CREATE ROLE %I NOLOGIN', r); END IF;
  END LOOP; END \$\$;" >/dev/null

jobs_at_once=${RERUN_JOBS:-${#corpora[@]}}
started=$SECONDS
for i in "${!corpora[@]}"; do
    while [[ $(jobs -rp | wc -l) -ge $jobs_at_once ]]; do wait -n || true; done
    run_corpus "${corpora[$i]}" "$work/$i.tsv" "$work/$i.summary" &
    pids+=("$!")
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
pids=()

mkdir -p "$(dirname "$out_tsv")"
: >"$out_tsv.tmp"
for i in "${!corpora[@]}"; do
    [[ -f $work/$i.tsv ]] && cat "$work/$i.tsv" >>"$out_tsv.tmp"
    if [[ -f $work/$i.summary ]]; then cat "$work/$i.summary" >&2
    else printf '%-20s did not finish\n' "${corpora[$i]}" >&2; failed=1; fi
done
mv "$out_tsv.tmp" "$out_tsv"
printf 'total %ds; %d lines in %s\n' "$((SECONDS - started))" "$(wc -l <"$out_tsv")" "$out_tsv" >&2
exit "$failed"
