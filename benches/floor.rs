//! The floor of `check` over a tree of files (issue #18): what reading the files, parsing them with
//! pulldown-cmark and scanning them with the term automaton cost on their own, on as many threads as
//! `check` uses, so that `check`'s time (and rg's) can be set against the stack it is built on.
//!
//! One stage per process, so that `benches/scale.sh` measures each the way it measures `check` and
//! `rg` (wall and CPU time from `/usr/bin/time`, start-up included):
//!
//! ```sh
//! floor STAGE TREE
//! ```
//!
//! Each stage does what the one before it does, and one thing more, to every `.md` file under TREE
//! (walked as `check` walks, in the same sorted order, files claimed one at a time from a shared
//! counter by one thread per core):
//!
//! - `read`: read the file into a `String` (UTF-8 checked), as `check` reads it;
//! - `parse`: and parse it with pulldown-cmark, with the options the engine parses Markdown with,
//!   consuming every event with its offsets;
//! - `scan`: and fold it as the term matcher folds text, then run the overlapping scan of an automaton
//!   built as the matcher builds its own (the same patterns and settings), over the built-in glossary;
//! - `analyze`: read the file and run the whole engine on it (`analysis::analyze`), without the
//!   report: what `check` adds above this is ordering, the comparison across files and the output.
//!
//! It prints the files, bytes and a checksum of the work (so that none of it can be optimised away).
//! Without arguments (as `cargo bench` and `cargo test` run it) it says how to run it and does nothing.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use glossary_ls::analysis::matcher::fold;
use glossary_ls::analysis::prose::markdown_options;
use glossary_ls::analysis::{analyze, DocKind, Engine, Settings};
use glossary_ls::check::walk::walk;
use glossary_ls::config::Config;
use pulldown_cmark::Parser;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Read,
    Parse,
    Scan,
    Analyze,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stage = match args.first().map(String::as_str) {
        Some("read") => Stage::Read,
        Some("parse") => Stage::Parse,
        Some("scan") => Stage::Scan,
        Some("analyze") => Stage::Analyze,
        _ => {
            eprintln!("floor: run as `floor read|parse|scan|analyze TREE` (benches/scale.sh does)");
            return;
        }
    };
    let Some(tree) = args.get(1).map(PathBuf::from) else {
        eprintln!("floor: which tree?");
        std::process::exit(2);
    };
    let files = walk(&[tree], |path| path.extension().is_some_and(|e| e == "md")).files;

    let engine = (stage == Stage::Analyze).then(|| match Config::default().glossary().complete() {
        Ok(glossary) => Engine::shared(glossary),
        Err(errors) => panic!("built-in glossary: {errors:?}"),
    });
    let automaton = (stage == Stage::Scan).then(|| {
        let engine = match Config::default().glossary().complete() {
            Ok(glossary) => Engine::shared(glossary),
            Err(errors) => panic!("built-in glossary: {errors:?}"),
        };
        // As `TermMatcher::new` builds its automaton.
        let automaton: AhoCorasick = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(engine.index().matcher.pattern_texts())
            .expect("automaton");
        automaton
    });
    let settings = Settings::default();

    let work = |path: &PathBuf| -> (usize, usize) {
        let Ok(text) = std::fs::read_to_string(path) else {
            return (0, 0);
        };
        let mut sum = text.len();
        if stage >= Stage::Parse && stage != Stage::Analyze {
            sum += Parser::new_ext(&text, markdown_options())
                .into_offset_iter()
                .map(|(_, range)| range.end)
                .fold(0usize, usize::wrapping_add);
        }
        if let Some(automaton) = &automaton {
            sum += automaton
                .find_overlapping_iter(&fold(&text))
                .map(|found| found.pattern().as_usize())
                .fold(0usize, usize::wrapping_add);
        }
        if let Some(engine) = &engine {
            sum += analyze(&text, DocKind::Markdown, engine, &settings)
                .findings
                .len();
        }
        (text.len(), sum)
    };

    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let (bytes, checksum) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let (mut bytes, mut checksum) = (0usize, 0usize);
                    while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let (read, sum) = work(path);
                        bytes += read;
                        checksum = checksum.wrapping_add(sum);
                    }
                    (bytes, checksum)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("worker"))
            .fold((0, 0), |(b, c), (bytes, sum)| (b + bytes, c ^ sum))
    });
    println!(
        "{} files, {bytes} bytes, {threads} threads, checksum {checksum:x}",
        files.len()
    );
}
