//! The first-use rules as a writer meets them: exact findings, messages, related places and fixes for
//! small documents, through the engine's public API with the built-in glossary.

use std::sync::Arc;

use glossary_ls::analysis::{
    analyze, Analysis, Code, DocKind, Engine, FixAction, Settings, Severity,
};
use glossary_ls::config::Config;
use glossary_ls::text::lines::LineIndex;

fn engine() -> Arc<Engine> {
    Engine::shared(
        Config::default()
            .glossary()
            .complete()
            .expect("built-in glossary"),
    )
}

fn run(text: &str) -> Analysis {
    analyze(text, DocKind::Markdown, &engine(), &Settings::default())
}

/// `line:col code token` for each finding.
fn summary(text: &str, analysis: &Analysis) -> Vec<String> {
    let lines = LineIndex::new(text);
    analysis
        .findings
        .iter()
        .map(|f| {
            let line = lines.line_of(f.range.start);
            let column = text[lines.line_start(line).unwrap_or(0)..f.range.start]
                .chars()
                .count()
                + 1;
            format!("{}:{} {} {}", line + 1, column, f.code, f.token)
        })
        .collect()
}

/// The text after applying the preferred fix of every finding (edits from the end).
fn fixed(text: &str, analysis: &Analysis) -> String {
    let mut edits: Vec<_> = analysis
        .findings
        .iter()
        .filter_map(|f| f.fixes.iter().find(|fix| fix.preferred))
        .filter_map(|fix| match &fix.action {
            FixAction::Edit { edits } => Some(edits.clone()),
            FixAction::IgnoreToken { .. } => None,
        })
        .flatten()
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.range, &edit.replacement);
    }
    out
}

const WORKED_EXAMPLE: &str = "# Notes on GRPO
Group Relative Policy Optimization (GRPO) drops the
critic that PPO keeps.
We tried DPO first. Later, Direct Preference
Optimization (DPO) won.
Most MoE models run on a GPU; see `PPO` in the code.
Large language models (LLMs) …
We call it Foo Bar (RAG).
DeepSpeed and PyTorch are fast. NOTE: see (Table 2).
*[HBM]: High-Bandwidth Memory
";

#[test]
fn the_design_worked_example() {
    let analysis = run(WORKED_EXAMPLE);
    assert_eq!(
        summary(WORKED_EXAMPLE, &analysis),
        [
            "3:13 acronym-not-spelled-out PPO",
            "4:10 acronym-used-before-definition DPO",
            "6:6 acronym-not-spelled-out MoE",
            "8:21 acronym-not-spelled-out RAG",
        ]
    );
    let ppo = &analysis.findings[0];
    assert_eq!(ppo.severity, Severity::Warning);
    assert_eq!(
        ppo.message,
        "`PPO` is not spelled out in this document: write “Proximal Policy Optimization (PPO)” at its first use"
    );
    assert_eq!(
        ppo.fixes[0].title,
        "Spell out: Proximal Policy Optimization (PPO)"
    );
    assert!(ppo.fixes[0].preferred);
    assert_eq!(
        ppo.fixes[1].action,
        FixAction::IgnoreToken {
            token: "PPO".into()
        }
    );

    let dpo = &analysis.findings[1];
    assert_eq!(dpo.message, "`DPO` is used before its definition on line 5");
    assert_eq!(dpo.related.len(), 1);
    assert_eq!(&WORKED_EXAMPLE[dpo.related[0].range.clone()], "DPO");
    assert_eq!(dpo.related[0].message, "`DPO` is defined here");
    assert_eq!(
        dpo.fixes[0].title,
        "Move the definition here: Direct Preference Optimization (DPO)"
    );

    let definitions: Vec<(&str, &str)> = analysis
        .definitions
        .iter()
        .map(|d| (d.acronym.as_str(), d.long_form.as_str()))
        .collect();
    assert_eq!(
        definitions,
        [
            ("GRPO", "Group Relative Policy Optimization"),
            ("DPO", "Direct Preference Optimization"),
            ("LLM", "Large language models"),
            ("HBM", "High-Bandwidth Memory"),
        ]
    );

    // "(RAG)" would become "(Retrieval-Augmented Generation (RAG))": no preferred fix inside
    // parentheses, and the document has no other use of RAG.
    let rag = analysis
        .findings
        .iter()
        .find(|f| f.acronym == "RAG")
        .expect("RAG");
    assert!(rag.fixes.iter().all(|f| !f.preferred));
    let after = fixed(WORKED_EXAMPLE, &analysis);
    assert_eq!(
        after,
        "# Notes on GRPO
Group Relative Policy Optimization (GRPO) drops the
critic that Proximal Policy Optimization (PPO) keeps.
We tried Direct Preference Optimization (DPO) first. Later, DPO won.
Most mixture of experts (MoE) models run on a GPU; see `PPO` in the code.
Large language models (LLMs) …
We call it Foo Bar (RAG).
DeepSpeed and PyTorch are fast. NOTE: see (Table 2).
*[HBM]: High-Bandwidth Memory
"
    );
    // Only the finding that needs a writer is left.
    assert_eq!(
        summary(&after, &run(&after)),
        ["7:21 acronym-not-spelled-out RAG"]
    );
}

#[test]
fn plural_uses_are_spelled_out_in_the_plural() {
    let text = "Many LLMs are big. Most MoEs route tokens.\n";
    let analysis = run(text);
    assert_eq!(
        fixed(text, &analysis),
        "Many large language models (LLMs) are big. Most mixtures of experts (MoEs) route tokens.\n"
    );
}

#[test]
fn a_word_after_the_acronym_that_repeats_the_long_forms_head_is_taken_in() {
    // "ITL latencies" is "inter-token latencies", not "inter-token latency (ITL) latencies", whatever
    // the plural's ending ("-ies" here, plain "-s" for "models").
    let text = "We log the ITL latencies and the LLM models used.\n";
    let analysis = run(text);
    assert_eq!(
        fixed(text, &analysis),
        "We log the inter-token latencies (ITLs) and the large language models (LLMs) used.\n"
    );
}

#[test]
fn a_plural_whose_long_form_has_none_is_flagged_without_an_un_english_fix() {
    // "RAGs" are RAG systems: "Retrieval-augmented generations (RAGs)" is no English, so the writer
    // is told what to write and rewords the sentence; nothing is rewritten for them.
    let text = "RAGs have become the standard architecture. Most SFTs use one template.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:1 acronym-not-spelled-out RAGs",
            "1:50 acronym-not-spelled-out SFTs"
        ]
    );
    assert_eq!(
        analysis.findings[0].message,
        "`RAG` is not spelled out in this document: write “retrieval-augmented generation (RAG)” at its first use, rewording the sentence around the plural “RAGs” (no fix is offered: a plural of the long form may not read as English)"
    );
    assert_eq!(fixed(text, &analysis), text);
    // A singular use of the same acronym is spelled out as before.
    let singular = "A RAG system fetches documents.\n";
    assert_eq!(
        fixed(singular, &run(singular)),
        "A retrieval-augmented generation (RAG) system fetches documents.\n"
    );
}

/// "a larger TP" counts the degree of tensor parallelism; "a larger tensor parallelism (TP)" is no
/// English (sets 11, 15 and 16 read it in llm-d's and Dynamo's disaggregation pages). A "…
/// parallelism" long form is not written after "a" for the writer: the finding says what to write
/// and around which words to reword. Where the acronym modifies a noun ("a TP group"), has no
/// article, or its long form reads after "a" ("a simple supervised fine-tuning of a model"), the
/// fix stays.
#[test]
fn a_parallelism_counted_by_an_article_is_flagged_without_an_un_english_fix() {
    let text = "Use a larger TP for decoding and a smaller TP for prefill.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:14 acronym-not-spelled-out TP"]
    );
    assert_eq!(
        analysis.findings[0].message,
        "`TP` is not spelled out in this document: write “tensor parallelism (TP)” at its first use, rewording the sentence around “a larger TP” (no fix is offered: “a larger tensor parallelism” may not read as English)"
    );
    assert_eq!(fixed(text, &analysis), text);
    for (text, after) in [
        (
            "Each GPU joins a TP group; TP shards the weights.\n",
            "Each GPU joins a tensor parallel (TP) group; TP shards the weights.\n",
        ),
        (
            "We run a model with TP for speed; TP shards it.\n",
            "We run a model with tensor parallelism (TP) for speed; TP shards it.\n",
        ),
        (
            "The script performs a simple SFT of a model. The SFT takes an hour.\n",
            "The script performs a simple supervised fine-tuning (SFT) of a model. The SFT takes an hour.\n",
        ),
    ] {
        assert_eq!(fixed(text, &run(text)), after, "{text}");
    }
    // Defined further down, the same: no move into "a larger TP" nor into "The RAGs", and the
    // message says why.
    for (text, message) in [
        (
            "Use a larger TP for decoding.\n\nTensor parallelism (TP) splits each matrix.\n",
            "`TP` is used before its definition on line 3: spell it out there, rewording the sentence around “a larger TP” (no fix is offered: “a larger tensor parallelism” may not read as English)",
        ),
        (
            "The RAGs are fast.\n\nRetrieval-augmented generation (RAG) fetches documents.\n",
            "`RAG` is used before its definition on line 3: spell it out there, rewording the sentence around the plural “RAGs” (no fix is offered: a plural of the long form may not read as English)",
        ),
    ] {
        let analysis = run(text);
        assert_eq!(analysis.findings.len(), 1, "{text}");
        assert_eq!(analysis.findings[0].message, message);
        assert_eq!(fixed(text, &analysis), text);
    }
}

#[test]
fn headings_are_exempt_but_their_definitions_count() {
    let text = "# Why PPO\n\n## Proximal Policy Optimization (PPO)\n\nPPO clips the ratio.\n";
    assert!(run(text).findings.is_empty());
    let text = "# Why PPO\n\nNothing else here.\n";
    assert!(
        run(text).findings.is_empty(),
        "a heading use alone is no first use"
    );
}

#[test]
fn redundant_definitions_within_a_section_only() {
    let text = "Group Relative Policy Optimization (GRPO) is cheap.\n\nThe Group Relative Policy Optimization (GRPO) trick works.\n\n## Later\n\nGroup Relative Policy Optimization (GRPO) again.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), ["3:41 redundant-definition GRPO"]);
    let finding = &analysis.findings[0];
    assert_eq!(finding.severity, Severity::Hint);
    assert_eq!(finding.message, "`GRPO` is already defined on line 1");
    assert_eq!(
        fixed(text, &analysis),
        "Group Relative Policy Optimization (GRPO) is cheap.\n\nThe GRPO trick works.\n\n## Later\n\nGroup Relative Policy Optimization (GRPO) again.\n"
    );
}

#[test]
fn unknown_acronyms_are_information_and_can_be_ignored() {
    let text = "The ZQX protocol is new. ZQX is fast.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), ["1:5 undefined-acronym ZQX"]);
    assert_eq!(analysis.findings[0].severity, Severity::Information);
    assert_eq!(analysis.findings[0].related.len(), 1, "the later use");
    let settings = Settings {
        ignore: ["ZQX".to_string()].into(),
        ..Settings::default()
    };
    assert!(analyze(text, DocKind::Markdown, &engine(), &settings)
        .findings
        .is_empty());
}

#[test]
fn severities_come_from_the_settings_and_codes_can_be_turned_off() {
    let text = "PPO and ZQX.\n";
    let mut settings = Settings::default();
    settings
        .severity
        .insert(Code::AcronymNotSpelledOut, Some(Severity::Error));
    settings.severity.insert(Code::UndefinedAcronym, None);
    let analysis = analyze(text, DocKind::Markdown, &engine(), &settings);
    let got: Vec<_> = analysis
        .findings
        .iter()
        .map(|f| (f.code, f.severity))
        .collect();
    assert_eq!(got, [(Code::AcronymNotSpelledOut, Severity::Error)]);
}

#[test]
fn names_common_acronyms_and_terms_are_never_flagged() {
    let text =
        "We serve with vLLM over NVLink on a GPU, store the cache as JSON, and use Dr.GRPO.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

#[test]
fn the_kv_of_kv_cache_is_a_use_for_whoever_does_not_know_it() {
    use glossary_ls::glossary::Audience;
    let text = "Store the KV cache in HBM.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["1:11 acronym-not-spelled-out KV"]
    );
    let expert = Settings {
        audience: Audience::Expert,
        ..Settings::default()
    };
    assert!(analyze(text, DocKind::Markdown, &engine(), &expert)
        .findings
        .is_empty());
}

#[test]
fn a_term_in_title_case_is_a_use_and_its_fix_keeps_the_title_case() {
    // "KV Cache" is the KV cache in a feature's name, not a product named with KV: its KV is the
    // first use, and the long form takes the title's case.
    let text =
        "## Paged KV Cache\n\nThe FP8 KV Cache halves memory. We keep the KV cache on the GPU.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["3:9 acronym-not-spelled-out KV"]
    );
    assert_eq!(
        fixed(text, &run(text)),
        "## Paged KV Cache\n\nThe FP8 Key-Value (KV) Cache halves memory. We keep the KV cache on the GPU.\n"
    );
    // A capitalised word after the term still makes a name of the whole ("KV Cache Manager").
    let named = "Start the KV Cache Manager first. We keep the KV cache on the GPU.\n";
    assert_eq!(
        summary(named, &run(named)),
        ["1:47 acronym-not-spelled-out KV"]
    );
}

#[test]
fn an_acronym_hyphened_to_a_title_case_word_is_a_use_a_name_is_not() {
    // "the KV-Cache" is the KV cache with a capital: the reader meets KV there, so the finding is on
    // it, and the fix goes to the first use it can edit without breaking the compound.
    let text = "# KV-Cache layout\n\nThe KV-Cache grows.\n\nLong KV lengths.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), ["3:5 acronym-not-spelled-out KV"]);
    assert_eq!(
        analysis.findings[0].message,
        "`KV` is not spelled out in this document: write “key-value (KV)” at its first use"
    );
    assert_eq!(
        fixed(text, &analysis),
        "# KV-Cache layout\n\nThe KV-Cache grows.\n\nLong key-value (KV) lengths.\n"
    );
    // The compound alone still asks for the spelled-out form, with no edit inside it.
    let alone = "The KV-Cache grows.\n";
    let analysis = run(alone);
    assert_eq!(
        summary(alone, &analysis),
        ["1:5 acronym-not-spelled-out KV"]
    );
    assert_eq!(fixed(alone, &analysis), alone);
    let pipeline = "A RAG-Pipeline fetches documents.\n";
    assert_eq!(
        summary(pipeline, &run(pipeline)),
        ["1:3 acronym-not-spelled-out RAG"]
    );
    // A bare compound, or one that modifies the noun after it, is a name of its own.
    for named in [
        "RAG-Fusion reranks the results.\n",
        "We built the RAG-Fusion method.\n",
    ] {
        assert!(run(named).findings.is_empty(), "{named}");
    }
}

#[test]
fn an_acronym_inside_a_term_is_still_a_use() {
    let text = "Agentic RL is the frontier.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["1:9 acronym-not-spelled-out RL"]
    );
}

#[test]
fn other_definition_forms_define() {
    for text in [
        "- PPO: Proximal Policy Optimization\n- later PPO\n",
        "PPO (Proximal Policy Optimization) clips.\n",
        "PPO stands for Proximal Policy Optimization. PPO clips.\n",
        "Proximal Policy Optimization, or PPO, clips.\n",
        "The <abbr title=\"Proximal Policy Optimization\">PPO</abbr> method clips. PPO is old.\n",
        "[Proximal Policy Optimization](https://example.com) (PPO) clips.\n",
        "Proximal Policy Optimization ([PPO](https://example.com)) clips.\n",
        "Proximal Policy Optimization (PPO; Schulman et al., 2017) clips.\n",
    ] {
        let analysis = run(text);
        assert!(
            analysis.findings.is_empty(),
            "{text:?}: {:#?}",
            analysis.findings
        );
        assert!(analysis.definition_of("PPO").is_some(), "{text:?}");
    }
}

#[test]
fn code_urls_and_front_matter_are_not_prose() {
    let text = "---\ntitle: PPO notes\n---\n\nSee `PPO` and https://example.com/PPO and\n\n```\nPPO = 1\n```\n";
    assert!(run(text).findings.is_empty(), "{:#?}", run(text).findings);
}

#[test]
fn plain_text_documents_skip_urls() {
    let text = "Our PPO runs; see https://example.com/GRPO for GRPO details.\n";
    let analysis = analyze(text, DocKind::PlainText, &engine(), &Settings::default());
    assert_eq!(
        summary(text, &analysis),
        [
            "1:5 acronym-not-spelled-out PPO",
            "1:48 acronym-not-spelled-out GRPO"
        ]
    );
}

#[test]
fn hover_data_is_there_for_terms_and_acronyms() {
    let text = "Group Relative Policy Optimization (GRPO) beats PPO. The KV cache grows.\n";
    let analysis = run(text);
    let engine = engine();
    let glossary = engine.glossary();
    let at = text.find("KV cache").expect("found") + 3;
    let term = analysis.term_at(at).expect("a term");
    assert_eq!(glossary.entries()[term.entry].name, "KV cache");
    assert_eq!(&text[term.range.clone()], "KV cache");
    let ppo = analysis
        .acronym_at(text.find("PPO").expect("found"))
        .expect("an acronym");
    assert_eq!(
        ppo.entry.map(|e| glossary.entries()[e].name.as_str()),
        Some("PPO")
    );
    let grpo = analysis.definition_of("GRPO").expect("defined");
    assert_eq!(grpo.long_form, "Group Relative Policy Optimization");
}

// ---- Trust on real documents (issue 11): each test is a realistic sentence of a pattern seen there.

#[test]
fn acronyms_inside_names_are_not_uses() {
    let text = "We release Mixtral-MoE and GLM-4-MoE checkpoints.\n\n\
                Our MoE-based models route tokens.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:5 acronym-not-spelled-out MoE"]
    );
    // "Mixture of Experts (MoE)-based" would read badly: no preferred fix there.
    assert_eq!(fixed(text, &analysis), text);
}

#[test]
fn a_link_text_that_describes_its_topic_uses_the_acronym() {
    // Capitalised words around an acronym in a link text usually make a name ("[Comet ML](…)",
    // "[Robust DPO](…)"), but when the destination spells the acronym out, the text is about what it
    // stands for: the reader meets TP and AC there.
    let text = "* seamless composability with [Async TP](https://discuss.pytorch.org/t/distributed-w-torchtitan-introducing-async-tensor-parallelism-in-pytorch/209487), \
                and [PyTorch AC](https://pytorch.org/blog/activation-checkpointing-techniques/)\n\n\
                Logging goes to [Comet ML](https://www.comet.com/site/); see also [Megatron FSDP](https://github.com/NVIDIA/Megatron-LM).\n\n\
                It composes with FSDP, TP and SP.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:38 acronym-not-spelled-out TP",
            "1:167 acronym-not-spelled-out AC",
            "5:18 acronym-not-spelled-out FSDP",
            "5:31 acronym-not-spelled-out SP",
        ]
    );
}

