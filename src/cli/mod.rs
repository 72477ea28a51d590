//! The command line: `serve` (the default), `check`, `define`, `glossary`.
//!
//! Exit codes, for every command: 0 success, 1 the command's own "not found / findings" outcome,
//! 2 usage, config or I/O errors (and for `check`, no file found to check).

mod check;
mod define;
mod glossary_cmd;
mod harvest;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::{self, Layer, Sources};
use crate::error::FileError;
use crate::glossary::Glossary;

#[derive(Parser)]
#[command(
    name = "glossary-ls",
    version,
    about = "Glossary hovers, acronym first-use checks and term completion for technical writing",
    long_about = None,
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(flatten)]
    transport: Transport,
    /// With no command, `serve`.
    #[command(subcommand)]
    command: Option<Command>,
}

/// Options every command takes.
#[derive(Args, Clone)]
pub struct GlobalArgs {
    /// Add a glossary file (.toml, .txt in the explainer format, .md abbreviation lines, .yml MyST
    /// abbreviations or .rst Sphinx glossary); repeatable.
    /// Added after the project config's glossaries, so its entries win.
    #[arg(long = "glossary", value_name = "FILE", global = true)]
    pub glossaries: Vec<PathBuf>,
    /// Use this config file instead of discovering `.glossary-ls.toml` (from the current folder; for
    /// `check`, from each file's folder). With `check`, it governs every file.
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore config files: built-in glossary and defaults only (plus `--glossary` files).
    #[arg(long, global = true)]
    pub no_config: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server: LSP over stdin/stdout (the default when no command is given).
    /// Logs go to stderr; set GLOSSARY_LS_LOG=debug for more.
    Serve(Transport),
    /// Check Markdown and text files for acronyms used before they are spelled out.
    Check(check::CheckArgs),
    /// Print glossary entries for terms, by any spelling ("kv caches", "LLMs", "MoE", "Dr. GRPO").
    Define(define::DefineArgs),
    /// Export the merged glossary (built-in plus project glossaries).
    Glossary(glossary_cmd::GlossaryArgs),
    /// Collect the definitions documents already make into a project glossary (TOML); conflicts
    /// (one acronym, two long forms) go to stderr.
    Harvest(harvest::HarvestArgs),
}

/// How the server talks to its client. Stdio is the only transport; the flag exists because clients
/// pass it: vscode-languageclient appends `--stdio` to the command line of a stdio server, and
/// nvim-lspconfig configurations conventionally name it.
#[derive(Args, Clone, Copy)]
struct Transport {
    /// Serve LSP over stdin/stdout (the default; accepted because language clients pass it).
    #[arg(long)]
    stdio: bool,
}

/// Output formats for commands that print entries.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntryFormat {
    Human,
    Json,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let command = cli.command.unwrap_or(Command::Serve(cli.transport));
    if cli.transport.stdio && !matches!(command, Command::Serve(_)) {
        let error = Cli::command().error(
            clap::error::ErrorKind::ArgumentConflict,
            "--stdio only applies to the language server (`glossary-ls`, `glossary-ls serve`)",
        );
        let _ = error.print();
        return ExitCode::from(2);
    }
    let result = match command {
        Command::Serve(_) => return crate::lsp::serve_stdio(),
        Command::Check(args) => check::run(&cli.global, &args),
        Command::Define(args) => define::run(&cli.global, &args),
        Command::Glossary(args) => glossary_cmd::run(&cli.global, &args),
        Command::Harvest(args) => harvest::run(&cli.global, &args),
    };
    match result {
        Ok(code) => code,
        Err(errors) => {
            report(&errors);
            ExitCode::from(2)
        }
    }
}

/// The glossary for the current folder: the config's sources, then `--glossary` files (the config
/// file is the one the global options select). All or nothing: any config or glossary error fails.
pub fn load_glossary(global: &GlobalArgs) -> Result<Arc<Glossary>, Vec<FileError>> {
    load_project(global).map(|(_, glossary)| glossary)
}

/// The config for the current folder and its glossary (see [`load_glossary`]).
pub fn load_project(
    global: &GlobalArgs,
) -> Result<(config::Config, Arc<Glossary>), Vec<FileError>> {
    let file = if global.no_config {
        None
    } else if let Some(path) = &global.config {
        Some(path.clone())
    } else {
        let here = std::env::current_dir().map_err(|e| {
            vec![FileError::whole(
                &PathBuf::from("."),
                format!("cannot read the current folder: {e}"),
            )]
        })?;
        config::discover(&here)
    };
    let flags = Layer::glossary_files(&global.glossaries);
    let layered = Sources {
        client: None,
        file: file.as_deref(),
        flags: Some(&flags),
    }
    .config();
    if !layered.errors.is_empty() {
        return Err(layered.errors);
    }
    let glossary = layered.config.glossary().complete()?;
    Ok((layered.config, glossary))
}

/// Prints file errors to stderr, one `file:line:col: message` a line.
pub fn report(errors: &[FileError]) {
    let mut stderr = std::io::stderr().lock();
    for error in errors {
        let _ = writeln!(stderr, "error: {error}");
    }
}

/// Writes `text` to stdout. A closed pipe (`glossary-ls glossary | head`) is not an error.
pub fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
