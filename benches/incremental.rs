//! Where an analysis after a keystroke spends its time, inside the engine: reading the prose, building
//! the flat text, a full analysis, and an incremental analysis after a one-character edit (which reads
//! only the edited block again; see `src/analysis/blocks.rs`). Medians of a few dozen runs on
//! `bench-1mb.md` and on a 20 KB document.
//!
//! `GLOSSARY_LS_CORPUS=/work/shared/corpus cargo bench --bench incremental`; without the corpus it says
//! so and measures nothing. `benches/keystroke_latency.py` measures the same from outside, over stdio.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use glossary_ls::analysis::flat::Flat;
use glossary_ls::analysis::prose::prose;
use glossary_ls::analysis::{
    analyze, analyze_incremental, Cancel, DocKind, Engine, KeptBlocks, Settings,
};
use glossary_ls::config::Config;

fn median(mut run: impl FnMut() -> Duration, rounds: usize) -> f64 {
    let mut samples: Vec<Duration> = (0..rounds).map(|_| run()).collect();
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("incremental: skipped outside `cargo bench`");
        return;
    }
    let Some(corpus) = std::env::var_os("GLOSSARY_LS_CORPUS").map(PathBuf::from) else {
        println!("incremental: skipped (set GLOSSARY_LS_CORPUS to the corpus folder)");
        return;
    };
    let engine = match Config::default().glossary().complete() {
        Ok(glossary) => Engine::shared(glossary),
        Err(errors) => panic!("built-in glossary: {errors:?}"),
    };
    let settings = Settings::default();
    for name in ["bench-1mb.md", "trl-dpo-trainer.md"] {
        let Ok(text) = std::fs::read_to_string(corpus.join(name)) else {
            println!("incremental: {name} is not in the corpus");
            continue;
        };
        let rounds = if text.len() > 100_000 { 30 } else { 200 };
        let kind = DocKind::Markdown;
        let prose_ms = median(
            || {
                let started = Instant::now();
                std::hint::black_box(prose(&text, kind));
                started.elapsed()
            },
            rounds,
        );
        let read = prose(&text, kind);
        let flat_ms = median(
            || {
                let started = Instant::now();
                std::hint::black_box(Flat::new(&text, &read));
                started.elapsed()
            },
            rounds,
        );
        let full_ms = median(
            || {
                let started = Instant::now();
                std::hint::black_box(analyze(&text, kind, &engine, &settings));
                started.elapsed()
            },
            rounds,
        );
        // A keystroke in the middle of a paragraph, alternately typed and deleted.
        let middle = text.len() / 2;
        let at = text[middle..].find(". ").map_or(middle, |i| middle + i + 1);
        let edited = format!("{}x{}", &text[..at], &text[at..]);
        let mut kept = KeptBlocks::new();
        let never = Cancel::never();
        let _ = analyze_incremental(&text, kind, &engine, &settings, &mut kept, &never);
        let mut round = 0;
        let incremental_ms = median(
            || {
                round += 1;
                let version = if round % 2 == 0 { &text } else { &edited };
                let started = Instant::now();
                let analysis =
                    analyze_incremental(version, kind, &engine, &settings, &mut kept, &never);
                std::hint::black_box(analysis.ok());
                started.elapsed()
            },
            rounds,
        );
        println!(
            "{name} ({} bytes): prose {prose_ms:.2} ms, flat text {flat_ms:.2} ms, full analysis {full_ms:.2} ms, after a keystroke {incremental_ms:.2} ms ({} blocks kept)",
            text.len(),
            kept.len()
        );
    }
}