#[test]
fn an_acronym_the_glossary_knows_as_a_name_can_mean_something_else_in_context() {
    // GLM is a model family (a name, never spelled out); a leaderboard that fits a logistic regression
    // to its win rates means a generalized linear model, which its reader needs spelled out.
    let leaderboard = "One other benefit of using a GLM for controlling for length bias is that we can \
                       predict win rates.\n\n\
                       For each model we fit a logistic regression to predict the preference of the \
                       annotator.\n";
    let analysis = run(leaderboard);
    assert_eq!(
        summary(leaderboard, &analysis),
        ["1:30 acronym-not-spelled-out GLM"]
    );
    assert_eq!(
        analysis.findings[0].message,
        "`GLM` is not spelled out in this document: write \u{201c}generalized linear model (GLM)\u{201d} at its first use"
    );
    // Without that context, GLM is the model family, even where an LLM is judged.
    let models = "We serve GLM and Qwen models.\n\nAn LLM judge compares the GLM answers.\n";
    let analysis = run(models);
    assert_eq!(
        summary(models, &analysis),
        ["3:4 acronym-not-spelled-out LLM"]
    );
}

#[test]
fn an_english_word_in_capitals_is_a_known_acronym_where_the_document_writes_its_long_form() {
    // IS is importance sampling in a document about it, and English shouted anywhere else.
    let metrics = "IS correction metrics (requires setting `rollout_importance_sampling_mode`):\n\
                   - `is_weight_mean`: Average importance sampling weight\n";
    let analysis = run(metrics);
    assert_eq!(
        summary(metrics, &analysis),
        ["1:1 acronym-not-spelled-out IS"]
    );
    assert!(fixed(metrics, &analysis).starts_with("Importance sampling (IS) correction metrics"));
    let shouted = "This step IS required before training, AS IS.\n";
    assert_eq!(summary(shouted, &run(shouted)), Vec::<String>::new());
}

#[test]
fn a_code_block_between_the_long_form_and_the_acronym_is_no_distance() {
    let script = "    screen -dmS \"tr$i\" bash -c \"./train_gpt2cu -i data/TinyStories -v 250 -s 250 -g 144 -o stories$i.log\"\n";
    let text = format!(
        "Just as an example process to sweep learning rates on a machine with 4 GPUs on TinyStories. \
         Run a shell script `sweep.sh`:\n\n```bash\n#!/bin/bash\n\nlearning_rates=(3e-5 1e-4 3e-4 1e-3)\n\n\
         for i in {{0..3}}; do\n    export CUDA_VISIBLE_DEVICES=$i\n{}done\n```\n\n\
         This example opens up 4 screen sessions and runs the four commands with different LRs.\n",
        script.repeat(4)
    );
    assert_eq!(summary(&text, &run(&text)), Vec::<String>::new());
    // Without the words before the block, the acronym is flagged.
    let bare = text.replace("sweep learning rates", "sweep settings");
    assert_eq!(
        summary(&bare, &run(&bare)),
        ["17:83 acronym-not-spelled-out LRs"]
    );
    // The block is the prose reading's: in a list item, indented as the item's text, it is read past
    // all the same.
    let in_item = text
        .replace("Just as", "- Just as")
        .replace("```", "  ```")
        .replace("\nThis example", "\n  This example");
    assert_eq!(summary(&in_item, &run(&in_item)), Vec::<String>::new());
    // Plain text has no fences: the lines between are distance like any other.
    let plain = analyze(&text, DocKind::PlainText, &engine(), &Settings::default());
    assert_eq!(
        summary(&text, &plain),
        ["17:83 acronym-not-spelled-out LRs"]
    );
}

#[test]
fn is_short_for_defines_and_a_fix_never_doubles_the_next_sentences_explanation() {
    // "LoRA is short for Low-Rank Adaptation." defines LoRA wherever it stands: a use sections above
    // it is used before its definition, and the fix spells it out there.
    let text = "# Adapters\n\nOur understanding is that LoRA matches full fine-tuning.\n\n\
                ## What is LoRA exactly?\n\nLoRA is short for Low-Rank Adaptation. It adds two matrices.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:27 acronym-used-before-definition LoRA"]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace(
            "that LoRA matches",
            "that Low-Rank Adaptation (LoRA) matches"
        )
    );
    // In the same paragraph the writer explains it in the next sentence: the finding stays, but a
    // long form at the use would give the reader two in a row, so `--fix` leaves it.
    let text = "Our understanding is that LoRA matches full fine-tuning. LoRA is short for \
                Low-Rank Adaptation.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:27 acronym-used-before-definition LoRA"]
    );
    assert_eq!(fixed(text, &analysis), text);
    assert!(analysis.findings[0]
        .fixes
        .iter()
        .any(|fix| fix.title == "Spell out here: Low-Rank Adaptation (LoRA)"));

    // A name the writer presents in emphasis and explains in the same or the next sentence is
    // introduced, not used early.
    for text in [
        "To address this, we introduce **QoQ**, a W4A8KV4 quantization algorithm. QoQ stands for quattuor-octo-quattuor, which is 4-8-4 in Latin.\n",
        "We present *QoQ*, a quantization algorithm (QoQ stands for quattuor-octo-quattuor).\n",
    ] {
        assert!(run(text).findings.is_empty(), "{text}");
    }
    // Two sentences on, or in the next paragraph, it is used before its definition.
    for text in [
        "We introduce **QoQ**, a quantization algorithm. It is fast. QoQ stands for quattuor-octo-quattuor.\n",
        "We introduce **QoQ**, a quantization algorithm.\n\nQoQ stands for quattuor-octo-quattuor.\n",
    ] {
        assert_eq!(
            summary(text, &run(text)),
            ["1:16 acronym-used-before-definition QoQ"],
            "{text}"
        );
    }
}

#[test]
fn words_set_apart_in_quotation_marks_are_used_but_never_rewritten() {
    // "LoRA trick" in quotation marks is the writer's term, set apart: spelled out inside the marks
    // it would become a different term. The finding stays there; the fix goes to the next plain use.
    let text = "The so-called \"LoRA trick\" saves memory, and LoRA is cheap.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:16 acronym-not-spelled-out LoRA"]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace("and LoRA is", "and Low-Rank Adaptation (LoRA) is")
    );
    // With no plain use, no fix is preferred.
    let text = "The “KV cache” grows with the context.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), ["1:6 acronym-not-spelled-out KV"]);
    assert_eq!(fixed(text, &analysis), text);
}

#[test]
fn a_steps_title_ending_at_its_colon_is_a_label() {
    // "1. Train SFT:" above its command titles a step, like a heading: "Train supervised
    // fine-tuning (SFT):" would name the method where the writer means the model. The first use in
    // running text is the one spelled out.
    let text = "## Setup\n\n1. Train SFT:\n```bash\npython train_sft.py\n```\n\n\
                2. Evaluate:\n```bash\npython eval.py\n```\n\nWe then compare SFT with the base model.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["13:17 acronym-not-spelled-out SFT"]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace("compare SFT", "compare supervised fine-tuning (SFT)")
    );
}

#[test]
fn a_long_form_later_in_the_same_sentence_spells_it_out() {
    let text = "Quantized KV cache reduces the memory footprint of key-value cache storage.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // A sentence wrapped onto a line that starts with markup goes on there.
    let wrapped =
        "Quantized KV cache reduces the memory footprint of\n`int8` key-value cache storage.\n";
    assert_eq!(summary(wrapped, &run(wrapped)), Vec::<String>::new());
    let bold = "Quantized KV cache reduces the memory footprint of\n**key-value cache** storage.\n";
    assert_eq!(summary(bold, &run(bold)), Vec::<String>::new());
    // A list item after the line is not the same sentence.
    let item = "Quantized KV cache saves memory:\n* key-value cache in 8 bits\n";
    assert_eq!(
        summary(item, &run(item)),
        ["1:11 acronym-not-spelled-out KV"]
    );
    // The next sentence is too late: the reader has already stumbled.
    let later = "Quantized KV cache saves memory. It stores the key-value cache in 8 bits.\n";
    assert_eq!(
        summary(later, &run(later)),
        ["1:11 acronym-not-spelled-out KV"]
    );
    // A full stop that ends "i.e.", "e.g.", "cf.", "vs." or "Fig." does not end the sentence: the
    // gloss after "i.e." is the writer's spelled-out form.
    for text in [
        "MTP, i.e. multi-token prediction, drafts several tokens per step.\n",
        "We use MTP (i.e. multi-token prediction) to draft several tokens.\n",
        "MTP heads (e.g. as in multi-token prediction) draft tokens.\n",
        "The KV cache (cf. Fig. 2, the key-value cache) grows with the context.\n",
    ] {
        assert_eq!(summary(text, &run(text)), Vec::<String>::new(), "{text}");
    }
    // A sentence that really ends there still ends: "etc." is not taken as inside a sentence.
    let etc = "Quantized KV cache saves memory, bandwidth, etc. It stores the key-value cache in 8 bits.\n";
    assert_eq!(summary(etc, &run(etc)), ["1:11 acronym-not-spelled-out KV"]);
    // A cited title later in the sentence is not the author's words.
    let cited = "Quantized KV cache follows [Efficient Key-Value Cache Compression for Long Context Inference](https://arxiv.org/abs/2403.01234).\n";
    assert_eq!(
        summary(cited, &run(cited)),
        ["1:11 acronym-not-spelled-out KV"]
    );
}

/// The long form's adjective ("data parallel" for data parallelism) spells it out as the noun does,
/// for every kind of parallelism, as "tensor parallel" did for TP.
#[test]
fn another_spelling_of_the_long_form_just_before_spells_it_out() {
    for (long, acronym) in [
        ("data parallel", "DP"),
        ("Data-parallel", "DP"),
        ("pipeline parallel", "PP"),
        ("expert parallel", "EP"),
        ("tensor parallel", "TP"),
    ] {
        let text = format!(
            "All {long} replicas in a group must be healthy. MoE layers route tokens across {acronym} ranks.\n"
        );
        let analysis = run(&text);
        assert_eq!(
            summary(&text, &analysis)
                .iter()
                .filter(|finding| finding.ends_with(acronym))
                .count(),
            0,
            "{text}"
        );
    }
    // An unrelated term's alias before it does not.
    let text = "Data mix matters. We shard across DP ranks.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["1:35 acronym-not-spelled-out DP"]
    );
}

#[test]
fn code_blocks_read_past_do_not_carry_a_term_through_a_whole_tutorial() {
    let step = |n: usize| {
        format!(
            "### Step {n}\n\nSet the option below and pass it to the trainer; the defaults work for \
             most runs, but larger batches need more memory and a smaller learning rate.\n\n\
             ```python\nargs = Config(step={n})\n```\n\n"
        )
    };
    let tutorial = |steps: usize| {
        let mut text =
            String::from("Our trainer fine-tunes a large language model on preference pairs.\n\n");
        (1..=steps).for_each(|n| text += &step(n));
        text + "### Faster kernels\n\nThe fused kernels speed up LLM training by a fifth.\n"
    };
    // One step between: the reader has just read the words, and the code between is no distance.
    let short = tutorial(1);
    assert_eq!(summary(&short, &run(&short)), Vec::<String>::new());
    // Eight steps between: the words are sections behind, however short the code between them.
    let long = tutorial(8);
    assert_eq!(
        summary(&long, &run(&long)),
        ["69:28 acronym-not-spelled-out LLM"]
    );
}

#[test]
fn a_cited_title_read_past_a_code_block_does_not_spell_out() {
    let code = "print(model.generate(prompt, max_new_tokens=64))\n".repeat(40);
    let text = format!(
        "The recipe follows [Scaling Laws for Large Language Model Fine-Tuning](https://arxiv.org/abs/2402.17193).\n\n\
         ```python\n{code}```\n\nEach LLM answer is then scored.\n"
    );
    assert_eq!(
        summary(&text, &run(&text)),
        ["46:6 acronym-not-spelled-out LLM"]
    );
    // The same words in the author's own sentence spell it out.
    let own = text.replace(
        "[Scaling Laws for Large Language Model Fine-Tuning](https://arxiv.org/abs/2402.17193)",
        "how a large language model scales when fine-tuned",
    );
    assert_eq!(summary(&own, &run(&own)), Vec::<String>::new());
}

#[test]
fn a_long_form_followed_by_the_acronym_as_a_code_name_spells_it_out() {
    let tasks = "Currently, the following tasks are supported:\n\
                 * continued pretraining `cpt`\n\
                 * direct preference optimisation `dpo`\n\
                 * odds ratio preference optimisation `orpo`\n\n\
                 Since each task (SFT, DPO, ORPO, etc), requires a different format, we assume the \
                 datasets have the following columns.\n";
    assert_eq!(
        summary(tasks, &run(tasks)),
        ["6:18 acronym-not-spelled-out SFT"],
        "DPO and ORPO are named after their long forms; SFT is not"
    );
    // A code name after words that do not spell it, or after the first use, explains nothing.
    let unrelated = "Set the task to `orpo` and run it.\n\nORPO needs pairs.\n";
    assert_eq!(
        summary(unrelated, &run(unrelated)),
        ["3:1 acronym-not-spelled-out ORPO"]
    );
    let late = "ORPO needs pairs.\n\n* odds ratio preference optimisation `orpo`\n";
    assert_eq!(
        summary(late, &run(late)),
        ["1:1 acronym-not-spelled-out ORPO"]
    );
}

#[test]
fn cited_titles_neither_use_nor_define() {
    let text = "See [Computational Limits of Low-Rank Adaptation (LoRA) for Transformer-Based Models](https://arxiv.org/abs/1).\n\n\
                We fine-tune with LoRA adapters.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:19 acronym-not-spelled-out LoRA"]
    );
    assert!(analysis.definitions.is_empty(), "the title defines nothing");
    // A reference entry that opens with the acronym and a colon reads like a list item's lead-in,
    // but it is the paper's title: the long form is not the document's, and the use above it is
    // spelled out as the glossary does, not as "Low-Rank Adaptation of Large Language Models".
    for entry in [
        "- LoRA: Low-Rank Adaptation of Large Language Models. Hu et al., 2021.",
        "- [LoRA: Low-Rank Adaptation of Large Language Models, 2021](https://arxiv.org/abs/2106.09685)",
    ] {
        let text = format!(
            "# Fine-tuning\n\nWe fine-tune the model with LoRA on a single GPU.\n\n## References\n\n{entry}\n"
        );
        let analysis = run(&text);
        assert_eq!(
            summary(&text, &analysis),
            ["3:29 acronym-not-spelled-out LoRA"],
            "{entry}"
        );
        assert!(analysis.definitions.is_empty(), "{entry}");
        assert_eq!(
            fixed(&text, &analysis),
            text.replace("with LoRA on", "with Low-Rank Adaptation (LoRA) on")
        );
    }
}

#[test]
fn quotations_are_not_uses_and_never_edited() {
    let text = "> Large language models (LLMs) are strong. We study LLMs and their RLHF.\n\n\
                - > Nested LLMs (LLMs) quote.\n\n\
                Our RLHF recipe follows.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["5:5 acronym-not-spelled-out RLHF"],
        "no redundant definition in a quotation, no finding on the quoted RLHF"
    );
}

#[test]
fn quoted_definitions_nested_in_list_items_or_continued_lazily_are_not_redundant() {
    // Whether a definition is quoted comes from the Markdown structure (prose's block quotes), not
    // from a `>` at the start of its source line: neither quote below has one on its definition's line
    // except the first, and that one is not at the line's start.
    let text = "Group Relative Policy Optimization (GRPO) is cheap.\n\n\
                - > Group Relative Policy Optimization (GRPO) is quoted in a list item.\n\n\
                > The paper says that\n\
                Group Relative Policy Optimization (GRPO) works, continued lazily.\n\n\
                - > The abstract says that\n  \
                Group Relative Policy Optimization (GRPO) works, lazily in a list item.\n\n\
                The Group Relative Policy Optimization (GRPO) trick is ours.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["11:41 redundant-definition GRPO"],
        "only the author's own repetition is redundant"
    );
    assert_eq!(
        analysis.findings[0].message,
        "`GRPO` is already defined on line 1"
    );
}

#[test]
fn a_block_quote_that_opens_with_a_note_label_is_the_authors_own_text() {
    // READMEs set their asides off as block quotes with a label, as GitHub alerts do with a marker:
    // those are checked like the text around them. Someone else's words stay unchecked.
    let text = "# Setup\n\n\
                Install the package with pip.\n\n\
                > **Note:** download the weights from HuggingFace first.\n\n\
                > ⚠️ Warning:\n>\n> - dense layers in MoE models shard too.\n\n\
                > Note that RLHF needs a reward model.\n\n\
                > The paper says DPO is simpler.\n\n\
                > Note: the authors' SFT data is private, they said.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "5:39 non-canonical-spelling HuggingFace",
            "9:21 acronym-not-spelled-out MoE",
            "11:13 acronym-not-spelled-out RLHF",
            "15:22 acronym-not-spelled-out SFT",
        ],
        "labelled notes are checked; the quotation's DPO is not"
    );
    assert_eq!(
        fixed(text, &analysis).lines().nth(8),
        Some("> - dense layers in mixture of experts (MoE) models shard too.")
    );
}

#[test]
fn a_long_form_written_far_before_the_first_use_takes_the_acronym_there() {
    // The writer wrote "Mixture of Experts models" in the introduction: too far back to explain the
    // acronym sections later. The fix adds the acronym where they spelled it out, rather than a
    // second long form at the first use.
    let filler = "The serving stack keeps prefill and decode apart on separate pools. ".repeat(8);
    let text = format!(
        "Disaggregation suits Mixture of Experts models.\n\n{filler}\n\nWe suggest it for sparse MoE architectures.\n"
    );
    let analysis = run(&text);
    assert_eq!(
        summary(&text, &analysis),
        ["5:26 acronym-not-spelled-out MoE"]
    );
    let finding = &analysis.findings[0];
    assert_eq!(
        finding.message,
        "`MoE` is not spelled out in this document: “Mixture of Experts” on line 1 does not give the acronym; write “Mixture of Experts (MoE)” there"
    );
    let related: Vec<(&str, &str)> = finding
        .related
        .iter()
        .map(|r| (&text[r.range.clone()], r.message.as_str()))
        .collect();
    assert_eq!(
        related,
        [(
            "Mixture of Experts",
            "its long form, written without the acronym: the fix adds the acronym here"
        )]
    );
    let fix = finding.fixes.iter().find(|f| f.preferred).expect("a fix");
    assert_eq!(
        fix.title,
        "Add the acronym on line 1: Mixture of Experts (MoE)"
    );
    let after = fixed(&text, &analysis);
    assert!(after.starts_with("Disaggregation suits Mixture of Experts (MoE) models.\n"));
    assert!(after.ends_with("We suggest it for sparse MoE architectures.\n"));
    assert!(run(&after).findings.is_empty(), "the next check is clean");
}

#[test]
fn the_acronym_is_added_in_the_number_the_long_form_is_written_in() {
    let filler = "The serving stack keeps prefill and decode apart on separate pools. ".repeat(8);
    let text = format!(
        "We serve large language models on one node.\n\n{filler}\n\nEach LLM gets its own pool.\n"
    );
    let after = fixed(&text, &run(&text));
    assert!(
        after.starts_with("We serve large language models (LLMs) on one node.\n"),
        "{after}"
    );
    let text = format!("Train a reward model first.\n\n{filler}\n\nThe RM scores each answer.\n");
    assert!(fixed(&text, &run(&text)).starts_with("Train a reward model (RM) first.\n"));
}

