//! `glossary-ls glossary --format json|toml|md|mkdocs-abbr|myst|sphinx|latex [--used-in PATH…]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{load_project, print, GlobalArgs};
use crate::analysis::{analyze, DocKind, Engine, Settings};
use crate::error::FileError;
use crate::export::{entry_json, latex, markdown, mkdocs_abbr, myst, sphinx, toml};
use crate::glossary::load::read_text;
use crate::glossary::Entry;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Json,
    Toml,
    Md,
    /// `*[ACR]: Expansion` lines, for MkDocs' `abbr` (append them to every page with
    /// `pymdownx.snippets`' `auto_append`).
    MkdocsAbbr,
    /// A MyST page: an `abbreviations:` front matter map and a `{glossary}` block.
    Myst,
    /// A Sphinx `.. glossary::` block.
    Sphinx,
    /// `\newacronym` and `\newglossaryentry` lines of LaTeX's `glossaries` package.
    Latex,
}

#[derive(Args)]
pub struct GlossaryArgs {
    /// `json` (an array of entries), `toml` (loadable as a glossary file), `md` (a readable document),
    /// or a documentation generator's format: `mkdocs-abbr`, `myst`, `sphinx`, `latex`.
    #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
    format: ExportFormat,
    /// Only the entries these documents use (Markdown, or plain text by the config's extensions).
    #[arg(long, value_name = "PATH", num_args = 1..)]
    used_in: Vec<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &GlossaryArgs) -> Result<ExitCode, Vec<FileError>> {
    let (config, glossary) = load_project(global)?;
    let mut entries: Vec<&Entry> = glossary.entries().iter().collect();
    if !args.used_in.is_empty() {
        let engine = Engine::new(glossary.clone());
        let settings = Settings::from_config(&config);
        let mut used = vec![false; glossary.len()];
        let mut errors = Vec::new();
        for path in &args.used_in {
            let text = match read_text(path, config.max_file_size) {
                Ok(text) => text,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            let kind = config.doc_kind(path).unwrap_or(DocKind::Markdown);
            let analysis = analyze(&text, kind, &engine, &settings);
            let indices = analysis
                .terms
                .iter()
                .map(|t| t.entry)
                .chain(analysis.acronyms.iter().filter_map(|a| a.entry));
            for index in indices {
                if let Some(slot) = used.get_mut(index) {
                    *slot = true;
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        entries = glossary
            .entries()
            .iter()
            .zip(&used)
            .filter(|(_, used)| **used)
            .map(|(entry, _)| entry)
            .collect();
    }
    let text = match args.format {
        ExportFormat::Json => {
            let json: Vec<_> = entries.iter().map(|entry| entry_json(entry)).collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            )
        }
        ExportFormat::Toml => toml(&entries),
        ExportFormat::Md => markdown(&entries),
        ExportFormat::MkdocsAbbr => mkdocs_abbr(&entries),
        ExportFormat::Myst => myst(&entries),
        ExportFormat::Sphinx => sphinx(&entries),
        ExportFormat::Latex => latex(&entries),
    };
    print(&text);
    Ok(ExitCode::SUCCESS)
}
