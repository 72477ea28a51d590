//! The rules of the reStructuredText reader (`rst.rs`), one small document each, rendered as in
//! `tests.rs`: `H`/`B` per block, `*` for a list item's first block, segments joined directly, by a
//! space, or by ` | ` for a break.

use super::tests::render;
use super::*;

fn rst(text: &str) -> String {
    render(text, DocKind::ReStructuredText)
}

#[test]
fn titles_are_headings_and_adornments_are_not_prose() {
    assert_eq!(
        rst("=========\nOverview\n=========\n\nLarge language models (LLMs) help.\n\nSetup\n-----\n\nText.\n\n----\n\nAfter a transition.\n"),
        "H Overview\nB Large language models (LLMs) help.\nH Setup\nB Text.\nB After a transition."
    );
}

#[test]
fn paragraphs_join_lines_and_inline_markup_joins_directly() {
    assert_eq!(
        rst("Group *Relative* Policy\n**Optimization** (GRPO) and\\ s [1]_ here."),
        // An escaped space is removed: `and\ s` reads "ands".
        "B Group Relative Policy Optimization (GRPO) ands  here."
    );
}

#[test]
fn literals_roles_and_substitutions() {
    assert_eq!(
        rst("Use ``PPO`` and :func:`dpo` with |project| and `default role`."),
        "B Use  |  and  |  with  |  and  | ."
    );
    assert_eq!(
        rst("A :term:`LLM` or :term:`models <LLM>`, :math:`x^2`, :code:`a` and :emphasis:`big`."),
        "B A LLM or models,  | ,  |  and big."
    );
}

#[test]
fn abbr_role_defines_its_acronym() {
    let text = "An :abbr:`LLM (large language model)` reads.";
    assert_eq!(rst(text), "B An LLM reads.");
    let p = prose(text, DocKind::ReStructuredText);
    let a = &p.abbr_elements[0];
    assert_eq!(&text[a.text.clone()], "LLM");
    assert_eq!(&text[a.title.clone()], "large language model");
}

#[test]
fn hyperlinks_keep_their_text() {
    let text = "See `Multi-Query Attention <https://x.org/mqa>`_ (MQA), `Docs`_, PyTorch_ and https://y.org.";
    assert_eq!(
        rst(text),
        "B See Multi-Query Attention (MQA), Docs, PyTorch and  | ."
    );
    let p = prose(text, DocKind::ReStructuredText);
    let links: Vec<&str> = p
        .regions
        .iter()
        .filter(|r| r.kind == RegionKind::LinkText)
        .map(|r| &text[r.range.clone()])
        .collect();
    assert_eq!(links, ["Multi-Query Attention", "Docs"]);
    assert_eq!(
        rst("See :ref:`the guide <guide>` and :ref:`guide`."),
        "B See the guide and  | ."
    );
}

#[test]
fn literal_blocks_after_double_colons_are_not_prose() {
    assert_eq!(
        rst("Run this::\n\n    LLM = 1\n    RLHF = 2\n\nThen this ::\n\n  x\n\n::\n\n  y\n\nDone.\n"),
        "B Run this:\nB Then this\nB Done."
    );
    assert_eq!(rst(">>> LLM = 1\n1\n\nAfter."), "B After.");
}

#[test]
fn admonition_bodies_are_prose_code_directives_are_not() {
    let text = "\
.. note:: Large language
   models (LLMs) are big.

   Second paragraph.

.. warning::
   :class: x

   Body of the warning.

.. admonition:: Custom title

   Custom body.

.. code-block:: python
   :linenos:

   LLM = 1

.. math::

   E = mc^2

.. image:: figure.png
   :alt: an LLM

.. literalinclude:: file.py

.. figure:: figure.png
   :alt: alt text

   The caption.

After.
";
    assert_eq!(
        rst(text),
        "B Large language models (LLMs) are big.\nB Second paragraph.\nB Body of the warning.\nT Custom title\nB Custom body.\nB The caption.\nB After."
    );
}

