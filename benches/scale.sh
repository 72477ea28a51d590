#!/usr/bin/env bash
# `check` at the scale of a documentation repository, and from a cold start (issue #18).
#
# Generates a tree of about 10,000 Markdown files (about 75 MB) from the real documents of the corpora
# (into a temporary folder, never into the repository), then measures side by side in one run:
#
#   1. `glossary-ls check --no-config --format json TREE`: wall time and peak memory (/usr/bin/time -v);
#   2. `rg -c -i -w -F -f TERMS TREE`, TERMS being the glossary's names as the binary exports them:
#      the floor of a plain word search over the same files;
#   3. the floor (benches/floor.rs, unless SCALE_NO_FLOOR is set): reading the files, + parsing them,
#      + the term automaton's scan, and the engine without the report, each as a process of its own
#      and measured as `check` is: each stage's ratio to rg says whether "2× faster than rg" is
#      within what the stack itself costs;
#   4. `glossary-ls check --no-config` of one 20 KB file, as a whole process (hyperfine when it is
#      installed, else the median of a loop);
#   5. the server's first diagnostics after `didOpen` of a 20 KB document is in the lsp_latency bench
#      (`cargo bench --bench lsp_latency`), which this script runs last unless SCALE_NO_LSP is set.
#
# Usage: GLOSSARY_LS_CORPUS=../shared/corpus GLOSSARY_LS_CORPUS_DEV=../shared/corpus-dev \
#          bash benches/scale.sh [BINARY]
# BINARY defaults to the release build ($CARGO_TARGET_DIR or target)/release/glossary-ls, which the
# script builds first. SCALE_TREE=DIR keeps (and reuses) the generated tree there; SCALE_RUNS=N runs
# each tree command N times (default 3) and reports the best time and the largest peak memory.
# Method: docs/performance.md.
set -euo pipefail

corpus=${GLOSSARY_LS_CORPUS:-}
corpus_dev=${GLOSSARY_LS_CORPUS_DEV:-}
if [[ -z $corpus || ! -d $corpus || -z $corpus_dev || ! -d $corpus_dev ]]; then
    echo "scale: set GLOSSARY_LS_CORPUS and GLOSSARY_LS_CORPUS_DEV to the corpora's folders" >&2
    exit 2
fi
for tool in rg /usr/bin/time; do
    if ! command -v "$tool" >/dev/null; then
        echo "scale: needs $tool (apt-get install ripgrep time; hyperfine is optional)" >&2
        exit 2
    fi
done
here=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$here/target}
binary=${1:-}
if [[ -z $binary ]]; then
    (cd "$here" && cargo build --release --locked --quiet)
    binary=$target/release/glossary-ls