#[test]
fn a_long_form_the_acronym_cannot_follow_is_named_and_the_first_use_spelled_out() {
    // A heading, a link's text, a longer name in capitals, words a parenthesis or a code span
    // already follows: the acronym does not go there, and the first use is spelled out.
    let filler = "The serving stack keeps prefill and decode apart on separate pools. ".repeat(8);
    for (opening, long_form) in [
        (
            "## Mixture of Experts\n\nRouting is cheap.",
            "Mixture of Experts",
        ),
        (
            "Read [Mixture of Experts](https://example.com/moe) first.",
            "Mixture of Experts",
        ),
        (
            "It ships a Sparse Mixture of Experts layer.",
            "Mixture of Experts",
        ),
        (
            "It suits mixture of experts (sparse) models.",
            "mixture of experts",
        ),
        (
            "It suits mixture of experts `moe_layer` models.",
            "mixture of experts",
        ),
    ] {
        let text =
            format!("{opening}\n\n{filler}\n\nWe suggest it for sparse MoE architectures.\n");
        let analysis = run(&text);
        let finding = analysis
            .findings
            .iter()
            .find(|f| f.acronym == "MoE")
            .unwrap_or_else(|| panic!("MoE is flagged: {opening}"));
        assert!(
            finding
                .message
                .ends_with("write “mixture of experts (MoE)” at its first use"),
            "{opening}: {}",
            finding.message
        );
        let named = finding
            .related
            .iter()
            .find(|r| r.message == "its long form, written without the acronym")
            .map(|r| &text[r.range.clone()]);
        assert_eq!(named, Some(long_form), "{opening}");
        assert!(
            fixed(&text, &analysis).contains("for sparse mixture of experts (MoE) architectures."),
            "{opening}"
        );
    }
}

#[test]
fn a_long_form_in_someone_elses_words_is_not_the_writers() {
    // The block quote's "Mixture of Experts" is the paper's: the message does not name it, and the
    // acronym is not added there.
    let filler = "The serving stack keeps prefill and decode apart on separate pools. ".repeat(8);
    let text = format!(
        "> Sparsely gated Mixture of Experts layers scale well, the paper says.\n\n{filler}\n\nWe suggest it for sparse MoE architectures.\n"
    );
    let analysis = run(&text);
    assert_eq!(
        analysis.findings[0].message,
        "`MoE` is not spelled out in this document: write “mixture of experts (MoE)” at its first use"
    );
    assert!(fixed(&text, &analysis).contains("for sparse mixture of experts (MoE) architectures."));
}

#[test]
fn a_metric_at_a_cutoff_is_spelled_out_at_a_plain_use() {
    // "nDCG@10" is the metric at a cutoff: "normalized discounted cumulative gain (nDCG)@10" would
    // break it. Retrieval pages write NDCG with a small n, which the glossary knows.
    let text = "# Retrieval\n\nOn our test set nDCG@10 rose, and nDCG is what we report.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:17 acronym-not-spelled-out nDCG"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "# Retrieval\n\nOn our test set nDCG@10 rose, and normalized discounted cumulative gain (nDCG) is what we report.\n"
    );
}

#[test]
fn a_finding_without_a_fix_says_why() {
    // Every use of EP is in a slash pair, where "expert parallelism (EP)" would break the pair: the
    // report has no help line, so the message tells the writer why nothing is offered.
    let text = "We tested DP/EP deployments and EP/TP layouts on one node.\n";
    let analysis = run(text);
    let ep = analysis
        .findings
        .iter()
        .find(|f| f.acronym == "EP")
        .expect("EP is flagged");
    assert_eq!(
        ep.message,
        "`EP` is not spelled out in this document: write “expert parallelism (EP)” at its first use (no fix is offered: no use stands where a fix can safely spell it out)"
    );
    assert!(ep.help().is_none());
}

#[test]
fn line_numbers_in_messages_count_every_line_ending() {
    for ending in ["\n", "\r\n", "\r"] {
        let text = [
            "# Notes",
            "We tried DPO first.",
            "Later, Direct Preference Optimization (DPO) won.",
            "",
        ]
        .join(ending);
        let analysis = run(&text);
        assert_eq!(
            summary(&text, &analysis),
            ["2:10 acronym-used-before-definition DPO"]
        );
        assert_eq!(
            analysis.findings[0].message, "`DPO` is used before its definition on line 3",
            "{ending:?}"
        );
    }
}

#[test]
fn paragraphs_end_at_an_empty_line_whatever_ends_the_lines() {
    // A long form in an earlier paragraph, more than 400 bytes back, does not explain the acronym: the
    // window that can reaches back to the start of the acronym's own paragraph only.
    let filler = "Routing sends each token to a few of many feed-forward blocks. ".repeat(8);
    for ending in ["\n", "\r\n", "\r"] {
        let text = [
            "We use a mixture of experts.",
            "",
            &format!("{filler}Most MoE models run on a GPU."),
            "",
        ]
        .join(ending);
        let analysis = run(&text);
        let codes: Vec<_> = analysis
            .findings
            .iter()
            .map(|f| format!("{} {}", f.code, f.token))
            .collect();
        assert_eq!(codes, ["acronym-not-spelled-out MoE"], "{ending:?}");
    }
}

#[test]
fn run_in_labels_and_news_items_are_not_first_uses() {
    let text = "**Optimized Communication via SHARP**: the all-reduce runs in the switch.\n\n\
                - **[2025/02]** We release GRPO recipes.\n\n\
                Train with GRPO today.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["5:12 acronym-not-spelled-out GRPO"]
    );
}

#[test]
fn a_bold_label_that_is_a_phrase_with_the_acronym_is_a_use() {
    // "- **RAG document injection** - …" is where the reader meets RAG: the finding is there, and the
    // fix spells it out inside the bold.
    let text = "Risks:\n\n- **RAG document injection** - Compromised knowledge bases\n\
                - **Prompt drift** - Weaker controls\n\nPlugins can poison a RAG pipeline.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:5 acronym-not-spelled-out RAG"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "Risks:\n\n- **Retrieval-augmented generation (RAG) document injection** - Compromised knowledge bases\n\
         - **Prompt drift** - Weaker controls\n\nPlugins can poison a RAG pipeline.\n"
    );
    // A label that is the acronym alone names the term the item explains; one that defines it still
    // defines it.
    let glossary = "- **MCP**: the tool protocol.\n- **RAG**: retrieval-augmented generation, which fetches documents.\n\nA RAG system.\n";
    assert!(run(glossary).findings.is_empty());
}

#[test]
fn news_items_that_open_with_an_emoji_are_news() {
    let text = "## Highlights\n\n\
                - 🔥 [2024/05] We release DPO and GRPO recipes.\n\
                - 🎉 **v0.4.0**: KTO support.\n\n\
                ## Training\n\n\
                Train with GRPO today.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["8:12 acronym-not-spelled-out GRPO"]
    );
}

#[test]
fn a_list_of_models_after_an_acronym_does_not_define_it() {
    let text = "Low-bit weight quantization for LLMs.\n\n\
                - A model zoo for LLMs (Llama-1/2/3, OPT, CodeLlama, Vicuna; load to generate weights).\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:33 acronym-not-spelled-out LLMs"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "Low-bit weight quantization for large language models (LLMs).\n\n\
         - A model zoo for LLMs (Llama-1/2/3, OPT, CodeLlama, Vicuna; load to generate weights).\n"
    );
}

#[test]
fn a_long_form_written_just_before_the_acronym_explains_it() {
    // A later definition does not make the first use an early one when the long form stands before it.
    let text =
        "TRLX runs PPO and Implicit Language Q-Learning [ILQL](https://example.org/ilql).\n\n\
                Offline methods differ.\n\n\
                Implicit Language Q-Learning (ILQL) learns from logged data.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:11 acronym-not-spelled-out PPO"]
    );
    // A longer term that ends with the long form spells it out too.
    let text = "QLoRA compresses a pretrained language model. The LM parameters are then frozen.\n";
    assert!(summary(text, &run(text))
        .iter()
        .all(|finding| !finding.ends_with(" LM")));
}

#[test]
fn the_early_use_reported_is_the_first_one_not_explained() {
    let text = "Reinforcement learning from human feedback (also called RL from human preferences) is hard.\n\n\
                A long paragraph about the reward follows here, and it says nothing more on the matter at all. \
                It keeps going to put distance between the two mentions, as a real blog post does, for many \
                words on end, about data, labels, annotators, rankings, costs and the many ways people rate \
                things, until the reader has long forgotten how it started and what the letters meant at all; \
                and it goes on a little more still, to be sure.\n\n\
                Existing RL algorithms need a reward.\n\n\
                Here we use reinforcement learning (RL) to tune the model.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["5:10 acronym-used-before-definition RL"]
    );
    assert_eq!(
        fixed(text, &analysis).lines().nth(4),
        Some("Existing reinforcement learning (RL) algorithms need a reward.")
    );
}

#[test]
fn a_recorded_conversation_is_quoted_not_edited() {
    let text = "### Sample after PPO\n\n\
                Human: Please introduce the game GTA5\n\n\
                Assistant: GTA5, or Grand Theft Auto V, is an action-adventure game.\n\n\
                The model trained with PPO answers at length.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["7:24 acronym-not-spelled-out PPO"]
    );
}

#[test]
fn an_acronym_after_the_hugging_face_emoji_names_a_library() {
    let text =
        "Soft prompt methods are included in 🤗 PEFT.\n\n🤗 PEFT provides quantization support.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

#[test]
fn software_the_document_links_by_name_is_named_before_its_documentation() {
    let text = "It works with libraries like [Transformers](https://hf.co/docs/transformers) and \
                [PEFT](https://hf.co/docs/peft/).\n\n\
                See the PEFT documentation for the config file.\n\n\
                PEFT methods train few weights.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["5:1 acronym-not-spelled-out PEFT"]
    );
    // Without the link, nothing says PEFT is the library's name: its first use is the first use.
    let unlinked = text.replace("[PEFT](https://hf.co/docs/peft/)", "others");
    assert_eq!(
        summary(&unlinked, &run(&unlinked)),
        ["3:9 acronym-not-spelled-out PEFT"]
    );
}

#[test]
fn the_fix_goes_to_the_first_use_it_can_edit() {
    let text = "Compare DPO/IPO baselines. Then DPO wins.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:9 acronym-not-spelled-out DPO",
            "1:13 acronym-not-spelled-out IPO"
        ]
    );
    let dpo = &analysis.findings[0];
    assert_eq!(
        dpo.fixes[0].title,
        "Spell out on line 1: Direct Preference Optimization (DPO)"
    );
    assert_eq!(
        dpo.related[0].message,
        "the fix spells it out here, the first use it can safely edit"
    );
    assert!(
        analysis.findings[1].fixes.iter().all(|f| !f.preferred),
        "IPO has no other use: no preferred fix"
    );
    assert_eq!(
        fixed(text, &analysis),
        "Compare DPO/IPO baselines. Then Direct Preference Optimization (DPO) wins.\n"
    );
}

/// An acronym that modifies the noun after it is spelled out with the adjective the glossary knows
/// for its long form: "each tensor parallel (TP) group", not "tensor parallelism (TP) group".
#[test]
fn an_acronym_before_a_noun_is_spelled_out_as_an_adjective() {
    let text = "Each TP group holds a slice of every layer.\n";
    let analysis = run(text);
    assert_eq!(
        analysis.findings[0].message,
        "`TP` is not spelled out in this document: write “tensor parallel (TP)” at its first use"
    );
    assert_eq!(
        fixed(text, &analysis),
        "Each tensor parallel (TP) group holds a slice of every layer.\n"
    );
    for (text, expected) in [
        // (A bare DP may be differential privacy: the other parallelism tells the reader which.)
        (
            "Tokens travel across DP ranks, weights across TP ranks.\n",
            "Tokens travel across data parallel (DP) ranks, weights across tensor parallel (TP) ranks.\n",
        ),
        // Two acronyms sharing the noun: both adjectives.
        (
            "Parameters are reduced over the DP and CP groups.\n",
            "Parameters are reduced over the data parallel (DP) and context parallel (CP) groups.\n",
        ),
        // A noun, not a modifier: the long form itself.
        (
            "We combine PP and DeepSpeed.\n",
            "We combine pipeline parallelism (PP) and DeepSpeed.\n",
        ),
        (
            "With PP, each stage waits.\n",
            "With pipeline parallelism (PP), each stage waits.\n",
        ),
        (
            "The PP is deep.\n",
            "The pipeline parallelism (PP) is deep.\n",
        ),
        // After "each" or "a", a word in -s is the acronym's verb.
        (
            "Each TP shards the weights of every layer.\n",
            "Each tensor parallelism (TP) shards the weights of every layer.\n",
        ),
        // No adjective in the glossary: the long form.
        (
            "Each LLM call is logged.\n",
            "Each large language model (LLM) call is logged.\n",
        ),
    ] {
        assert_eq!(fixed(text, &run(text)), expected);
    }
}

/// Uses no fix can edit (a slash list, before a parenthesis), then the definition close below in the
/// same section: where `acronym-not-spelled-out`'s fix would have spelled it out, so what `--fix`
/// wrote is not reported afterwards. Under a later heading it still is.
#[test]
fn a_definition_at_the_first_use_a_fix_could_edit_is_in_time() {
    let text = "If the technique is a parallelism (TP/PP/CP/etc), check the loss.\n\n\
                For instance, PP requires a larger batch.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:36 acronym-not-spelled-out TP",
            "1:39 acronym-not-spelled-out PP",
            "1:42 acronym-not-spelled-out CP"
        ]
    );
    let after_fix = fixed(text, &analysis);
    assert_eq!(
        after_fix,
        text.replace("instance, PP", "instance, pipeline parallelism (PP)")
    );
    assert_eq!(
        summary(&after_fix, &run(&after_fix)),
        [
            "1:36 acronym-not-spelled-out TP",
            "1:42 acronym-not-spelled-out CP"
        ]
    );
    let later_section = after_fix.replace("\n\nFor", "\n\n## Pipelines\n\nFor");
    assert_eq!(
        summary(&later_section, &run(&later_section)),
        [
            "1:36 acronym-not-spelled-out TP",
            "1:39 acronym-used-before-definition PP",
            "1:42 acronym-not-spelled-out CP"
        ]
    );
}

/// The same uneditable first use with its next use under a later heading: the fix is offered there,
/// but `--fix` does not apply it, since `acronym-used-before-definition` would then report the
/// uses above it (the reader of the first use has moved on). One decision for both rules.
#[test]
fn a_fix_under_a_later_heading_than_an_uneditable_first_use_is_offered_but_not_applied() {
    let text = "# Medusa\n\nIt trains new layers (similar to LoRA layers) for speed.\n\n\
                ## How it works\n\nUnlike LoRA, Medusa does not aim to improve quality.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:34 acronym-not-spelled-out LoRA"]
    );
    let lora = &analysis.findings[0];
    assert_eq!(
        lora.fixes[0].title,
        "Spell out on line 7: Low-Rank Adaptation (LoRA)"
    );
    assert!(!lora.fixes[0].preferred);
    assert_eq!(
        lora.related[0].message,
        "the first use a fix can safely edit, in a later section than the first use: the fix is offered, not applied automatically"
    );
    assert_eq!(fixed(text, &analysis), text);
    // A writer who applies it anyway is told where the reader first meets the acronym.
    let applied = text.replace("Unlike LoRA", "Unlike Low-Rank Adaptation (LoRA)");
    assert_eq!(
        summary(&applied, &run(&applied)),
        ["3:34 acronym-used-before-definition LoRA"]
    );
    // In the same section the fix is applied, and the next check is silent.
    let same_section = text.replace("## How it works\n\n", "");
    let analysis = run(&same_section);
    let after_fix = fixed(&same_section, &analysis);
    assert!(after_fix.contains("Unlike Low-Rank Adaptation (LoRA), Medusa"));
    assert_eq!(summary(&after_fix, &run(&after_fix)), Vec::<String>::new());
}

/// A proper noun before the acronym names a model or a product with it ("Qwen MoE"): the fix spells
/// the acronym out at the next plain use instead of inside the name.
#[test]
fn the_fix_is_not_written_inside_a_model_name() {
    let text = "The script outputs the Mixtral, Deepseek MoE, or Qwen3.5 MoE architectures. \
                There are three ways to fill the MoE gates.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:33 non-canonical-spelling Deepseek",
            "1:42 acronym-not-spelled-out MoE"
        ]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace("the MoE gates", "the mixture of experts (MoE) gates")
            .replace("Deepseek", "DeepSeek")
    );
    // A name with a version stays a name at a sentence's start.
    let versioned = "Qwen3.5 MoE uses 128 experts. Each MoE layer routes tokens.\n";
    assert_eq!(
        fixed(versioned, &run(versioned)),
        "Qwen3.5 MoE uses 128 experts. Each mixture of experts (MoE) layer routes tokens.\n"
    );
    // Capitalised words joined by a hyphen are one proper noun: "Megatron-Turing NLG" is a model.
    let hyphened = "Models such as Gopher and Megatron-Turing NLG did well. Good NLG needs data.\n";
    assert_eq!(
        fixed(hyphened, &run(hyphened)),
        "Models such as Gopher and Megatron-Turing NLG did well. Good natural language generation (NLG) needs data.\n"
    );
    // At a sentence's start a capitalised word is no name.
    let each = "Each MoE layer routes tokens.\n";
    assert_eq!(
        fixed(each, &run(each)),
        "Each mixture of experts (MoE) layer routes tokens.\n"
    );
}

/// A bare plus joins its items as a slash does: "tensor parallelism (TP)+SP" reads badly, so the
/// spelled-out form goes to the next plain use. A spaced plus separates them as a word would.
#[test]
fn the_fix_is_not_written_inside_a_plus_joined_pair() {
    let text = "It supports TP+SP and ring attention. Combine it with TP for large models.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:13 acronym-not-spelled-out TP",
            "1:16 acronym-not-spelled-out SP"
        ]
    );
    assert_eq!(
        fixed(text, &analysis),
        "It supports TP+SP and ring attention. Combine it with tensor parallelism (TP) for large models.\n"
    );
    let spaced = "It supports TP + SP and ring attention.\n";
    assert_eq!(
        fixed(spaced, &run(spaced)),
        "It supports tensor parallelism (TP) + sequence parallelism (SP) and ring attention.\n"
    );
}

#[test]
fn a_fix_far_below_an_uneditable_first_use_is_offered_but_not_applied() {
    let filler = "Each rank holds its own shard of the weights and exchanges activations with the others.\n\n";
    let text = |paragraphs: usize| {
        format!(
            "Attention runs differently from the FFN/MoE computation.\n\n{}The FFN then runs on each token.\n",
            filler.repeat(paragraphs)
        )
    };
    // A few lines below: the reader still has the first use in mind.
    let near = text(2);
    let analysis = run(&near);
    assert_eq!(
        summary(&near, &analysis),
        [
            "1:37 acronym-not-spelled-out FFN",
            "1:41 acronym-not-spelled-out MoE"
        ]
    );
    assert!(fixed(&near, &analysis)
        .ends_with("The feed-forward network (FFN) then runs on each token.\n"));
    // Many paragraphs below: the fix is still offered, on its line, but `--fix` leaves the text alone.
    let far = text(16);
    let analysis = run(&far);
    let ffn = &analysis.findings[0];
    assert_eq!(ffn.token, "FFN");
    assert_eq!(
        ffn.fixes[0].title,
        "Spell out on line 35: feed-forward network (FFN)"
    );
    assert!(!ffn.fixes[0].preferred);
    assert_eq!(
        ffn.related[0].message,
        "the first use a fix can safely edit, far below the first use: the fix is offered, not applied automatically"
    );
    assert_eq!(fixed(&far, &analysis), far);
}

