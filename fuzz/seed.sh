#!/usr/bin/env bash
# Builds the fuzzers' seed corpora in fuzz/corpus/<target>/ (git-ignored) from the built-in data files and,
# when given, a folder of real Markdown documents (../shared/corpus on developers' machines and in CI).
# Nothing is copied into the repository: the seeds are rebuilt at every run.
#
#   fuzz/seed.sh [DOCUMENTS_FOLDER]
#
# The first byte of an analyze or glossary_loaders input selects what the rest is (see the targets):
# analyze: modulo 7, 0 = Markdown, 1 = plain text, 2 = MDX, 3 = Quarto, 4 = notebook JSON, 5 = reStructuredText,
# 6 = LaTeX; glossary_loaders: 0 = TOML, 1 = explainer .txt,
# 2 = Markdown abbreviation lines. Documents are cut into pieces of at most 60 000 bytes (at line starts)
# so that they fit the analyze run's -max_len=65536.
set -euo pipefail
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
documents="${1:-}"
corpus="$fuzz_dir/corpus"
mkdir -p "$corpus/analyze" "$corpus/glossary_loaders" "$corpus/config"

# seed TARGET NAME SELECTOR_BYTE_OCTAL FILE: writes the selector byte, then the file.
seed() {
  { printf "\\$3"; cat "$4"; } > "$corpus/$1/$2"
}

# Pieces of at most 60 000 bytes, cut at line starts.
pieces() {
  local file="$1" prefix="$2"
  LC_ALL=C awk -v prefix="$prefix" 'BEGIN { n = 0; size = 0; out = prefix "-" n }
    { len = length($0) + 1
      if (size + len > 60000 && size > 0) { close(out); n++; size = 0; out = prefix "-" n }
      print > out; size += len }' "$file"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

markdown=("$root/README.md" "$root/data/README.md" "$root"/examples/*.md)
if [ -n "$documents" ] && [ -d "$documents" ]; then
  markdown+=("$documents"/*.md)
fi
for file in "${markdown[@]}"; do
  [ -f "$file" ] || continue
  name="$(basename "$file" .md)"
  pieces "$file" "$tmp/$name"
  for piece in "$tmp/$name"-*; do
    seed analyze "md-$(basename "$piece")" 000 "$piece"
    seed analyze "txt-$(basename "$piece")" 001 "$piece"
  done
  rm -f "$tmp/$name"-*
  # Markdown abbreviation lines found in the document, if any, seed the third loader.
  if grep -q '^\*\[' "$file"; then
    grep '^\*\[' "$file" > "$tmp/abbr"
    seed glossary_loaders "abbr-$name" 002 "$tmp/abbr"
  fi
done

for file in "$root"/data/*.toml; do
  seed glossary_loaders "toml-$(basename "$file")" 000 "$file"
done
seed glossary_loaders "explainer-llm-glossary" 001 "$root/data/llm-glossary.txt"
seed analyze "txt-llm-glossary" 001 "$root/data/llm-glossary.txt"
# One small document per format beyond Markdown, with the syntax each reader takes out of the prose.
printf '\002import Tip from "./Tip"\n\n<Tip title={`GRPO`}>\n  Group Relative Policy Optimization (GRPO) {/* x */}\n</Tip>\n\nUse {props.n} PPO.\n' \
  > "$corpus/analyze/mdx-sample"
printf '\003---\ntitle: RAG\n---\n\n::: {.callout-note title="KV"}\nSee @fig-kv and {{< video x >}}.\n:::\n\n```{python}\nLLM = 1\n```\n' \
  > "$corpus/analyze/qmd-sample"
printf '\004{"cells": [{"cell_type": "markdown", "source": ["Caf\\u00e9 \\"LLM\\"\\n", "RLHF"]}, {"cell_type": "code", "source": "PPO"}]}' \
  > "$corpus/analyze/ipynb-sample"
printf '\002*[HBM]: High-Bandwidth Memory\n*[GRPO]: Group Relative Policy Optimization\n' \
  > "$corpus/glossary_loaders/abbr-sample"

cat > "$corpus/config/full" <<'TOML'
glossaries = ["docs/team-glossary.toml", "docs/abbr.md"]
ignore = ["ACME", "TODO"]
inlay-hints = "undefined"
max-file-size = 10485760

[builtin]
explainer = true
supplement = false

[severity]
undefined-acronym = "off"
acronym-not-spelled-out = "error"

[extensions]
markdown = ["md", "markdown", "mdx"]
text = ["txt"]
TOML
printf 'ignore = ["ACME"]\n' > "$corpus/config/small"

# server_messages: editor sessions (JSON Lines) built around the same documents.
if command -v python3 >/dev/null; then
  python3 "$fuzz_dir/seed_sessions.py" "$corpus/server_messages" "${markdown[@]}"
else
  echo "seed.sh: python3 not found; server_messages starts from an empty corpus" >&2
fi
echo "seeds: $(ls "$corpus/analyze" | wc -l) analyze, $(ls "$corpus/glossary_loaders" | wc -l) glossary_loaders, $(ls "$corpus/config" | wc -l) config, $(ls "$corpus/server_messages" 2>/dev/null | wc -l) server_messages"
