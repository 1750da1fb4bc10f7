#!/usr/bin/env bash
# Builds a release folder for this machine's platform, the layout install.sh reads and the release workflow uploads:
#   OUT_DIR/wayli-migrate-VERSION-RID.tar.gz   the NativeAOT binary, alone (no .NET needed to run it)
#   OUT_DIR/SHA256SUMS                         "<sha256>  <file>", one line per archive
#
#   scripts/release.sh OUT_DIR [--binary PATH]
#
#   --binary PATH   package this already built native binary instead of building one (the tests use the one
#                   scripts/test.sh built)
# VERSION is the <Version> of Directory.Build.props; RID is linux-x64 or linux-arm64 here (the workflow builds
# the others on their own runners). Installs a C toolchain from Debian's packages when one is missing (NativeAOT links).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

release_inputs "scripts/release.sh OUT_DIR [--binary PATH]" "$@"

mkdir -p "$out" "$work/stage"
cp "$binary" "$work/stage/wayli-migrate"
archive="wayli-migrate-$version-$rid.tar.gz"
# The same bytes for the same binary: fixed owner, mode and time in the archive, no gzip timestamp.
tar --owner=0 --group=0 --numeric-owner --mode=755 --mtime=@0 -C "$work/stage" -cf - wayli-migrate | gzip -n -9 >"$out/$archive"
(cd "$out" && sha256sum ./*.tar.gz | sed 's|  \./|  |' >SHA256SUMS)
echo "$out/$archive"
