//! Code actions: the findings' fixes as quick fixes, and "ignore in this project".
//!
//! A fix that edits the document becomes a quick fix carrying its edit (preferred when the engine says
//! it is clearly right). Adding a token to the project's ignore list edits another file, the project
//! config, so that action runs a command: the server makes the change — a format-preserving edit made
//! with `toml_edit`, keeping comments and layout, or a new `.glossary-ls.toml` — writes the file, and
//! reviews the open documents again ([`ignore_token`]).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::text_edits;
use super::documents::Snapshot;
use super::encoding::{range_of, Encoding};
use super::state::{lock, State};
use crate::analysis::FixAction;
use crate::config::{CONFIG_FILE_NAMES, MAX_CONFIG_BYTES};
use crate::fs::write_atomically;
use crate::glossary::load::read_text;

/// The command behind "add to the project's ignore list".
pub const IGNORE_COMMAND: &str = "glossary-ls.ignoreToken";

/// The argument of [`IGNORE_COMMAND`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IgnoreArgs {
    /// The document the action was offered in (it decides which project config to edit).
    pub uri: Uri,
    pub token: String,
}

/// What the client can do with workspace edits.
#[derive(Debug, Clone, Copy, Default)]
pub struct EditSupport {
    /// `documentChanges` (versioned edits).
    pub document_changes: bool,
}

/// The quick fixes for findings whose range meets the byte range `within`.
pub fn code_actions(
    snapshot: &Snapshot,
    uri: &Uri,
    within: Range<usize>,
    only: Option<&[CodeActionKind]>,
    support: EditSupport,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    let wants_quickfix = only.is_none_or(|kinds| {
        kinds
            .iter()
            .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
    });
    if !wants_quickfix || snapshot.too_large.is_some() {
        return Vec::new();
    }
    let mut actions = Vec::new();
    let findings = &snapshot.analysis.findings;
    for (finding, diagnostic) in findings.iter().zip(&snapshot.diagnostics) {
        if finding.range.start > within.end || finding.range.end < within.start {
            continue;
        }
        for fix in &finding.fixes {
            let mut action = CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                is_preferred: fix.preferred.then_some(true),
                ..CodeAction::default()
            };
            match &fix.action {
                FixAction::Edit { edits } => {
                    let edits = text_edits(edits, &snapshot.rope, encoding);
                    action.edit = Some(document_edit(uri, Some(snapshot.version), edits, support));
                }
                FixAction::IgnoreToken { token } => {
                    let args = IgnoreArgs {
                        uri: uri.clone(),
                        token: token.clone(),
                    };
                    action.command = Some(Command {
                        title: fix.title.clone(),
                        command: IGNORE_COMMAND.to_string(),
                        arguments: Some(vec![serde_json::to_value(args).unwrap_or_default()]),
                    });
                }
            }
            actions.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    actions
}

/// A workspace edit of one document, versioned when the client supports it.
pub fn document_edit(
    uri: &Uri,
    version: Option<i32>,
    edits: Vec<TextEdit>,
    support: EditSupport,
) -> WorkspaceEdit {
    if support.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version,
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// `text` (a config file) with `token` added to its `ignore` list, keeping everything else as it is;
/// `Ok(None)` when the token is already there.
pub fn add_ignored_token(text: &str, token: &str) -> std::result::Result<Option<String>, String> {
    let mut document: toml_edit::DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| {
            format!("the config file does not parse: {}", e.message())
        })?;
    match document.get_mut("ignore") {
        None => {
            let mut list = toml_edit::Array::new();
            list.push(token);
            document.insert("ignore", toml_edit::value(list));
        }
        Some(item) => {
            let list = item
                .as_array_mut()
                .ok_or("`ignore` in the config file is not a list")?;
            if list.iter().any(|v| v.as_str() == Some(token)) {
                return Ok(None);
            }
            list.push(token);
        }
    }
    Ok(Some(document.to_string()))
}

/// The smallest single edit that turns `old` into `new`: one replacement between their common prefix
/// and suffix (on character boundaries), as an LSP edit in `old`'s positions.
pub fn minimal_edit(old: &str, new: &str, encoding: Encoding) -> TextEdit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let rope = Rope::from_str(old);
    TextEdit::new(
        range_of(&rope, prefix..old.len() - suffix, encoding),
        new.get(prefix..new.len() - suffix)
            .unwrap_or_default()
            .to_string(),
    )
}

/// Where a command that edits a document's project writes: the config file that governs it, and the
/// folder where a new file (a `.glossary-ls.toml`, a glossary) belongs.
pub struct ProjectFiles {
    /// The config file to edit; `None` when there is none, or when discovery found a documentation
    /// generator's config (`mkdocs.yml`, `conf.py`, …), which is never edited.
    pub config: Option<PathBuf>,
    /// Beside the generator's config (where discovery finds a new file first), else the workspace
    /// folder holding the document, else the document's folder, else the first workspace folder.
    pub folder: Option<PathBuf>,
}

impl ProjectFiles {
    pub fn of(state: &State, document_path: Option<&Path>) -> ProjectFiles {
        let (found, roots) = {
            let mut workspace = lock(&state.workspace);
            (
                workspace.config_path_for(document_path),
                workspace.roots.clone(),
            )
        };
        let (config, site_folder) = match found {
            Some(path) if crate::config::site::is_site_file(&path) => {
                (None, path.parent().map(Path::to_path_buf))
            }
            other => (other, None),
        };
        let folder = site_folder
            .or_else(|| {
                document_path
                    .and_then(|doc| roots.iter().find(|root| doc.starts_with(root)).cloned())
            })
            .or_else(|| document_path.and_then(Path::parent).map(Into::into))
            .or_else(|| roots.first().cloned());
        ProjectFiles { config, folder }
    }
}

