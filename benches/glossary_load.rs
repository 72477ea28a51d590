//! Loading the built-in glossary sits on the start-up path of every command and of the server, and is
//! repeated on every config reload. This measures it from the embedded text, without the process-wide
//! cache, and the merged `Glossary` (index included) that commands build from it; then what the engine
//! builds from it (surface forms and the term automaton), and how each kind of Aho-Corasick automaton
//! trades its build time against its scan of `bench-1mb.md` (with `GLOSSARY_LS_CORPUS`), to choose
//! the matcher's.

use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{criterion_group, criterion_main, Criterion};
use glossary_ls::analysis::matcher::fold;
use glossary_ls::analysis::{Engine, GlossaryIndex};
use glossary_ls::glossary::builtin::{self, BuiltinSources, GLOSSARY_TOML, SUPPLEMENT_TOML};
use glossary_ls::glossary::forms::surface_forms;
use glossary_ls::glossary::load::parse_toml;
use glossary_ls::glossary::Glossary;

fn load(c: &mut Criterion) {
    c.bench_function("parse glossary.toml + supplement.toml", |b| {
        b.iter(|| {
            let core = parse_toml(Path::new("glossary.toml"), GLOSSARY_TOML).map(|e| e.len());
            let extra = parse_toml(Path::new("supplement.toml"), SUPPLEMENT_TOML).map(|e| e.len());
            (core, extra)
        })
    });
    c.bench_function("merge built-in entries into a Glossary", |b| {
        b.iter(|| {
            Glossary::from_entries(builtin::entries(BuiltinSources::default()).cloned()).len()
        })
    });
    let glossary = builtin::glossary(BuiltinSources::default());
    c.bench_function("surface forms of every built-in entry", |b| {
        b.iter(|| {
            glossary
                .entries()
                .iter()
                .map(|e| surface_forms(e).len())
                .sum::<usize>()
        })
    });
    c.bench_function("the engine's index of the built-in glossary", |b| {
        b.iter(|| GlossaryIndex::new(glossary.entries()).acronyms.len())
    });
    automata(c, &glossary);
}

/// Each kind of automaton over the matcher's patterns: its build, and an overlapping scan of
/// bench-1mb.md folded as the matcher searches it.
fn automata(c: &mut Criterion, glossary: &Arc<Glossary>) {
    let engine = Engine::new(Arc::clone(glossary));
    let patterns: Vec<&[u8]> = engine.index().matcher.pattern_texts().collect();
    let text = std::env::var_os("GLOSSARY_LS_CORPUS")
        .and_then(|dir| std::fs::read_to_string(Path::new(&dir).join("bench-1mb.md")).ok())
        .map(|text| fold(&text));
    // (name, kind, dense depth, prefilter); the first is what `AhoCorasick::builder()` does for
    // thousands of patterns.
    let variants = [
        ("contiguous NFA (default)", None, 3, true),
        (
            "contiguous NFA, dense depth 1",
            Some(AhoCorasickKind::ContiguousNFA),
            1,
            true,
        ),
        (
            "contiguous NFA, no prefilter",
            Some(AhoCorasickKind::ContiguousNFA),
            3,
            false,
        ),
        (
            "noncontiguous NFA",
            Some(AhoCorasickKind::NoncontiguousNFA),
            3,
            true,
        ),
        ("DFA", Some(AhoCorasickKind::DFA), 3, true),
    ];
    for (name, kind, dense_depth, prefilter) in variants {
        let build = || {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(kind)
                .dense_depth(dense_depth)
                .prefilter(prefilter)
                .build(&patterns)
                .expect("automaton")
        };
        c.bench_function(&format!("automaton build: {name}"), |b| {
            b.iter(|| build().memory_usage())
        });
        if let Some(text) = &text {
            let automaton = build();
            c.bench_function(&format!("automaton scan of bench-1mb: {name}"), |b| {
                b.iter(|| automaton.find_overlapping_iter(text.as_slice()).count())
            });
        }
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