#[test]
fn comments_targets_and_substitution_definitions_are_not_prose() {
    let text = "\
.. _label:

.. _Docs: https://example.com

.. This is a comment
   spanning LLM lines.

..
   Another comment.

.. |project| replace:: Large Language Model

.. [1] A footnote about RLHF.

Text.
";
    assert_eq!(rst(text), "B A footnote about RLHF.\nB Text.");
}

#[test]
fn lists_field_lists_and_definition_lists() {
    assert_eq!(
        rst("- First item\n  continues.\n- Second\n\n1. One\n#. Two\n\n:Author: Jane Doe\n:orphan:\n\nTerm\n   Its definition.\n"),
        "B* First item continues.\nB* Second\nB* One\nB* Two\nB Jane Doe\nB Term\nB Its definition."
    );
}

#[test]
fn block_quotes_are_quotations() {
    let text = "To quote:\n\n   Retrieval-augmented generation (RAG) is old.\n\nBack.\n";
    let p = prose(text, DocKind::ReStructuredText);
    let quotes: Vec<&str> = p
        .regions
        .iter()
        .filter(|r| r.kind == RegionKind::Quotation)
        .map(|r| text[r.range.clone()].trim())
        .collect();
    assert_eq!(quotes, ["Retrieval-augmented generation (RAG) is old."]);
    assert_eq!(
        rst(text),
        "B To quote:\nB Retrieval-augmented generation (RAG) is old.\nB Back."
    );
}

#[test]
fn table_cells_are_blocks() {
    let grid = "\
+------------+-------------+
| Header LLM | Second      |
+============+=============+
| Large      | cell ``x``  |
| language   |             |
+------------+-------------+

After.
";
    assert_eq!(
        rst(grid),
        "B Header LLM\nB Second\nB Large language\nB cell \nB After."
    );
    let simple = "\
=====  ============
Term   Meaning
=====  ============
LLM    large model
RAG    retrieval
=====  ============

After.
";
    assert_eq!(
        rst(simple),
        "B Term\nB Meaning\nB LLM\nB large model\nB RAG\nB retrieval\nB After."
    );
    let csv = ".. csv-table:: Components\n   :header: \"A\", \"B\"\n\n   \"Low-rank adaptation\", \"Uses ``x``, fast\"\n   plain, \"two\"\"q\"\n\nAfter.\n";
    assert_eq!(
        rst(csv),
        "T Components\nB Low-rank adaptation\nB Uses  | , fast\nB plain\nB two\"\"q\nB After."
    );
    let p = prose(simple, DocKind::ReStructuredText);
    assert!(p.regions.iter().any(|r| r.kind == RegionKind::Table));
}

#[test]
fn citations_sections_are_regions() {
    let text = "Intro\n=====\n\nText.\n\nReferences\n==========\n\nA paper (2024).\n\nNext\n====\n\nMore.\n";
    let p = prose(text, DocKind::ReStructuredText);
    let cited: Vec<&str> = p
        .regions
        .iter()
        .filter(|r| r.kind == RegionKind::Citations)
        .map(|r| text[r.range.clone()].trim())
        .collect();
    assert_eq!(cited, ["A paper (2024)."]);
}

#[test]
fn line_endings_and_odd_input_keep_the_invariants() {
    for text in [
        "Title\r\n=====\r\n\r\nBody text.\r\n",
        "``unclosed literal",
        ".. note::",
        "+--+\n| x",
        "====  ===\nrow",
        ":abbr:`(x)`",
        "\u{feff}Title\n=====\n",
        "é ``ü`` | ö |",
        "a\n  b\n    c\n  d\ne",
        ".. [",
        "`a <`_",
    ] {
        render(text, DocKind::ReStructuredText);
    }
    assert_eq!(
        rst("Title\r\n=====\r\n\r\nBody text.\r\n"),
        "H Title\nB Body text."
    );
}

#[test]
fn sphinx_tabs_code_tabs_and_prompts_are_code() {
    assert_eq!(
        rst(".. tabs::\n\n  .. code-tab:: bash shell\n\n    xinference launch -f pytorch\n\n  .. code-tab:: python\n\n    client.launch(engine=\"pytorch\")\n\n.. prompt:: bash $\n\n   pip install vllm\n\nText after.\n"),
        "B Text after."
    );
}
