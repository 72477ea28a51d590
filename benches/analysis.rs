//! Analysis speed on real documents, against the floor it cannot beat: one Aho-Corasick scan over the same
//! surface forms plus one pulldown-cmark pass over the same text, measured in the same run so that the
//! ratio holds on a noisy, shared machine.
//!
//! The documents come from `GLOSSARY_LS_CORPUS` (`.ci/run` sets it to `../shared/corpus`); without it
//! the benchmark says so and measures nothing.

use std::path::PathBuf;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use glossary_ls::analysis::{analyze, DocKind, Engine, Settings};
use glossary_ls::config::Config;
use pulldown_cmark::{Options, Parser};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("GLOSSARY_LS_CORPUS")?);
    dir.is_dir().then_some(dir)
}

fn bench(c: &mut Criterion) {
    let Some(dir) = corpus() else {
        eprintln!("analysis benchmarks skipped: GLOSSARY_LS_CORPUS is not set");
        return;
    };
    let engine = match Config::default().glossary().complete() {
        Ok(glossary) => Engine::shared(glossary),
        Err(errors) => panic!("built-in glossary: {errors:?}"),
    };
    let settings = Settings::default();
    let index = engine.index();
    let floor_automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        // Without the spaces the matcher searches each pattern with (its automaton finds only whole
        // words): the floor is a plain scan for the forms.
        .build(index.matcher.pattern_texts().map(<[u8]>::trim_ascii))
        .expect("automaton");

    let mut documents: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCES.md"))
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect();
    documents.sort();

    let mut group = c.benchmark_group("bench-1mb");
    if let Some((_, text)) = documents.iter().find(|(name, _)| name == "bench-1mb") {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("analyze", |b| {
            b.iter(|| analyze(text, DocKind::Markdown, &engine, &settings))
        });
        group.bench_function("floor: aho-corasick scan + pulldown-cmark pass", |b| {
            b.iter(|| {
                let matches = floor_automaton.find_iter(text.as_str()).count();
                let options =
                    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_MATH;
                let events = Parser::new_ext(text, options).into_offset_iter().count();
                (matches, events)
            })
        });
    }
    group.finish();

    formats(c, &engine, &settings);

    let mut group = c.benchmark_group("corpus");
    for (name, text) in documents.iter().filter(|(name, _)| name != "bench-1mb") {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("analyze", name), text, |b, text| {
            b.iter(|| analyze(text, DocKind::Markdown, &engine, &settings))
        });
    }
    group.finish();

    c.bench_function("build the analysis index of the built-in glossary", |b| {
        b.iter(|| {
            glossary_ls::analysis::GlossaryIndex::new(engine.glossary().entries())
                .acronyms
                .len()
        })
    });
}

/// The formats with a reader of their own, on 1 MB made of the development corpus's files of that
/// format (`GLOSSARY_LS_CORPUS_DEV`) repeated: their prose extraction and whole analysis, to compare
/// with the Markdown analysis of `bench-1mb` above (the goal: within 3×).
fn formats(c: &mut Criterion, engine: &Engine, settings: &Settings) {
    let Some(dev) = std::env::var_os("GLOSSARY_LS_CORPUS_DEV").map(PathBuf::from) else {
        eprintln!("format benchmarks skipped: GLOSSARY_LS_CORPUS_DEV is not set");
        return;
    };
    let mut group = c.benchmark_group("formats-1mb");
    for (folder, kind) in [("rst", DocKind::ReStructuredText), ("tex", DocKind::Latex)] {
        let Ok(entries) = std::fs::read_dir(dev.join("formats").join(folder)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        let sample: String = files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect::<Vec<_>>()
            .join("\n\n");
        if sample.is_empty() {
            continue;
        }
        let text = sample.repeat((1 << 20) / sample.len() + 1);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{folder}: prose"), |b| {
            b.iter(|| {
                glossary_ls::analysis::prose::prose(&text, kind)
                    .blocks
                    .len()
            })
        });
        group.bench_function(format!("{folder}: analyze"), |b| {
            b.iter(|| analyze(&text, kind, engine, settings))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
