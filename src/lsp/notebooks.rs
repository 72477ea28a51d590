//! Open notebooks (LSP 3.17 notebook document sync): which cells each notebook has, in order.
//!
//! Each cell's text is an open document of its own (the cell URI, in [`super::documents`]), changed by
//! `notebookDocument/didChange`; diagnostics, hover and completion work per cell like for any
//! document. What this adds is the order: a Markdown cell is analysed together with the notebook's
//! other Markdown cells ([`crate::analysis::analyze_cell`]), so a definition in cell 2 covers cell 7,
//! and a change in one cell re-analyses its siblings.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::ls_types::{
    DidChangeNotebookDocumentParams, DidCloseNotebookDocumentParams, DidOpenNotebookDocumentParams,
    NotebookCell, NotebookCellKind, TextDocumentItem, Uri,
};

use super::diagnostics::schedule;
use super::documents::Document;
use super::state::{lock, State};

/// One open notebook's cells, in order.
#[derive(Debug, Default)]
pub struct Notebook {
    /// Every cell (code cells too: the structure changes count positions among all of them).
    cells: Vec<(Uri, bool)>,
}

impl Notebook {
    pub fn new(cells: &[NotebookCell]) -> Notebook {
        Notebook {
            cells: cells.iter().map(entry).collect(),
        }
    }

    /// Applies a structure change: `delete` cells removed at `start`, `cells` inserted there.
    pub fn splice(&mut self, start: usize, delete: usize, cells: &[NotebookCell]) {
        let start = start.min(self.cells.len());
        let end = start.saturating_add(delete).min(self.cells.len());
        self.cells.splice(start..end, cells.iter().map(entry));
    }

    /// The Markdown cells, in order.
    pub fn markdown_cells(&self) -> Vec<Uri> {
        self.cells
            .iter()
            .filter(|(_, markdown)| *markdown)
            .map(|(uri, _)| uri.clone())
            .collect()
    }
}

fn entry(cell: &NotebookCell) -> (Uri, bool) {
    (cell.document.clone(), cell.kind == NotebookCellKind::MARKUP)
}

/// The open notebooks, by notebook URI.
#[derive(Debug, Default)]
pub struct Notebooks {
    pub open: HashMap<Uri, Notebook>,
}

impl Notebooks {
    /// The Markdown cells of the notebook that holds the Markdown cell `cell`, in order.
    pub fn siblings(&self, cell: &Uri) -> Option<Vec<Uri>> {
        self.open
            .values()
            .map(Notebook::markdown_cells)
            .find(|cells| cells.contains(cell))
    }
}

/// Applies a `notebookDocument/…` notification (in arrival order, like the text document ones; see
/// `transport::Sequenced`).
pub(super) fn apply(state: &Arc<State>, method: &str, params: Value) {
    match method {
        "notebookDocument/didOpen" => {
            let Ok(params) = serde_json::from_value::<DidOpenNotebookDocumentParams>(params) else {
                tracing::warn!("ignoring a malformed notebookDocument/didOpen");
                return;
            };
            open_cells(state, params.cell_text_documents);
            let notebook = params.notebook_document;
            lock(&state.notebooks)
                .open
                .insert(notebook.uri.clone(), Notebook::new(&notebook.cells));
            reanalyse(state, &notebook.uri);
        }
        "notebookDocument/didChange" => {
            let Ok(params) = serde_json::from_value::<DidChangeNotebookDocumentParams>(params)
            else {
                tracing::warn!("ignoring a malformed notebookDocument/didChange");
                return;
            };
            let uri = params.notebook_document.uri;
            let Some(cells) = params.change.cells else {
                return;
            };
            if let Some(structure) = cells.structure {
                open_cells(state, structure.did_open.unwrap_or_default());
                let closed = structure.did_close.unwrap_or_default();
                close_cells(state, closed.into_iter().map(|c| c.uri).collect());
                let array = structure.array;
                if let Some(notebook) = lock(&state.notebooks).open.get_mut(&uri) {
                    notebook.splice(
                        array.start as usize,
                        array.delete_count as usize,
                        &array.cells.unwrap_or_default(),
                    );
                }
            }
            let encoding = state.caps().encoding;
            {
                let mut documents = lock(&state.documents);
                for change in cells.text_content.unwrap_or_default() {
                    if let Some(document) = documents.get_mut(&change.document.uri) {
                        document.apply_changes(change.document.version, &change.changes, encoding);
                    }
                }
            }
            reanalyse(state, &uri);
        }
        "notebookDocument/didClose" => {
            let Ok(params) = serde_json::from_value::<DidCloseNotebookDocumentParams>(params)
            else {
                tracing::warn!("ignoring a malformed notebookDocument/didClose");
                return;
            };
            lock(&state.notebooks)
                .open
                .remove(&params.notebook_document.uri);
            close_cells(
                state,
                params
                    .cell_text_documents
                    .into_iter()
                    .map(|c| c.uri)
                    .collect(),
            );
        }
        _ => {}
    }
}

fn open_cells(state: &Arc<State>, items: Vec<TextDocumentItem>) {
    let mut documents = lock(&state.documents);
    for item in items {
        let document = Document::new(&item.uri, item.language_id, item.version, &item.text);
        documents.insert(item.uri, document);
    }
}

/// Forgets closed cells and clears their diagnostics.
fn close_cells(state: &Arc<State>, uris: Vec<Uri>) {
    let mut reviewed = Vec::new();
    {
        let mut documents = lock(&state.documents);
        for uri in uris {
            let removed = documents.remove(&uri);
            if removed
                .and_then(|d| d.snapshot)
                .is_some_and(|s| s.kind.is_some())
            {
                reviewed.push(uri);
            }
        }
    }
    if state.caps().pull_diagnostics {
        return;
    }
    for uri in reviewed {
        let client = state.client.clone();
        tokio::spawn(async move { client.publish_diagnostics(uri, Vec::new(), None).await });
    }
}

/// Analyses every Markdown cell of the notebook again: a change in one cell may define or use an
/// acronym another cell depends on.
fn reanalyse(state: &Arc<State>, notebook: &Uri) {
    let cells = match lock(&state.notebooks).open.get(notebook) {
        Some(notebook) => notebook.markdown_cells(),
        None => return,
    };
    {
        let mut documents = lock(&state.documents);
        for uri in &cells {
            if let Some(document) = documents.get_mut(uri) {
                document.renew();
            }
        }
    }
    for uri in &cells {
        schedule(state, uri);
    }
}

/// The texts of the Markdown cells of the notebook that holds `cell`, in order, with `text` for
/// `cell` itself, and its index among them; `None` when `cell` is not a notebook's Markdown cell.
pub(super) fn cell_texts(state: &State, cell: &Uri, text: &str) -> Option<(Vec<String>, usize)> {
    let cells = lock(&state.notebooks).siblings(cell)?;
    let documents = lock(&state.documents);
    let index = cells.iter().position(|uri| uri == cell)?;
    let texts = cells
        .iter()
        .map(|uri| {
            if uri == cell {
                text.to_string()
            } else {
                documents
                    .get(uri)
                    .map(|d| super::documents::text_of(&d.rope))
                    .unwrap_or_default()
            }
        })
        .collect();
    Some((texts, index))
}
