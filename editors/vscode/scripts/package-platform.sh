#!/usr/bin/env bash
# Builds the platform-specific extension package that carries the server:
#
#   editors/vscode/scripts/package-platform.sh VSCODE_TARGET SERVER_BINARY [OUT.vsix]
#
# VSCODE_TARGET is one of vsce's targets (linux-x64, linux-arm64, alpine-x64, alpine-arm64,
# darwin-x64, darwin-arm64, win32-x64); SERVER_BINARY the glossary-ls built for it (a release
# archive's binary). The binary goes to server/glossary-ls (.exe on Windows), where the extension looks
# first when `glossary-ls.path` is empty. Default output: glossary-ls-VSCODE_TARGET.vsix here.
# Needs `npm ci` done in editors/vscode.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
target="$1"
binary="$2"
vscode_dir="$(cd "$(dirname "$0")/.." && pwd)"
out="${3:-$vscode_dir/glossary-ls-$target.vsix}"
[ -f "$binary" ] || { echo "error: no server binary at $binary" >&2; exit 2; }
name=glossary-ls
case "$target" in win32-*) name=glossary-ls.exe ;; esac

cd "$vscode_dir"
rm -rf server
trap 'rm -rf "$vscode_dir/server"' EXIT
mkdir server
cp "$binary" "server/$name"
chmod 755 "server/$name"
npx vsce package --no-dependencies --target "$target" --out "$out"
