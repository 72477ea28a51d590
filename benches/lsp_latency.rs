//! End-to-end latency of the language server, measured over stdio by a client like an editor's.
//!
//! Starts the built server (`cargo bench` builds it with the release profile), opens
//! `bench-1mb.md` from the corpus (`GLOSSARY_LS_CORPUS`) and measures:
//!
//! - hover and completion round trips (p50 / p99 over a few hundred requests);
//! - the first diagnostics of a session, on a 20 KB corpus document opened right after `initialized`,
//!   and on a fresh server 500 ms after `initialized` (once its start-up work is done);
//! - the time from the last of 200 rapid single-character edits to the diagnostics of the final
//!   version, on bench-1mb.md and on a 20 KB corpus document;
//! - the server's peak resident memory (VmHWM).
//!
//! Without the corpus it says so and exits successfully. Run it with
//! `GLOSSARY_LS_CORPUS=../shared/corpus cargo bench --bench lsp_latency` (add `-- --quick` for fewer
//! rounds; set `GLOSSARY_LS_BENCH_LOG=FILE` to keep the server's debug log).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{capabilities, file_uri, position_at, project, Enc, LspClient};
use serde_json::json;

/// The targets the issue sets, for the report.
const HOVER_P99_MS: f64 = 1.0;
const COMPLETION_P99_MS: f64 = 5.0;
const BURST_1MB_MS: (f64, f64) = (10.0, 20.0);
const BURST_20KB_MS: (f64, f64) = (2.0, 5.0);
const PEAK_MB: f64 = 40.0;
const FIRST_20KB_MS: f64 = 20.0;

fn main() {
    // `cargo test --all-targets` runs bench binaries without `--bench`: a debug-build benchmark would
    // measure nothing useful, so only `cargo bench` runs it.
    if !std::env::args().any(|a| a == "--bench") {
        println!("lsp_latency: skipped outside `cargo bench`");
        return;
    }
    let Some(corpus) = std::env::var_os("GLOSSARY_LS_CORPUS").map(PathBuf::from) else {
        println!("lsp_latency: skipped (set GLOSSARY_LS_CORPUS to the corpus folder)");
        return;
    };
    let big = corpus.join("bench-1mb.md");
    let small = corpus.join("trl-dpo-trainer.md");
    if !big.is_file() || !small.is_file() {
        println!(
            "lsp_latency: skipped ({} has no bench-1mb.md)",
            corpus.display()
        );
        return;
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let (requests, bursts) = if quick { (100, 3) } else { (400, 10) };

    let folder = project();
    // Like VS Code: UTF-16 positions, completion documentation resolved lazily.
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["completion"]["completionItem"]["resolveSupport"] =
        json!({ "properties": ["documentation", "detail", "additionalTextEdits"] });
    let mut client = LspClient::initialized(folder.path(), caps, json!(null));
    let mut report = Vec::new();

    // The first document of a session: what an editor's start-up waits for, the glossary's lookup
    // structures included (under another name than the same text's later burst, which is a document
    // of its own).
    let small_text = std::fs::read_to_string(&small).expect("read the 20 KB document");
    let first_uri = file_uri(&folder.path().join("first-20kb.md"));
    let started = Instant::now();
    client.open(&first_uri, "markdown", 1, &small_text);
    let diagnostics = client.diagnostics(&first_uri, 1);
    report.push(format!(
        "first didOpen of a 20 KB document ({} bytes) → diagnostics: {:.1} ms ({} diagnostics) — target < {FIRST_20KB_MS} ms",
        small_text.len(),
        ms(started.elapsed()),
        diagnostics.len()
    ));

    // The same once the server has had time to finish starting (the glossary's structures are
    // built in the background from `initialize` on): what an editor sees when the first document is
    // opened a moment after start-up. A fresh server, so that nothing of the first one is reused.
    {
        let settled_folder = project();
        let mut settled = LspClient::initialized(
            settled_folder.path(),
            capabilities(&["utf-16"]),
            json!(null),
        );
        std::thread::sleep(Duration::from_millis(500));
        let settled_uri = file_uri(&settled_folder.path().join("first-20kb.md"));
        let started = Instant::now();
        settled.open(&settled_uri, "markdown", 1, &small_text);
        let diagnostics = settled.diagnostics(&settled_uri, 1);
        report.push(format!(
            "didOpen of a 20 KB document 500 ms after initialized → diagnostics: {:.1} ms ({} diagnostics)",
            ms(started.elapsed()),
            diagnostics.len()
        ));
        let status = settled.shutdown_and_exit();
        assert!(status.success(), "server exit status {status:?}");
    }

    let text = std::fs::read_to_string(&big).expect("read bench-1mb.md");
    let uri = file_uri(&folder.path().join("bench-1mb.md"));
    let started = Instant::now();
    client.open(&uri, "markdown", 1, &text);
    let diagnostics = client.diagnostics(&uri, 1);
    report.push(format!(
        "open bench-1mb.md ({} bytes) → diagnostics: {:.1} ms ({} diagnostics)",
        text.len(),
        ms(started.elapsed()),
        diagnostics.len()
    ));

    let hover_offsets = term_offsets(&text, requests);
    let mut hovers = Vec::new();
    let mut answered = 0;
    for &offset in &hover_offsets {
        let position = position_at(&text, offset + 1, Enc::Utf16);
        let started = Instant::now();
        let result = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": position }),
        );
        hovers.push(started.elapsed());
        answered += usize::from(!result.is_null());
    }
    let (p50, p99) = percentiles(&mut hovers);
    report.push(format!(
        "hover: p50 {p50:.3} ms, p99 {p99:.3} ms over {} requests ({answered} with content) — target p99 < {HOVER_P99_MS} ms",
        hovers.len()
    ));

    let mut completions = Vec::new();
    let mut items = 0;
    for &offset in &word_offsets(&text, requests) {
        // As if the first two letters of the word had just been typed.
        let position = position_at(&text, offset + 2, Enc::Utf16);
        let started = Instant::now();
        let result = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": position }),
        );
        completions.push(started.elapsed());
        items += result["items"].as_array().map_or(0, Vec::len);
    }
    let (p50, p99) = percentiles(&mut completions);
    report.push(format!(
        "completion: p50 {p50:.3} ms, p99 {p99:.3} ms over {} requests ({:.1} items on average) — target p99 < {COMPLETION_P99_MS} ms",
        completions.len(),
        items as f64 / completions.len() as f64
    ));

    let (median, worst) = burst(&mut client, &uri, &text, 1, bursts);
    report.push(format!(
        "200 edits → final diagnostics, bench-1mb.md: median {median:.1} ms, worst {worst:.1} ms over {bursts} bursts — target median < {} ms, worst < {} ms",
        BURST_1MB_MS.0,
        BURST_1MB_MS.1
    ));

    let small_uri = file_uri(&folder.path().join("trl-dpo-trainer.md"));
    client.open(&small_uri, "markdown", 1, &small_text);
    client.diagnostics(&small_uri, 1);
    let (median, worst) = burst(&mut client, &small_uri, &small_text, 1, bursts);
    report.push(format!(
        "200 edits → final diagnostics, {} ({} bytes): median {median:.2} ms, worst {worst:.2} ms over {bursts} bursts — target median < {} ms, worst < {} ms",
        small.file_name().and_then(|n| n.to_str()).unwrap_or("20 KB document"),
        small_text.len(),
        BURST_20KB_MS.0,
        BURST_20KB_MS.1
    ));

    let peak = peak_rss_mb(client.pid());
    if let Some(log) = std::env::var_os("GLOSSARY_LS_BENCH_LOG") {
        // The server's own log (debug level): analysis times per version.
        let _ = std::fs::write(log, client.stderr());
    }
    report.push(format!(
        "peak memory (VmHWM): {peak:.1} MB — target < {PEAK_MB} MB"
    ));
    let status = client.shutdown_and_exit();
    assert!(status.success(), "server exit status {status:?}");
    // Latency tails on a shared machine follow its load: say what it was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    println!(
        "lsp_latency (release server over stdio, UTF-16 positions; load average {load} on {cores} cores):"
    );
    for line in report {
        println!("  {line}");
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn percentiles(samples: &mut [Duration]) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| {
        let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
        ms(samples[index])
    };
    (at(0.5), at(0.99))
}

