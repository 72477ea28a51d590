//! Hover latency while the server indexes a workspace of 1,000 documents for acronyms spelled out
//! differently in two files (`src/lsp/expansion_index.rs`), measured over stdio like an editor.
//!
//! Generates 1,000 Markdown files into a temporary folder from the corpus documents
//! (`GLOSSARY_LS_CORPUS`, and `GLOSSARY_LS_CORPUS_DEV`'s `markdown/` when set; files over 200 KB are
//! left out), starts the built server on that folder, opens one 20 KB document and sends hovers
//! back to back:
//!
//! - while the workspace is being indexed (until the server logs that it is done);
//! - after indexing;
//! - on a server whose workspace holds only that document (the baseline).
//!
//! Reports p50 / p99 of each, and how long indexing took. Run it with
//! `GLOSSARY_LS_CORPUS=../shared/corpus GLOSSARY_LS_CORPUS_DEV=../shared/corpus-dev cargo bench
//! --bench workspace_index`. Without the corpus it says so and exits successfully.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{capabilities, file_uri, position_at, project, Enc, LspClient};
use serde_json::json;

const FILES: usize = 1000;
const MAX_SOURCE_BYTES: u64 = 200 * 1024;
/// The target for hover during indexing.
const HOVER_P99_MS: f64 = 5.0;
/// What the server logs (at debug level) when indexing is done.
const INDEXED: &str = "indexed the workspace's expansions";

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("workspace_index: skipped outside `cargo bench`");
        return;
    }
    let Some(corpus) = std::env::var_os("GLOSSARY_LS_CORPUS").map(PathBuf::from) else {
        println!("workspace_index: skipped (set GLOSSARY_LS_CORPUS to the corpus folder)");
        return;
    };
    let opened = corpus.join("trl-dpo-trainer.md");
    if !opened.is_file() {
        println!(
            "workspace_index: skipped ({} has no trl-dpo-trainer.md)",
            corpus.display()
        );
        return;
    }
    let mut sources = Vec::new();
    collect(&corpus, &mut sources);
    if let Some(dev) = std::env::var_os("GLOSSARY_LS_CORPUS_DEV").map(PathBuf::from) {
        collect(&dev.join("markdown"), &mut sources);
    }
    sources.sort();
    let texts: Vec<(String, String)> = sources
        .iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_string();
            Some((name, std::fs::read_to_string(path).ok()?))
        })
        .collect();
    let text = std::fs::read_to_string(&opened).expect("read the opened document");

    // The workspace: 1,000 files, the corpus documents over and over, in folders of 100.
    let workspace = project();
    let mut bytes = 0;
    for index in 0..FILES {
        let (name, source) = &texts[index % texts.len()];
        let folder = workspace.path().join(format!("part-{:02}", index / 100));
        std::fs::create_dir_all(&folder).expect("mkdir");
        std::fs::write(folder.join(format!("{index:04}-{name}")), source).expect("write");
        bytes += source.len();
    }
    let mut report = vec![format!(
        "workspace: {FILES} Markdown files, {:.1} MB, from {} corpus documents",
        bytes as f64 / 1e6,
        texts.len()
    )];
    let offsets = acronym_offsets(&text);

    // With the workspace: hovers while it is indexed, then after.
    let started = Instant::now();
    let mut client =
        LspClient::initialized(workspace.path(), capabilities(&["utf-16"]), json!(null));
    let uri = file_uri(&workspace.path().join("opened.md"));
    client.open(&uri, "markdown", 1, &text);
    client.diagnostics(&uri, 1);
    let mut during = Vec::new();
    let mut indexed = None;
    while indexed.is_none() && started.elapsed() < Duration::from_secs(600) {
        for &offset in offsets
            .iter()
            .cycle()
            .skip(during.len() % offsets.len())
            .take(20)
        {
            during.push(hover(&mut client, &uri, &text, offset));
        }
        if client.stderr().contains(INDEXED) {
            indexed = Some(started.elapsed());
        }
    }
    let after: Vec<Duration> = offsets
        .iter()
        .cycle()
        .take(400)
        .map(|&offset| hover(&mut client, &uri, &text, offset))
        .collect();
    let log = client.stderr();
    let status = client.shutdown_and_exit();
    assert!(status.success(), "server exit status {status:?}");
    report.push(match indexed {
        Some(time) => format!(
            "indexing: done {:.2} s after initialize",
            time.as_secs_f64()
        ),
        None => "indexing: not done after 600 s".into(),
    });
    report.push(line("hover during indexing", during));
    report.push(line("hover after indexing", after));
    let analyses = log.matches("analysed ").count();
    report.push(format!("open-document analyses meanwhile: {analyses}"));

    // The baseline: a workspace of one document.
    let alone = project();
    let mut client = LspClient::initialized(alone.path(), capabilities(&["utf-16"]), json!(null));
    let uri = file_uri(&alone.path().join("opened.md"));
    client.open(&uri, "markdown", 1, &text);
    client.diagnostics(&uri, 1);
    let baseline: Vec<Duration> = offsets
        .iter()
        .cycle()
        .take(400)
        .map(|&offset| hover(&mut client, &uri, &text, offset))
        .collect();
    assert!(client.shutdown_and_exit().success());
    report.push(line("hover, workspace of one file (baseline)", baseline));

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("workspace_index (target: hover p99 < {HOVER_P99_MS} ms during indexing)");
    for line in report {
        println!("  {line}");
    }
    println!("  load average: {}", load.trim());
}

/// Markdown files under `folder`, recursively, up to the size limit.
fn collect(folder: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md")
            && entry.metadata().is_ok_and(|m| m.len() <= MAX_SOURCE_BYTES)
        {
            out.push(path);
        }
    }
}

/// Offsets of acronym-like words (two capitals or more), spread over the text.
fn acronym_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut start = None;
    for (index, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_ascii_uppercase()) {
            (None, true) => start = Some(index),
            (Some(s), false) => {
                if index - s >= 2 {
                    offsets.push(s + 1);
                }
                start = None;
            }
            _ => {}
        }
    }
    let step = (offsets.len() / 100).max(1);
    offsets.into_iter().step_by(step).collect()
}

fn hover(client: &mut LspClient, uri: &str, text: &str, offset: usize) -> Duration {
    let position = position_at(text, offset, Enc::Utf16);
    let started = Instant::now();
    client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position }),
    );
    started.elapsed()
}

fn line(what: &str, mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: f64| {
        let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples
            .get(index)
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    format!(
        "{what}: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms over {} requests",
        at(0.5),
        at(0.99),
        at(1.0),
        samples.len()
    )
}
