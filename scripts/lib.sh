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