fi
runs=${SCALE_RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree=${SCALE_TREE:-$work/tree}

# The tree: every Markdown file of both corpora, cut at blank lines outside code fences into pieces
# of about 8 KB (the size of a typical docs page), the set of pieces copied into numbered folders
# until there are 10,000 files.
if [[ ! -d $tree ]]; then
    pieces=$work/pieces
    mkdir -p "$pieces"
    find "$corpus" "$corpus_dev" -name '*.md' -type f | LC_ALL=C sort | while read -r file; do
        name=$(basename "$file" .md)
        awk -v out="$pieces/$name" '
            BEGIN { n = 0; size = 0; fence = 0 }
            /^[ \t]*(```|~~~)/ { fence = !fence }
            {
                if ($0 == "" && !fence && size >= 8000) { n++; size = 0; next }
                print > (out "-" n ".md"); size += length($0) + 1
            }' "$file"
    done
    count=$(find "$pieces" -type f | wc -l)
    copies=$(((10000 + count - 1) / count))
    made=0
    for ((copy = 0; copy < copies && made < 10000; copy++)); do
        folder=$tree/$(printf 'copy-%03d' "$copy")
        mkdir -p "$folder"
        for piece in "$pieces"/*.md; do
            ((made < 10000)) || break
            cp "$piece" "$folder/"
            made=$((made + 1))
        done
    done
    rm -rf "$pieces"
fi
files=$(find "$tree" -type f -name '*.md' | wc -l)
bytes=$(find "$tree" -type f -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "tree: $files files, $((bytes / 1000000)) MB ($tree)"

# The glossary's names, one a line, for rg -F -f.
terms=$work/terms.txt
"$binary" --no-config glossary --format json | jq -r '.[].name' | sort -u >"$terms"
echo "terms: $(wc -l <"$terms") names"

# Best wall time (s), the CPU time (user + system, s) of that run, and the largest peak memory (MB)
# of `runs` runs of a command, its output discarded. On a shared machine the CPU time is the steadier
# figure: the wall time also counts waiting for the cores.
measure() {
    local best="" cpu="" peak=0 seconds used kb
    for ((run = 0; run < runs; run++)); do
        /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
        seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time")
        used=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time")
        kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
        if [[ -z $best ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$seconds
            cpu=$used
        fi
        ((kb > peak)) && peak=$kb
    done
    echo "$best $cpu $((peak / 1024))"
}

read -r check_s check_cpu check_mb < <(measure "$binary" check --no-config --format json "$tree")
read -r rg_s rg_cpu rg_mb < <(measure rg -c -i -w -F -f "$terms" "$tree")
printf '%-52s %8s %9s %10s\n' command "time" "CPU" "peak mem"
printf '%-52s %7.2fs %8.2fs %7d MB\n' "glossary-ls check --no-config --format json TREE" "$check_s" "$check_cpu" "$check_mb"
printf '%-52s %7.2fs %8.2fs %7d MB\n' "rg -c -i -w -F -f TERMS TREE" "$rg_s" "$rg_cpu" "$rg_mb"
awk -v c="$check_s" -v r="$rg_s" -v cc="$check_cpu" -v rc="$rg_cpu" 'BEGIN { printf "check takes %.2f× the time of rg, %.2f× its CPU time (target ≤ 0.5×); peak memory target < 60 MB\n", c / r, cc / rc }'

# The floor (benches/floor.rs): reading every file, + the Markdown parse, + the term automaton's scan,
# and the whole engine without the report, each on as many threads as `check`, measured as above.
if [[ -z ${SCALE_NO_FLOOR:-} ]]; then
    floor=$(cd "$here" && cargo bench --locked --bench floor --no-run --message-format=json 2>/dev/null |
        jq -r 'select(.target.name == "floor" and .executable != null) | .executable')
    for stage in read parse scan analyze; do
        read -r s cpu mb < <(measure "$floor" "$stage" "$tree")
        printf '%-52s %7.2fs %8.2fs %7d MB\n' "floor: $stage" "$s" "$cpu" "$mb"
        awk -v c="$s" -v r="$rg_s" -v cc="$cpu" -v rc="$rg_cpu" 'BEGIN { printf "  %.2f× the time of rg, %.2f× its CPU time\n", c / r, cc / rc }'
    done
fi

# Cold start: one 20 KB document, the whole process.
small=$corpus/trl-dpo-trainer.md
echo "cold start: check of $(basename "$small") ($(wc -c <"$small") bytes) as a whole process (target < 15 ms)"
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 5 --runs 50 -N --style basic -i "$binary check --no-config $small" 2>&1 | grep -E 'Time|Range'
else
    for ((i = 0; i < 50; i++)); do
        start=$(date +%s%N)
        "$binary" check --no-config "$small" >/dev/null 2>&1 || true
        echo $((($(date +%s%N) - start) / 1000))
    done | sort -n | awk '{ t[NR] = $1 } END { printf "  median %.1f ms over %d runs\n", t[int((NR + 1) / 2)] / 1000, NR }'
fi

if [[ -z ${SCALE_NO_LSP:-} ]]; then
    (cd "$here" && cargo bench --locked --bench lsp_latency -- --quick 2>/dev/null | grep -E 'didOpen|open ')
fi
