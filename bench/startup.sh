#!/usr/bin/env bash
# Startup benchmark: the whole process of `wayli-migrate status` on an up-to-date database against
# `psql -c 'select 1'`, alternating in the same run on a throwaway local PostgreSQL (the machine is noisy,
# so only the ratio within one run means anything). Reports medians and their ratio.
#
#   bench/startup.sh [ROUNDS]        (default 30; builds the native binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-30}"
source scripts/lib.sh
ensure_postgres

publish_native artifacts/native || { cat artifacts/native-publish.log >&2; exit 1; }
native="$PWD/artifacts/native/wayli-migrate"
dotnet build src/Wayli.Migrate.Cli -c Release --nologo -v q >/dev/null
jit="$PWD/src/Wayli.Migrate.Cli/bin/Release/net10.0/wayli-migrate"

exec "$native" sandbox -- bash bench/startup-rounds.sh "$native" "$jit" "$rounds"
