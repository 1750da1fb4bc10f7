#!/usr/bin/env bash
# The demo's steps, run by `wayli-migrate sandbox`, which sets DATABASE_URL to a fresh local database.
# $1: the wayli-migrate executable.
set -euo pipefail
cli="$1"
dir=examples/supabase/migrations

# Bold only on a terminal, and never when NO_COLOR is set.
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
step() { printf '\n%s$ wayli-migrate %s%s\n' "$bold" "$*" "$plain"; "$cli" "$@"; }

step bootstrap --create-roles
step migrate --dir "$dir"
step status --dir "$dir"
step migrate --dir "$dir"
step validate --dir "$dir"
