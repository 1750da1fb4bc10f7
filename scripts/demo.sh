#!/usr/bin/env bash
# The demo: on a throwaway local PostgreSQL, bootstrap the infrastructure, migrate the example set, show the
# status, and migrate again to show nothing is pending. The cluster is removed afterwards.
# Installs PostgreSQL from Debian's packages if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_postgres
dotnet build src/Wayli.Migrate.Cli -c Release --nologo -v q >/dev/null
cli="$PWD/src/Wayli.Migrate.Cli/bin/Release/net10.0/wayli-migrate"
exec "$cli" sandbox -- bash scripts/demo-steps.sh "$cli"
