#!/usr/bin/env bash
# Idempotent installer of each ecosystem's own tool, for the differential tests (test/differential):
# Go (`go mod edit -json`), Cargo (`cargo metadata`), Python's tomllib + packaging, Ruby's Bundler.
# Debian packages, as root (sudo otherwise); a second run only checks that everything is present.
# Outside CI a failed install is a warning (the tests then skip, saying why); in CI (CI set) it fails.
set -uo pipefail

log() { printf '[ecosystem-tools] %s\n' "$*"; }
in_ci() { [ -n "${CI:-}" ] && [ "${CI}" != "false" ] && [ "${CI}" != "0" ]; }

packages=""
command -v go >/dev/null 2>&1 || packages="$packages golang-go"
{ command -v ruby >/dev/null 2>&1 && ruby -rbundler -e 'exit 0' >/dev/null 2>&1; } || packages="$packages ruby-bundler"
python_ok=0
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import tomllib, packaging.requirements' >/dev/null 2>&1; then python_ok=1; break; fi
done
[ "$python_ok" = 1 ] || packages="$packages python3-packaging"
{ command -v cargo >/dev/null 2>&1 || [ -x "${HOME:-/root}/.cargo/bin/cargo" ]; } || packages="$packages cargo"

if [ -z "$packages" ]; then
  log "go, cargo, python3 (tomllib, packaging), ruby (bundler): present"
  exit 0
fi

log "installing$packages via apt"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
apt_log="$(mktemp -t ecosystem-tools-apt.XXXXXX)"
if { $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages; } </dev/null >"$apt_log" 2>&1; then
  log "installed$packages"
  rm -f "$apt_log"
  exit 0
fi
tail -n 20 "$apt_log"
if in_ci; then
  log "ERROR: apt-get failed (full log: $apt_log)"
  exit 1
fi
log "WARNING: apt-get failed (full log: $apt_log); the differential tests for$packages will be skipped"
exit 0
