#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server), driven by headless Chromium.
#
#   editors/vscode/test/e2e/run.sh [SERVER_BINARY]
#
# The server: the argument, else $GLOSSARY_LS_BIN, else target/debug/glossary-ls (built here if
# missing). The extension: $GLOSSARY_LS_VSIX, else editors/vscode is packaged here (npm ci, compile,
# vsce package). install.sh installs code-server, Node 24, Chromium and playwright-core when missing.
# A path that is not an executable is passed on all the same: the test then shows what VS Code says.
#
# It starts code-server and Chromium, each in a process group of its own, on 127.0.0.1 with a
# throw-away profile, and stops both groups whatever happens. Exit status: 0 when every check passed,
# 1 when a check failed, 2 when the test could not be set up. $E2E_SCREENSHOT: where to write the
# README picture (hover and quick fix).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vscode_dir="$(cd "$here/../.." && pwd)"
repo="$(cd "$vscode_dir/../.." && pwd)"

fail() {
  echo "error: $*" >&2
  exit 2
}

server="${1:-${GLOSSARY_LS_BIN:-}}"
if [ -z "$server" ]; then
  server="$repo/target/debug/glossary-ls"
  [ -x "$server" ] || (cd "$repo" && cargo build --locked --bin glossary-ls)
fi
if [ -x "$server" ] && [ -f "$server" ]; then
  server="$(cd "$(dirname "$server")" && pwd)/$(basename "$server")"
else
  echo "warning: $server is not an executable file; VS Code will not find the server (the checks will fail)" >&2
fi

vsix="${GLOSSARY_LS_VSIX:-}"
if [ -z "$vsix" ]; then
  echo "== packaging the extension"
  (cd "$vscode_dir" && npm ci --no-audit --no-fund --loglevel=error && npm run compile --silent &&
    npx vsce package --out glossary-ls.vsix >/dev/null) || fail "could not package the extension"
  vsix="$vscode_dir/glossary-ls.vsix"
fi
[ -s "$vsix" ] || fail "no extension package at $vsix"
vsix="$(cd "$(dirname "$vsix")" && pwd)/$(basename "$vsix")"

echo "== installing what the test needs"
# shellcheck source=install.sh
source "$here/install.sh"
e2e_install || fail "could not install the test's tools (see above)"

work="$(mktemp -d "${TMPDIR:-/tmp}/glossary-ls-vscode-e2e.XXXXXX")"
cs_pid=""
chromium_pid=""
status=2

stop_group() { # pid name
  local pid="$1" i
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for i in $(seq 50); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "$2 did not stop on SIGTERM; killing its process group" >&2
  kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
  stop_group "$chromium_pid" Chromium
  stop_group "$cs_pid" code-server
  if [ "$status" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "the test's files (logs, screenshots of failures) are kept in $work"
  fi
}
trap 'status=$?; cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work/user-data" "$work/extensions" "$work/workspace" "$work/chromium" "$work/artifacts"
# An empty config file: code-server would otherwise write one to ~/.config/code-server.
: >"$work/code-server.yaml"
code_server=("$E2E_NODE" "$E2E_CODE_SERVER" --config "$work/code-server.yaml"
  --user-data-dir "$work/user-data" --extensions-dir "$work/extensions")

echo "== code-server $("${code_server[@]}" --version | head -1)"
"${code_server[@]}" --install-extension "$vsix" >"$work/install-extension.log" 2>&1 ||
  { cat "$work/install-extension.log"; fail "code-server could not install $vsix"; }
"${code_server[@]}" --list-extensions --show-versions | grep -qx 'glossary-ls.glossary-ls@.*' ||
  fail "the extension is not listed after --install-extension"

# setsid: each in a process group of its own, which cleanup stops as a whole (the extension host and
# the glossary-ls server are in code-server's; Chromium's helpers in Chromium's).
setsid "${code_server[@]}" --auth none --bind-addr 127.0.0.1:0 --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --ignore-last-opened >"$work/code-server.log" 2>&1 &
cs_pid=$!
url=""
for _ in $(seq 300); do
  url="$(sed -n 's|.*HTTP server listening on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$work/code-server.log" | head -1)"
  [ -n "$url" ] && break
  kill -0 "$cs_pid" 2>/dev/null || { cat "$work/code-server.log"; fail "code-server exited"; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/code-server.log"; fail "code-server did not start listening within 30 s"; }
echo "   listening on $url"

# Without these flags Chromium reaches for the network (updates, sync, QUIC), which is closed here.
setsid "$E2E_CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-default-apps --user-data-dir="$work/chromium" --remote-debugging-address=127.0.0.1 \
  --remote-debugging-port=0 about:blank >"$work/chromium.log" 2>&1 &
chromium_pid=$!
cdp_port=""
for _ in $(seq 300); do
  [ -s "$work/chromium/DevToolsActivePort" ] && cdp_port="$(head -1 "$work/chromium/DevToolsActivePort")"
  [ -n "$cdp_port" ] && break
  kill -0 "$chromium_pid" 2>/dev/null || { tail -20 "$work/chromium.log"; fail "Chromium exited"; }
  sleep 0.1
done
[ -n "$cdp_port" ] || { tail -20 "$work/chromium.log"; fail "Chromium did not open its DevTools port within 30 s"; }
echo "== $("$E2E_CHROMIUM" --version 2>/dev/null | head -1) on DevTools port $cdp_port; server $server"

set +e
E2E_URL="$url" E2E_CDP="http://127.0.0.1:$cdp_port" E2E_WORKSPACE="$work/workspace" \
  E2E_USER_DATA="$work/user-data" E2E_SERVER="$server" E2E_CODE_SERVER_PID="$cs_pid" \
  E2E_ARTIFACTS="$work/artifacts" E2E_SCREENSHOT="${E2E_SCREENSHOT:-}" \
  timeout 300 "$E2E_NODE" "$here/e2e.mjs"
result=$?
set -e
if [ "$result" -ne 0 ]; then
  [ "$result" -eq 124 ] && echo "FAIL the test did not finish within 300 s"
  echo "---- code-server log (last 30 lines)"
  tail -30 "$work/code-server.log"
  echo "FAIL: the VS Code end-to-end test failed (exit $result)"
  exit 1
fi
echo "the VS Code end-to-end test passed"
