#!/bin/sh
# Installs wayli-migrate: the release archive for this machine, checked against the release's SHA256SUMS before
# anything is unpacked.
#
#   ./install.sh --build [--to DIR]                  build from this clone, then install that build the same way
#   ./install.sh --from RELEASE [--to DIR] [--version V]
#
#   RELEASE   where a release's files are: a folder, a file:// URL or an https:// URL holding SHA256SUMS and
#             wayli-migrate-VERSION-RID.tar.gz (RID: linux-x64, linux-musl-x64, linux-arm64, osx-arm64, osx-x64);
#             also read from WAYLI_MIGRATE_RELEASE
#   --to DIR  where the program goes (default ~/.local/bin)
#   --version the version to pick when RELEASE holds several
#
# Exit codes: 0 installed; 1 refused or failed (an archive whose SHA-256 is not the one SHA256SUMS lists, a platform
# the release has no archive for, a download that failed); 2 usage. Nothing is installed unless every check passed.
set -eu

usage() { sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }
die() { echo "install.sh: $*" >&2; exit 1; }

from="${WAYLI_MIGRATE_RELEASE:-}" to="${HOME:-/root}/.local/bin" version="" build=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || usage; from="$2"; shift 2 ;;
    --to) [ $# -ge 2 ] || usage; to="$2"; shift 2 ;;
    --version) [ $# -ge 2 ] || usage; version="$2"; shift 2 ;;
    --build) build=1; shift ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

# This machine's runtime identifier, as the release names its archives.
rid() {
  case "$(uname -s)" in
    Linux) os=linux
      # Alpine and other musl systems need the musl build.
      if (ldd --version 2>&1 || true) | grep -qi musl; then os=linux-musl; fi ;;
    Darwin) os=osx ;;
    *) die "no release for $(uname -s): build from source (see docs/install.md)" ;;
  esac
  case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) die "no release for the $(uname -m) processor: build from source (see docs/install.md)" ;;
  esac
  echo "$os-$arch"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# Copies the release file $1 into $2, from a folder, file:// or https://.
fetch() {
  case "$from" in
    http://*) die "refusing a release over plain http ($from): use https" ;;
    https://*)
      if command -v curl >/dev/null 2>&1; then curl -fsSL --proto '=https' -o "$2" "$from/$1" || die "could not download $from/$1"
      else wget -q -O "$2" "$from/$1" || die "could not download $from/$1"; fi ;;
    file://*) cp "${from#file://}/$1" "$2" 2>/dev/null || die "no $1 in ${from#file://}" ;;
    *) cp "$from/$1" "$2" 2>/dev/null || die "no $1 in $from" ;;
  esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

if [ -n "$build" ]; then
  [ -z "$from" ] || die "--build and --from are two ways to install: choose one"
  here=$(cd "$(dirname "$0")" && pwd)
  "$here/scripts/release.sh" "$work/release" >&2 || die "the build failed (scripts/release.sh)"
  from="$work/release"
fi
[ -n "$from" ] || die "say where the release is: --from FOLDER|URL (or --build, in a clone); see docs/install.md"

platform=$(rid)
fetch SHA256SUMS "$work/SHA256SUMS"
# Lines are "<64 hex>  <file name>"; the archives of this platform, of the asked version if one was given.
candidates=$(awk -v rid="$platform" -v version="$version" '
  $2 ~ ("^wayli-migrate-.*-" rid "\\.tar\\.gz$") && (version == "" || $2 == ("wayli-migrate-" version "-" rid ".tar.gz")) { print $2 }' \
  "$work/SHA256SUMS")
count=$(printf '%s' "$candidates" | grep -c . || true)
[ "$count" -ge 1 ] || die "the release has no archive for $platform${version:+ version $version} (SHA256SUMS lists none)"
[ "$count" -eq 1 ] || die "the release has several versions for $platform: choose one with --version"
archive=$candidates
expected=$(awk -v name="$archive" '$2 == name { print $1 }' "$work/SHA256SUMS")
fetch "$archive" "$work/$archive"
actual=$(sha256 "$work/$archive")
[ "$actual" = "$expected" ] ||
  die "$archive has the SHA-256 $actual, not the $expected that SHA256SUMS lists: refused, nothing was installed"

mkdir -p "$work/unpacked"
tar -xzf "$work/$archive" -C "$work/unpacked" wayli-migrate || die "$archive does not hold wayli-migrate"
"$work/unpacked/wayli-migrate" --version >/dev/null 2>&1 || die "the wayli-migrate in $archive does not run on this machine"
mkdir -p "$to"
# Replace atomically: a deploy running the old binary keeps it until it exits.
cp "$work/unpacked/wayli-migrate" "$to/.wayli-migrate.new"
chmod 755 "$to/.wayli-migrate.new"
mv -f "$to/.wayli-migrate.new" "$to/wayli-migrate"
echo "installed $("$to/wayli-migrate" --version) ($archive, SHA-256 checked) as $to/wayli-migrate"
case ":${PATH:-}:" in
  *":$to:"*) ;;
  *) echo "note: $to is not on your PATH; add it, e.g. export PATH=\"$to:\$PATH\"" ;;
esac
