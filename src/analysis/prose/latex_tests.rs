//! The rules of the LaTeX reader (`latex.rs`), one small document each, rendered as in `tests.rs`:
//! `H`/`B` per block, `*` for a list item's first block, segments joined directly, by a space, or by
//! ` | ` for a break.

use super::tests::render;
use super::*;

fn tex(text: &str) -> String {
    render(text, DocKind::Latex)
}

fn definitions(text: &str) -> Vec<(String, String)> {
    prose(text, DocKind::Latex)
        .abbreviations
        .iter()
        .map(|a| {
            (
                text[a.acronym.clone()].to_string(),
                text[a.expansion.clone()].to_string(),
            )
        })
        .collect()
}

#[test]
fn paragraphs_sections_and_comments() {
    assert_eq!(
        tex("\\section{Large Language Models}\\label{sec:llm}\nLarge language models (LLMs) % a comment\nare big.\n\n\\subsection*[short]{Setup}\nText 50\\% done.\n"),
        "H Large Language Models\nB Large language models (LLMs) are big.\nH Setup\nB Text 50% done."
    );
    assert_eq!(tex("one%\ntwo"), "B onetwo");
}

#[test]
fn text_commands_join_directly_other_commands_break() {
    assert_eq!(
        tex("\\textbf{Group} \\emph{Relative} Policy {\\em Optimization} (GRPO)~\\cite{x}."),
        "B Group Relative Policy Optimization (GRPO) | ."
    );
    assert_eq!(
        tex("Sections~\\ref{a}~and~\\ref{b}."),
        "B Sections | and | ."
    );
    assert_eq!(
        tex("See \\href{https://x.org}{Multi-Query Attention} (MQA) and \\url{https://y.org}."),
        "B See Multi-Query Attention (MQA) and  | ."
    );
    assert_eq!(
        tex("caf\\'e, na\\\"ive"),
        "B caf | e, na | ive".replace(" | ", "")
    );
}

#[test]
fn math_and_verbatim_are_not_prose() {
    assert_eq!(
        tex("Loss $L_{DPO}$ and $$KL$$ and \\(PPO\\) and \\[RL\\] end \\verb|SFT| x."),
        "B Loss  |  and  |  and  |  and  |  end  |  x."
    );
    assert_eq!(
        tex("Before.\n\\begin{equation}\nRLHF = 1\n\\end{equation}\n\\begin{lstlisting}\n\\end{x} DPO\n\\end{lstlisting}\nAfter."),
        "B Before.\nB After."
    );
}

#[test]
fn floats_keep_only_their_captions() {
    assert_eq!(
        tex("Text.\n\\begin{figure}[h]\n\\centering\n\\includegraphics[width=1cm]{a.png}\nStray LLM text.\n\\caption{A key-value (KV) cache.}\n\\label{fig:a}\n\\end{figure}\n\\begin{tabular}{ll}\nRAG & x \\\\\n\\end{tabular}\nAfter."),
        "B Text.\nB A key-value (KV) cache.\nB After."
    );
}

#[test]
fn lists_quotes_and_footnotes() {
    assert_eq!(
        tex("\\begin{itemize}\n\\item First one.\n\\item[Label] Second.\n\\end{itemize}"),
        "B* First one.\nB* Label  Second."
    );
    let text = "\\begin{quote}\nReinforcement learning (RL) is old.\n\\end{quote}\nWord\\footnote{A note.} here.";
    assert_eq!(
        tex(text),
        "B Reinforcement learning (RL) is old.\nB Word | A note. |  here."
    );
    let p = prose(text, DocKind::Latex);
    assert!(p.regions.iter().any(|r| r.kind == RegionKind::Quotation
        && &text[r.range.clone()] == "Reinforcement learning (RL) is old."));
}

#[test]
fn acronym_packages_define_for_the_whole_document() {
    assert_eq!(
        definitions("\\newacronym{llm}{LLM}{large language model}\n\\newacronym[plural=x]{rl}{RL}{reinforcement learning}"),
        [
            ("LLM".to_string(), "large language model".to_string()),
            ("RL".to_string(), "reinforcement learning".to_string())
        ]
    );
    assert_eq!(
        definitions("\\begin{acronym}\n\\acro{GPU}{graphics processing unit}\n\\acro{KV}[K-V]{key-value}\n\\end{acronym}"),
        [
            ("GPU".to_string(), "graphics processing unit".to_string()),
            ("K-V".to_string(), "key-value".to_string())
        ]
    );
    assert_eq!(
        definitions(
            "\\DeclareAcronym{rag}{short = RAG, long = {retrieval-augmented generation}, tag=x}"
        ),
        [(
            "RAG".to_string(),
            "retrieval-augmented generation".to_string()
        )]
    );
    assert_eq!(
        definitions("\\nomenclature{\\textbf{CNN}}{Convolutional Neural Network}"),
        [(
            "CNN".to_string(),
            "Convolutional Neural Network".to_string()
        )]
    );
    // Uses are commands the package expands: not prose.
    assert_eq!(
        tex("We use \\ac{llm} and \\acp{rl} and \\gls{kv}."),
        "B We use  |  and  |  and  | ."
    );
}

#[test]
fn odd_input_keeps_the_invariants() {
    for text in [
        "\\",
        "{{{{",
        "}}}",
        "$unclosed",
        "\\begin{figure}",
        "\\begin{",
        "\\section{",
        "\\verb",
        "\\newacronym{a}",
        "\\DeclareAcronym{x}{short=, long}",
        "é\\'é \\é",
        "a\r\n\r\nb\rc",
        "\\item[",
        "%",
        "\u{feff}\\section{x}",
    ] {
        render(text, DocKind::Latex);
    }
    let deep = "{".repeat(10_000) + "x" + &"}".repeat(10_000);
    render(&deep, DocKind::Latex);
}
