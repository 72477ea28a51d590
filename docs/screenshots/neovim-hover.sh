#!/usr/bin/env bash
# Renders neovim-hover.png from a real Neovim session: glossary-ls attached through the project's Neovim
# config, in tmux; the screen is captured with its colours (tmux capture-pane -e), turned into HTML by
# aha and photographed by headless Chromium.
#
# Needs: nvim 0.11+, tmux, aha, chromium, fonts-dejavu-core, and target/debug/glossary-ls.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
server="${GLOSSARY_LS_BIN:-$repo/target/debug/glossary-ls}"
work="$(mktemp -d)"
trap 'tmux kill-session -t glossary-shot 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/proj" && git -C "$work/proj" init -q
cat > "$work/proj/notes.md" <<'DOC'
# Notes on GRPO

Group Relative Policy Optimization (GRPO) drops the
critic that PPO keeps.

We tried DPO first. Later, Direct Preference
Optimization (DPO) won on our ZQXV benchmark.
DOC
cat > "$work/init.lua" <<LUA
vim.opt.runtimepath:prepend('$repo/editors/neovim')
vim.o.termguicolors = false
vim.o.number = true
vim.o.linebreak = true
vim.o.signcolumn = 'yes'
vim.o.shortmess = vim.o.shortmess .. 'I'
vim.diagnostic.config({ virtual_text = true, severity_sort = true })
vim.lsp.config('glossary_ls', { cmd = { '$server', 'serve' } })
vim.lsp.enable('glossary_ls')
vim.api.nvim_create_autocmd('LspAttach', { callback = function(ev) vim.lsp.inlay_hint.enable(true, { bufnr = ev.buf }) end })
vim.keymap.set('n', 'K', function() vim.lsp.buf.hover({ border = 'rounded', max_width = 72 }) end)
vim.api.nvim_set_hl(0, 'LspInlayHint', { ctermfg = 245, italic = true })
LUA
tmux new-session -d -s glossary-shot -x 150 -y 22 \
  "cd '$work/proj' && XDG_STATE_HOME='$work/state' XDG_DATA_HOME='$work/data' nvim -n -i NONE -u '$work/init.lua' notes.md"
sleep 3
tmux send-keys -t glossary-shot '6G0fDl' # the cursor on "DPO", used before its definition
sleep 0.5
tmux send-keys -t glossary-shot 'K' # hover
sleep 1.5
tmux capture-pane -t glossary-shot -e -p > "$work/screen.ansi"
# aha does not know the underline-colour sequence (58;2;r;g;b) and would read its numbers as other codes.
sed 's/\x1b\[58;[0-9;]*m//g' "$work/screen.ansi" | aha --black --title "glossary-ls in Neovim" > "$work/screen.html"
python3 - "$work/screen.html" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('<head>', '<head>\n<style>body{margin:0;padding:14px 16px;} pre{margin:0;font-family:"DejaVu Sans Mono",monospace;font-size:15px;line-height:normal;}</style>', 1)
# aha draws black on bright white (the word under the cursor) through a brightness filter that washes the
# text out; show it as the terminal does.
s = s.replace('filter: contrast(70%) brightness(190%);color:dimgray;background-color:white;', 'color:black;background-color:white;')
open(p, 'w').write(s)
PY
timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/chromium" --hide-scrollbars \
  --window-size=1400,440 --screenshot="$here/neovim-hover.png" "file://$work/screen.html" 2>/dev/null
echo "wrote $here/neovim-hover.png"
