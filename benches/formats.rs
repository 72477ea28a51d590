//! The readers of the formats beyond Markdown against the Markdown analysis, on 1 MB documents made by
//! repeating the real files of the development corpus (`GLOSSARY_LS_CORPUS_DEV`): each format's
//! prose extraction must stay within 3× the time `analyze` takes on 1 MB of Markdown (issue #16).
//! Without the corpus the benchmark says so and measures nothing.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use glossary_ls::analysis::prose::prose;
use glossary_ls::analysis::{analyze, DocKind, Engine, Settings};
use glossary_ls::config::Config;

const SIZE: usize = 1 << 20;

fn corpus_dev() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("GLOSSARY_LS_CORPUS_DEV")?);
    dir.join("formats").is_dir().then_some(dir)
}

/// The files of `dir` with extension `ext`, concatenated (blank lines between) and repeated to 1 MB.
fn repeated(dir: &Path, ext: &str) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    let one: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8") + "\n\n")
        .collect();
    let mut text = String::with_capacity(SIZE + one.len());
    while text.len() < SIZE {
        text.push_str(&one);
    }
    text
}

/// One notebook of about 1 MB: the cells of the corpus notebooks, repeated.
fn notebook(dir: &Path) -> String {
    let mut cells = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("folder")
        .filter_map(Result::ok)
    {
        let text = std::fs::read_to_string(entry.path()).expect("UTF-8");
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        cells.extend(json["cells"].as_array().cloned().unwrap_or_default());
    }
    let mut all = Vec::new();
    let mut size = 0;
    while size < SIZE {
        for cell in &cells {
            size += cell.to_string().len();
            all.push(cell.clone());
        }
    }
    serde_json::to_string_pretty(&serde_json::json!({ "cells": all, "nbformat": 4 })).expect("JSON")
}

fn bench(c: &mut Criterion) {
    let Some(dir) = corpus_dev() else {
        eprintln!("format benchmarks skipped: GLOSSARY_LS_CORPUS_DEV is not set");
        return;
    };
    let engine = Engine::shared(Config::default().glossary().complete().expect("glossary"));
    let settings = Settings::default();
    let formats = dir.join("formats");
    let documents = [
        (
            "markdown",
            DocKind::Markdown,
            repeated(&dir.join("markdown"), "md"),
        ),
        ("mdx", DocKind::Mdx, repeated(&formats.join("mdx"), "mdx")),
        (
            "quarto",
            DocKind::Quarto,
            repeated(&formats.join("qmd"), "qmd"),
        ),
        (
            "notebook",
            DocKind::Notebook,
            notebook(&formats.join("ipynb")),
        ),
    ];
    let mut group = c.benchmark_group("formats 1 MB");
    for (name, kind, text) in &documents {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name} prose"), |b| b.iter(|| prose(text, *kind)));
        group.bench_function(format!("{name} analyze"), |b| {
            b.iter(|| analyze(text, *kind, &engine, &settings))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
