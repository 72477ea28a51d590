//! The server over stdio with reStructuredText and LaTeX documents: diagnostics and hover at the
//! right places, nothing from code, math or comments.

mod common;

use common::{capabilities, file_uri, project, range, LspClient};
use serde_json::{json, Value};

fn at(uri: &str, line: u64, character: u64) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

/// `(code, range)` of each diagnostic.
fn places(diagnostics: &[Value]) -> Vec<(String, Value)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"].clone(),
            )
        })
        .collect()
}

const PAPER: &str = "\\section{Notes on GRPO}
% PPO in a comment
We align with RLHF, then $DPO$ math, and \\emph{Group Relative Policy Optimization} (GRPO).
";

#[test]
fn a_latex_document_over_stdio() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("paper.tex"));
    client.open(&uri, "latex", 1, PAPER);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        places(&diagnostics),
        [(
            "acronym-not-spelled-out".to_string(),
            range((2, 14), (2, 18))
        )]
    );
    // The heading's GRPO is explained with the definition the text gives with \emph.
    let grpo = client.request("textDocument/hover", at(&uri, 0, 19));
    assert_eq!(grpo["range"], range((0, 18), (0, 22)));
    let value = grpo["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        value
            .contains("Defined in this document on line 3 as *Group Relative Policy Optimization*"),
        "{value}"
    );
    // A comment and math are not prose: nothing to hover.
    for (line, character) in [(1, 3), (2, 27)] {
        assert_eq!(
            client.request("textDocument/hover", at(&uri, line, character)),
            Value::Null,
            "at {line}:{character}"
        );
    }
    assert!(client.shutdown_and_exit().success());
}

const NOTES: &str = "Notes
=====

.. note::

   We tried DPO first, then RLHF.

.. code-block:: python

   PPO = 1

Direct Preference Optimization (DPO) won.
";

#[test]
fn a_restructuredtext_document_over_stdio() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("notes.rst"));
    client.open(&uri, "restructuredtext", 1, NOTES);
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(
        places(&diagnostics),
        [
            (
                "acronym-used-before-definition".to_string(),
                range((5, 12), (5, 15))
            ),
            (
                "acronym-not-spelled-out".to_string(),
                range((5, 28), (5, 32))
            ),
        ]
    );
    let dpo = client.request("textDocument/hover", at(&uri, 5, 13));
    assert_eq!(dpo["range"], range((5, 12), (5, 15)));
    // The code block is not prose.
    assert_eq!(
        client.request("textDocument/hover", at(&uri, 9, 4)),
        Value::Null
    );
    assert!(client.shutdown_and_exit().success());
}

/// A client that does not know the language (no id the server reads) still gets the file read by
/// its extension.
#[test]
fn an_unknown_language_id_falls_back_to_the_extension() {
    let dir = project();
    let mut client = LspClient::initialized(dir.path(), capabilities(&["utf-16"]), Value::Null);
    let uri = file_uri(&dir.path().join("notes.rst"));
    client.open(&uri, "rest", 1, NOTES);
    assert_eq!(client.diagnostics(&uri, 1).len(), 2);
    let uri = file_uri(&dir.path().join("paper.tex"));
    client.open(&uri, "tex-unknown", 1, PAPER);
    assert_eq!(client.diagnostics(&uri, 1).len(), 1);
    assert!(client.shutdown_and_exit().success());
}