#[test]
fn a_plural_definition_is_pasted_in_the_singular_and_the_glossarys_casing() {
    // A heading's plural definition, a singular use before it: the glossary's expansion, in prose case.
    let text = "This guide covers building LLM applications.\n\n## Large Language Models (LLMs)\n\nLLMs are great.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "This guide covers building large language model (LLM) applications.\n\n## Large Language Models (LLMs)\n\nLLMs are great.\n"
    );
    // Not in the glossary: the head noun before "of" takes the singular, not the last word.
    let text = "Use one MKQ layer here.\n\nWe use Mixtures of Key Queues (MKQs) throughout, and MKQs again.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "Use one Mixture of Key Queues (MKQ) layer here.\n\nWe use MKQs throughout, and MKQs again.\n"
    );
}

/// The text after applying the first fix a finding offers, preferred or not (what a writer who
/// picks it in the editor gets).
fn with_offered_fix(text: &str, finding: &glossary_ls::analysis::Finding) -> String {
    let mut out = text.to_string();
    if let Some(FixAction::Edit { edits }) = finding.fixes.first().map(|fix| &fix.action) {
        let mut edits = edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for edit in edits {
            out.replace_range(edit.range, &edit.replacement);
        }
    }
    out
}

#[test]
fn a_first_use_glossed_in_the_writers_words_gets_its_long_form_inside_the_parenthesis() {
    let text =
        "Batching raises token-to-token latency (TPOT) and hurts. A metric such as TPOT matters.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:41 acronym-not-spelled-out TPOT"]
    );
    let tpot = &analysis.findings[0];
    assert_eq!(
        tpot.message,
        "`TPOT` is not spelled out in this document, and the words before “(TPOT)” are not its long form: it stands for “time per output token”"
    );
    // Offered, not applied: no second expansion at the later use, none stacked on the writer's words.
    assert_eq!(
        tpot.fixes[0].title,
        "Spell out in the parentheses: (time per output token, TPOT)"
    );
    assert!(!tpot.fixes[0].preferred);
    assert!(tpot.related.iter().all(|r| !r.message.contains("fix")));
    assert_eq!(fixed(text, &analysis), text);
    let picked = with_offered_fix(text, tpot);
    assert_eq!(
        picked,
        "Batching raises token-to-token latency (time per output token, TPOT) and hurts. A metric such as TPOT matters.\n"
    );
    assert!(
        run(&picked).findings.is_empty(),
        "the parenthesis now defines it"
    );
    // A first use in parentheses that is not a gloss: the next use is spelled out.
    let aside = "Shard it (FSDP enables sharding). Use FSDP today.\n";
    assert_eq!(
        fixed(aside, &run(aside)),
        "Shard it (FSDP enables sharding). Use Fully Sharded Data Parallel (FSDP) today.\n"
    );
}

/// "we support Speculative decoding (MTP)": the words before the parenthesis are a kind of thing MTP
/// is used for, not what MTP stands for. One finding at the parenthesis says so and names the long
/// form; no fix stacks a second parenthesis on the writer's words or a second long form below.
#[test]
fn an_acronym_after_words_that_are_not_its_long_form_is_told_apart() {
    let text = "LMDeploy now supports Speculative decoding (MTP) for DeepSeek-V3.\n\nMTP drafts two tokens.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:45 acronym-not-spelled-out MTP"]
    );
    let mtp = &analysis.findings[0];
    assert_eq!(
        mtp.message,
        "`MTP` is not spelled out in this document, and the words before “(MTP)” are not its long form: it stands for “multi-token prediction”"
    );
    assert!(!mtp.fixes[0].preferred);
    assert_eq!(fixed(text, &analysis), text);
    assert_eq!(
        with_offered_fix(text, mtp),
        "LMDeploy now supports Speculative decoding (multi-token prediction, MTP) for DeepSeek-V3.\n\nMTP drafts two tokens.\n"
    );
    // Its only use, and in the plural: still inside the parenthesis, in the use's number.
    let text = "We serve open-weight chat assistants (LLMs) on one GPU.\n";
    let analysis = run(text);
    assert_eq!(
        with_offered_fix(text, &analysis.findings[0]),
        "We serve open-weight chat assistants (large language models, LLMs) on one GPU.\n"
    );
    // Words that spell it out, loosely or in the glossary's other spelling, define it: nothing to say.
    for defined in [
        "We add multi token prediction (MTP) heads. MTP drafts tokens.\n",
        "We train with Group Relative Policy Optimisation (GRPO). GRPO is cheap.\n",
    ] {
        assert!(run(defined).findings.is_empty(), "{defined}");
    }
    // An acronym that also names software may name it in the parenthesis: no wrong gloss, and no
    // long form written into it.
    let library =
        "We fine-tune it with the Hugging Face library (PEFT) today.\n\nPEFT saves memory.\n";
    let analysis = run(library);
    assert_eq!(
        analysis.findings[0].message,
        "`PEFT` is not spelled out in this document: write “Parameter-efficient fine-tuning (PEFT)” at its first use, unless it names Hugging Face's PEFT library there"
    );
    assert_eq!(fixed(library, &analysis), library);
    // Its long form written further back gets no acronym added: the message asks about the
    // first use, which may name the library.
    let filler = "The serving stack keeps prefill and decode apart on separate pools. ".repeat(8);
    let earlier = format!(
        "We tried parameter-efficient fine-tuning first.\n\n{filler}\n\nPEFT saves memory.\n"
    );
    let analysis = run(&earlier);
    assert!(
        analysis.findings[0]
            .message
            .ends_with("at its first use, unless it names Hugging Face's PEFT library there"),
        "{}",
        analysis.findings[0].message
    );
    assert_eq!(fixed(&earlier, &analysis), earlier);
    assert!(with_offered_fix(&earlier, &analysis.findings[0])
        .ends_with("\n\nParameter-efficient fine-tuning (PEFT) saves memory.\n"));
    let defined_below = "# Tools\n\nWe fine-tune it with the Hugging Face library (PEFT) today.\n\n## Methods\n\nParameter-Efficient Fine-Tuning (PEFT) saves memory.\n";
    assert_eq!(
        run(defined_below).findings[0].message,
        "`PEFT` is used before its definition on line 7"
    );
    // A parenthesis naming an example of a kind is no gloss: the plain message, and the next use
    // is spelled out.
    let example = "We compare several methods (DPO) here. DPO is simple.\n";
    let analysis = run(example);
    assert_eq!(
        analysis.findings[0].message,
        "`DPO` is not spelled out in this document: write “Direct Preference Optimization (DPO)” at its first use"
    );
    assert_eq!(
        fixed(example, &analysis),
        "We compare several methods (DPO) here. Direct Preference Optimization (DPO) is simple.\n"
    );
}

#[test]
fn an_item_lettered_by_hand_starts_a_sentence() {
    // "(D) **VLM training** …": the label the writer typed opens the item; the spell-out is its
    // first word and takes a capital, as it would without the label.
    let text = "(D) **VLM training** uses images.\n\nA vision-language model (VLM) reads both.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "(D) **Vision-language model (VLM) training** uses images.\n\nA VLM reads both.\n"
    );
    let text = "b) PPO is stable.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "b) Proximal Policy Optimization (PPO) is stable.\n"
    );
    // A label inside a sentence is not a start.
    let text = "Two kinds: (a) PPO and (b) DPO.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "Two kinds: (a) Proximal Policy Optimization (PPO) and (b) Direct Preference Optimization (DPO).\n"
    );
}

#[test]
fn an_acronym_used_as_a_verb_is_not_spelled_out_there() {
    // "We supervised fine-tuning (SFT) the base model" is no sentence: the fix goes to the next
    // use that reads as a noun.
    let text = "We SFT the base model on the answers. The SFT data is small.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:4 acronym-not-spelled-out SFT"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "We SFT the base model on the answers. The supervised fine-tuning (SFT) data is small.\n"
    );
}

#[test]
fn a_step_of_an_arrow_chain_is_not_spelled_out_there() {
    let text = "Query + Context → LLM → Answer + Citations\n\nRetrieval alone returns context, with no LLM generation.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:19 acronym-not-spelled-out LLM"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "Query + Context → LLM → Answer + Citations\n\nRetrieval alone returns context, with no large language model (LLM) generation.\n"
    );
}

#[test]
fn spelled_out_forms_read_as_prose() {
    // A capital at a sentence start, the article that fits, and no repeated word.
    let text = "PPO is stable. It is an RLHF method.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "Proximal Policy Optimization (PPO) is stable. It is a reinforcement learning from human feedback (RLHF) method.\n"
    );
    // The glossary's long form of KL stops before "divergence": the word stays after the acronym.
    let text = "The KL divergence keeps the policy close.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "The Kullback–Leibler (KL) divergence keeps the policy close.\n"
    );
    // A long form that ends in the word after the use takes that word in.
    let text = "The KL divergence keeps the policy close. A Kullback–Leibler divergence (KL) measures it.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "The Kullback–Leibler divergence (KL) keeps the policy close. A KL measures it.\n"
    );
    // "LLM models" says "model" twice: the word after the use is taken in, in its number.
    let text = "We quantized several LLM models and one LLM model more.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "We quantized several large language models (LLMs) and one LLM model more.\n"
    );
    let text = "Load the LLM model first.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "Load the large language model (LLM) first.\n"
    );
    // The long form's last words restated, the one before the last maybe as an adjective: taken in.
    let text = "We use MCTS tree search. The popular RoPE positional embeddings rotate queries.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "We use Monte Carlo tree search (MCTS). The popular Rotary Position Embeddings (RoPEs) rotate queries.\n"
    );
    // Words that begin a longer term are that term's: "learning rate" is not restated "learning".
    let text = "We tune the RL learning rate first. RL learning is slow.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "We tune the reinforcement learning (RL) learning rate first. RL learning is slow.\n"
    );
    // A longer word is not the same word: "LLM modelling" keeps it.
    let text = "Pick an LLM modelling tool.\n";
    let analysis = run(text);
    assert_eq!(
        fixed(text, &analysis),
        "Pick a large language model (LLM) modelling tool.\n"
    );
    // The message asks for the long form, not for the article the fix changes with it.
    assert_eq!(
        analysis.findings[0].message,
        "`LLM` is not spelled out in this document: write “large language model (LLM)” at its first use"
    );
    // "the largest LLMs" would say "large" twice: the long form follows the acronym, and the
    // writer's "largest" (or "larger", past a parenthesis) keeps its meaning.
    let text = "Even the largest LLMs fail here.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "Even the largest LLMs (large language models) fail here.\n"
    );
    let text = "We evaluate larger (70b+ parameter) LLMs and an LLM.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "We evaluate larger (70b+ parameter) LLMs (large language models) and an LLM.\n"
    );
    let text = "Use an enlarged LLM here.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "Use an enlarged large language model (LLM) here.\n"
    );
}

#[test]
fn unknown_tokens_need_evidence_to_be_called_acronyms() {
    // Names: hardware, products and one-off tokens are not reported.
    let text = "It runs on MI300 and macOS with AGPLv3 code, and on an NGC container.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // An all-capitals token the author uses twice in running text is.
    let text = "The ZQX cache is small. We flush the ZQX cache often.\n";
    assert_eq!(summary(text, &run(text)), ["1:5 undefined-acronym ZQX"]);
    // Its letters inside a longer word are no lower-case spelling of it ("cad" in "cascade")...
    let text = "A cascade of CAD systems. Early CAD systems were rules.\n";
    assert_eq!(summary(text, &run(text)), ["1:14 undefined-acronym CAD"]);
    // ... but a word or an identifier's part in lower case makes a name styled in capitals.
    for code in ["`cad`", "`cad_runner`", "`data/cad.json`"] {
        let text = format!("A cascade of CAD systems. Early CAD systems were rules, see {code}.\n");
        assert_eq!(summary(&text, &run(&text)), Vec::<String>::new(), "{code}");
    }
}

/// A token inside a quoted name is not a use ("the ``Curated Breast Imaging Subset of DDSM''
/// dataset", LaTeX's quotation marks as much as “…”), and one the writer glosses in parentheses after a
/// phrase is introduced even when its letters do not match the phrase ("``Wisconsin Breast Cancer
/// Wisconsin'' (WBCD)", "Spiking neural network (IZNN)"): neither is an undefined acronym.
#[test]
fn quoted_names_and_glossed_tokens_are_not_undefined_acronyms() {
    let latex =
        "With datasets like the ``Curated Breast Imaging Subset of DDSM'' \\citep{Lee2017}, \
                 the task is binary. On CBIS-DDSM, kernels reach 63\\%.\n\n\
                 It was tested on the ``Wisconsin Breast Cancer Wisconsin'' (WBCD) dataset. \
                 J48 reaches 94\\% on the WBCD dataset rather than on raw images like DDSM.\n";
    let analysis = analyze(latex, DocKind::Latex, &engine(), &Settings::default());
    assert_eq!(summary(latex, &analysis), Vec::<String>::new());
    let text = "If you use IZNN genomes (Izhikevich neurons), add a section.\n\n\
                - `config-spiking`: Spiking neural network (IZNN)\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // Without the gloss, the same uses are evidence of an acronym the reader is not told.
    let text = "If you use IZNN genomes, add a section.\n\nThe IZNN example spikes.\n";
    assert_eq!(summary(text, &run(text)), ["1:12 undefined-acronym IZNN"]);
}

/// A link to a script whose text defines a method first in a slash list of its variants defines it:
/// "[DPO (Direct Preference Optimization)/IPO/cDPO](…)" is not a cited title, and DPO needs no
/// spelling out later.
#[test]
fn a_definition_first_in_a_slash_list_inside_a_link_text_defines() {
    let text =
        "- Implementation of [DPO (Direct Preference Optimization)/IPO/cDPO](./train_dpo.sh) \
                and [Kahneman-Tversky Optimization (KTO)](./train_kto.sh).\n\
                - Packing of training samples for DPO and KTO.\n";
    let analysis = run(text);
    assert_eq!(
        analysis.definition_of("DPO").map(|d| d.long_form.as_str()),
        Some("Direct Preference Optimization")
    );
    // Its variants are uses the document never spells out; inside a link's text, no fix edits them.
    assert_eq!(
        summary(text, &analysis),
        [
            "1:59 acronym-not-spelled-out IPO",
            "1:63 acronym-not-spelled-out cDPO"
        ]
    );
    assert_eq!(fixed(text, &analysis), text);
}

#[test]
fn definitions_in_forms_real_documents_use() {
    let text = "We add Fully-Sharded Data Parallelism (Megatron-FSDP) to the trainer. FSDP shards weights.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    let text = "# DeLoRA: Decoupled Low-rank Adaptation\n\nDeLoRA trains fast.\n";
    let analysis = run(text);
    assert_eq!(analysis.definitions.len(), 1, "{:?}", analysis.definitions);
}

#[test]
fn the_audience_decides_which_acronyms_must_be_spelled_out() {
    use glossary_ls::glossary::Audience;
    let with = |audience: Audience, text: &str| {
        let settings = Settings {
            audience,
            ..Settings::default()
        };
        summary(
            text,
            &analyze(text, DocKind::Markdown, &engine(), &settings),
        )
    };
    // General computing acronyms and number formats: known to the default reader, the practitioner.
    let general = "Train on a GPU with FP16.\n";
    assert!(
        run(general).findings.is_empty(),
        "{:?}",
        summary(general, &run(general))
    );
    assert_eq!(
        with(Audience::Newcomer, general),
        [
            "1:12 acronym-not-spelled-out GPU",
            "1:21 acronym-not-spelled-out FP16"
        ]
    );
    // An ML acronym every practitioner knows: an expert is not told about it, a practitioner is.
    let field = "The LLM is trained with GRPO.\n";
    assert_eq!(
        with(Audience::Expert, field),
        ["1:25 acronym-not-spelled-out GRPO"]
    );
    assert_eq!(
        with(Audience::Practitioner, field),
        [
            "1:5 acronym-not-spelled-out LLM",
            "1:25 acronym-not-spelled-out GRPO"
        ]
    );
    // Not flagged is still known: the hover has the entry.
    let analysis = analyze(
        field,
        DocKind::Markdown,
        &engine(),
        &Settings {
            audience: Audience::Expert,
            ..Settings::default()
        },
    );
    let llm = analysis.acronym_at(5).expect("an acronym");
    assert!(llm.entry.is_some());
}

#[test]
fn an_acronym_with_two_meanings_gets_no_preferred_fix() {
    let text = "We enable per-op SAC to save memory.\n";
    let analysis = run(text);
    let finding = &analysis.findings[0];
    assert_eq!(
        finding.message,
        "`SAC` is not spelled out in this document; it may stand for “Soft Actor-Critic” or “selective activation checkpointing”: spell out the one you mean at its first use"
    );
    let titles: Vec<(&str, bool)> = finding
        .fixes
        .iter()
        .map(|f| (f.title.as_str(), f.preferred))
        .collect();
    assert_eq!(
        titles,
        [
            ("Spell out: Soft Actor-Critic (SAC)", false),
            ("Spell out: selective activation checkpointing (SAC)", false),
            ("Add `SAC` to the project's ignore list", false),
        ]
    );
    assert_eq!(fixed(text, &analysis), text);
}

#[test]
fn related_terms_in_the_document_tell_an_acronyms_meanings_apart() {
    // SAC beside activation checkpointing is selective activation checkpointing: one preferred fix.
    let text = "Activation checkpointing (AC) trades compute for memory.\n\nWe train with FSDP2 and per-op SAC.\n";
    let analysis = run(text);
    let sac = analysis
        .findings
        .iter()
        .find(|f| f.acronym == "SAC")
        .expect("a finding for SAC");
    assert_eq!(
        sac.message,
        "`SAC` is not spelled out in this document: write “selective activation checkpointing (SAC)” at its first use"
    );
    assert!(fixed(text, &analysis).contains("per-op selective activation checkpointing (SAC).\n"));

    // SSD beside Mamba and SSM is structured state space duality.
    let text =
        "Mamba is a selective SSM layer.\n\nThe inner SSD module is a few lines of PyTorch.\n";
    let analysis = run(text);
    let ssd = analysis
        .findings
        .iter()
        .find(|f| f.acronym == "SSD")
        .expect("a finding for SSD");
    assert_eq!(
        ssd.expansion.as_deref(),
        Some("structured state space duality")
    );
}

#[test]
fn a_name_among_an_acronyms_meanings_is_not_spelled_out_for_the_writer() {
    // H2O LLM Studio is H2O.ai's product: the KV-cache policy's long form would rename it.
    let text =
        "H2O LLM Studio fine-tunes models.\n\nExport a model from H2O LLM Studio to the Hub.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // Beside the KV cache it is the eviction policy, and it is spelled out.
    let text = "H2O keeps the heavy hitters in the KV cache, and H2O bounds its size.\n";
    let analysis = run(text);
    let h2o = analysis
        .findings
        .iter()
        .find(|f| f.acronym == "H2O")
        .expect("a finding for H2O");
    assert_eq!(
        h2o.message,
        "`H2O` is not spelled out in this document: write “Heavy-Hitter Oracle (H2O)” at its first use"
    );
}

#[test]
fn an_algorithm_is_not_told_it_is_a_metric() {
    // EM beside a likelihood may be expectation–maximization: no preferred fix writes "exact match".
    let text = "We fit the mixture with the EM algorithm.\n\nEach EM step raises the likelihood.\n";
    let analysis = run(text);
    let finding = &analysis.findings[0];
    assert_eq!(
        finding.message,
        "`EM` is not spelled out in this document; it may stand for “exact match” or “expectation–maximization”: spell out the one you mean at its first use"
    );
    assert!(finding.fixes.iter().all(|f| !f.preferred));
    assert_eq!(fixed(text, &analysis), text);
}

