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

[ $# -ge 1 ] || { echo "usage: scripts/release.sh OUT_DIR [--binary PATH]" >&2; exit 2; }
out="$1"; shift
binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) [ $# -ge 2 ] || { echo "--binary needs a path" >&2; exit 2; }; binary="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

version=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' Directory.Build.props | head -n 1)
[ -n "$version" ] || { echo "no <Version> in Directory.Build.props" >&2; exit 1; }
case "$(uname -m)" in
  x86_64|amd64) rid=linux-x64 ;;
  aarch64|arm64) rid=linux-arm64 ;;
  *) echo "no NativeAOT target for $(uname -m)" >&2; exit 1 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$binary" ]; then
  ensure_native_toolchain
  echo "Building the native wayli-migrate $version for $rid..." >&2
  dotnet publish src/Wayli.Migrate.Cli -c Release -r "$rid" -p:PublishAot=true -o "$work/publish" --nologo -v q >"$work/publish.log" 2>&1 ||
    { tail -n 30 "$work/publish.log" >&2; echo "the native build failed" >&2; exit 1; }
  binary="$work/publish/wayli-migrate"
fi
[ -x "$binary" ] || { echo "$binary is not an executable" >&2; exit 1; }

mkdir -p "$out" "$work/stage"
cp "$binary" "$work/stage/wayli-migrate"
archive="wayli-migrate-$version-$rid.tar.gz"
# The same bytes for the same binary: fixed owner, mode and time in the archive, no gzip timestamp.
tar --owner=0 --group=0 --numeric-owner --mode=755 --mtime=@0 -C "$work/stage" -cf - wayli-migrate | gzip -n -9 >"$out/$archive"
(cd "$out" && sha256sum ./*.tar.gz | sed 's|  \./|  |' >SHA256SUMS)
echo "$out/$archive"
