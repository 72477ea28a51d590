//! `glossary-ls glossary --format json|toml|md`

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{load_glossary, print, GlobalArgs};
use crate::error::FileError;
use crate::export::{entry_json, markdown, toml};
use crate::glossary::Entry;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Json,
    Toml,
    Md,
}

#[derive(Args)]
pub struct GlossaryArgs {
    /// `json` (an array of entries), `toml` (loadable as a glossary file), `md` (a readable document).
    #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
    format: ExportFormat,
}

pub fn run(global: &GlobalArgs, args: &GlossaryArgs) -> Result<ExitCode, Vec<FileError>> {
    let glossary = load_glossary(global)?;
    let entries: Vec<&Entry> = glossary.entries().iter().collect();
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
    };
    print(&text);
    Ok(ExitCode::SUCCESS)
}