/// The one finding for `acronym` in `text`.
fn finding_for<'a>(analysis: &'a Analysis, acronym: &str) -> &'a glossary_ls::analysis::Finding {
    analysis
        .findings
        .iter()
        .find(|f| f.acronym == acronym)
        .unwrap_or_else(|| panic!("a finding for {acronym}"))
}

#[test]
fn a_diffusion_document_means_classifier_free_guidance_a_decoding_one_a_grammar() {
    // Beside a diffusion sampler, CFG is the guidance scale, not a grammar.
    let text = "Denoising Diffusion Implicit Models (DDIM) sample in 50 steps.\n\nA CFG scale of 7.5 gives sharp images.\n";
    let analysis = run(text);
    assert_eq!(
        finding_for(&analysis, "CFG").message,
        "`CFG` is not spelled out in this document: write “classifier-free guidance (CFG)” at its first use"
    );
    assert_eq!(
        fixed(text, &analysis),
        "Denoising Diffusion Implicit Models (DDIM) sample in 50 steps.\n\nA classifier-free guidance (CFG) scale of 7.5 gives sharp images.\n"
    );
    // Beside a finite-state machine it is still the grammar that constrains the output.
    let text = "The decoder compiles a CFG into a finite-state machine (FSM).\n";
    let analysis = run(text);
    assert_eq!(
        finding_for(&analysis, "CFG").message,
        "`CFG` is not spelled out in this document: write “context-free grammar (CFG)” at its first use"
    );
    assert_eq!(
        fixed(text, &analysis),
        "The decoder compiles a context-free grammar (CFG) into a finite-state machine (FSM).\n"
    );
}

#[test]
fn a_jailbreak_evaluation_means_attack_success_rate_a_speech_one_recognition() {
    let text = "On HarmBench, the attack reaches an ASR of 80 %.\n";
    let analysis = run(text);
    assert_eq!(
        finding_for(&analysis, "ASR").message,
        "`ASR` is not spelled out in this document: write “attack success rate (ASR)” at its first use"
    );
    assert_eq!(
        fixed(text, &analysis),
        "On HarmBench, the attack reaches an attack success rate (ASR) of 80 %.\n"
    );
    let text = "A low word error rate (WER) makes a good ASR system.\n";
    let analysis = run(text);
    assert_eq!(
        fixed(text, &analysis),
        "A low word error rate (WER) makes a good automatic speech recognition (ASR) system.\n"
    );
}

#[test]
fn dp_is_data_parallelism_beside_other_parallelisms_and_privacy_beside_personal_data() {
    let text =
        "We train with DP at ε = 8 and remove personally identifiable information (PII) first.\n";
    let analysis = run(text);
    assert_eq!(
        finding_for(&analysis, "DP").message,
        "`DP` is not spelled out in this document: write “differential privacy (DP)” at its first use"
    );
    assert_eq!(
        fixed(text, &analysis),
        "We train with differential privacy (DP) at ε = 8 and remove personally identifiable information (PII) first.\n"
    );
    let text = "Shard each layer with tensor parallelism (TP) and scale DP to 64 ranks.\n";
    let analysis = run(text);
    assert_eq!(
        fixed(text, &analysis),
        "Shard each layer with tensor parallelism (TP) and scale data parallelism (DP) to 64 ranks.\n"
    );
    // With nothing to tell them apart, the writer chooses: no preferred fix, --fix leaves it.
    let text = "Scale DP to 64 ranks.\n";
    let analysis = run(text);
    assert_eq!(
        finding_for(&analysis, "DP").message,
        "`DP` is not spelled out in this document; it may stand for “data parallelism” or “differential privacy”: spell out the one you mean at its first use"
    );
    assert_eq!(fixed(text, &analysis), text);
}

#[test]
fn a_business_roi_is_not_told_it_is_a_region_of_an_image() {
    // Return on investment needs no spelling out; with nothing pointing at an image, ROI is left alone.
    let text = "The ROI of fine-tuning a small model is high.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

#[test]
fn an_open_meaning_that_the_reader_knows_is_not_flagged() {
    // In a storage guide SSD is a solid-state drive, which a practitioner knows; a newcomer is told,
    // with both meanings offered.
    let text = "Write the checkpoints to a local SSD, then copy them.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    let newcomer = Settings {
        audience: glossary_ls::glossary::Audience::Newcomer,
        ..Settings::default()
    };
    let analysis = analyze(text, DocKind::Markdown, &engine(), &newcomer);
    assert_eq!(
        analysis.findings[0].message,
        "`SSD` is not spelled out in this document; it may stand for “solid-state drive” or “structured state space duality”: spell out the one you mean at its first use"
    );
}

#[test]
fn a_long_form_earlier_in_the_paragraph_explains_the_acronym() {
    let filler = "The answers were checked by hand, one by one, against the source pages, and the questions were rewritten where they were ambiguous or depended on the date. ".repeat(3);
    let text = format!(
        "We use human-annotated question and answer pairs. {filler}We also add some QA pairs from our FAQ page.\n\nThen we train.\n"
    );
    assert!(text.find("QA").unwrap() - text.find("question and answer").unwrap() > 400);
    assert_eq!(summary(&text, &run(&text)), Vec::<String>::new());
    // A paragraph break ends what the reader holds in mind.
    let text = format!(
        "We use human-annotated question and answer pairs.\n\n{filler}We also add some QA pairs from our FAQ page.\n"
    );
    assert_eq!(
        summary(&text, &run(&text)),
        ["3:486 acronym-not-spelled-out QA"]
    );
}

#[test]
fn a_writer_turns_checking_off_for_acronyms_mentioned_rather_than_used() {
    let text = "The tool knows the usual acronyms:

<!-- glossary-ls-disable -->
| written | read as |
|---|---|
| Group Relative Policy Optimization (GRPO) | a definition |
| GRPO, PPO and DPO | uses |
<!-- glossary-ls-enable -->

We train with GRPO, which <!-- glossary-ls-disable -->PPO<!-- glossary-ls-enable --> inspired.

```markdown
<!-- glossary-ls-disable -->
```

Then DPO.
";
    let analysis = run(text);
    // The definition in the table does not count: GRPO's first use is in the paragraph after it. The
    // inline comments hide PPO; a comment in a code block switches nothing, so DPO is still checked.
    assert_eq!(
        summary(text, &analysis),
        [
            "10:15 acronym-not-spelled-out GRPO",
            "16:6 acronym-not-spelled-out DPO",
        ]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace(
            "with GRPO,",
            "with Group Relative Policy Optimization (GRPO),"
        )
        .replace("Then DPO.", "Then Direct Preference Optimization (DPO).")
    );
    // Left open, it runs to the end of the document.
    let text = "We use GRPO.\n\n<!-- glossary-ls-disable -->\n\nLater, PPO and DPO.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["1:8 acronym-not-spelled-out GRPO"]
    );
}

#[test]
fn a_title_case_heading_definition_is_pasted_in_prose_casing() {
    let text = "Recipes for SFT and more.\n\n## Supervised Finetuning (SFT)\n\nText.\n";
    let analysis = run(text);
    assert_eq!(
        fixed(text, &analysis),
        "Recipes for supervised fine-tuning (SFT) and more.\n\n## Supervised Finetuning (SFT)\n\nText.\n"
    );
}

#[test]
fn a_table_caption_is_a_title() {
    let text = "**Results** (W4A16, WikiText-2 PPL):\n\n| method | score |\n|---|---|\n| RTN | 6.9 |\n\nLower PPL is better.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["7:7 acronym-not-spelled-out PPL"]
    );
    let text = "Main PPL results:\n\n| method | score |\n|---|---|\n| RTN | 6.9 |\n\nLower PPL is better.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["7:7 acronym-not-spelled-out PPL"],
        "a few words in plain text are a caption too"
    );
}

#[test]
fn a_sentence_that_introduces_a_table_is_prose() {
    // A full sentence ending in a colon is the writer's, not a title: its LLMs are the first use,
    // and the spell-out goes there, not to a quiz question far below.
    let text = "Modern LLMs train on unprecedented scales:\n\n| model | tokens |\n|---|---|\n| A | 2T |\n\nWhy do LLMs need so much data?\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:8 acronym-not-spelled-out LLMs"]
    );
    assert!(fixed(text, &analysis)
        .starts_with("Modern large language models (LLMs) train on unprecedented scales:\n"));
}

#[test]
fn a_long_form_with_the_acronym_in_square_brackets_defines_it() {
    let text =
        "Early systems used models such as Support Vector Machines [SVM] and Decision Trees \
                [DT] to classify the images.\n";
    let analysis = run(text);
    let defined: Vec<(&str, &str)> = analysis
        .definitions
        .iter()
        .map(|d| (d.acronym.as_str(), d.long_form.as_str()))
        .collect();
    assert_eq!(
        defined,
        [("SVM", "Support Vector Machines"), ("DT", "Decision Trees")]
    );
    // A use before it is reported against it; the bracketed definition is not moved.
    let text = format!(
        "Our SVM baseline is strong.\n\n{}\n\nWe compare Support Vector Machines [SVM] with trees.\n",
        "Images are cropped, resized and normalised before training. ".repeat(8)
    );
    let analysis = run(&text);
    assert_eq!(
        summary(&text, &analysis),
        ["1:5 acronym-used-before-definition SVM"]
    );
    assert!(fixed(&text, &analysis)
        .starts_with("Our Support Vector Machines (SVM) baseline is strong."));
    assert!(fixed(&text, &analysis).ends_with("Support Vector Machines [SVM] with trees.\n"));
    // A link whose text is the acronym, a citation key and a link reference define nothing.
    for text in [
        "We used Support Vector Machines [SVM](https://example.com/svm) and more.\n",
        "We used Support Vector Machines [SVM][svm] and more.\n\n[svm]: https://example.com\n",
        "As in Support Vector Machines [CORTES] and more.\n",
    ] {
        assert!(run(text).definitions.is_empty(), "{text}");
    }
}

#[test]
fn changelog_items_labelled_with_a_version_are_not_first_uses() {
    let text = "- **v2.0**: checkpoints hold per-node time constants.\n\
                - **v1.0**: innovation numbers follow the GRPO paper.\n\n\
                Group Relative Policy Optimization (GRPO) drops the critic.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), Vec::<String>::new());
    // A number that is not a version makes no changelog item.
    let text = "- 3.14 GB: enough memory for GRPO.\n\n\
                Group Relative Policy Optimization (GRPO) drops the critic.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:30 acronym-used-before-definition GRPO"]
    );
}

#[test]
fn an_acronym_beside_an_unknown_word_in_capitals_is_part_of_a_name() {
    let text =
        "MLC LLM is a machine learning compiler. Install `mlc-llm` and deploy with MLC LLM.\n\n\
                It runs LLMs on phones.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:9 acronym-not-spelled-out LLMs"]
    );
    // An acronym the glossary or the document defines before it is a use of its own, and so is the
    // token after it.
    let text =
        "Retrieval Augmented Fine Tuning (RAFT) adapts a model. The RAFT LLM answers well.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:65 acronym-not-spelled-out LLM"]
    );
    // A word in capitals for emphasis is English, not a name.
    let text = "We only ship one model: the ONLY LLM we trust.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:34 acronym-not-spelled-out LLM"]
    );
    let text = "Our SFT LLM answers well.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:5 acronym-not-spelled-out SFT",
            "1:9 acronym-not-spelled-out LLM"
        ]
    );
}

#[test]
fn a_qualifier_after_a_list_items_long_form_is_not_part_of_it() {
    let text = "# Network types\n\n\
                - **CTRNN** - Continuous-Time Recurrent Neural Networks with time constants\n\n\
                # The CTRNN model\n\n\
                The continuous-time recurrent neural network (CTRNN) integrates its inputs.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), Vec::<String>::new());
    assert_eq!(
        analysis.definitions[0].long_form,
        "Continuous-Time Recurrent Neural Networks"
    );
}

#[test]
fn an_unknown_token_always_in_one_compound_is_a_name() {
    let text = "Images come from the mini-MIAS dataset. We crop mini-MIAS scans to 224 pixels.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // An English prefix makes an ordinary compound: the acronym is used, and unknown.
    let text = "Clients hold non-IID data. Training on non-IID shards is slow.\n";
    assert_eq!(summary(text, &run(text)), ["1:18 undefined-acronym IID"]);
}

#[test]
fn an_inconsistent_abbr_element_is_reported_at_its_text() {
    let text = "# Routing\n\nA Mixture of Experts (MoE) routes tokens.\n\n# Layers\n\n\
                Each <abbr title=\"Mixture of Encoders\">MoE</abbr> layer has eight.\n";
    let analysis = run(text);
    // The title attribute is not text the reader sees; the element's text is.
    assert_eq!(
        summary(text, &analysis),
        ["7:40 inconsistent-expansion MoE"]
    );
}

#[test]
fn a_definition_of_another_term_is_inconsistent_not_redundant() {
    let text =
        "Reinforcement learning (RL) trains agents. Representation learning (RL) is another \
                field.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), ["1:44 inconsistent-expansion RL"]);
}

/// An all-capitals framework name the glossary knows as a name makes the acronym after it part of a
/// product's name, as a CamelCase name does ("NeMo RL"): "MLX LM" is a package, and spelling out its
/// LM would rename it. An acronym known as one of its own before it ("CPU DRAM") still leaves a use.
#[test]
fn an_acronym_after_a_known_all_capitals_name_is_part_of_that_name() {
    let text = "Map the dataset keys to the features MLX LM expects before training.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), Vec::<String>::new());
    assert_eq!(fixed(text, &analysis), text);
    let text = "Map the dataset keys to the features the LM expects before training.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:42 acronym-not-spelled-out LM"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "Map the dataset keys to the features the language model (LM) expects before training.\n"
    );
}

/// A stray backtick turns a line's code spans inside out ("`fp8_format``: … one of `HYBRID` or
/// `E4M3`"): the parser reads the values as text, but the writer marked them as code, so they are not
/// unknown acronyms. The same value written as a word of the text twice still is one.
#[test]
fn a_value_between_stray_backticks_is_code_not_an_unknown_acronym() {
    let text = "* `recipe_format``: the FP8 format. Must be one of `HYBRID` or `E4M3`. \
                (Usually `HYBRID` for training.)\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), Vec::<String>::new());
    let text = "Pick the HYBRID format for training. The HYBRID format mixes two encodings.\n";
    assert_eq!(summary(text, &run(text)), ["1:10 undefined-acronym HYBRID"]);
}

/// A method set in capitals as an option value ("NGRAM") that the document also writes as a
/// capitalised word ("Ngram cache") is a word, not initials: no unknown acronym. A token never
/// written that way still needs only the usual evidence, and a capitalised word that merely starts
/// with its letters ("Zqxample") is no such spelling.
#[test]
fn a_token_the_document_also_writes_as_a_capitalised_word_is_not_an_unknown_acronym() {
    let text = "Besides draft models, we offer an NGRAM-based variant for code.\n\n\
                Use **NGRAM** when no extra model is available: its Ngram cache holds earlier tokens.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    let text = "The ZQX cache is small. Zqxample files flush the ZQX cache often.\n";
    assert_eq!(summary(text, &run(text)), ["1:5 undefined-acronym ZQX"]);
}

/// Glossary data from unseen documents: EETQ is a quantization library's name, like GPTQ, and is
/// never flagged; STT is an acronym a reader may not know and is spelled out like TTS.
#[test]
fn eetq_is_a_name_and_stt_is_spelled_out() {
    let text = "The server quantizes with EETQ on load. The EETQ kernels are fast.\n\n\
                We now support STT models such as Whisper.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:16 acronym-not-spelled-out STT"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "The server quantizes with EETQ on load. The EETQ kernels are fast.\n\n\
         We now support speech-to-text (STT) models such as Whisper.\n"
    );
}

/// "Long Form (ACR in short)" defines the acronym, as vLLM's prefix-caching guide writes it: no
/// unknown acronym, and later uses need nothing.
#[test]
fn a_short_form_named_in_short_is_a_definition() {
    let text = "Automatic Prefix Caching (APC in short) reuses earlier work.\n\n\
                Turn APC on for long shared prompts; APC costs little.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

/// Patterns read on a second set of unseen documents (DeepSpeed, SGLang, NeMo, OpenCompass,
/// Transformers pages). "ZeRO++" names a new system, as "C++" names a language: the first use of
/// ZeRO is the link after it, where the fix spells it out, not inside the name.
#[test]
fn a_plus_glued_to_an_acronym_names_a_variant() {
    let text = "ZeRO++ is a system of communication optimizations built on top of \
                [ZeRO](https://example.com/zero) for training.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:68 acronym-not-spelled-out ZeRO"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "ZeRO++ is a system of communication optimizations built on top of \
         [Zero Redundancy Optimizer (ZeRO)](https://example.com/zero) for training.\n"
    );
    // A plus that joins two methods lists them: both are used.
    let text = "We ran an SFT+DPO pipeline.\n";
    assert_eq!(
        summary(text, &run(text)),
        [
            "1:11 acronym-not-spelled-out SFT",
            "1:15 acronym-not-spelled-out DPO"
        ]
    );
}

/// "low rank matrices (LoRA)" names the method whose matrices are meant; it does not spell LoRA
/// out, although the letters L, o, R, A appear in it in order: the capitals of a mixed-case acronym
/// are the initials of its words. So the first use is not "used before its definition" (whose fix
/// rewrote the sentence into "Low rank matrices (LoRA) makes…").
#[test]
fn a_phrase_that_merely_holds_the_letters_does_not_define_a_mixed_case_acronym() {
    let text = "LoRA makes fine-tuning efficient.\n\n\
                Its vectors are much smaller than low rank matrices (LoRA) and adapters.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:1 acronym-not-spelled-out LoRA"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "Low-Rank Adaptation (LoRA) makes fine-tuning efficient.\n\n\
         Its vectors are much smaller than low rank matrices (LoRA) and adapters.\n"
    );
}

/// "Key-Value cache (KV Cache)" spells out KV as the writer's compound term, whatever the case of
/// the word they share; later uses of KV are not "not spelled out".
#[test]
fn a_compound_term_spelled_out_defines_its_acronym() {
    let text = "Input sequences are converted into Key-Value cache (KV Cache) for decoding.\n\n\
                Local matching locates cached KV data in host memory.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

/// The alphabet's first letters are answer options or placeholders ("ABCD is expanded to ABCD,
/// BCDA, CDAB, DABC"), never an acronym to spell out.
#[test]
fn answer_option_letters_are_not_an_unknown_acronym() {
    let text = "The default: ABCD is expanded to ABCD, BCDA, CDAB, DABC, four variations.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

/// A link's text that names a paper by its full title may repeat a definition: after `--fix` spells
/// AWQ out at its first use, the link to the paper is no redundant definition.
#[test]
fn a_definition_in_a_link_text_is_not_redundant() {
    let text = "Try AWQ with this notebook.\n\n\
                [Activation-aware Weight Quantization (AWQ)](https://hf.co/papers/2306.00978) \
                keeps the important weights.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:5 acronym-used-before-definition AWQ"]
    );
    let after = fixed(text, &analysis);
    assert_eq!(
        after,
        "Try Activation-aware Weight Quantization (AWQ) with this notebook.\n\n\
         [Activation-aware Weight Quantization (AWQ)](https://hf.co/papers/2306.00978) \
         keeps the important weights.\n"
    );
    assert_eq!(summary(&after, &run(&after)), Vec::<String>::new());
}

