//! "Add to the project glossary": on a definition the document makes ("Group Relative Policy
//! Optimization (GRPO)"), a code action that writes it as a `[[term]]` of the project's TOML glossary,
//! so that hover explains it in every document and `glossary --format …` can hand it to the site.
//!
//! The glossary is the first `.toml` file the project's config names; without one, `glossary.toml`
//! beside the config file (or in the workspace folder), added to the config's `glossaries` (a new
//! `.glossary-ls.toml` when there is none). Files are edited with `toml_edit`, keeping comments and
//! layout, and written atomically, as for "ignore in this project".

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Command, Uri};

use super::code_actions::ProjectFiles;
use super::documents::Snapshot;
use super::state::{lock, State};
use crate::config::{CONFIG_FILE_NAMES, MAX_CONFIG_BYTES};
use crate::fs::write_atomically;
use crate::glossary::load::{read_text, MAX_GLOSSARY_BYTES};
use crate::glossary::Origin;

/// The command behind "Add to the project glossary".
pub const ADD_TO_GLOSSARY_COMMAND: &str = "glossary-ls.addToGlossary";

/// The file a new project glossary gets.
const NEW_GLOSSARY: &str = "glossary.toml";

/// The argument of [`ADD_TO_GLOSSARY_COMMAND`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddArgs {
    /// The document the definition is in (it decides which project to edit).
    pub uri: Uri,
    pub acronym: String,
    pub expansion: String,
}

/// The actions for the document's definitions that meet `within` and that no project glossary
/// holds yet.
pub fn actions(snapshot: &Snapshot, uri: &Uri, within: Range<usize>) -> Vec<CodeActionOrCommand> {
    let glossary = &snapshot.project.glossary;
    snapshot
        .analysis
        .definitions
        .iter()
        .filter(|d| d.span.start <= within.end && within.start <= d.span.end && !d.quoted)
        .filter(|d| {
            !glossary.entries().iter().any(|e| {
                e.origin == Origin::User && e.acronym.as_deref() == Some(d.acronym.as_str())
            })
        })
        .map(|d| {
            let title = format!("Add `{}` to the project glossary", d.acronym);
            let args = AddArgs {
                uri: uri.clone(),
                acronym: d.acronym.clone(),
                expansion: d.long_form.clone(),
            };
            CodeActionOrCommand::CodeAction(CodeAction {
                title: title.clone(),
                kind: Some(CodeActionKind::REFACTOR),
                command: Some(Command {
                    title,
                    command: ADD_TO_GLOSSARY_COMMAND.to_string(),
                    arguments: Some(vec![serde_json::to_value(args).unwrap_or_default()]),
                }),
                ..CodeAction::default()
            })
        })
        .collect()
}

/// `text` (a TOML glossary) with a `[[term]]` for the acronym appended.
pub fn add_term(text: &str, acronym: &str, expansion: &str) -> std::result::Result<String, String> {
    let mut document: toml_edit::DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| {
            format!("the glossary does not parse: {}", e.message())
        })?;
    let mut table = toml_edit::Table::new();
    table.insert("name", toml_edit::value(acronym));
    table.insert("kind", toml_edit::value("acronym"));
    table.insert("acronym", toml_edit::value(acronym));
    table.insert("expansion", toml_edit::value(expansion));
    table.insert("definition", toml_edit::value(expansion));
    match document.get_mut("term") {
        None => {
            let mut terms = toml_edit::ArrayOfTables::new();
            terms.push(table);
            document.insert("term", toml_edit::Item::ArrayOfTables(terms));
        }
        Some(item) => item
            .as_array_of_tables_mut()
            .ok_or("`term` in the glossary is not a list of [[term]] tables")?
            .push(table),
    }
    Ok(document.to_string())
}

/// `text` (a config file) with `file` added to its `glossaries`.
pub fn add_glossary(text: &str, file: &str) -> std::result::Result<String, String> {
    let mut document: toml_edit::DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| {
            format!("the config file does not parse: {}", e.message())
        })?;
    match document.get_mut("glossaries") {
        None => {
            let mut list = toml_edit::Array::new();
            list.push(file);
            document.insert("glossaries", toml_edit::value(list));
        }
        Some(item) => item
            .as_array_mut()
            .ok_or("`glossaries` in the config file is not a list")?
            .push(file),
    }
    Ok(document.to_string())
}

