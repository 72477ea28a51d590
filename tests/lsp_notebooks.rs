//! Notebook document sync (LSP 3.17) end to end over stdio: the server advertises it for Jupyter
//! notebooks' Markdown cells, reads a notebook's Markdown cells as one document (a definition in an
//! earlier cell covers a later one, code cells are not read), and publishes diagnostics, hover and
//! completion per cell, at the cell's own positions.

mod common;

use common::{capabilities, file_uri, project, range, LspClient};
use serde_json::{json, Value};

fn cell_uri(notebook: &str, n: usize) -> String {
    format!(
        "vscode-notebook-cell:{}#cell{n}",
        notebook.trim_start_matches("file://")
    )
}

fn at(uri: &str, line: u64, character: u64) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap_or_default(),
                d["range"]["start"]["line"],
                d["range"]["start"]["character"]
            )
        })
        .collect()
}

#[test]
fn markdown_cells_are_one_document_with_per_cell_diagnostics_and_hover() {
    let dir = project();
    let mut client = LspClient::start(&[], dir.path());
    let init = client.initialize(dir.path(), capabilities(&["utf-16"]), Value::Null);
    assert_eq!(
        init["capabilities"]["notebookDocumentSync"],
        json!({ "notebookSelector": [
            { "notebook": "jupyter-notebook", "cells": [{ "language": "markdown" }] }
        ]})
    );
    client.notify("initialized", json!({}));

    let notebook = file_uri(&dir.path().join("tune.ipynb"));
    let cells: Vec<String> = (0..3).map(|n| cell_uri(&notebook, n)).collect();
    let texts = [
        "# Tuning\nGroup Relative Policy Optimization (GRPO) is our method.\n",
        "GRPO = 'PPO'\n",
        "We tune with GRPO.\nThen PPO runs.\n",
    ];
    client.notify(
        "notebookDocument/didOpen",
        json!({
            "notebookDocument": {
                "uri": notebook, "notebookType": "jupyter-notebook", "version": 1,
                "cells": [
                    { "kind": 1, "document": cells[0] },
                    { "kind": 2, "document": cells[1] },
                    { "kind": 1, "document": cells[2] },
                ],
            },
            "cellTextDocuments": [
                { "uri": cells[0], "languageId": "markdown", "version": 1, "text": texts[0] },
                { "uri": cells[1], "languageId": "python", "version": 1, "text": texts[1] },
                { "uri": cells[2], "languageId": "markdown", "version": 1, "text": texts[2] },
            ],
        }),
    );
    // GRPO is defined in cell 0, so its use in cell 2 is fine; PPO is spelled out nowhere (the code
    // cell does not count), and is reported at its position in cell 2.
    assert_eq!(
        codes(&client.diagnostics(&cells[0], 1)),
        Vec::<String>::new()
    );
    let third = client.diagnostics(&cells[2], 1);
    assert_eq!(codes(&third), ["acronym-not-spelled-out 1:5"]);
    assert_eq!(third[0]["range"], range((1, 5), (1, 8)));

    let hover = client.request("textDocument/hover", at(&cells[2], 0, 14));
    assert_eq!(hover["range"], range((0, 13), (0, 17)));
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        text.contains("Group Relative Policy Optimization"),
        "{text}"
    );

    let completion = client.request("textDocument/completion", at(&cells[2], 1, 8));
    assert!(
        completion
            .to_string()
            .contains("Proximal Policy Optimization"),
        "{completion}"
    );

    // Removing the definition from cell 0 makes cell 2's GRPO the first use, and a finding.
    client.notify(
        "notebookDocument/didChange",
        json!({
            "notebookDocument": { "uri": notebook, "version": 2 },
            "change": { "cells": { "textContent": [{
                "document": { "uri": cells[0], "version": 2 },
                "changes": [{ "range": range((1, 0), (1, 42)), "text": "" }],
            }]}},
        }),
    );
    assert_eq!(
        codes(&client.diagnostics(&cells[0], 2)),
        Vec::<String>::new()
    );
    let third = client.diagnostics(&cells[2], 1);
    assert_eq!(
        codes(&third),
        [
            "acronym-not-spelled-out 0:13",
            "acronym-not-spelled-out 1:5"
        ]
    );

    client.notify(
        "notebookDocument/didClose",
        json!({
            "notebookDocument": { "uri": notebook },
            "cellTextDocuments": [{ "uri": cells[0] }, { "uri": cells[1] }, { "uri": cells[2] }],
        }),
    );
    let params = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == cells[2].as_str() && p["diagnostics"] == json!([])
    });
    assert!(params["version"].is_null());
    assert!(client.shutdown_and_exit().success());
}

/// A `.ipynb` file opened as a text document (an editor without notebook support shows the JSON):
/// diagnostics and hover at positions of the JSON, and the quick fix's edit JSON-escaped.
#[test]
fn a_notebook_file_opened_as_json_is_reviewed_at_json_positions() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("nb.ipynb"));
    let text = "{\"cells\": [\n {\"cell_type\": \"code\", \"source\": [\"PPO = 1\"]},\n {\"cell_type\": \"markdown\", \"source\": [\"Caf\\u00e9 \\\"fast\\\" PPO runs\"]}\n]}\n";
    client.open(&uri, "json", 1, text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(codes(&diagnostics), ["acronym-not-spelled-out 2:58"]);
    let hover = client.request("textDocument/hover", at(&uri, 2, 59));
    assert_eq!(hover["range"], range((2, 58), (2, 61)));
    let actions = client.code_actions_at(&uri, 2, 59);
    let edit = actions
        .as_array()
        .and_then(|a| a.first())
        .map(|a| a["edit"].to_string())
        .unwrap_or_default();
    assert!(
        edit.contains("Proximal Policy Optimization (PPO)"),
        "{actions}"
    );
    assert!(client.shutdown_and_exit().success());
}
