//! The rules of [`prose`], one small document each. Each test renders the blocks as a user would read
//! them and compares the whole rendering, so a stray or missing character anywhere shows.

use super::*;

/// One line per block: `H` or `B` (heading or body), `*` when the block starts a list item, then the
/// segments joined as the engine joins them: directly, by a space, or by ` | ` for a break.
pub(super) fn render(text: &str, kind: DocKind) -> String {
    let prose = prose(text, kind);
    check_invariants(text, &prose);
    prose
        .blocks
        .iter()
        .map(|b| {
            let mut line = String::from(match b.kind {
                BlockKind::Heading => "H",
                BlockKind::Title => "T",
                BlockKind::Body => "B",
            });
            if b.starts_list_item {
                line.push('*');
            }
            line.push(' ');
            for s in &b.segments {
                line.push_str(match s.join {
                    Join::Direct => "",
                    Join::Space => " ",
                    Join::Break => " | ",
                });
                line.push_str(&text[s.range.clone()]);
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn md(text: &str) -> String {
    render(text, DocKind::Markdown)
}

/// What every result must satisfy, whatever the input.
pub(super) fn check_invariants(text: &str, prose: &Prose) {
    let mut previous_block_start = 0;
    for block in &prose.blocks {
        assert!(!block.segments.is_empty(), "empty block {block:?}");
        assert_eq!(
            block.segments[0].join,
            Join::Direct,
            "first join of {block:?}"
        );
        let mut previous_end = 0;
        for s in &block.segments {
            let piece = text.get(s.range.clone());
            assert!(
                piece.is_some(),
                "segment {:?} outside or not on char boundaries",
                s.range
            );
            let piece = piece.unwrap_or_default();
            assert!(!piece.trim().is_empty(), "blank segment {:?}", s.range);
            assert!(
                !piece.contains(['\n', '\r']),
                "segment spans a line: {piece:?}"
            );
            assert!(
                s.range.start >= previous_end,
                "segments out of order in {block:?}"
            );
            previous_end = s.range.end;
        }
        assert!(
            block.segments[0].range.start >= previous_block_start,
            "blocks out of order"
        );
        previous_block_start = block.segments[0].range.start;
    }
    for a in &prose.abbreviations {
        assert!(text.get(a.acronym.clone()).is_some() && text.get(a.expansion.clone()).is_some());
    }
    for a in &prose.abbr_elements {
        assert!(text.get(a.title.clone()).is_some() && text.get(a.text.clone()).is_some());
    }
}

#[test]
fn paragraphs_headings_and_inline_markup() {
    assert_eq!(
        md("# Notes on GRPO\n\nGroup Relative Policy Optimization (GRPO) drops the\ncritic that **P**PO keeps.\n"),
        "H Notes on GRPO\nB Group Relative Policy Optimization (GRPO) drops the critic that PPO keeps."
    );
    assert_eq!(
        md("Setext heading\n==============\nBody *em* and __strong__ and ~~gone~~ text."),
        "H Setext heading\nB Body em and strong and gone text."
    );
    assert_eq!(
        md("**Large** language models (LLMs)"),
        "B Large language models (LLMs)"
    );
}

#[test]
fn links_keep_their_text_and_drop_their_destination() {
    assert_eq!(
        md("[Multi-Query Attention](https://x.org/mqa \"title\") (MQA) is fast."),
        "B Multi-Query Attention (MQA) is fast."
    );
    assert_eq!(
        md("Hierarchical Navigable Small World ([HNSW](https://x)) graphs."),
        "B Hierarchical Navigable Small World (HNSW) graphs."
    );
    assert_eq!(
        md("See [the docs][ref] and [ref].\n\n[ref]: https://example.com/docs \"Docs\""),
        "B See the docs and ref."
    );
}

#[test]
fn code_is_not_prose() {
    assert_eq!(
        md("Use `PPO` here.\n\n```python\nDPO = 1\n```\n\n    indented DPO code\n\n~~~\nmore\n~~~\nEnd."),
        "B Use  |  here.\nB End."
    );
}

#[test]
fn images_autolinks_and_bare_urls_break_the_text() {
    assert_eq!(
        md("A ![alt text GPU](img.png) B <https://x.org> C https://y.org/a_b, D www.z.com. E me@x.io F"),
        "B A  |  B  |  C  | , D  | . E  |  F"
    );
    assert_eq!(md("[![badge](https://img)](https://x)"), "");
    assert_eq!(
        md("(see https://arxiv.org/pdf/1909.08593)."),
        "B (see  | )."
    );
}

#[test]
fn html_tags_comments_and_text_between_tags() {
    assert_eq!(md("<Tip>Use DPO</Tip> now."), "B Use DPO |  now.");
    assert_eq!(md("<Tip>\n\nUse DPO here.\n\n</Tip>"), "B Use DPO here.");
    assert_eq!(
        md("<Tip warning={true}>\nUse PPO\nhere.\n</Tip>"),
        "B Use PPO here."
    );
    assert_eq!(
        md("Before <!-- a comment\nover lines --> after."),
        "B Before  |  after."
    );
    assert_eq!(md("<!--\nhidden\n\nstill hidden\n-->\nShown."), "B Shown.");
    assert_eq!(
        md("<p align=\"center\">\n  <img src=\"logo.png\" alt=\"Logo GPU\">\n</p>\n\n<h1 align=\"center\">Project</h1>"),
        "H Project"
    );
    assert_eq!(
        md("<b>Large</b> language <a href=\"x\">models</a> <br> next"),
        "B Large language models  next"
    );
    assert_eq!(
        md("Run <code>PPO</code> and <kbd>Ctrl</kbd>."),
        "B Run  |  and  | ."
    );
}

#[test]
fn abbr_elements_are_reported_and_their_text_is_prose() {
    let text = "We use <abbr title=\"High-Bandwidth Memory\">HBM</abbr> here.";
    assert_eq!(md(text), "B We use HBM here.");
    let p = prose(text, DocKind::Markdown);
    let found: Vec<(&str, &str)> = p
        .abbr_elements
        .iter()
        .map(|a| (&text[a.title.clone()], &text[a.text.clone()]))
        .collect();
    assert_eq!(found, vec![("High-Bandwidth Memory", "HBM")]);
}

#[test]
fn abbreviation_lines_are_definitions_not_prose() {
    let text = "HBM is fast.\n\n*[HBM]: High-Bandwidth Memory\n*[KV]: key-value\n\n```\n*[X]: in code\n```\n";
    assert_eq!(md(text), "B HBM is fast.");
    let p = prose(text, DocKind::Markdown);
    let defs: Vec<(&str, &str)> = p
        .abbreviations
        .iter()
        .map(|a| (&text[a.acronym.clone()], &text[a.expansion.clone()]))
        .collect();
    assert_eq!(
        defs,
        vec![("HBM", "High-Bandwidth Memory"), ("KV", "key-value")]
    );
}

#[test]
fn front_matter_only_at_the_very_start() {
    // Its title heads the page; nothing else in it is prose.
    assert_eq!(
        md("---\ntitle: \"GPU notes\"\ntags: MoE\n---\nWhile DeepSpeed runs.\n"),
        "H GPU notes\nB While DeepSpeed runs."
    );
    assert_eq!(md("+++\ntitle = \"GPU\"\n+++\n\nText."), "H GPU\nB Text.");
    assert_eq!(
        md("---\nlayout: post\ntags: MoE\n---\nWhile DeepSpeed runs.\n"),
        "B While DeepSpeed runs."
    );
    assert_eq!(
        md("# Title\n\nFirst.\n\n---\n\nSecond part.\n\n---\n\nThird."),
        "H Title\nB First.\nB Second part.\nB Third."
    );
    assert_eq!(md("Intro\n---\nbody"), "H Intro\nB body");
}

#[test]
fn lists_mark_their_first_block() {
    assert_eq!(
        md("- RM: Reward Model\n- `code` first\n- item\n\n  second paragraph\n  - nested\n1. ordered\n\nAfter."),
        "B* RM: Reward Model\nB*  first\nB* item\nB second paragraph\nB* nested\nB* ordered\nB After."
    );
    assert_eq!(
        md("- ```\n  code\n  ```\n  Then text.\n\nAfter."),
        "B Then text.\nB After."
    );
    assert_eq!(md("- [x] done GPU task"), "B* done GPU task");
}

#[test]
fn tables_block_quotes_and_footnotes() {
    assert_eq!(
        md("| Name | Meaning |\n|---|---|\n| `sft` | SFT (Supervised Fine-Tuning) loss |\n"),
        "B Name\nB Meaning\nB SFT (Supervised Fine-Tuning) loss"
    );
    assert_eq!(
        md("> Quoted\n> text.\n>\n> Second."),
        "B Quoted text.\nB Second."
    );
    assert_eq!(
        md("Text[^note] here.\n\n[^note]: The *footnote* text."),
        "B Text here.\nB The footnote text."
    );
}

#[test]
fn github_alerts_lose_their_marker() {
    assert_eq!(md("> [!NOTE]\n> Use DPO.\n"), "B Use DPO.");
    assert_eq!(
        md("> [!TIP]\n>\n> Use **PPO**.\n>\n> ```python\n> x\n> ```"),
        "B Use PPO."
    );
}

#[test]
fn math_is_not_prose() {
    assert_eq!(
        md("Loss $x_i$ and $$\\beta$$ here; costs $5 and $10."),
        "B Loss  |  and  |  here; costs $5 and $10."
    );
    assert_eq!(
        md("The loss:\n$$\n\\mathcal{L}_{DPO} = x\n$$\nwhere it holds."),
        "B The loss: | where it holds."
    );
    assert_eq!(
        md("where  \\\\( x \\\\)  is the prompt, \\\\( \\pi_{\\theta} \\\\) the policy and \\(y\\) a reply."),
        "B where   |   is the prompt,  |  the policy and  |  a reply."
    );
}

#[test]
fn display_math_with_one_backslash_and_environments_are_not_prose() {
    // `\[ … \]` over several lines, top level, with a line that would open a list item.
    assert_eq!(
        md("RLHF uses:\n\n\\[\n\\max_\\pi E[r]\n- \\beta D_{KL}(\\pi \\| \\pi_{\\text{ref}})\n\\]\n\nwhere the KL term holds."),
        "B RLHF uses:\nB where the KL term holds."
    );
    // On one line, in a list item and in a quote, where the paragraph goes on after it.
    assert_eq!(
        md("- The loss\n  \\[ \\mathcal{L}_{\\text{SFT}} = -\\log p \\]\n  of SFT.\n\n> \\[\n> x^2 + \\text{DPO}\n> \\]\n> then DPO."),
        "B* The loss | of SFT.\nB then DPO."
    );
    // Bare environments, anywhere on a line; `itemize` is not math.
    assert_eq!(
        md("Then\n\\begin{align*}\nD_{\\text{KL}} &= x \\\\\n&= y\n\\end{align*}\nso \\begin{equation}a_{PPO}\\end{equation} ends.\n\nUse \\begin{itemize} here."),
        "B Then | so  |  ends.\nB Use \\begin{itemize} here."
    );
    // A span closes before a blank line, as `$$` does.
    assert_eq!(
        md("\\begin{align}\nx_{KL}\n\n\\end{align}"),
        "B \\begin{align} x_{KL}\nB \\end{align}"
    );
}

#[test]
fn escaped_brackets_stay_prose() {
    // (`\(URL\)` is read as inline math, as before.)
    assert_eq!(
        md("\\[1\\] Smith et al. and see \\[here\\] or \\[my_var = 1\\].\n\n- \\[Status of ADR e.g. approved\\]\\(URL\\) 2024\n- \\[x_1\\]\\(https://x.org/?a=b\\) link"),
        "B [1] Smith et al. and see [here] or [my_var = 1].\nB* [Status of ADR e.g. approved] |  2024\nB* [x_1] |  link"
    );
}

#[test]
fn templates_attribute_lists_and_doc_builder_directives() {
    assert_eq!(
        md("See our [Blog]({{ site.press_release_v6 }}) and {% include x.html %} more."),
        "B See our Blog and  |  more."
    );
    assert_eq!(
        md("![Fig](/a.png){: .align-center}\n\nFigure 1: GPU use."),
        "B Figure 1: GPU use."
    );
    assert_eq!(md("## Heading {#custom-id}"), "H Heading ");
    assert_eq!(
        md("## DPOTrainer\n\n[[autodoc]] DPOTrainer\n    - train\n    - save_model\n\n[[open-in-colab]]\n\nText."),
        "H DPOTrainer\nB Text."
    );
    assert_eq!(
        md("{% highlight python %}\n# not a heading\n{% endhighlight %}\n\nText."),
        "B Text."
    );
}

#[test]
fn mkdocs_admonitions_have_prose_bodies() {
    let text = "!!! warning \"Mind the KV cache\"\n    The body is **prose**, not code.\n\n        indented code\n\n    - A list item\n\n???+ info\n    Collapsible PPO body.\nAfter.";
    assert_eq!(
        md(text),
        "T Mind the KV cache\nB The body is prose, not code.\nB* A list item\nB Collapsible PPO body.\nB After."
    );
    assert_eq!(
        md("=== \"Tab one\"\n\n    Tab body.\n\n```\n!!! note\n    code\n```\n"),
        "T Tab one\nB Tab body."
    );
    assert_eq!(
        md("!!! note\n    Outer.\n\n    !!! tip \"Inner\"\n        Inner body.\n"),
        "B Outer.\nT Inner\nB Inner body."
    );
    // A body can use the page's reference definitions and define abbreviations; CRLF works too.
    let text = "!!! note\r\n    See [the paper][GPT3] on HBM.\r\n\r\n    *[HBM]: High-Bandwidth Memory\r\n\r\n[gpt3]: https://x.org\r\n";
    assert_eq!(md(text), "B See the paper on HBM.");
    let p = prose(text, DocKind::Markdown);
    let defs: Vec<(&str, &str)> = p
        .abbreviations
        .iter()
        .map(|a| (&text[a.acronym.clone()], &text[a.expansion.clone()]))
        .collect();
    assert_eq!(defs, vec![("HBM", "High-Bandwidth Memory")]);
}

#[test]
fn directive_fences_have_prose_bodies() {
    assert_eq!(
        md("```{note}\nThis is **prose**.\n```\n\n```{code-block} python\nGPU = 1\n```"),
        "B This is prose."
    );
    assert_eq!(
        md("````{admonition} The title\n:class: tip\n\nBody text.\n```python\ncode\n```\n````\nAfter."),
        "T The title\nB Body text.\nB After."
    );
    assert_eq!(
        md(":::{tip}\nColon body.\n:::\n\n:::note Docusaurus title\nIts body.\n:::"),
        "B Colon body.\nT Docusaurus title\nB Its body."
    );
}

#[test]
fn line_endings_do_not_change_the_reading() {
    let lf = "# Title\n\nFirst line\nsecond line.\n\n- item\n\n```\ncode\n```\n";
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let expected = "H Title\nB First line second line.\nB* item";
    assert_eq!(md(lf), expected);
    assert_eq!(md(&crlf), expected);
    assert_eq!(md(&cr), expected);
    assert_eq!(md("---\r\ntitle: x\r\n---\r\nBody.\r\n"), "H x\nB Body.");
}

#[test]
fn entities_and_escapes() {
    assert_eq!(
        md("R&amp;D and a&nbsp;b and \\*not emphasis\\*."),
        "B R | D and a b and *not emphasis*."
    );
}

#[test]
fn plain_text_is_all_prose_but_urls_and_emails() {
    assert_eq!(
        render(
            "Large language\nmodels (LLMs) see https://x.org/a.\n\n  Write to me@x.io today.\r\n",
            DocKind::PlainText
        ),
        "B Large language models (LLMs) see  | .\nB Write to  |  today."
    );
    assert_eq!(
        render("# Not a heading `x`", DocKind::PlainText),
        "B # Not a heading `x`"
    );
}

#[test]
fn unusual_input_does_not_panic() {
    let inputs = [
        "",
        "\u{feff}",
        "\u{feff}# Title",
        "---",
        "!!! note",
        "!!! note \"é\"\n    é",
        "```{note}",
        ":::",
        "<abbr title=\"é",
        "<abbr title=\"x\">",
        "</abbr>",
        "*[",
        "*[é]: é",
        "{{",
        "\\\\(",
        "a@",
        "@b.co",
        "https://",
        "www.",
        "[[autodoc]]",
        "\r\r\n\n\r",
        "<div>\n<img src=\"x\n",
        "> [!NOTE]",
        "!!! a\n    !!! b\n        !!! c\n            !!! d\n                !!! e\n                    !!! f\n                        !!! g\n                            !!! h\n                                !!! i\n                                    !!! j\n                                        deep",
    ];
    for input in inputs {
        for kind in [DocKind::Markdown, DocKind::PlainText] {
            let p = prose(input, kind);
            check_invariants(input, &p);
        }
    }
}

/// Random documents built from the characters that matter to the parsers (and a few multi-byte ones):
/// whatever comes in, `prose()` must not panic and must keep its invariants. A fixed seed keeps failures
/// reproducible; the fuzz target will go further.
#[test]
fn random_documents_keep_the_invariants() {
    const PIECES: &[&str] = &[
        "\n",
        "\r\n",
        "\r",
        " ",
        "    ",
        "\t",
        "a",
        "GPU",
        "é",
        "🤗",
        "\u{a0}",
        "`",
        "```",
        "~~~",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "!",
        "#",
        "-",
        "+",
        "|",
        ":",
        ":::",
        "$",
        "$$",
        "\\",
        "\\\\(",
        "\\\\)",
        "{",
        "}",
        "{{",
        "}}",
        "{%",
        "%}",
        "{:",
        "@",
        ".",
        "&amp;",
        "&",
        ";",
        "\"",
        "'",
        "=",
        "!!! note",
        "???+ tip \"T\"",
        "=== \"Tab\"",
        "*[HBM]: High",
        "[[autodoc]]",
        "```{note}",
        ":::{tip}",
        "---",
        "+++",
        "> [!NOTE]",
        "<abbr title=\"x\">",
        "</abbr>",
        "<!--",
        "-->",
        "<div>",
        "</div>",
        "<code>",
        "https://x.org/",
        "www.x.org",
        "a@b.co",
        "[^1]",
        "[^1]: ",
        "1. ",
        "- ",
        "| a | b |\n|---|---|\n",
        "<pre>",
        "{% highlight %}",
        "{% endhighlight %}",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 60) as usize;
        let doc: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        for kind in [DocKind::Markdown, DocKind::PlainText] {
            let p = prose(&doc, kind);
            check_invariants(&doc, &p);
        }
    }
}

#[test]
fn mdx_esm_jsx_and_expressions_are_not_prose() {
    let text = "import Tip from '@site/Tip';\nexport const meta = {title: 'x'};\n\n# Low-Rank Adaptation {/* LoRA */}\n\n<Tip type=\"warning\" icon={<Icon name=\"x\" />}>\n  Use Low-Rank Adaptation (LoRA) with <b>care</b>.\n</Tip>\n\n<Card\n  title=\"RLHF\"\n  href={`/rl/${page}`}\n/>\n\nThe score is {props.score} for <Badge>FSDP</Badge> runs.\n";
    assert_eq!(
        render(text, DocKind::Mdx),
        "H Low-Rank Adaptation \nB Use Low-Rank Adaptation (LoRA) with care.\nB The score is  |  for  | FSDP |  runs."
    );
    // Read as plain Markdown, the same text has JSX attributes and expressions as prose.
    assert!(md(text).contains("RLHF"));
}

#[test]
fn mdx_has_no_indented_code() {
    let text = "<Steps>\n  <Step title=\"One\">\n\n    Use Low-Rank Adaptation (LoRA) here.\n\n        Deeper {x} text.\n  </Step>\n</Steps>\n";
    assert_eq!(
        render(text, DocKind::Mdx),
        "B Use Low-Rank Adaptation (LoRA) here.\nB Deeper  |  text."
    );
    assert_eq!(md(text), "");
}

#[test]
fn mdx_code_keeps_its_braces_and_tags() {
    let text = "Write `{x}` or `<Tip>` in text.\n\n```jsx\n<Tip>{x}</Tip>\n```\n";
    assert_eq!(render(text, DocKind::Mdx), "B Write  |  or  |  in text.");
}

#[test]
fn quarto_divs_chunks_references_and_shortcodes() {
    let text = "---\ntitle: \"RAG\"\n---\n\n::: {.callout-note title=\"About KV caches\"}\nA key-value (KV) cache, see @fig-kv and [@sec-intro].\n:::\n\n```{python}\n#| label: fig-kv\nprint(\"LLM\")\n```\n\n{{< video https://x.org/v.mp4 >}}\n\n![Plot](kv.png){width=80% fig-align=\"center\"}\n\nMail a@b.org about @tbl-1.\n";
    assert_eq!(
        render(text, DocKind::Quarto),
        "H RAG\nT About KV caches\nB A key-value (KV) cache, see  |  and [ | ].\nB Mail  |  about  | ."
    );
}

/// The texts of the regions of `kind` in `text`, read as Markdown.
fn region_texts(text: &str, kind: RegionKind) -> Vec<&str> {
    prose(text, DocKind::Markdown)
        .regions
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| &text[r.range.clone()])
        .collect()
}

#[test]
fn a_link_whose_destination_spells_out_an_acronym_of_its_text_is_about_that_topic() {
    let text = "Composes with [Async TP](https://discuss.pytorch.org/t/introducing-async-tensor-parallelism-in-pytorch/209487), \
                [PyTorch AC](https://pytorch.org/blog/activation-checkpointing-techniques/), \
                [Comet ML](https://www.comet.com/site/), [Robust DPO](https://huggingface.co/papers/2403.00409) \
                and [MoE](moe-training.md).\n";
    let topics = region_texts(text, RegionKind::TopicLink);
    // The host never counts ("comet.com" is not "ML"), nor does a one-word path ("moe-training" is no
    // M-o-E run).
    assert_eq!(topics, ["Async TP", "PyTorch AC"]);
}

#[test]
fn hugging_face_links_name_a_project_only_on_its_own_page() {
    let text = "Load [TRL-Lib](https://huggingface.co/trl-lib), [Zephyr](https://huggingface.co/HuggingFaceH4/zephyr-7b-beta), \
                [UltraFeedback](https://huggingface.co/datasets/openbmb/UltraFeedback?x=1), \
                [Chat Arena](https://huggingface.co/spaces/lmsys/chatbot-arena) from the \
                [HuggingFace Hub](https://huggingface.co/models), see the \
                [HuggingFace collection](https://huggingface.co/collections/argilla/preference-datasets), \
                [all HF datasets](https://huggingface.co/datasets) and [the paper](https://huggingface.co/papers/2403.00409).\n";
    let projects = region_texts(text, RegionKind::ProjectLink);
    assert_eq!(
        projects,
        ["TRL-Lib", "Zephyr", "UltraFeedback", "Chat Arena"]
    );
}

#[test]
fn forge_links_name_a_project_only_on_its_repository_pages() {
    let text = "Use [vLLM](https://github.com/vllm-project/vllm), [NeMo RL](https://github.com/NVIDIA/NeMo/tree/main/nemo_rl), \
                [Candle](https://gitlab.com/owner/candle/) and \
                [DeepSpeed](https://github.com/microsoft/DeepSpeed#readme); see [#4872 - MoE models](https://github.com/ggml-org/llama.cpp/pull/4872), \
                [the MoE issue](https://github.com/a/b/issues/1), [an MR](https://gitlab.com/a/b/-/merge_requests/12), \
                [its recipe](https://github.com/a/b/blob/main/recipe.py) and [the wiki](https://github.com/a/b/wiki/Home).\n";
    let projects = region_texts(text, RegionKind::ProjectLink);
    assert_eq!(projects, ["vLLM", "NeMo RL", "Candle", "DeepSpeed"]);
}