/// "a Language Model (LLM)": the writer began the long form too late. The fix completes it where it
/// stands instead of spelling out the next use, which left the reader "a Language Model (LLM) … reduce
/// large language model (LLM) bias". Not after another word ("a small language model (LLM)" is about
/// something else), and not for a single word ("the model (LLM)").
#[test]
fn a_long_form_begun_too_late_is_completed_where_it_stands() {
    let text = "When a Language Model (LLM) picks the right option, it may guess. \
                Shuffling reduces LLM bias.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:24 acronym-not-spelled-out LLM"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "When a large language model (LLM) picks the right option, it may guess. \
         Shuffling reduces LLM bias.\n"
    );
    // A single noun is no long form: the next use is spelled out.
    let text = "We tune the model (LLM) first. Then LLM outputs are ranked.\n";
    assert!(fixed(text, &run(text)).contains("Then large language model (LLM) outputs"));
    // Other words of the same kind: the acronym may be the slip ("SLM"), and "a small language
    // model (large language model, LLM)" would contradict the writer. The finding says what LLM
    // stands for and leaves the edit to them (see
    // an_acronym_after_words_that_are_not_its_long_form_is_told_apart).
    let text = "We tune a small language model (LLM) first. Then LLM outputs are ranked.\n";
    let analysis = run(text);
    assert_eq!(fixed(text, &analysis), text);
    assert_eq!(
        analysis.findings[0].message,
        "`LLM` is not spelled out in this document, and the words before “(LLM)” are not its long form: it stands for “large language model”"
    );
    assert!(analysis.findings[0]
        .fixes
        .iter()
        .all(|fix| matches!(fix.action, FixAction::IgnoreToken { .. })));
}

#[test]
fn methods_whose_letters_their_names_lack_are_spelled_out_by_their_names() {
    // DoRA's D and XPO's X do not start a word of "Weight-Decomposed Low-Rank Adaptation" and
    // "Exploratory Preference Optimization"; the glossary's long form still defines them.
    for text in [
        "Weight-Decomposed Low-Rank Adaptation (DoRA) splits each weight into a magnitude and a direction. DoRA trains both.\n",
        "Exploratory Preference Optimization (XPO) adds an exploration bonus. XPO samples widely.\n",
    ] {
        let analysis = run(text);
        assert!(analysis.findings.is_empty(), "{text:?}: {:#?}", analysis.findings);
    }
    let text = "Online methods such as XPO add an exploration bonus.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:24 acronym-not-spelled-out XPO"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "Online methods such as Exploratory Preference Optimization (XPO) add an exploration bonus.\n"
    );
}

#[test]
fn an_abbreviation_after_a_product_name_is_a_use_and_a_product_named_with_one_is_not() {
    // As TRL's DPO trainer page writes it: PyTorch's FSDP, a use of FSDP.
    let text = "It works seamlessly with tools like FlashAttention, PyTorch FSDP, and DeepSpeed.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:61 acronym-not-spelled-out FSDP"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "It works seamlessly with tools like FlashAttention, PyTorch Fully Sharded Data Parallel (FSDP), and DeepSpeed.\n"
    );
    // After an acronym written CamelCase-like, too: the LoRA of the vision tower.
    let text = "If ViT LoRA is enabled during training, the adapters are synced.\n";
    assert_eq!(
        summary(text, &run(text)),
        [
            "1:4 acronym-not-spelled-out ViT",
            "1:8 acronym-not-spelled-out LoRA"
        ]
    );
    // NeMo RL is a library the glossary knows by its two words; RL in it is no use. A token no
    // glossary knows after a CamelCase name is the name's own ("EuroHPC JU"), not an unknown acronym.
    let text =
        "NeMo RL allows users to configure DPO experiments. The EuroHPC JU funds the cluster.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["1:35 acronym-not-spelled-out DPO"]
    );
}

/// Two acronyms writers spell out, joined by a hyphen ("DSA-CP"), are uses of both, as "SFT+DPO"
/// is: the first use is there, and a fix that spells it out further on says it is not the first.
#[test]
fn a_hyphenated_pair_of_acronyms_is_a_use_of_each() {
    let text =
        "DSA-CP is a separate optimization.\n\nIt cannot be combined with the DSA backend.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:1 acronym-not-spelled-out DSA",
            "1:5 acronym-not-spelled-out CP"
        ]
    );
    let dsa = &analysis.findings[0];
    assert_eq!(
        dsa.related[0].message,
        "the fix spells it out here, the first use it can safely edit"
    );
    assert_eq!(
        fixed(text, &analysis),
        "DSA-CP is a separate optimization.\n\nIt cannot be combined with the DeepSeek Sparse Attention (DSA) backend.\n"
    );
    // A longer compound is a name, and so is one with a part that no glossary spells out.
    let text = "The DSA-CP-V2 kernel and the DSA-XYZ kernel are fast.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

/// A misspelled acronym at its first use gets one finding, not a spelling finding on top of the
/// first-use one at the same token (the property test found "RDPO stands for …" reported twice).
#[test]
fn a_misspelled_first_use_is_one_finding() {
    let text = "We fine-tune with [LORA](https://arxiv.org/abs/2106.09685) adapters.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:20 acronym-not-spelled-out LORA"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "We fine-tune with [Low-Rank Adaptation (LoRA)](https://arxiv.org/abs/2106.09685) adapters.\n"
    );
    // The one finding says both: the writer learns the spelling even where the spell-out would land
    // at another use.
    assert_eq!(
        analysis.findings[0].message,
        "`LORA` is spelled “LoRA”, and `LoRA` is not spelled out in this document: write “Low-Rank Adaptation (LoRA)” at its first use"
    );
    // Elsewhere the misspelling is still reported.
    let text = "Low-Rank Adaptation (LoRA) is cheap. We train LORA adapters.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["1:47 non-canonical-spelling LORA"]
    );
}

/// A name written with capitals inside that none of its spellings has ("LLaMa") is wrong, even where
/// a spelling in the same letters accepts any case ("Llama"); when the glossary writes the name two
/// ways in those letters, both are offered and neither is applied: which one is the writer's call.
#[test]
fn a_long_form_in_the_wrong_capitals_is_corrected_not_replaced_by_its_acronym() {
    // "Big-Bench Hard" is BBH's long form, "BIG-Bench Hard", in other capitals: the fix writes the
    // long form as the benchmark does, never the acronym in its place.
    let text = "We report results on Big-Bench Hard and on MATH.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:22 non-canonical-spelling Big-Bench Hard"]
    );
    assert_eq!(
        analysis.findings[0].message,
        "`Big-Bench Hard` is spelled “BIG-Bench Hard”"
    );
    assert_eq!(
        fixed(text, &analysis),
        "We report results on BIG-Bench Hard and on MATH.\n"
    );
}

#[test]
fn a_name_with_the_wrong_capitals_inside_is_misspelled() {
    let text = "We fine-tuned LLaMa 7B with Pytorch on one node.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:15 non-canonical-spelling LLaMa",
            "1:29 non-canonical-spelling Pytorch"
        ]
    );
    let llama = &analysis.findings[0];
    assert_eq!(llama.message, "`LLaMa` is spelled “LLaMA” or “Llama”");
    let offered: Vec<_> = llama
        .fixes
        .iter()
        .map(|f| (f.title.as_str(), f.preferred))
        .collect();
    assert_eq!(
        offered,
        [("Write `LLaMA`", false), ("Write `Llama`", false)]
    );
    assert_eq!(
        fixed(text, &analysis),
        "We fine-tuned LLaMa 7B with PyTorch on one node.\n"
    );
    // The spellings the glossary has are right, in any case where the spelling allows it.
    let text = "LLaMA 7B, Llama 3 and llama.cpp run here.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // Any name in other capitals inside a word is the name misspelled; in capitals only, or with
    // only its first letter capitalised, it may be something else's (a word, an acronym).
    let text = "Backends include Redis and NiXL; MI300x nodes run TensorRT-llm.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:28 non-canonical-spelling NiXL",
            "1:34 non-canonical-spelling MI300x",
            "1:51 non-canonical-spelling TensorRT-llm"
        ]
    );
    assert_eq!(
        fixed(text, &analysis),
        "Backends include Redis and NIXL; MI300X nodes run TensorRT-LLM.\n"
    );
    // So is an acronym the glossary writes in mixed case, in other capitals inside but with its first
    // letter ("QloRA", "AliBi"). An acronym the glossary writes in capitals is not: "mAP" is not MAP
    // misspelled (writers use both), and "GeLU" is GELU's alias.
    let text = "Quantized Low-Rank Adaptation (QLoRA) differs. We tried QloRA, scored by mAP.\n\nGeLU is smooth. MAP estimates differ.\n";
    let analysis = run(text);
    let spelling: Vec<String> = summary(text, &analysis)
        .into_iter()
        .filter(|f| f.contains("non-canonical-spelling"))
        .collect();
    assert_eq!(spelling, ["1:57 non-canonical-spelling QloRA"]);
    assert!(fixed(text, &analysis).contains("We tried QLoRA, scored by"));
    // Such a misspelling at the first use is a use, as "LORA" is: one finding says both, and its
    // spell-out writes the acronym right.
    let text = "Models use AliBi positional embeddings.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:12 acronym-not-spelled-out AliBi"]
    );
    assert_eq!(
        analysis.findings[0].message,
        "`AliBi` is spelled “ALiBi”, and `ALiBi` is not spelled out in this document: write “Attention with Linear Biases (ALiBi)” at its first use"
    );
    assert_eq!(
        fixed(text, &analysis),
        "Models use Attention with Linear Biases (ALiBi) positional embeddings.\n"
    );
}

/// Moving a definition to an earlier use takes only its long form: what else the parenthesis says
/// (an explanation, a citation, a cross-reference, an example) stays where the writer put it. When
/// something else stands beside the long form, the earlier use is spelled out and the definition
/// is left alone.
#[test]
fn moving_a_definition_keeps_the_rest_of_its_parenthesis() {
    let first = "Each GPU talks to its peers in other TP groups.\n\n";
    for (definition, after_move) in [
        (
            "Enlarging TP (tensor parallelism, which splits every weight matrix) helps.\n",
            "Enlarging TP (which splits every weight matrix) helps.\n",
        ),
        (
            "Enlarging tensor parallelism (TP; Shoeybi et al., 2019) helps.\n",
            "Enlarging TP (Shoeybi et al., 2019) helps.\n",
        ),
        (
            "Enlarging TP (tensor parallelism; see Figure 2) helps.\n",
            "Enlarging TP (see Figure 2) helps.\n",
        ),
        (
            "Enlarging TP (i.e. tensor parallelism) helps.\n",
            "Enlarging TP helps.\n",
        ),
        (
            "Enlarging tensor parallelism (TP) helps.\n",
            "Enlarging TP helps.\n",
        ),
    ] {
        let text = format!("{first}{definition}");
        let analysis = run(&text);
        assert_eq!(
            summary(&text, &analysis),
            ["1:38 acronym-used-before-definition TP"]
        );
        assert_eq!(
            analysis.findings[0].fixes[0].title,
            "Move the definition here: tensor parallel (TP)"
        );
        assert_eq!(
            fixed(&text, &analysis),
            format!(
                "Each GPU talks to its peers in other tensor parallel (TP) groups.\n\n{after_move}"
            )
        );
    }
    // Other words beside the long form: spelled out at the first use, the parenthesis kept.
    let text = format!("{first}Enlarging TP (tensor parallelism by rows) helps.\n");
    let analysis = run(&text);
    assert_eq!(
        analysis.findings[0].fixes[0].title,
        "Spell out here: tensor parallel (TP)"
    );
    assert_eq!(
        fixed(&text, &analysis),
        text.replace("other TP", "other tensor parallel (TP)")
    );
}

/// A definition the writer emphasised marks where they introduce the term: moved to an earlier use,
/// it leaves the long form, still emphasised, and not the bare acronym ("we use **RL** to"), which
/// would put the emphasis on an abbreviation (set 17: "**reinforcement learning (RL)**" became
/// "**RL**"). After the fix nothing is left to report.
#[test]
fn moving_an_emphasised_definition_leaves_its_long_form_emphasised() {
    let first = "The reward is crucial for existing RL algorithms.\n\n";
    for (definition, after_move) in [
        (
            "We use **reinforcement learning (RL)** to optimize it.\n",
            "We use **reinforcement learning** to optimize it.\n",
        ),
        (
            "We use *reinforcement learning (RL)* to optimize it.\n",
            "We use *reinforcement learning* to optimize it.\n",
        ),
        (
            "We use **reinforcement learning** (RL) to optimize it.\n",
            "We use **reinforcement learning** to optimize it.\n",
        ),
        (
            "We use __reinforcement learning__ (RL) to optimize it.\n",
            "We use __reinforcement learning__ to optimize it.\n",
        ),
        (
            "We use **RL** (reinforcement learning) to optimize it.\n",
            "We use **reinforcement learning** to optimize it.\n",
        ),
        (
            "We use **RL (reinforcement learning)** to optimize it.\n",
            "We use **reinforcement learning** to optimize it.\n",
        ),
    ] {
        let text = format!("{first}{definition}");
        let analysis = run(&text);
        assert_eq!(
            summary(&text, &analysis),
            ["1:36 acronym-used-before-definition RL"],
            "{definition}"
        );
        assert_eq!(
            analysis.findings[0].fixes[0].title,
            "Move the definition here: reinforcement learning (RL)",
            "{definition}"
        );
        let after = fixed(&text, &analysis);
        assert_eq!(
            after,
            format!(
                "The reward is crucial for existing reinforcement learning (RL) algorithms.\n\n{after_move}"
            )
        );
        assert_eq!(
            summary(&after, &run(&after)),
            Vec::<String>::new(),
            "{after}"
        );
    }
    // Emphasis around a longer phrase: the definition moves as in plain text, the phrase keeps it.
    let text = format!("{first}We use **reinforcement learning (RL) at scale** to optimize it.\n");
    let analysis = run(&text);
    assert_eq!(
        fixed(&text, &analysis),
        "The reward is crucial for existing reinforcement learning (RL) algorithms.\n\n\
         We use **RL at scale** to optimize it.\n"
    );
}

/// `Long Form ("ACR")`, as reports and contracts name a defined term, defines the acronym in the
/// writer's own long form, as `Long Form (ACR)` does. A use above it is spelled out in that long
/// form; the quoted definition is not moved (its quotation marks would be left behind).
#[test]
fn a_long_form_with_its_acronym_in_quotation_marks_defines_it() {
    for text in [
        "Multi-Latent Attention (\"MLA\") shrinks the cache. Later, MLA beats standard attention.\n",
        "Multi-Latent Attention (“MLA”) shrinks the cache. Later, MLA beats standard attention.\n",
    ] {
        let analysis = run(text);
        assert_eq!(summary(text, &analysis), Vec::<String>::new(), "{text}");
        assert_eq!(analysis.definitions[0].long_form, "Multi-Latent Attention");
    }
    let text = "The MLA layer is small.\n\nMulti-Latent Attention (“MLA”) saves memory.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:5 acronym-used-before-definition MLA"]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace("The MLA layer", "The Multi-Latent Attention (MLA) layer")
    );
}

/// An acronym that also names a library (PEFT, Hugging Face's) is reported, but its long form could
/// turn the library into the method: the fix is offered, not applied, and the message says why.
#[test]
fn an_acronym_that_also_names_a_library_is_not_spelled_out_by_fix() {
    let text = "As with other methods supported by PEFT, wrap the base model first.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:36 acronym-not-spelled-out PEFT"]
    );
    let finding = &analysis.findings[0];
    assert_eq!(
        finding.message,
        "`PEFT` is not spelled out in this document: write “parameter-efficient fine-tuning (PEFT)” at its first use, unless it names Hugging Face's PEFT library there"
    );
    assert_eq!(
        finding.fixes[0].title,
        "Spell out: parameter-efficient fine-tuning (PEFT)"
    );
    assert!(!finding.fixes[0].preferred);
    assert_eq!(fixed(text, &analysis), text);
}

/// A paragraph's first acronym reads the same whatever ended the block before it: a list of names
/// ("PE, ELF, or Mach-O") and a run of words in capitals are read within one block, so a comma or a
/// heading in capitals just before the paragraph changes nothing.
#[test]
fn a_paragraph_opens_the_same_whatever_ended_the_block_before() {
    let paragraph = "PE files load faster than XCOFF, COFF, and ELF files.\n";
    let mut seen = Vec::new();
    for before in ["We compare the formats,\n\n", "We compare the formats.\n\n"] {
        let text = format!("{before}{paragraph}");
        seen.push(summary(&text, &run(&text)));
    }
    assert_eq!(seen, [["3:1 acronym-not-spelled-out PE"]; 2]);
    let paragraph = "LORA adapters are small.\n";
    let mut seen = Vec::new();
    for before in ["# FINE TUNING WITH\n\n", "# Fine tuning with\n\n"] {
        let text = format!("{before}{paragraph}");
        seen.push(summary(&text, &run(&text)));
    }
    assert_eq!(seen, [["3:1 acronym-not-spelled-out LORA"]; 2]);
}

