//! The language server: LSP 3.17 over stdio, a thin front end over the [`crate::analysis`] engine.
//!
//! - [`server`]: the `LanguageServer` handlers, thin: each converts positions and calls its feature
//!   module;
//! - [`capabilities`]: what the client can do and what the server offers;
//! - [`state`]: the state the handlers share, and reloads of config and glossary files;
//! - [`transport`]: the workarounds between the byte streams and the framework: checked input, document
//!   changes kept in order, panics contained;
//! - [`splice`]: the output: messages the server serializes itself (diagnostics) written between the
//!   framework's;
//! - [`documents`]: the open documents (ropey) and their analysed snapshots;
//! - [`notebooks`]: open notebooks (notebook document sync): their cells' order, so that Markdown cells
//!   are analysed together;
//! - [`encoding`]: byte offsets ⇄ positions in UTF-8, UTF-16 or UTF-32;
//! - [`framing`]: the base protocol's frames, checked before the framework sees them (a bad frame is
//!   answered with a JSON-RPC error instead of ending the session);
//! - [`workspace`]: which config and glossary govern each document, reloads, broken files;
//! - [`expansion_index`]: how each file of the workspace spells out each acronym, indexed in the
//!   background, for acronyms spelled out differently in two files;
//! - one module per feature: [`diagnostics`], [`hover`], [`completion`], [`inlay_hints`],
//!   [`code_actions`], [`navigation`]; [`convert`] turns engine types into LSP types.
//!
//! Every answer comes from the cached analysis of the document's current text: one analysis per
//! version, no per-request rescans.

pub mod add_to_glossary;
pub mod capabilities;
pub mod code_actions;
pub mod completion;
pub mod convert;
pub mod coordinates;
pub mod diagnostics;
pub mod documents;
pub mod edit_log;
pub mod encoding;
pub mod expansion_index;
pub mod framing;
pub mod hover;
pub mod inlay_hints;
mod lifted;
pub mod navigation;
pub mod notebooks;
mod nothing_there;
pub mod server;
mod slices;
pub mod splice;
pub mod state;
mod stdio;
pub mod transport;
pub mod workspace;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

use server::Backend;
use splice::Output;
use transport::{Input, Sequenced};

/// Requests handled at once. Requests that arrive right after a change wait for its analysis; with the
/// transport's default of 4, a few of them would stop it reading further messages meanwhile.
const CONCURRENCY: usize = 32;

/// How long the server lets pending work finish after `exit` or the end of its input.
const EXIT_GRACE: Duration = Duration::from_millis(500);

/// The environment variable that sets the log level (error, warn, info, debug, trace).
pub const LOG_ENV: &str = "GLOSSARY_LS_LOG";

/// Serves LSP over stdin/stdout until `exit` (or the end of input). The exit code is 0 when `exit`
/// came after `shutdown`, 1 otherwise, as the specification asks.
pub fn serve_stdio() -> ExitCode {
    init_logging();
    if std::io::stdin().is_terminal() {
        eprintln!(
            "glossary-ls: language server waiting for LSP messages on stdin (for the commands, see \
             `glossary-ls --help`)"
        );
    }
    // One thread for the protocol, this one: it waits on the pipes itself (the runtime's I/O driver)
    // and runs every handler and task of the server; the analyses run on their own thread
    // (`diagnostics::Pool`), and nothing here computes for long. With the multi-threaded runtime used
    // before, `block_on` parked this thread apart from the I/O driver: every message read was a
    // wake-up handed from the worker that saw the pipe ready to this thread, and the server switched
    // threads twice as often. One thread also keeps the protocol's allocations (a whole-text change
    // of a 1 MB document parses into several copies of it) in one malloc arena: about 2.5 MB less
    // peak memory with bench-1mb.md open. See docs/performance.md, session 13.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .enable_io()
        .thread_name("glossary-ls")
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("glossary-ls: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    slices::short_for_this_thread();
    // The pipes are made inside the runtime: they register with its I/O driver.
    let clean = runtime.block_on(async {
        let (input, waiting) = stdio::stdin();
        serve_with(input, stdio::stdout(), waiting).await
    });
    tracing::info!(
        "exiting ({})",
        if clean {
            "after shutdown"
        } else {
            "without shutdown"
        }
    );
    // Do not wait for the thread blocked reading stdin, nor for an analysis still running.
    runtime.shutdown_background();
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Serves LSP over any pair of byte streams until `exit` or the end of input; returns whether `exit`
/// came after `shutdown`. The stdio server runs this; the `server_messages` fuzz target runs it over
/// in-memory pipes. Must be called inside a tokio runtime with time and I/O enabled.
pub async fn serve<R, W>(input: R, output: W) -> bool
where
    R: AsyncRead + Unpin,
    W: AsyncWrite,
{
    serve_with(input, output, None).await
}

/// [`serve`], with a look at whether the client's input has bytes waiting, where the input allows
/// one: then a short document is analysed on the protocol thread (see `diagnostics`).
async fn serve_with<R, W>(input: R, output: W, waiting: Option<stdio::Waiting>) -> bool
where
    R: AsyncRead + Unpin,
    W: AsyncWrite,
{
    let (service, socket) = LspService::build(Backend::new).finish();
    let state = Arc::clone(&service.inner().state);
    if let Some(waiting) = waiting {
        state.input.look_with(waiting);
    }
    let service = Sequenced::new(service, Arc::clone(&state));
    let input = Input::new(input, Arc::clone(&state));
    // The driver writes the diagnostics the server serializes itself while the framework writes
    // nothing (see `splice`); it never ends.
    let (output, driver) = Output::new(output, Arc::clone(&state.frames));
    let server = Server::new(input, output, socket)
        .concurrency_level(CONCURRENCY)
        .serve(service);
    let serve = async {
        tokio::select! {
            () = server => {}
            () = driver => {}
        }
    };
    tokio::pin!(serve);
    tokio::select! {
        () = &mut serve => {}
        () = state.input_done.notified() => {
            // Let the last responses be written; a handler still awaiting the client must not keep
            // the server alive.
            let _ = tokio::time::timeout(EXIT_GRACE, &mut serve).await;
        }
    }
    state.shut_down.load(Ordering::SeqCst)
}

/// Logs go to stderr, never stdout: stdout carries the protocol.
fn init_logging() {
    let level = std::env::var(LOG_ENV)
        .ok()
        .and_then(|value| value.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_max_level(level)
        .try_init();
}
