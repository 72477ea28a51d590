//! Loading the built-in glossary sits on the start-up path of every command and of the server, and is
//! repeated on every config reload. This measures it from the embedded text, without the process-wide
//! cache, and the merged `Glossary` (index included) that commands build from it.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use glossary_ls::glossary::builtin::{self, BuiltinSources, GLOSSARY_TOML, SUPPLEMENT_TOML};
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
}

criterion_group!(benches, load);
criterion_main!(benches);