/// The files to write: the glossary with the new term and, when the glossary is new, the config
/// that names it.
fn plan(
    config_path: Option<&Path>,
    glossaries: &[PathBuf],
    folder: &Path,
    args: &AddArgs,
) -> std::result::Result<Vec<(PathBuf, String)>, String> {
    if let Some(existing) = glossaries.iter().find(|g| {
        g.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            && !CONFIG_FILE_NAMES
                .iter()
                .any(|n| g.file_name() == Some((*n).as_ref()))
    }) {
        let text = if existing.exists() {
            read_text(existing, MAX_GLOSSARY_BYTES).map_err(|e| e.to_string())?
        } else {
            String::new()
        };
        return Ok(vec![(
            existing.clone(),
            add_term(&text, &args.acronym, &args.expansion)?,
        )]);
    }
    let (config, config_text) = match config_path {
        Some(path) => (
            path.to_path_buf(),
            read_text(path, MAX_CONFIG_BYTES).map_err(|e| e.to_string())?,
        ),
        None => (folder.join(CONFIG_FILE_NAMES[0]), String::new()),
    };
    let config_folder = config.parent().unwrap_or(folder).to_path_buf();
    let glossary = config_folder.join(NEW_GLOSSARY);
    let glossary_text = if glossary.exists() {
        read_text(&glossary, MAX_GLOSSARY_BYTES).map_err(|e| e.to_string())?
    } else {
        String::new()
    };
    Ok(vec![
        (
            glossary,
            add_term(&glossary_text, &args.acronym, &args.expansion)?,
        ),
        (config, add_glossary(&config_text, NEW_GLOSSARY)?),
    ])
}

/// Runs [`ADD_TO_GLOSSARY_COMMAND`]: writes the files, then reloads the projects.
pub async fn add_to_glossary(state: &Arc<State>, args: AddArgs) -> Result<()> {
    let document_path = args.uri.to_file_path().map(|p| p.into_owned());
    let ProjectFiles {
        config: config_path,
        folder,
    } = ProjectFiles::of(state, document_path.as_deref());
    let glossaries: Vec<PathBuf> = {
        let project = lock(&state.workspace).project_for(document_path.as_deref());
        project
            .config
            .glossaries
            .iter()
            .map(|g| g.path.clone())
            .collect()
    };
    let folder =
        folder.ok_or_else(|| Error::invalid_params("no folder to create the glossary in"))?;
    let files = match plan(config_path.as_deref(), &glossaries, &folder, &args) {
        Ok(files) => files,
        Err(message) => {
            state
                .show_error(format!(
                    "glossary-ls: cannot add `{}`: {message}",
                    args.acronym
                ))
                .await;
            return Ok(());
        }
    };
    for (path, text) in &files {
        if let Err(error) = write_atomically(path, text) {
            state
                .show_error(format!(
                    "glossary-ls: cannot write {}: {error}",
                    path.display()
                ))
                .await;
            return Ok(());
        }
    }
    state.reload().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::parse_toml;

    #[test]
    fn terms_and_glossaries_are_added_keeping_the_files_as_they_were() {
        let text = "# Team terms\n\n[[term]]\nname = \"AWP\"\ndefinition = \"x\"\n";
        let new = add_term(text, "GRPO", "Group Relative Policy Optimization").expect("adds");
        assert!(new.starts_with(text), "{new}");
        let entries = parse_toml(Path::new("g.toml"), &new).expect("loads");
        assert_eq!(entries[1].acronym.as_deref(), Some("GRPO"));
        assert_eq!(
            entries[1].expansion.as_deref(),
            Some("Group Relative Policy Optimization")
        );
        assert_eq!(
            add_glossary("# ours\nignore = [\"X\"]\n", "glossary.toml").expect("adds"),
            "# ours\nignore = [\"X\"]\nglossaries = [\"glossary.toml\"]\n"
        );
        assert!(add_term("term = 1\n", "A", "b").is_err());
    }
}
