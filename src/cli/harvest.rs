//! `glossary-ls harvest PATH… [-o FILE]`: the definitions documents already make, as a project
//! glossary (TOML, each entry under a comment naming its source); conflicts on stderr.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{load_project, print, GlobalArgs};
use crate::analysis::harvest::{Conflict, Harvest, Harvested};
use crate::analysis::{analyze, DocKind, Engine, Settings};
use crate::check::report::plural;
use crate::check::walk::walk;
use crate::error::FileError;
use crate::export::toml;
use crate::glossary::load::{parse_myst, parse_sphinx, read_text};

#[derive(Args)]
pub struct HarvestArgs {
    /// Files and folders to read (default: the current folder): Markdown and text documents for
    /// their acronym definitions and `{glossary}` blocks, reStructuredText for `.. glossary::`.
    paths: Vec<PathBuf>,
    /// Write the glossary to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &HarvestArgs) -> Result<ExitCode, Vec<FileError>> {
    let (config, glossary) = load_project(global)?;
    let engine = Engine::new(glossary);
    let settings = Settings::from_config(&config);
    let walked = walk(&args.paths, |path| {
        config.doc_kind(path).is_some()
            || path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("rst"))
    });
    let mut warnings = walked.errors;
    let mut harvest = Harvest::default();
    let mut documents = 0;
    for path in &walked.files {
        if config.is_data_file(path) {
            continue;
        }
        let text = match read_text(path, config.max_file_size) {
            Ok(text) => text,
            Err(error) => {
                warnings.push(error);
                continue;
            }
        };
        documents += 1;
        let rst = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("rst"));
        let loaded = if rst {
            parse_sphinx(path, &text)
        } else {
            let kind = config.doc_kind(path).unwrap_or(DocKind::Markdown);
            let analysis = analyze(&text, kind, &engine, &settings);
            harvest.add_definitions(path, &text, &analysis.definitions);
            if kind == DocKind::Markdown {
                parse_myst(path, &text)
            } else {
                Ok(Vec::new())
            }
        };
        match loaded {
            Ok(entries) => harvest.add_entries(entries),
            Err(mut errors) => warnings.append(&mut errors),
        }
    }
    let (entries, conflicts) = harvest.finish();
    let mut stderr = std::io::stderr().lock();
    for warning in &warnings {
        let _ = writeln!(stderr, "warning: {warning}");
    }
    for conflict in &conflicts {
        let _ = write!(stderr, "{}", conflict_message(conflict));
    }
    let _ = writeln!(
        stderr,
        "harvested {} from {}; {}",
        plural(entries.len(), "entry", "entries"),
        plural(documents, "document", "documents"),
        plural(conflicts.len(), "conflict", "conflicts")
    );
    let text = glossary_text(&entries, &conflicts);
    match &args.output {
        Some(path) => crate::fs::write_atomically(path, &text)
            .map_err(|e| vec![FileError::whole(path, format!("cannot write: {e}"))])?,
        None => print(&text),
    }
    Ok(ExitCode::SUCCESS)
}

fn spot_text(spot: &crate::glossary::SourceSpot) -> String {
    format!("{}:{}:{}", spot.file.display(), spot.line, spot.column)
}

/// `conflict: SAC has 2 long forms: …`, one line per long form, the kept one first.
fn conflict_message(conflict: &Conflict) -> String {
    let mut out = format!(
        "conflict: `{}` has {} long forms; the glossary keeps the first:\n",
        conflict.acronym,
        conflict.long_forms.len()
    );
    for sighting in &conflict.long_forms {
        let _ = writeln!(
            out,
            "  {}: {}",
            spot_text(&sighting.spot),
            sighting.long_form
        );
    }
    out
}

/// The glossary as TOML, each entry under a comment that names where it is defined (and, for a
/// conflict, the other long forms).
fn glossary_text(entries: &[Harvested], conflicts: &[Conflict]) -> String {
    let mut out =
        String::from("# Harvested by glossary-ls from the documents' own definitions.\n\n");
    for harvested in entries {
        let entry = &harvested.entry;
        if let Some(spot) = &entry.spot {
            let _ = write!(out, "# source: {}", spot_text(spot));
            if harvested.definitions > 1 {
                let _ = write!(out, " (and {} more)", harvested.definitions - 1);
            }
            out.push('\n');
        }
        let conflict = conflicts
            .iter()
            .find(|c| Some(&c.acronym) == entry.acronym.as_ref());
        for other in conflict.iter().flat_map(|c| c.long_forms.iter().skip(1)) {
            let _ = writeln!(
                out,
                "# conflict: also \"{}\" at {}",
                other.long_form.replace('\n', " "),
                spot_text(&other.spot)
            );
        }
        let mut plain = entry.clone();
        plain.spot = None;
        out.push_str(&toml(&[&plain]));
        out.push('\n');
    }
    out
}
