//! The `LanguageServer` handlers: thin, each converts positions and calls its feature module. The
//! shared state is in [`super::state`], the capabilities in [`super::capabilities`], and the service
//! layer that keeps document changes in order and contains panics in [`super::transport`].

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::add_to_glossary::{self, AddArgs, ADD_TO_GLOSSARY_COMMAND};
use super::capabilities::{server_capabilities, Caps};
use super::code_actions::{self, IgnoreArgs, IGNORE_COMMAND};
use super::completion;
use super::coordinates::{Coordinates, Moved};
use super::diagnostics;
use super::documents::Snapshot;
use super::encoding::{byte_range, Encoding};
use super::hover;
use super::inlay_hints;
use super::navigation;
use super::nothing_there::nothing_there;
use super::state::{apply_settings, lock, State};
use super::workspace::SETTINGS_SECTION;

/// What a request at a position answers about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asks {
    /// The term or acronym there (hover, definition, references, highlights): nothing when none
    /// can be read there.
    Target,
    /// The word being typed there.
    Completion,
}

/// The `LanguageServer` handlers.
pub struct Backend {
    pub state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            state: Arc::new(State::new(client)),
        }
    }

    fn encoding(&self) -> Encoding {
        self.state.caps().encoding
    }

    /// Answers a request at a position. At once from the latest analysis when it can answer for the
    /// text the client sees — an analysis of an earlier text can, for text the edits since did not
    /// touch (see `edit_log`) — else from the analysis of the current text, waited for. `answer` gets
    /// the analysis and the coordinates to answer in, which place the position in the analysed text
    /// ([`Coordinates::offset`]) or, for what the user has just typed, in the current one; it gives
    /// `Ok(None)` when it has nothing to say and [`Moved`] when it cannot place its answer exactly.
    /// `None` for documents without analysis (unknown, not reviewed), `Some(None)` when there is
    /// nothing to say. Nothing to say about the target at a place the edits touched is still said
    /// at once when the current text shows that nothing can be read there ([`nothing_there`]).
    async fn answer_at<T>(
        &self,
        position: &TextDocumentPositionParams,
        asks: Asks,
        answer: impl Fn(&Snapshot, &Coordinates) -> std::result::Result<Option<T>, Moved>,
    ) -> Option<Option<T>> {
        let uri = &position.text_document.uri;
        if let Some((snapshot, coordinates)) = self.state.latest(uri) {
            match answer(&snapshot, &coordinates) {
                Ok(Some(answer)) => {
                    if !coordinates.is_current() {
                        tracing::debug!(
                            "{}: answered at once from the analysis of version {}",
                            uri.as_str(),
                            snapshot.version
                        );
                    }
                    return Some(Some(answer));
                }
                Ok(None) if coordinates.line_untouched(position.position) => return Some(None),
                // Whatever the analysis of the current text finds elsewhere, it finds nothing here.
                _ if asks == Asks::Target
                    && nothing_there(&snapshot, &coordinates, position.position) =>
                {
                    tracing::debug!(
                        "{}: nothing can be read at {:?} in the current text; answered at once",
                        uri.as_str(),
                        position.position
                    );
                    return Some(None);
                }
                // Why, in the log: the two waits have different mends.
                unanswered => tracing::debug!(
                    "{}: the analysis of version {} cannot answer at {:?} ({}); waiting for the current one",
                    uri.as_str(),
                    snapshot.version,
                    position.position,
                    if unanswered.is_ok() {
                        "nothing there, on a line the edits since touched"
                    } else {
                        "the edits since touched a place its answer names"
                    }
                ),
            }
        }
        let snapshot = self.state.snapshot(uri).await?;
        // The current text's coordinates place everything: no `Moved`.
        let coordinates = Coordinates::current(&snapshot, self.encoding());
        Some(answer(&snapshot, &coordinates).ok().flatten())
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = Caps::new(&params.capabilities, params.client_info.as_ref());
        let encoding = caps.encoding;
        let pull = caps.pull_diagnostics;
        let _ = self.state.caps.set(caps);
        #[allow(deprecated)]
        let roots: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) if !folders.is_empty() => folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect(),
            _ => params
                .root_uri
                .as_ref()
                .and_then(|uri| uri.to_file_path().map(|p| p.into_owned()))
                .into_iter()
                .collect(),
        };
        lock(&self.state.workspace).roots = roots;
        apply_settings(&self.state, params.initialization_options).await;
        self.state.initialized.store(true, Ordering::SeqCst);
        // The settings are known: build the glossary's structures while the client reads the answer.
        let state = Arc::clone(&self.state);
        tokio::spawn(async move { state.warm_up().await });
        Ok(InitializeResult {
            capabilities: server_capabilities(encoding, pull),
            server_info: Some(ServerInfo {
                name: "glossary-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    // Notification handlers that talk back to the client (requests whose answers may never come if the
    // client goes away) do so from a spawned task: a handler stuck awaiting the client would keep the
    // transport from finishing at exit.

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!(
            "initialized: {:?} positions, {} diagnostics",
            self.encoding(),
            if self.state.caps().pull_diagnostics {
                "pull"
            } else {
                "push"
            }
        );
        let state = Arc::clone(&self.state);
        tokio::spawn(async move { state.update_watchers().await });
        super::expansion_index::start_indexing(&self.state);
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let state = Arc::clone(&self.state);
        tokio::spawn(async move {
            let mut settings = params.settings;
            let empty = settings.is_null() || settings.as_object().is_some_and(|o| o.is_empty());
            if empty && state.caps().configuration {
                let item = ConfigurationItem {
                    scope_uri: None,
                    section: Some(SETTINGS_SECTION.into()),
                };
                if let Ok(mut values) = state.client.configuration(vec![item]).await {
                    settings = values.pop().unwrap_or(Value::Null);
                }
            }
            if apply_settings(&state, Some(settings)).await {
                state.reload().await;
            }
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let relevant = {
            let workspace = lock(&self.state.workspace);
            params.changes.iter().any(|change| {
                change
                    .uri
                    .to_file_path()
                    .is_some_and(|path| workspace.watches(&path))
            })
        };
        if relevant {
            let state = Arc::clone(&self.state);
            tokio::spawn(async move { state.reload().await });
        } else {
            super::expansion_index::files_changed(&self.state, &params.changes);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let markdown = self.state.caps().hover_markdown;
        let position = &params.text_document_position_params;
        Ok(self
            .answer_at(position, Asks::Target, |snapshot, coordinates| {
                let offset = coordinates.offset(position.position)?;
                hover::hover(snapshot, offset, coordinates, markdown)
            })
            .await
            .flatten())
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let caps = self.state.caps();
        let docs = if caps.completion_resolve_documentation {
            completion::Docs::Lazy
        } else {
            completion::Docs::Inline {
                markdown: caps.completion_markdown,
            }
        };
        let position = &params.text_document_position;
        let uri = &position.text_document.uri;
        Ok(self
            .answer_at(position, Asks::Completion, |snapshot, coordinates| {
                completion::completion(
                    snapshot,
                    uri,
                    position.position,
                    coordinates,
                    docs,
                    caps.completion_shape,
                )
            })
            .await
            .flatten()
            .map(CompletionResponse::List))
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        let Some(data) = item
            .data
            .take()
            .and_then(|d| serde_json::from_value::<completion::ResolveData>(d).ok())
        else {
            return Ok(item);
        };
        // The glossary is the project's: any analysis that answers for the current text has it.
        let snapshot = match self.state.latest(&data.uri) {
            Some((snapshot, _)) => Some(snapshot),
            None => self.state.snapshot(&data.uri).await,
        };
        if let Some(snapshot) = snapshot {
            if let Some(entry) = snapshot.project.glossary.get(&data.name) {
                item.documentation = Some(completion::documentation(
                    entry,
                    self.state.caps().completion_markdown,
                ));
            }
        }
        Ok(item)
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snapshot) = self.state.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        let range = byte_range(&snapshot.rope, params.range, self.encoding());
        Ok(Some(inlay_hints::inlay_hints(
            &snapshot,
            range,
            self.encoding(),
        )))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = &params.text_document.uri;
        let Some(snapshot) = self.state.snapshot(uri).await else {
            return Ok(None);
        };
        let range = byte_range(&snapshot.rope, params.range, self.encoding());
        let only = params.context.only.as_deref();
        let mut actions = code_actions::code_actions(
            &snapshot,
            uri,
            range.clone(),
            only,
            self.state.caps().edits,
            self.encoding(),
        );
        let wants_refactor = only.is_none_or(|kinds| {
            kinds
                .iter()
                .any(|k| CodeActionKind::REFACTOR.as_str().starts_with(k.as_str()))
        });
        if wants_refactor && snapshot.too_large.is_none() {
            actions.extend(add_to_glossary::actions(&snapshot, uri, range));
        }
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command == ADD_TO_GLOSSARY_COMMAND {
            let args: AddArgs = params
                .arguments
                .into_iter()
                .next()
                .and_then(|value| serde_json::from_value(value).ok())
                .ok_or_else(|| Error::invalid_params("expected { uri, acronym, expansion }"))?;
            add_to_glossary::add_to_glossary(&self.state, args).await?;
            return Ok(None);
        }
        if params.command != IGNORE_COMMAND {
            return Err(Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let args: IgnoreArgs = params
            .arguments
            .into_iter()
            .next()
            .and_then(|value| serde_json::from_value(value).ok())
            .ok_or_else(|| Error::invalid_params("expected { uri, token }"))?;
        code_actions::ignore_token(&self.state, args).await?;
        Ok(None)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let position = &params.text_document_position_params;
        let uri = &position.text_document.uri;
        Ok(self
            .answer_at(position, Asks::Target, |snapshot, coordinates| {
                let offset = coordinates.offset(position.position)?;
                navigation::definition(snapshot, uri, offset, coordinates)
            })
            .await
            .flatten()
            .map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = &params.text_document_position;
        let uri = &position.text_document.uri;
        let include_declaration = params.context.include_declaration;
        Ok(self
            .answer_at(position, Asks::Target, |snapshot, coordinates| {
                let offset = coordinates.offset(position.position)?;
                navigation::references(snapshot, uri, offset, include_declaration, coordinates)
            })
            .await
            .map(Option::unwrap_or_default))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let position = &params.text_document_position_params;
        Ok(self
            .answer_at(position, Asks::Target, |snapshot, coordinates| {
                let offset = coordinates.offset(position.position)?;
                navigation::highlights(snapshot, offset, coordinates)
            })
            .await
            .map(Option::unwrap_or_default))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let snapshot = self.state.snapshot(&params.text_document.uri).await;
        Ok(diagnostics::report(
            snapshot.as_deref(),
            params.previous_result_id.as_deref(),
        ))
    }
}