/// A link to a pull request or an issue is about a change, not a project: the acronyms in its text
/// are the writer's uses (set 12: llama.cpp's "[#4872 - MoE models](…/pull/4872)" was the only use
/// of MoE, and nothing was said).
#[test]
fn acronyms_in_a_link_to_a_pull_request_are_uses() {
    let text = "See [#4872 - MoE models](https://github.com/ggml-org/llama.cpp/pull/4872).\n";
    assert_eq!(
        summary(text, &run(text)),
        ["1:14 acronym-not-spelled-out MoE"]
    );
    // A link to the repository itself names the project.
    let text = "See [MoE models](https://github.com/ggml-org/llama.cpp).\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

/// The line and message of each related place of `finding`, as `line:col message`.
fn related_summary(text: &str, finding: &glossary_ls::analysis::Finding) -> Vec<String> {
    let lines = LineIndex::new(text);
    finding
        .related
        .iter()
        .map(|r| {
            let line = lines.line_of(r.range.start);
            let column = text[lines.line_start(line).unwrap_or(0)..r.range.start]
                .chars()
                .count()
                + 1;
            format!("{}:{} {}", line + 1, column, r.message)
        })
        .collect()
}

/// "[MMMU](…) (A Massive … Benchmark for Expert AGI): …": a Title-Case run in parentheses (or in
/// italics) right after a link cites the linked work by its title, as a link text that reads so
/// does; its words are the paper's, not uses. The writer's own gloss after a link ("(an LLM server)"), a definition
/// in other words ("(Group Relative Policy Optimization, GRPO)"), a later use, and a title that
/// follows no link are the writer's.
#[test]
fn a_title_in_parentheses_after_a_link_is_cited() {
    let titled = "# Benchmarks\n\n- [MMMU](https://arxiv.org/abs/2311.16502) (A Massive Multi-discipline Multimodal Understanding and Reasoning Benchmark for Expert AGI): a benchmark for multimodal models.\n";
    assert!(run(titled).findings.is_empty());
    // A stray bracket after it (as written in a real list) changes nothing.
    let stray = titled.replace("AGI):", "AGI)]:");
    assert!(run(&stray).findings.is_empty());
    // Nor does a destination with parentheses of its own, or a reference link.
    for link in [
        "- [Foo](https://en.wikipedia.org/wiki/Foo_(bar)) (A Massive Benchmark for Expert AGI at Scale): a page.\n",
        "- [Foo][1] (A Massive Benchmark for Expert AGI at Scale): a page.\n\n[1]: https://example.com\n",
    ] {
        assert!(run(link).findings.is_empty(), "{link}");
    }

    let gloss = "- [vLLM](https://github.com/vllm-project/vllm) (an LLM server): serves models.\n";
    let analysis = run(gloss);
    assert_eq!(
        summary(gloss, &analysis),
        ["1:52 acronym-not-spelled-out LLM"]
    );
    assert_eq!(
        analysis.findings[0].message,
        "`LLM` is not spelled out in this document: write “large language model (LLM)” at its first use (no fix is offered: no use stands where a fix can safely spell it out)"
    );

    let defined = "- [DeepSeekMath](https://arxiv.org/abs/2402.03300) (Group Relative Policy Optimization, GRPO): the GRPO paper.\n";
    assert!(run(defined).findings.is_empty());

    let later = "- [MMMU](https://arxiv.org/abs/2311.16502) (Benchmark for Expert AGI in Many Fields): a benchmark. The AGI claim is bold.\n";
    let analysis = run(later);
    assert_eq!(
        summary(later, &analysis),
        ["1:104 acronym-not-spelled-out AGI"]
    );
    assert_eq!(
        fixed(later, &analysis),
        "- [MMMU](https://arxiv.org/abs/2311.16502) (Benchmark for Expert AGI in Many Fields): a benchmark. The artificial general intelligence (AGI) claim is bold.\n"
    );

    // In italics right after a link, the same; a run in italics that opens in lower case is the
    // writer's.
    let italic = "- [MMMU](https://arxiv.org/abs/2311.16502) *A Massive Multi-discipline Multimodal Understanding and Reasoning Benchmark for Expert AGI*: a benchmark.\n- [Survey][1] _Towards Safe AGI in the Open World_: a paper.\n\n[1]: https://example.com\n";
    assert!(run(italic).findings.is_empty());
    let note =
        "- [Survey](https://arxiv.org/abs/1) *a short note on AGI risk and more*: a paper.\n";
    assert_eq!(
        summary(note, &run(note)),
        ["1:54 acronym-not-spelled-out AGI"]
    );

    let no_link = "The MMMU suite (A Massive Benchmark for AGI at Expert Level) is hard.\n";
    assert_eq!(
        summary(no_link, &run(no_link)),
        ["1:41 acronym-not-spelled-out AGI"]
    );
}

/// "| MLA | Yes |": a table's label cell is no use a fix may edit, but the reader meets the acronym
/// there. When a later use needs spelling out, the finding stands at the cell and the fix at the
/// first use it can safely edit, offered but not applied when that is far below. An acronym only in
/// label cells, or only in a name there, gets no finding from them.
#[test]
fn a_first_use_in_a_table_label_cell_carries_the_finding() {
    let text = "# Attention backends\n\nThe table lists which attention backend supports chunked prefill.\n\n| Backend | Chunked prefill |\n| --- | --- |\n| SFA | No |\n| MLA | Yes |\n\nLater on, an MLA model such as DeepSeek-R1 needs a larger block size.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["8:3 acronym-not-spelled-out MLA"]
    );
    let mla = &analysis.findings[0];
    assert_eq!(
        mla.message,
        "`MLA` is not spelled out in this document: write “Multi-head Latent Attention (MLA)” at its first use"
    );
    assert_eq!(
        related_summary(text, mla),
        // Said once: the use the fix edits (with its article) is not also "also used here".
        ["10:11 the fix spells it out here, the first use it can safely edit"]
    );
    assert!(mla.fixes[0].preferred);
    assert_eq!(
        mla.fixes[0].title,
        "Spell out on line 10: a Multi-head Latent Attention (MLA)"
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace("an MLA model", "a Multi-head Latent Attention (MLA) model")
    );

    // Only in label cells: no use, no finding.
    let cells = "| Backend | Chunked prefill |\n| --- | --- |\n| SFA | No |\n| MLA | Yes |\n";
    assert!(run(cells).findings.is_empty());

    // The first plain use far below: offered, not applied.
    let far = format!(
        "| Backend | Chunked prefill |\n| --- | --- |\n| MLA | Yes |\n\n{}\n\nLater on, an MLA model needs a larger block size.\n",
        "The scheduler keeps a queue of requests and assigns each to a worker as it frees up. ".repeat(16)
    );
    let analysis = run(&far);
    assert_eq!(
        summary(&far, &analysis),
        ["3:3 acronym-not-spelled-out MLA"]
    );
    let mla = &analysis.findings[0];
    assert!(!mla.fixes[0].preferred);
    assert_eq!(
        related_summary(&far, mla)[0],
        "7:11 the first use a fix can safely edit, far below the first use: the fix is offered, not applied automatically"
    );
    assert_eq!(fixed(&far, &analysis), far);

    // A name in a cell is no use anywhere: the finding stays at the running text.
    let named = "| Model | Size |\n| --- | --- |\n| Mixtral-MoE | 47B |\n\nEach MoE layer routes a token to two experts.\n";
    assert_eq!(
        summary(named, &run(named)),
        ["5:6 acronym-not-spelled-out MoE"]
    );
}

/// "| ✅ Full compatibility (MLA)<br>— Not applicable (GQA) |": in a table cell, a parenthesis
/// after words that do not start as the acronym does says which row a value holds for; the writer
/// attempted no definition, so the finding does not say their words are not its long form, and the
/// fix at the next use is applied. Words that start as it does ("token-to-token latency (TPOT)"),
/// and such words in running text ("Speculative decoding (MTP)", above), are still the writer's gloss.
#[test]
fn a_parenthesis_that_qualifies_a_table_cell_is_no_gloss() {
    let text = "| Device | MLAPO + DCP |\n| --- | --- |\n| Ascend A2 | ✅ Full compatibility (MLA)<br>— Not applicable (GQA) |\n\nThe MLA backend stores a compressed latent per token.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "3:37 acronym-not-spelled-out MLA",
            "3:63 acronym-not-spelled-out GQA"
        ]
    );
    let (mla, gqa) = (&analysis.findings[0], &analysis.findings[1]);
    assert_eq!(
        mla.message,
        "`MLA` is not spelled out in this document: write “Multi-head Latent Attention (MLA)” at its first use"
    );
    assert!(mla.fixes[0].preferred);
    assert_eq!(
        gqa.message,
        "`GQA` is not spelled out in this document: write “grouped-query attention (GQA)” at its first use (no fix is offered: no use stands where a fix can safely spell it out)"
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace(
            "The MLA backend",
            "The Multi-head Latent Attention (MLA) backend"
        )
    );

    let gloss = "| Row | Notes |\n| --- | --- |\n| first | Batching raises token-to-token latency (TPOT) in every run we made |\n\nWe report TPOT for every run.\n";
    let analysis = run(gloss);
    assert_eq!(
        summary(gloss, &analysis),
        ["3:51 acronym-not-spelled-out TPOT"]
    );
    assert_eq!(
        analysis.findings[0].message,
        "`TPOT` is not spelled out in this document, and the words before “(TPOT)” are not its long form: it stands for “time per output token”"
    );
    assert!(!analysis.findings[0].fixes[0].preferred);
}

/// Benchmark datasets are names, in the spellings their users write: "STSB" is the STS Benchmark
/// (GLUE's STS-B), not an undefined acronym (trust set 19, a sentence-transformers page).
#[test]
fn dataset_names_in_their_usual_spellings_are_names() {
    let text = "Training datasets: MultiNLI, SNLI and STSB (short texts).\n\n\
                Losses: CosineSimilarityLoss for STSB. We report STS-B and the STS Benchmark.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

/// A glossary term that hyphenates an acronym into one word ("LLM-as-a-judge") is the same term
/// written with spaces: the acronym is a use either way, and no long form goes inside it — the fix
/// spells it out at the next use, as it does for the hyphenated spelling (trust set 20: "for LLM As
/// A Judge" became "for Large Language Model (LLM) As A Judge").
#[test]
fn an_acronym_hyphenated_into_a_term_is_not_spelled_out_inside_it_however_written() {
    for term in ["LLM-as-a-judge", "LLM as a judge", "LLM As A Judge"] {
        let text = format!("We grade with {term} here.\n\nEach LLM writes an answer.\n");
        let analysis = run(&text);
        assert_eq!(
            summary(&text, &analysis),
            ["1:15 acronym-not-spelled-out LLM"],
            "{term}"
        );
        assert_eq!(
            fixed(&text, &analysis),
            text.replace("Each LLM", "Each large language model (LLM)"),
            "{term}"
        );
    }
    // A term that writes the acronym apart ("KV cache") still takes the long form inside it.
    let text = "We keep the KV cache small.\n";
    assert_eq!(
        fixed(text, &run(text)),
        "We keep the key-value (KV) cache small.\n"
    );
}

/// A link in square brackets of its own, alone or listed with others, is a citation marker like
/// "[12]": the acronym names the cited work and is no use in the writer's sentence.
#[test]
fn a_link_in_brackets_of_its_own_is_a_citation_marker() {
    let text = "# Notes\n\nPreference models capture cyclic relations. [[DNO](https://arxiv.org/abs/2404.03715)]\n\nLater work [[SPPO](https://arxiv.org/abs/2405.00675); [DNO](https://arxiv.org/abs/2404.03715)] did more.\n\nDirect Nash Optimization (DNO) treats it as a game.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), Vec::<String>::new());

    // A link in running text is a use, also in brackets that hold more than links.
    for (text, expected) in [
        (
            "We train with [DNO](https://arxiv.org/abs/2404.03715) on pairs.\n\nDirect Nash Optimization (DNO) treats it as a game.\n",
            "1:16 acronym-used-before-definition DNO",
        ),
        (
            "We train with it [see [DNO](https://arxiv.org/abs/2404.03715)] on pairs.\n\nDirect Nash Optimization (DNO) treats it as a game.\n",
            "1:24 acronym-used-before-definition DNO",
        ),
        // A link around the bracketed one makes its text a link text, not a marker.
        (
            "We train with [[DNO](https://arxiv.org/abs/2404.03715)](https://example.com) on pairs.\n\nDirect Nash Optimization (DNO) treats it as a game.\n",
            "1:17 acronym-used-before-definition DNO",
        ),
    ] {
        assert_eq!(summary(text, &run(text)), [expected], "{text}");
    }
}

/// An HTML table's cells are read as a Markdown table's: a cell that holds only the acronym is a
/// label, where the finding stands but no fix writes; running text in a cell is a use a fix may edit.
#[test]
fn an_html_tables_cells_read_as_a_markdown_tables() {
    let html = "# T\n\nIntro.\n\n<table>\n  <tr>\n    <td>GRPO</td>\n    <td>1.0</td>\n  </tr>\n  <tr><td>Runs with GRPO were stable across all seeds.</td><td>2.0</td></tr>\n</table>\n\nWe then ran GRPO again.\n";
    let markdown = "# T\n\nIntro.\n\n| Config | Score |\n|---|---|\n| GRPO | 1.0 |\n| Runs with GRPO were stable across all seeds. | 2.0 |\n\nWe then ran GRPO again.\n";
    for (text, label, fixed_line) in [
        (html, "7:9", "  <tr><td>Runs with Group Relative Policy Optimization (GRPO) were stable across all seeds.</td><td>2.0</td></tr>"),
        (markdown, "7:3", "| Runs with Group Relative Policy Optimization (GRPO) were stable across all seeds. | 2.0 |"),
    ] {
        let analysis = run(text);
        assert_eq!(
            summary(text, &analysis),
            [format!("{label} acronym-not-spelled-out GRPO")],
            "{text}"
        );
        let fixed = fixed(text, &analysis);
        assert!(fixed.lines().any(|line| line == fixed_line), "{fixed}");
        assert_eq!(fixed.matches("Group Relative").count(), 1, "{fixed}");
    }

    // A cell that holds the only use is a label: nothing to flag, nothing written into the table.
    let only = "# T\n\n<table>\n<tr><th>Method</th><th>Score</th></tr>\n<tr><td>AR</td><td>43.1</td></tr>\n</table>\n";
    assert!(run(only).findings.is_empty());
}

/// A writer's long form with a word typed wrong ("Adoptation") is not copied by a fix at an earlier
/// use: the fix is offered, not applied, and the finding shows the slip against the glossary.
#[test]
fn a_fix_does_not_copy_a_slip_in_the_writers_long_form() {
    let text = "A common technique is **LoRA**.\n\n## Technique 1: Low Rank Adoptation of LLM Models (LoRA)\n\nIt trains adapters.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        [
            "1:25 acronym-used-before-definition LoRA",
            "3:26 non-canonical-spelling Adoptation"
        ]
    );
    let finding = &analysis.findings[0];
    assert_eq!(
        finding.fixes[0].title,
        "Spell out here: Low Rank Adoptation of LLM Models (LoRA)"
    );
    // The slip itself is reported in the heading, where a fix would change the link anchor.
    assert_eq!(
        analysis.findings[1].fixes[0].title,
        "Write `Adaptation` (this changes the heading's link anchor)"
    );
    assert!(!analysis.findings[1].fixes[0].preferred);
    assert!(!finding.fixes[0].preferred);
    assert!(finding.related.iter().any(|r| r.message
        == "the long form here has a slip the glossary's “Low-Rank Adaptation” lacks: the fix is offered, not applied automatically"));
    assert_eq!(fixed(text, &analysis), text);
    let right = text.replace("Adoptation", "Adaptation");
    assert!(run(&right).findings[0].fixes[0].preferred);
}

/// A definition's long form with a word of the glossary's typed wrong still defines the acronym; the
/// slip is reported at the word and mended in the writer's capitals. A choice of spelling (British,
/// a word more or less, another form the glossary lists) is not a slip, and a quotation is left alone.
#[test]
fn a_slip_in_a_definitions_long_form_is_reported_at_the_word() {
    let text = "We train Direct Preference Optimizaiton (DPO) models. DPO is simple.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:28 non-canonical-spelling Optimizaiton"]
    );
    assert_eq!(
        analysis.findings[0].message,
        "`Optimizaiton` is spelled “Optimization” (the glossary spells out `DPO` as “Direct Preference Optimization”)"
    );
    assert_eq!(
        fixed(text, &analysis),
        "We train Direct Preference Optimization (DPO) models. DPO is simple.\n"
    );
    for unslipped in [
        "We train Direct Preference Optimisation (DPO) models. DPO is simple.\n",
        "We train Direct Preference Optimization (DPO) models. DPO is simple.\n",
        "We use approximate nearest neighbour (ANN) search. ANN is fast.\n",
        "We fine-tune with Low-Rank Adaption (LoRA). LoRA is cheap.\n",
        "> We train Direct Preference Optimizaiton (DPO) models.\n\nDPO is simple.\n",
    ] {
        let analysis = run(unslipped);
        assert!(
            !analysis
                .findings
                .iter()
                .any(|f| f.code == Code::NonCanonicalSpelling),
            "{unslipped}: {:?}",
            summary(unslipped, &analysis)
        );
    }
}

/// A Pandoc citation in square brackets ("[SLiC, @Zhao2022]") renders as a parenthetical reference:
/// the acronym beside the key names the cited work, not a use in the writer's sentence. A bracket
/// that is a link's text, or an address with an `@` in it, is no citation.
#[test]
fn an_acronym_in_a_pandoc_citation_is_the_cited_works() {
    let text = "# Alternatives\n\nThe same view suggests a hinge loss [SLiC, @Zhao2022].\nOther variants exist [see IPO, @Azar2023; and KTO, @Ethayarajh2024].\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    let link =
        "# Alternatives\n\nWe compare with [SLiC, @Zhao2022](https://example.com/slic) here.\n";
    assert_eq!(
        summary(link, &run(link)),
        ["3:18 acronym-not-spelled-out SLiC"]
    );
    let mail = "# Alternatives\n\nWe compare with SLiC [mail x@Zhao2022].\n";
    assert_eq!(
        summary(mail, &run(mail)),
        ["3:17 acronym-not-spelled-out SLiC"]
    );
}

/// "the ``Needle In A Haystack`` (NIAH) tests": the writer spelled the acronym out as code, which the
/// prose reading skips; the parenthesis right after it glosses it, so it needs no spell-out (which
/// would write the long form a second time).
#[test]
fn an_acronym_glossed_after_its_long_form_in_code_is_spelled_out() {
    for text in [
        "# Context\n\nResults on the ``Needle In A Haystack`` (NIAH) tests. NIAH is hard.\n",
        "# Context\n\nResults on the `Needle In A Haystack` (NIAH) tests. NIAH is hard.\n",
    ] {
        assert_eq!(summary(text, &run(text)), Vec::<String>::new(), "{text}");
    }
    // Code whose words do not give the acronym explains nothing.
    let other = "# Context\n\nResults on the `haystack_eval` (NIAH) tests. NIAH is hard.\n";
    assert_eq!(
        summary(other, &run(other)),
        ["3:33 acronym-not-spelled-out NIAH"]
    );
}

/// A paragraph wholly in italics that opens with a note's label ("*Objective: …*", "_Note: …_") is
/// the author's aside, as a block quote so opened is: its acronyms are first uses. Without the label
/// it stays a quoted abstract.
#[test]
fn an_italic_paragraph_opened_by_a_label_is_the_authors_aside() {
    let text = "# Post-training\n\n*Objective: Understand the classic pipeline used by InstructGPT and implement the PPO algorithm from scratch.*\n\n## Week 1\n\nSome background reading on policies.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:83 acronym-not-spelled-out PPO"]
    );
    assert!(fixed(text, &analysis)
        .contains("implement the Proximal Policy Optimization (PPO) algorithm"));
    let quoted = text.replace("*Objective: Understand", "*We set out to understand");
    assert_eq!(summary(&quoted, &run(&quoted)), Vec::<String>::new());
}

/// After a clause's colon a spell-out is in lower case (a list or a phrase follows); after a label's
/// ("Note:", "**Instability:**", a bold label of any length) it opens a sentence.
#[test]
fn a_spell_out_after_a_colon_is_capitalised_only_after_a_label() {
    for (text, spelled) in [
        (
            "# T\n\nThis tutorial covers the algorithms used in modern models: **PPO**, and others.\n",
            "models: **Proximal Policy Optimization (PPO)**, and others.",
        ),
        (
            "# T\n\nNote: PPO needs a reward model.\n",
            "Note: Proximal Policy Optimization (PPO) needs",
        ),
        (
            "# T\n\n- **What it is and why it matters for us**: RL optimizer for post-training.\n",
            "**: Reinforcement learning (RL) optimizer",
        ),
        (
            "# T\n\nWe trained the model with one method: RL, as usual.\n",
            "method: reinforcement learning (RL), as usual.",
        ),
    ] {
        let fixed = fixed(text, &run(text));
        assert!(fixed.contains(spelled), "{fixed}");
    }
}

/// A lower-case tag in the front matter (`tags: [eks, gpu]`) files the page; it is no evidence that
/// "EKS" is a name styled in capitals, as a lower-case word in the text is.
#[test]
fn a_front_matter_tag_in_lower_case_is_no_name() {
    let text = "---\ntitle: \"Deployment guide\"\ntags: [eks, gpu]\n---\n\n# Deployment guide\n\nWe deploy the service on Amazon EKS with autoscaling.\n\nOn EKS the nodes are provisioned by Karpenter.\n";
    assert_eq!(summary(text, &run(text)), ["8:33 undefined-acronym EKS"]);
    let listed = text.replace("tags: [eks, gpu]", "categories:\n  - eks\n  - gpu");
    assert_eq!(summary(&listed, &run(&listed)).len(), 1);
    // In the text itself, the lower-case word is still evidence of a name (`eks` the command).
    let command = format!("{text}\nRun `eks create` first.\n");
    assert!(summary(&command, &run(&command)).is_empty());
}

