#!/usr/bin/env bash
# Builds the npm packages for this machine's platform into OUT_DIR, as tarballs (npm pack):
#   wayli-migrate-VERSION.tgz                 the `wayli-migrate` command (packaging/npm/wayli-migrate.js), with
#                                             every platform's package as an optional dependency
#   wayli-migrate-PLATFORM-VERSION.tgz        @wayli-migrate/PLATFORM (linux-x64 or linux-arm64 here): the native binary
# npm installs only the platform package whose os and cpu fit, so `npm i -D wayli-migrate` then `npx wayli-migrate`
# works in a JavaScript project with no .NET installed. The release workflow builds the other platforms' packages
# on their runners and publishes them all with the same version.
#
#   scripts/package-npm.sh OUT_DIR [--binary PATH]
#
#   --binary PATH   package this native binary instead of building one (the tests use the one scripts/test.sh built)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

command -v npm >/dev/null 2>&1 || { echo "npm is needed to pack the packages" >&2; exit 1; }
release_inputs "scripts/package-npm.sh OUT_DIR [--binary PATH]" "$@"

# The platform package: the binary and a package.json whose os/cpu make npm install it only where it runs.
mkdir -p "$work/platform/bin"
cp "$binary" "$work/platform/bin/wayli-migrate"
chmod 755 "$work/platform/bin/wayli-migrate"
cat >"$work/platform/package.json" <<JSON
{
  "name": "@wayli-migrate/$rid",
  "version": "$version",
  "description": "The wayli-migrate native binary for $rid (installed by the wayli-migrate package).",
  "license": "UNLICENSED",
  "os": ["linux"],
  "cpu": ["$cpu"],
  "libc": ["glibc"],
  "files": ["bin/"],
  "preferUnplugged": true
}
JSON

# The command package: the launcher, and every platform as an optional dependency of the same version.
mkdir -p "$work/main/bin"
cp packaging/npm/wayli-migrate.js "$work/main/bin/wayli-migrate.js"
cp README.md "$work/main/README.md"
cat >"$work/main/package.json" <<JSON
{
  "name": "wayli-migrate",
  "version": "$version",
  "description": "Applies timestamped SQL migrations to PostgreSQL and Supabase, safely, once each.",
  "license": "UNLICENSED",
  "bin": { "wayli-migrate": "bin/wayli-migrate.js" },
  "files": ["bin/", "README.md"],
  "engines": { "node": ">=18" },
  "optionalDependencies": {
    "@wayli-migrate/linux-x64": "$version",
    "@wayli-migrate/linux-arm64": "$version",
    "@wayli-migrate/linux-musl-x64": "$version",
    "@wayli-migrate/darwin-x64": "$version",
    "@wayli-migrate/darwin-arm64": "$version",
    "@wayli-migrate/win32-x64": "$version"
  }
}
JSON

mkdir -p "$out"
out=$(cd "$out" && pwd)
(cd "$work/platform" && npm pack --silent --pack-destination "$out" >/dev/null)
(cd "$work/main" && npm pack --silent --pack-destination "$out" >/dev/null)
ls "$out"/*.tgz
