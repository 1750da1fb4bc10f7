#!/usr/bin/env bash
# Helpers shared by demo.sh, test.sh and .ci/run. Source it; it defines functions only.

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# PostgreSQL's server programs (initdb, pg_ctl) from Debian's packages, installed when missing.
ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PG_BIN:-}" ]; then
    echo "Installing PostgreSQL from Debian's packages..." >&2
    apt_install postgresql postgresql-contrib
  fi
}

# PostGIS, which one of the shared real-world migration sets creates as an extension.
ensure_postgis() {
  if ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
    local major
    major=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    echo "Installing PostGIS for PostgreSQL $major from Debian's packages..." >&2
    apt_install "postgresql-$major-postgis-3"
  fi
}

# python3, which the test scripts use to read test results (and the benchmarks' latency proxy is written in).
ensure_python() {
  command -v python3 >/dev/null 2>&1 || apt_install python3
}

# A C toolchain and zlib's headers, which the native (NativeAOT) build links with.
ensure_native_toolchain() {
  command -v gcc >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || apt_install gcc libc6-dev
  [ -f /usr/include/zlib.h ] || apt_install zlib1g-dev
}

# Throwaway clusters are created under the temporary folder with this prefix (see LocalCluster.FolderPrefix).
cluster_folders() {
  ls -d "${TMPDIR:-/tmp}"/wayli-migrate-pg-* 2>/dev/null || true
}

# Stops and removes clusters that were not there before ($1: the list taken then), in case a run was killed
# before it could clean up after itself.
remove_new_clusters() {
  local before="$1" folder pg_ctl
  for folder in $(cluster_folders); do
    case " $before " in *" $folder "*) continue ;; esac
    if [ -f "$folder/data/postmaster.pid" ]; then
      pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -n 1)
      if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$pg_ctl" stop -D "$folder/data" -m immediate >/dev/null 2>&1 || true
      else
        "$pg_ctl" stop -D "$folder/data" -m immediate >/dev/null 2>&1 || true
      fi
    fi
    rm -rf "$folder"
  done
}

# Publishes the native (NativeAOT) wayli-migrate into folder $1, its log beside it as $1-publish.log. Fails as
# dotnet publish does (no C toolchain, for one), so callers decide what a missing native binary means for them.
publish_native() {
  mkdir -p "$(dirname "$1")"
  dotnet publish src/Wayli.Migrate.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$1" --nologo -v q >"$1-publish.log" 2>&1
}

# What scripts/release.sh and scripts/package-npm.sh share. Reads "OUT_DIR [--binary PATH]" ($1 is the usage line)
# and sets: out, version (the <Version> of Directory.Build.props), cpu and rid (this machine's NativeAOT target),
# work (a temporary folder removed on exit) and binary (the given one, or one built here into $work).
release_inputs() {
  local usage="$1"; shift
  [ $# -ge 1 ] || { echo "usage: $usage" >&2; exit 2; }
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
    x86_64|amd64) cpu=x64 ;;
    aarch64|arm64) cpu=arm64 ;;
    *) echo "no NativeAOT target for $(uname -m)" >&2; exit 1 ;;
  esac
  rid="linux-$cpu"
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # the folder is known now
  trap "rm -rf '$work'" EXIT
  if [ -z "$binary" ]; then
    ensure_native_toolchain
    echo "Building the native wayli-migrate $version for $rid..." >&2
    dotnet publish src/Wayli.Migrate.Cli -c Release -r "$rid" -p:PublishAot=true -o "$work/publish" --nologo -v q >"$work/publish.log" 2>&1 ||
      { tail -n 30 "$work/publish.log" >&2; echo "the native build failed" >&2; exit 1; }
    binary="$work/publish/wayli-migrate"
  fi
  [ -x "$binary" ] || { echo "$binary is not an executable" >&2; exit 1; }
}