/// "(prompt-injection patterns, PII)" lists two things: the words before the comma hold P, I and I
/// only with a letter from inside a word, so they are no long form of PII, and no fix writes them
/// as one; "(knowledge-preserved mode, KPM)" still defines KPM.
#[test]
fn a_parenthesis_that_lists_things_defines_nothing() {
    let text = "# Guardrails\n\n- Checks: toxicity, PII patterns, prompt-injection heuristics\n- Pre-processing: sanitize user query (prompt-injection patterns, PII)\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:21 acronym-not-spelled-out PII"]
    );
    assert!(fixed(text, &analysis)
        .contains("toxicity, personally identifiable information (PII) patterns"));
    let defined = "We add a mode (knowledge-preserved mode, KPM) that keeps facts. KPM is slow.\n";
    assert_eq!(summary(defined, &run(defined)), Vec::<String>::new());
}

/// A parenthesis that glosses a term with a dash before the acronym defines it, as one with a comma
/// does; a last word that names the kind of thing ("Search") is not part of the long form a fix
/// copies.
#[test]
fn a_dash_before_the_acronym_in_a_parenthesis_defines_it() {
    let text = "## Retriever (Approximate Nearest Neighbor Search - ANN)\n\nThe retriever keeps one ANN index per collection.\n";
    assert!(run(text).findings.is_empty());
    let en_dash =
        "We use a retriever (approximate nearest neighbor search – ANN). One ANN index.\n";
    assert!(run(en_dash).findings.is_empty());
    let before = format!("* Build ANN index\n\n{text}");
    let analysis = run(&before);
    assert_eq!(
        summary(&before, &analysis),
        ["1:9 acronym-used-before-definition ANN"]
    );
    assert_eq!(
        fixed(&before, &analysis),
        before.replacen(
            "Build ANN index",
            "Build approximate nearest neighbor (ANN) index",
            1
        )
    );
}

/// A heading of inline code alone (an API page's ``## `PresidioScorer` ``) starts a section as any
/// heading does: a definition repeated under it is not redundant, and one under it is not moved above
/// it. In Markdown and in reStructuredText.
#[test]
fn a_heading_of_code_alone_starts_a_section() {
    let table = "## Available scorers\n\n| Scorer | Scenario |\n|---|---|\n| PresidioScorer | Detect Personally Identifiable Information (PII) in inputs. |\n\n## `PresidioScorer`\n\nThis scorer detects Personally Identifiable Information (PII) in your inputs.\n";
    assert!(
        run(table).findings.is_empty(),
        "the definition under its own heading stays"
    );
    let moved = "## Scorers\n\nEach scorer can run inside a RAG pipeline.\n\n## `ContextRelevanceScorer`\n\nIt serves retrieval-augmented generation (RAG) systems.\n";
    let analysis = run(moved);
    assert_eq!(
        summary(moved, &analysis),
        ["3:30 acronym-used-before-definition RAG"]
    );
    assert_eq!(
        analysis.findings[0].fixes[0].title,
        "Spell out here: retrieval-augmented generation (RAG)"
    );
    let plain = moved.replace("## `ContextRelevanceScorer`\n\n", "");
    assert_eq!(
        run(&plain).findings[0].fixes[0].title,
        "Move the definition here: retrieval-augmented generation (RAG)",
        "without the heading the definition moves"
    );
    let rst = "Scorers\n=======\n\nIt detects Personally Identifiable Information (PII) in inputs.\n\n``PresidioScorer``\n------------------\n\nIt detects Personally Identifiable Information (PII) in your inputs.\n";
    let analysis = analyze(
        rst,
        DocKind::ReStructuredText,
        &engine(),
        &Settings::default(),
    );
    assert!(analysis.findings.is_empty(), "{:?}", analysis.findings);
}

/// A definition moves to the first use only within its section: under a later heading it serves
/// the readers who start there, and the use above is spelled out instead.
#[test]
fn a_definition_moves_to_the_first_use_only_within_its_section() {
    let text = "# Proxying PyRIT\n\nThis is a post about proxying PyRIT.\n\n## The tool\n\nThe Python Risk Identification Tool for generative AI (PyRIT), developed by Microsoft, automates testing.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:31 acronym-used-before-definition PyRIT"]
    );
    assert_eq!(
        analysis.findings[0].fixes[0].title,
        "Spell out here: Python Risk Identification Tool for generative AI (PyRIT)"
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace(
            "about proxying PyRIT.",
            "about proxying Python Risk Identification Tool for generative AI (PyRIT)."
        )
    );

    let one_section = text.replace("\n## The tool\n", "");
    let analysis = run(&one_section);
    assert_eq!(
        analysis.findings[0].fixes[0].title,
        "Move the definition here: Python Risk Identification Tool for generative AI (PyRIT)"
    );
}

/// An acronym in the writer's long form of another is a use, but a fix spells it out elsewhere:
/// a long form there would nest one definition inside another.
#[test]
fn a_long_form_of_another_acronym_is_never_rewritten() {
    let text = "# Reward models\n\nTo enable RL fine-tuning from human feedbacks (RLHF), reward models are introduced.\n\nThen the policy is trained with RL.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:11 acronym-not-spelled-out RL"]
    );
    assert_eq!(
        analysis.findings[0].fixes[0].title,
        "Spell out on line 5: reinforcement learning (RL)"
    );
    assert_eq!(
        fixed(text, &analysis),
        "# Reward models\n\nTo enable RL fine-tuning from human feedbacks (RLHF), reward models are introduced.\n\nThen the policy is trained with reinforcement learning (RL).\n"
    );
}

/// A page's table of contents repeats its headings, linked or not yet linked: no use, no fix there.
#[test]
fn a_table_of_contents_is_labels_linked_or_not() {
    let text = "# Tokens\n\nContents:\n- [LLM tokenisation](#llm-tokenisation)\n  - [Running an LLM](#running-an-llm)\n- Token embeddings\n- Word embeddings beyond LLMs\n\n## LLM tokenisation\n\nHere is an example using a small LLM tokeniser.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["11:34 acronym-not-spelled-out LLM"]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace(
            "a small LLM tokeniser",
            "a small large language model (LLM) tokeniser"
        )
    );

    // A list of sentences, or of items mostly without links, is running text.
    let list = "# Notes\n\n- [Setup](#setup)\n- [Usage](#usage)\n- We tried LLM judges first. They were slow.\n";
    assert_eq!(
        summary(list, &run(list)),
        ["5:12 acronym-not-spelled-out LLM"]
    );
}

#[test]
fn display_math_written_with_one_backslash_or_an_environment_is_never_a_use_nor_edited() {
    let text = "Traditional training uses this objective:\n\n\\[\n\\max_\\pi \\mathbb{E}[r(x,y)] - \\beta D_{KL}(\\pi \\| \\pi_{\\text{ref}})\n\\]\n\nwhere \\( \\beta \\) weighs the KL penalty.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["7:30 acronym-not-spelled-out KL"]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace("the KL penalty", "the Kullback–Leibler (KL) penalty")
    );
    // An acronym only in math, as `\[ … \]` (one line, several, in a list item) or an environment.
    let text = "The loss is\n\n\\[\n\\mathcal{L}_{\\text{SFT}} = -\\log p\n\\]\n\n- then \\[ \\mathcal{L}_{\\text{DPO}} \\]\n\n\\begin{align*}\nx_{\\text{PPO}} &= 1\n\\end{align*}\n\nDone.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

#[test]
fn backticked_code_in_a_component_or_an_html_block_is_never_a_use() {
    let mdx = |text: &str| analyze(text, DocKind::Mdx, &engine(), &Settings::default());
    // MDX: a table right inside a component is Markdown; its code spans are code.
    let text = "# T\n\nIntro.\n\n<python>\n| Name | Example |\n| :--- | :--- |\n| Trainer | Run `train(mode=\"SFT\")` now |\n</python>\n\nWe then run SFT on the data.\n";
    let analysis = mdx(text);
    assert_eq!(
        summary(text, &analysis),
        ["11:13 acronym-not-spelled-out SFT"]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace("run SFT on", "run supervised fine-tuning (SFT) on")
    );
    let text = "# T\n\n<hfoption id=\"a\">\n| Name | Example |\n| :--- | :--- |\n| Trainer | `train(mode=\"SFT\")` |\n| Other | `train(mode=\"DPO\")` |\n</hfoption>\n\nDone.\n";
    assert_eq!(summary(text, &mdx(text)), Vec::<String>::new());
    // Markdown: the same table in a `<div>` is an HTML block, its backticks literal; what they
    // enclose is still code, not a use.
    let text = "# T\n\n<div>\n| Name | Example |\n| :--- | :--- |\n| Trainer | `train(mode=\"SFT\")` |\n</div>\n\nDone.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

/// An emoji that opens a list item opens nothing of its own: the spelled-out form after it starts
/// the item with a capital, as it would without the emoji.
#[test]
fn a_long_form_after_an_opening_emoji_starts_with_a_capital() {
    let text = "# Uses\n\n- 💬 Chatbots\n- 🤖 RLHF — sampling trajectories\n";
    let analysis = run(text);
    assert_eq!(
        fixed(text, &analysis),
        text.replace(
            "🤖 RLHF",
            "🤖 Reinforcement learning from human feedback (RLHF)"
        )
    );
}

/// In a References section a bold label names the cited work, and the link after it is the
/// paper's title: no definition of the document's ("Proximal Policy Optimization Algorithms").
#[test]
fn a_bold_label_in_a_references_section_is_the_cited_works() {
    let text = "# Guide\n\nWe tune with PPO first.\n\n## References\n\n- **PPO**: [Proximal Policy Optimization Algorithms](https://arxiv.org/abs/1707.06347)\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["3:14 acronym-not-spelled-out PPO"]
    );
    assert_eq!(
        fixed(text, &analysis),
        text.replace(
            "with PPO first",
            "with Proximal Policy Optimization (PPO) first"
        )
    );
}

/// A word in capitals that the document also writes as a segment of a URL or a path names that
/// repository or folder: no undefined acronym.
#[test]
fn a_capitalised_word_named_in_a_path_is_a_name() {
    let text = "# Setup\n\nWe support VILA and VILA models.\n\n```bash\ngit clone https://github.com/NVlabs/VILA\ncd VILA\n```\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // Without the path it reads as initials the reader lacks.
    let text = "# Setup\n\nWe support VILA and VILA models.\n";
    assert_eq!(summary(text, &run(text)), ["3:12 undefined-acronym VILA"]);
    // Inside a longer segment it names something else.
    let text = "# Setup\n\nWe support VILA and VILA models, see https://x.org/VILAS.\n";
    assert_eq!(summary(text, &run(text)), ["3:12 undefined-acronym VILA"]);
}

/// A document that imports, installs or links the software an acronym also names uses the
/// acronym for that software, unless a use reads as the technique ("PEFT methods").
#[test]
fn an_acronym_of_software_the_document_uses_names_it() {
    let text = "# Adapters\n\n```python\nfrom peft import PeftModel\n```\n\n- Requires PEFT at inference\n- No PEFT dependency after merging\n";
    assert!(run(text).findings.is_empty());
    let linked = "# Adapters\n\n- Requires PEFT at inference\n- See the [docs](https://huggingface.co/docs/peft).\n";
    assert!(run(linked).findings.is_empty());

    // A page about the topic is no use of the software, and "PEFT methods" is the technique.
    for text in [
        "# Adapters\n\n- Requires PEFT at inference\n- See the [post](https://huggingface.co/blog/peft).\n",
        "# Adapters\n\n```python\nfrom peft import PeftModel\n```\n\nPEFT methods train few weights.\n",
    ] {
        assert_eq!(run(text).findings.len(), 1, "{text}");
    }
}

#[test]
fn an_acronym_readers_know_is_read_in_the_meaning_the_document_gives_it() {
    // The glossary's CLA, a contributor license agreement, needs no spelling out; the document's
    // Cross-Layer Attention does, and the list meets it before its heading explains it.
    let text = "# Notes\n\nModern research focuses on:\n- shrinking the KV cache (GQA, MLA, CLA)\n\n### Cross-Layer Attention (CLA)\n\nCLA shares the KV projections across layers.\n";
    let analysis = run(text);
    let cla: Vec<String> = summary(text, &analysis)
        .into_iter()
        .filter(|s| s.ends_with(" CLA"))
        .collect();
    assert_eq!(cla, ["4:37 acronym-used-before-definition CLA"]);
    // Defined in the glossary's meaning, a known acronym stays known, wherever it is used.
    let text = "Sign the CLA first.\n\nA contributor license agreement (CLA) grants the project its rights.\n";
    let analysis = run(text);
    assert!(
        summary(text, &analysis)
            .iter()
            .all(|s| !s.ends_with(" CLA")),
        "{:?}",
        summary(text, &analysis)
    );
}

#[test]
fn the_name_of_the_task_spells_out_the_model_it_trains() {
    // "reward modeling" is the stage whose model RM names: the reader has just read it.
    let text = "# RLHF notes\n\nSupervised fine-tuning, reward modeling, and safety policies.\n\nThe RM is trained on human preference pairs.\n";
    let analysis = run(text);
    assert!(
        summary(text, &analysis).iter().all(|s| !s.ends_with(" RM")),
        "{:?}",
        summary(text, &analysis)
    );
    // Without it, the RM is still unexplained.
    let text = "# RLHF notes\n\nSupervised fine-tuning and safety policies.\n\nThe RM is trained on human preference pairs.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["5:5 acronym-not-spelled-out RM"]
    );
}

#[test]
fn a_mixed_case_spelling_of_an_acronym_is_that_acronym() {
    let text = "We reach SoTA results on the benchmark.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["1:10 acronym-not-spelled-out SoTA"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "We reach state-of-the-art (SoTA) results on the benchmark.\n"
    );
    // Defined once in capitals, the other spelling is explained too.
    let text = "We reach state-of-the-art (SOTA) results.\n\nOur SoTA method wins.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

#[test]
fn one_long_form_marked_two_ways_is_one_definition() {
    // "X, or long form (X)" and "X stands for long form (X)" define once: no hint, and no fix that
    // would cut the long form out ("RLHF, or RLHF").
    let text = "# Notes\n\nRLHF, or reinforcement learning from human feedback (RLHF), aligns models.\n\nLoRA stands for Low-Rank Adaptation (LoRA). We first apply LoRA to GPT-2.\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), Vec::<String>::new());
    assert_eq!(fixed(text, &analysis), text);
    // A second definition of its own is still redundant.
    let text = "RLHF, or reinforcement learning from human feedback (RLHF), aligns models.\nLater, reinforcement learning from human feedback (RLHF) is tuned.\n";
    assert_eq!(
        summary(text, &run(text)),
        ["2:52 redundant-definition RLHF"]
    );
}

#[test]
fn a_spell_out_under_a_later_heading_than_an_uneditable_first_use_is_offered_not_applied() {
    // The first use sits in a parenthesised list no fix edits; the next editable one is under the
    // next heading, a line above the writer's own definition: a long form there would not serve
    // the first use, and would stand beside the definition.
    let text = "## Visualize Tokenization\n- See what happens inside a tokenizer (wordpiece, subword, BPE)\n\n### Types of Tokenization Algos\n- Types of algos: BPE, WordPiece, and SentencePiece\n- **Byte-Pair Encoding (BPE):**\n    - Start from characters, repeatedly merge common pairs\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["2:60 acronym-used-before-definition BPE"]
    );
    let finding = &analysis.findings[0];
    assert!(
        finding.fixes.iter().all(|f| !f.preferred),
        "{:?}",
        finding.fixes
    );
    assert!(finding.related.iter().any(|r| r.message.contains(
        "in a later section than the first use: the fix is offered, not applied automatically"
    )));
    assert_eq!(fixed(text, &analysis), text);
}

#[test]
fn an_acronym_as_a_folder_or_file_in_a_path_is_no_use() {
    let text = "# Layout\n\nThe training scripts live in examples/NLU/ and in scripts/RLHF/.\n\nSee [scripts/RLHF/train_ppo.py](scripts/RLHF/train_ppo.py) for the loop.\n\n* [examples/NLG/](examples/NLG) contains an example.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // A Windows path too: "MLOPS" is a folder, not an acronym the reader lacks.
    let text = "Please check MLOPS\\CI-workflow.yml before pushing.\n\nThen see MLOPS\\Dockerfile for the image.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    // A slash list is the writer's words.
    let text = "We compare SFT/RLHF models.\n";
    assert_eq!(
        summary(text, &run(text)),
        [
            "1:12 acronym-not-spelled-out SFT",
            "1:16 acronym-not-spelled-out RLHF"
        ]
    );
}

#[test]
fn a_vendors_brand_before_the_long_form_and_the_acronym_defines_it() {
    let text = "Intel® Advanced Matrix Extensions (Intel® AMX) accelerate INT8 math.\nThe AMX instructions also speed up BF16 kernels.\n\nAmazon Elastic Container Service (Amazon ECS) runs the containers.\nEach ECS task pulls the image.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
}

#[test]
fn a_parenthesis_after_the_word_after_an_acronym_spells_the_acronym_out() {
    // "TD Error (Temporal Difference)" in a heading defines TD for the whole section, however far
    // the next use.
    let filler = "The value of the next state is explained here in some detail.\n\n".repeat(25);
    let text = format!(
        "## Part 3: TD Error (Temporal Difference)\n\n{filler}TD error gives one-step credit.\n"
    );
    assert_eq!(summary(&text, &run(&text)), Vec::<String>::new());
}

#[test]
fn the_pages_title_in_front_matter_is_its_top_heading() {
    // Documentation sites show `title:` as the page's heading: a definition there serves the page,
    // and an acronym there is a heading's, no first use.
    let text = "---\ntitle: \"RAG (Retrieval Augmented Generation)\"\nsidebarTitle: \"RAG\"\n---\n\nRAG enables agents to retrieve documents.\n";
    assert_eq!(summary(text, &run(text)), Vec::<String>::new());
    let text = "---\ntitle: Serving an LLM\n---\n\nThe LLM answers.\n";
    let analysis = run(text);
    assert_eq!(
        summary(text, &analysis),
        ["5:5 acronym-not-spelled-out LLM"]
    );
    assert_eq!(
        fixed(text, &analysis),
        "---\ntitle: Serving an LLM\n---\n\nThe large language model (LLM) answers.\n"
    );
}

#[test]
fn a_papers_title_in_bold_in_a_table_cell_is_the_cited_works() {
    // A paper list: the bold title is the paper's, and no fix rewrites it.
    let text = "This list collects papers on large language model (LLM) inference.\n\n|Keywords | Title | Paper |\n|:---:|:---:|:---:|\n|GQA|**GQA: Training Generalized Multi-Query Transformer Models from Multi-Head Checkpoints** [EMNLP 2023]|[[pdf](https://arxiv.org/abs/2305.13245)]|\n";
    let analysis = run(text);
    assert_eq!(summary(text, &analysis), Vec::<String>::new());
    assert_eq!(fixed(text, &analysis), text);
    // The writer's own bold words in a cell are still uses.
    let text =
        "| Method | Notes |\n| --- | --- |\n| A | the model uses **GQA** for long prompts |\n";
    let analysis = run(text);
    assert_eq!(
        fixed(text, &analysis),
        "| Method | Notes |\n| --- | --- |\n| A | the model uses **grouped-query attention (GQA)** for long prompts |\n"
    );
}