/// Runs [`IGNORE_COMMAND`]: adds a token to the ignore list of the project config that governs
/// `args.uri` — the nearest config file, or a new `.glossary-ls.toml` in the workspace folder (else the
/// document's folder) — then reloads the configuration and reviews every open document again at once,
/// whether or not the client watches files.
///
/// The server writes the file itself, atomically (as `check --fix` does): an editor applies a
/// `workspace/applyEdit` to a buffer and leaves it unsaved (Neovim even leaves a new file's buffer
/// hidden), so the file on disk, which the server and `check` read, would not change. Only when the
/// client has the config file open (it sent `didOpen` for it) does the edit go through
/// `workspace/applyEdit`, so that the editor's unsaved text is not overwritten; the change then takes
/// effect when that file is saved.
pub async fn ignore_token(state: &Arc<State>, args: IgnoreArgs) -> Result<()> {
    let caps = state.caps().clone();
    let document_path = args.uri.to_file_path().map(|p| p.into_owned());
    let ProjectFiles { config, folder } = ProjectFiles::of(state, document_path.as_deref());
    let (path, edit, new_text) = match config {
        Some(path) => {
            let uri = Uri::from_file_path(&path).ok_or_else(Error::internal_error)?;
            // The editor's text when the config is open there, else the file's.
            let open = lock(&state.documents)
                .get(&uri)
                .map(|d| (super::documents::text_of(&d.rope), d.version));
            let (text, version) = match &open {
                Some((text, version)) => (text.clone(), Some(*version)),
                None => (
                    read_text(&path, MAX_CONFIG_BYTES)
                        .map_err(|e| Error::invalid_params(e.to_string()))?,
                    None,
                ),
            };
            let new_text = match add_ignored_token(&text, &args.token) {
                Ok(Some(new_text)) => new_text,
                Ok(None) => return Ok(()),
                Err(message) => {
                    state
                        .show_error(format!(
                            "glossary-ls: cannot edit {}: {message}",
                            path.display()
                        ))
                        .await;
                    return Ok(());
                }
            };
            // Only an open config is edited through the client.
            let edit = open.is_some().then(|| {
                let edit = minimal_edit(&text, &new_text, caps.encoding);
                document_edit(&uri, version, vec![edit], caps.edits)
            });
            (path, edit, new_text)
        }
        None => {
            let folder =
                folder.ok_or_else(|| Error::invalid_params("no folder to create the config in"))?;
            let path = folder.join(CONFIG_FILE_NAMES[0]);
            let new_text = add_ignored_token("", &args.token)
                .ok()
                .flatten()
                .unwrap_or_default();
            (path, None, new_text)
        }
    };
    let applied = match edit.filter(|_| caps.apply_edit) {
        Some(edit) => match state.client.apply_edit(edit).await {
            Ok(response) => response.applied,
            Err(error) => {
                tracing::warn!("workspace/applyEdit failed: {error}");
                false
            }
        },
        None => match write_atomically(&path, &new_text) {
            Ok(()) => true,
            Err(error) => {
                state
                    .show_error(format!(
                        "glossary-ls: cannot write {}: {error}",
                        path.display()
                    ))
                    .await;
                false
            }
        },
    };
    if applied {
        state.reload().await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    #[test]
    fn ignore_edits_keep_the_rest_of_the_file() {
        let text = "# Our settings\nglossaries = [\"team.toml\"] # ours\nignore = [\"ACME\"]\n\n[severity]\nundefined-acronym = \"hint\"\n";
        let new = add_ignored_token(text, "ZED")
            .expect("ok")
            .expect("changed");
        assert_eq!(
            new,
            "# Our settings\nglossaries = [\"team.toml\"] # ours\nignore = [\"ACME\", \"ZED\"]\n\n[severity]\nundefined-acronym = \"hint\"\n"
        );
        assert_eq!(add_ignored_token(&new, "ZED"), Ok(None));

        // A new key goes with the top-level keys, before the first table (and its comment).
        let without = "# Settings\n[severity]\nundefined-acronym = \"hint\"\n";
        let new = add_ignored_token(without, "ZED")
            .expect("ok")
            .expect("changed");
        assert_eq!(
            new,
            "ignore = [\"ZED\"]\n# Settings\n[severity]\nundefined-acronym = \"hint\"\n"
        );
        assert_eq!(
            add_ignored_token("", "ZED"),
            Ok(Some("ignore = [\"ZED\"]\n".into()))
        );
        assert!(add_ignored_token("ignore = 3\n", "ZED").is_err());
        assert!(add_ignored_token("ignore = [\n", "ZED").is_err());
    }

    #[test]
    fn minimal_edits() {
        let edit = minimal_edit(
            "ignore = [\"A\"]\n",
            "ignore = [\"A\", \"B\"]\n",
            Encoding::Utf16,
        );
        assert_eq!(edit.new_text, ", \"B\"");
        assert_eq!(edit.range.start, Position::new(0, 13));
        assert_eq!(edit.range.end, Position::new(0, 13));
        let edit = minimal_edit("é😀x", "é😁x", Encoding::Utf16);
        assert_eq!(
            (edit.range.start.character, edit.range.end.character),
            (1, 3)
        );
        assert_eq!(edit.new_text, "😁");
        let same = minimal_edit("abc", "abc", Encoding::Utf8);
        assert!(same.new_text.is_empty() && same.range.start == same.range.end);
    }
}
