//! What the client can do and what the server offers: [`Caps`] reduces the client's capabilities to the
//! questions the handlers ask, and [`server_capabilities`] is the server's half of `initialize`. Kept
//! apart so that a new feature's negotiation is read and changed in one place.

use tower_lsp_server::ls_types::*;

use super::add_to_glossary::ADD_TO_GLOSSARY_COMMAND;
use super::code_actions::{EditSupport, IGNORE_COMMAND};
use super::completion;
use super::encoding::Encoding;

/// What the client told us it can do, reduced to the questions the server asks.
#[derive(Debug, Clone, Default)]
pub struct Caps {
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`) and lets the server ask it to pull
    /// again (`workspace/diagnostic/refresh`); the server then does not push them. A client that
    /// pulls but cannot be asked again (Neovim 0.11) gets them pushed: it pulls only when its own
    /// document changes, so a new config or glossary would not show until the next edit.
    pub pull_diagnostics: bool,
    pub inlay_hint_refresh: bool,
    /// Hover in Markdown (else plain text).
    pub hover_markdown: bool,
    pub completion_markdown: bool,
    /// The client resolves completion items' documentation lazily (`completionItem/resolve`).
    pub completion_resolve_documentation: bool,
    /// How completion items say what they insert (Neovim's built-in completion needs its own shape).
    pub completion_shape: completion::Shape,
    pub watch_files_dynamically: bool,
    pub relative_patterns: bool,
    pub apply_edit: bool,
    pub edits: EditSupport,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
}

impl Caps {
    pub(super) fn new(caps: &ClientCapabilities, client: Option<&ClientInfo>) -> Caps {
        let workspace = caps.workspace.as_ref();
        let text = caps.text_document.as_ref();
        let markdown_first = |formats: Option<&Vec<MarkupKind>>| {
            formats.is_none_or(|list| {
                list.first()
                    .is_none_or(|first| *first == MarkupKind::Markdown)
            })
        };
        let watch = workspace.and_then(|w| w.did_change_watched_files.as_ref());
        let diagnostic_refresh = workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        Caps {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            pull_diagnostics: text.is_some_and(|t| t.diagnostic.is_some()) && diagnostic_refresh,

            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            hover_markdown: markdown_first(
                text.and_then(|t| t.hover.as_ref())
                    .and_then(|h| h.content_format.as_ref()),
            ),
            completion_markdown: markdown_first(
                text.and_then(|t| t.completion.as_ref())
                    .and_then(|c| c.completion_item.as_ref())
                    .and_then(|i| i.documentation_format.as_ref()),
            ),
            completion_resolve_documentation: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "documentation")),
            completion_shape: completion::Shape::for_client(
                client.map(|c| c.name.as_str()),
                text.and_then(|t| t.completion.as_ref())
                    .and_then(|c| c.completion_item.as_ref())
                    .and_then(|i| i.insert_replace_support)
                    .unwrap_or(false),
            ),
            watch_files_dynamically: watch.and_then(|w| w.dynamic_registration).unwrap_or(false),
            relative_patterns: watch
                .and_then(|w| w.relative_pattern_support)
                .unwrap_or(false),
            apply_edit: workspace.and_then(|w| w.apply_edit).unwrap_or(false),
            edits: EditSupport {
                document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            },
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        }
    }
}

/// What the server offers, given the negotiated position encoding and whether the client pulls
/// diagnostics.
pub fn server_capabilities(encoding: Encoding, pull: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        // Jupyter notebooks: the Markdown cells are synchronised (and analysed together).
        notebook_document_sync: Some(OneOf::Left(NotebookDocumentSyncOptions {
            notebook_selector: vec![NotebookSelector::ByNotebook {
                notebook: Notebook::String("jupyter-notebook".into()),
                cells: Some(vec![NotebookCellSelector {
                    language: "markdown".into(),
                }]),
            }],
            save: None,
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            resolve_provider: Some(true),
            ..CompletionOptions::default()
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR]),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![
                IGNORE_COMMAND.to_string(),
                ADD_TO_GLOSSARY_COMMAND.to_string(),
            ],
            ..ExecuteCommandOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("glossary-ls".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
}