/// Offsets of glossary-looking terms spread over the text (every k-th occurrence of a few terms).
fn term_offsets(text: &str, count: usize) -> Vec<usize> {
    let mut offsets: Vec<usize> = [
        "PPO",
        "DPO",
        "KV cache",
        "GRPO",
        "LoRA",
        "vLLM",
        "reward model",
        "MoE",
    ]
    .iter()
    .flat_map(|needle| text.match_indices(needle).map(|(i, _)| i))
    .collect();
    offsets.sort_unstable();
    spread(offsets, count)
}

/// Offsets of the starts of words of at least four ASCII letters, spread over the text.
fn word_offsets(text: &str, count: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let offsets: Vec<usize> = (1..bytes.len().saturating_sub(4))
        .filter(|&i| {
            bytes[i - 1] == b' ' && bytes[i..i + 4].iter().all(|b| b.is_ascii_alphabetic())
        })
        .collect();
    spread(offsets, count)
}

fn spread(offsets: Vec<usize>, count: usize) -> Vec<usize> {
    if offsets.is_empty() {
        return offsets;
    }
    let step = (offsets.len() / count).max(1);
    offsets.into_iter().step_by(step).take(count).collect()
}

/// Runs `rounds` bursts of 200 single-character edits typed at one place in the middle of the
/// document, each followed by waiting for the diagnostics of its final version. Returns the median
/// and worst time from sending the last edit to receiving those diagnostics, in ms. The text typed
/// is deleted again by the next burst's first edits, so the document stays about the same.
fn burst(
    client: &mut LspClient,
    uri: &str,
    text: &str,
    first_version: i64,
    rounds: usize,
) -> (f64, f64) {
    let middle = text.len() / 2;
    let at = text[middle..].find(". ").map_or(middle, |i| middle + i + 2);
    let start = position_at(text, at, Enc::Utf16);
    let (line, character) = (
        start["line"].as_u64().expect("line"),
        start["character"].as_u64().expect("character"),
    );
    let mut version = first_version;
    let mut times = Vec::new();
    for round in 0..rounds {
        let typed = if round % 2 == 0 {
            "the KV cache of PPO "
        } else {
            "we measure the MoE "
        };
        let mut last_sent = Instant::now();
        for i in 0..200u64 {
            version += 1;
            let c = typed.chars().nth(i as usize % typed.len()).unwrap_or('x');
            client.change(
                uri,
                version,
                json!([{
                    "range": common::range((line, character + i), (line, character + i)),
                    "text": c.to_string(),
                }]),
            );
            last_sent = Instant::now();
        }
        client.diagnostics(uri, version);
        times.push(last_sent.elapsed());
        // Remove what was typed, and let the server settle before the next burst.
        version += 1;
        client.change(
            uri,
            version,
            json!([{ "range": common::range((line, character), (line, character + 200)), "text": "" }]),
        );
        client.diagnostics(uri, version);
    }
    let mut sorted = times.clone();
    sorted.sort();
    (ms(sorted[sorted.len() / 2]), ms(sorted[sorted.len() - 1]))
}

/// The peak resident set size of a process, from /proc (0 where there is no /proc).
fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
