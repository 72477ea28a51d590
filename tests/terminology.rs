//! The terminology rules as a writer meets them (`non-canonical-spelling` and the expansion rules):
//! exact findings, messages and fixed text for small documents, through the engine's public API with
//! the built-in glossary, and with a project glossary that adds its own names.

use std::path::Path;
use std::sync::Arc;

use glossary_ls::analysis::{analyze, Analysis, Code, DocKind, Engine, FixAction, Settings};
use glossary_ls::config::Config;
use glossary_ls::glossary::load::parse_toml;
use glossary_ls::glossary::Glossary;
use glossary_ls::text::lines::LineIndex;

fn engine() -> Arc<Engine> {
    Engine::shared(
        Config::default()
            .glossary()
            .complete()
            .expect("built-in glossary"),
    )
}

fn run_with(text: &str, engine: &Engine) -> Analysis {
    analyze(text, DocKind::Markdown, engine, &all_on())
}

fn run(text: &str) -> Analysis {
    run_with(text, &engine())
}

/// Every code on, `acronym-used-once` too (off by default).
fn all_on() -> Settings {
    let mut settings = Settings::default();
    for code in Code::ALL {
        settings
            .severity
            .insert(code, Some(code.default_severity()));
    }
    settings
}

/// `line:col token` for each finding of `code`.
fn of_code(text: &str, analysis: &Analysis, code: Code) -> Vec<String> {
    let lines = LineIndex::new(text);
    analysis
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| {
            let line = lines.line_of(f.range.start);
            let column = text[lines.line_start(line).unwrap_or(0)..f.range.start]
                .chars()
                .count()
                + 1;
            format!("{}:{} {}", line + 1, column, f.token)
        })
        .collect()
}

/// With the default settings (codes off by default stay off).
fn run_default(text: &str) -> Analysis {
    analyze(text, DocKind::Markdown, &engine(), &Settings::default())
}

fn spelling(text: &str) -> Vec<String> {
    of_code(text, &run(text), Code::NonCanonicalSpelling)
}

/// The text after applying the preferred fix of every finding of `code` (edits from the end).
fn fixed(text: &str, analysis: &Analysis, code: Code) -> String {
    let mut edits: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.code == code)
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

// ---------------------------------------------------------------- non-canonical-spelling

#[test]
fn wrong_spellings_of_names_in_prose_are_corrected() {
    let text = "Train with Pytorch or Tensorflow, serve with VLLM.\n\n\
                ## Deepspeed on Github\n\n\
                Models come from Huggingface and HuggingFace’s hub; pytorch is the default.\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::NonCanonicalSpelling),
        [
            "1:12 Pytorch",
            "1:23 Tensorflow",
            "1:46 VLLM",
            "3:4 Deepspeed",
            "3:17 Github",
            "5:18 Huggingface",
            "5:34 HuggingFace",
            "5:53 pytorch",
        ]
    );
    let first = &analysis.findings[0];
    assert_eq!(first.message, "`Pytorch` is spelled “PyTorch”");
    assert_eq!(first.fixes[0].title, "Write `PyTorch`");
    assert_eq!(
        fixed(text, &analysis, Code::NonCanonicalSpelling),
        "Train with PyTorch or TensorFlow, serve with vLLM.\n\n\
         ## DeepSpeed on GitHub\n\n\
         Models come from Hugging Face and Hugging Face’s hub; PyTorch is the default.\n"
    );
    // "VLLM" is vLLM misspelled, not an acronym nobody defined.
    assert!(!analysis
        .findings
        .iter()
        .any(|f| f.code == Code::UndefinedAcronym && f.token == "VLLM"));
}

/// NVIDIA writes "NVLink"; "NVLINK" in running prose is the name misspelled (it was once accepted
/// as an alias), while a shouted heading and an environment variable in code are left alone.
#[test]
fn nvlink_in_capitals_is_a_misspelling_in_prose_only() {
    let text = "# WHY NVLINK IS FAST\n\n\
                UCX also supports transfer via TCP and NVLINK; Nvlink is faster.\n\n\
                Set `NCCL_NVLINK_DISABLE=0` first.\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::NonCanonicalSpelling),
        ["3:40 NVLINK", "3:48 Nvlink"]
    );
    assert_eq!(analysis.findings[0].message, "`NVLINK` is spelled “NVLink”");
    assert_eq!(
        fixed(text, &analysis, Code::NonCanonicalSpelling),
        "# WHY NVLINK IS FAST\n\n\
         UCX also supports transfer via TCP and NVLink; NVLink is faster.\n\n\
         Set `NCCL_NVLINK_DISABLE=0` first.\n"
    );
}

/// Elo is a surname, not an acronym, and NVIDIA's library is "Transformer Engine" (its repository
/// "TransformerEngine"); set 17's reader found "the ELO ranking system" and "TransformersEngine"
/// passed in prose. Code keeps its spelling.
#[test]
fn a_surname_in_capitals_and_a_library_name_with_an_extra_s_are_misspelled() {
    let text = "We predict ELO scores and train with TransformersEngine.\n\n\
                Read `lb_arena[\"ELO\"]` from the TransformerEngine repository.\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::NonCanonicalSpelling),
        ["1:12 ELO", "1:38 TransformersEngine"]
    );
    assert_eq!(
        fixed(text, &analysis, Code::NonCanonicalSpelling),
        "We predict Elo scores and train with Transformer Engine.\n\n\
         Read `lb_arena[\"ELO\"]` from the TransformerEngine repository.\n"
    );
}

/// A link to a project's own page names it as the project spells itself; a link to a page of the
/// Hugging Face site that is no project's (the model listing, a collection) has the writer's words.
#[test]
fn a_name_in_a_link_text_is_the_projects_only_on_the_projects_page() {
    let text = "Pick an adapter from the [HuggingFace Hub](https://huggingface.co/models) or the \
                [HuggingFace collection](https://huggingface.co/collections/argilla/prefs); \
                the org is [HuggingFaceH4](https://huggingface.co/HuggingFaceH4).\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::NonCanonicalSpelling),
        ["1:27 HuggingFace", "1:83 HuggingFace"]
    );
}

#[test]
fn a_misspelled_name_inside_a_longer_name_is_still_misspelled() {
    // A capitalised word after it makes a longer name, whose first word is still the known one.
    let text = "Models are on the Huggingface Hub; train with Pytorch Lightning.\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::NonCanonicalSpelling),
        ["1:19 Huggingface", "1:47 Pytorch"]
    );
    assert_eq!(
        fixed(text, &analysis, Code::NonCanonicalSpelling),
        "Models are on the Hugging Face Hub; train with PyTorch Lightning.\n"
    );
    // So is a hyphenated model name's first part: "Deepseek team … Deepseek-V2" is fixed whole.
    let text = "The Deepseek team wrote the Deepseek-V2 report.\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::NonCanonicalSpelling),
        ["1:5 Deepseek", "1:29 Deepseek"]
    );
    assert_eq!(
        fixed(text, &analysis, Code::NonCanonicalSpelling),
        "The DeepSeek team wrote the DeepSeek-V2 report.\n"
    );
}

#[test]
fn canonical_spellings_and_ordinary_words_are_left_alone() {
    // "rope" is not RoPE; "Rope" opens a sentence. ("LoRa", the radio, is not left alone any more:
    // in documents about language models "LoRa layers" are LoRA's, see check_cli.rs.)
    let text = "PyTorch, TensorFlow, vLLM, DeepSpeed, GitHub, Hugging Face and LoRA are right.\n\
                Rope is cheap; tie a rope. Zero, palm and react are words.\n";
    assert_eq!(spelling(text), Vec::<String>::new());
}

#[test]
fn code_urls_paths_packages_and_identifiers_are_not_prose() {
    let text = "Run `pip install deepspeed` or pip install deepspeed, then call deepspeed.initialize \
                and load pytorch_model.bin from models/pytorch/ or https://github.com/microsoft/DeepSpeed.\n\n\
                ```bash\ndeepspeed --num_gpus 8 train.py  # Pytorch\n```\n\n\
                See [the repo](https://github.com/vllm-project/vllm), install pytorch-lightning, \
                and launch deepspeed --num_gpus 2 with <https://huggingface.co/models>.\n";
    assert_eq!(spelling(text), Vec::<String>::new());
}

#[test]
fn quotations_citations_and_turned_off_text_are_someone_elses_spelling() {
    let text = "> Pytorch is great, said the tweet.\n\n\
                As the reviewer wrote, \"we ported everything to Pytorch last year\".\n\n\
                Writers misspell it \"Pytorch\" or “Pytorch”. Misspellings we collect: <!-- glossary-ls-disable -->Pytorch<!-- glossary-ls-enable -->.\n\n\
                - Smith et al. “Scaling Pytorch to Many GPUs.” arXiv preprint, 2023.\n\n\
                Read [Scaling Pytorch Training to Thousands of GPUs](https://example.com/paper).\n";
    assert_eq!(spelling(text), Vec::<String>::new());
}

#[test]
fn a_name_with_markup_inside_is_reported_without_a_fix() {
    let text = "We use Hugging*Face* models.\n";
    let analysis = run(text);
    let found: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.code == Code::NonCanonicalSpelling)
        .collect();
    // The prose reads "HuggingFace": reported, but no fix rewrites the emphasis.
    assert_eq!(found.len(), 1);
    assert!(found[0].fixes.is_empty());
}

#[test]
fn the_severity_table_can_turn_the_code_off() {
    let text = "Train with Pytorch.\n";
    let mut settings = Settings::default();
    settings.severity.insert(Code::NonCanonicalSpelling, None);
    let analysis = analyze(text, DocKind::Markdown, &engine(), &settings);
    assert!(analysis.findings.is_empty());
}

#[test]
fn a_project_glossary_adds_its_own_names_and_wrong_forms() {
    let toml = r#"
[[term]]
name = "AcmeTrain"
kind = "name"
definition = "Our trainer."
wrong_forms = ["acmetrain", "Acme Train"]
"#;
    let entries = parse_toml(Path::new("team.toml"), toml).expect("valid glossary");
    let builtin = Config::default().glossary().complete().expect("built-in");
    let mut glossary = Glossary::clone(&builtin);
    glossary.extend(entries);
    let engine = Engine::new(Arc::new(glossary));
    let text = "Start acmetrain, or Acme Train, or Acmetrain, then AcmeTrain.\n";
    let analysis = run_with(text, &engine);
    // The listed forms, and the generated one-capital form of a run-together name.
    assert_eq!(
        of_code(text, &analysis, Code::NonCanonicalSpelling),
        ["1:7 acmetrain", "1:21 Acme Train", "1:36 Acmetrain"]
    );
    assert_eq!(
        fixed(text, &analysis, Code::NonCanonicalSpelling),
        "Start AcmeTrain, or AcmeTrain, or AcmeTrain, then AcmeTrain.\n"
    );
}

// ---------------------------------------------------------------- inconsistent-expansion

#[test]
fn an_acronym_spelled_out_as_two_terms_is_reported_at_the_second_with_the_first_related() {
    let text = "Reinforcement learning (RL) trains policies.\n\n\
                ## Later\n\n\
                Representation learning (RL) is another thing.\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::InconsistentExpansion),
        ["5:1 RL"]
    );
    let finding = analysis
        .findings
        .iter()
        .find(|f| f.code == Code::InconsistentExpansion)
        .expect("finding");
    assert_eq!(
        finding.message,
        "`RL` is spelled out as “Representation learning” here but as “Reinforcement learning” on line 1"
    );
    assert_eq!(&text[finding.range.clone()], "Representation learning");
    assert_eq!(
        &text[finding.related[0].range.clone()],
        "Reinforcement learning"
    );
    assert!(
        finding.fixes.is_empty(),
        "which one is meant is the writer's call"
    );
}

#[test]
fn a_second_expansion_in_the_same_section_is_inconsistent_not_redundant() {
    let text = "Reinforcement learning (RL) trains policies. \
                Representation learning (RL) is another thing.\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::InconsistentExpansion),
        ["1:46 RL"]
    );
    assert_eq!(
        of_code(text, &analysis, Code::RedundantDefinition),
        Vec::<String>::new(),
        "a definition with another meaning is not a repetition to delete"
    );
}

#[test]
fn case_hyphens_plurals_and_quotations_are_not_another_term() {
    let text = "Reinforcement Learning (RL) first.\n\n\
                ## Again\n\n\
                Then reinforcement-learning (RL) again, and large language models (LLMs) and a \
                Large Language Model (LLM).\n\n\
                > The paper says Representation learning (RL) here.\n";
    assert_eq!(
        of_code(text, &run(text), Code::InconsistentExpansion),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------- acronym-used-once

#[test]
fn an_acronym_used_once_is_off_by_default() {
    let text = "We train with Group Relative Policy Optimization (GRPO) and stop.\n";
    let analysis = analyze(text, DocKind::Markdown, &engine(), &Settings::default());
    assert!(analysis.findings.is_empty(), "{:?}", analysis.findings);
}

#[test]
fn an_acronym_introduced_and_never_used_again_keeps_only_its_long_form() {
    let text = "We train with Group Relative Policy Optimization (GRPO) and stop.\n";
    let analysis = run(text);
    assert_eq!(
        of_code(text, &analysis, Code::AcronymUsedOnce),
        ["1:51 GRPO"]
    );
    let finding = analysis
        .findings
        .iter()
        .find(|f| f.code == Code::AcronymUsedOnce)
        .expect("finding");
    assert_eq!(
        finding.message,
        "`GRPO` is introduced but never used again: the long form alone reads better"
    );
    assert_eq!(finding.fixes[0].title, "Drop “(GRPO)”");
    assert_eq!(
        fixed(text, &analysis, Code::AcronymUsedOnce),
        "We train with Group Relative Policy Optimization and stop.\n"
    );
}

#[test]
fn an_acronym_used_again_anywhere_or_defined_in_other_words_is_not_used_once() {
    for text in [
        // Used again, in running text, a heading, a plural or a name.
        "Group Relative Policy Optimization (GRPO) drops the critic. GRPO is cheap.\n",
        "Group Relative Policy Optimization (GRPO) drops the critic.\n\n## GRPO in practice\n",
        "Large language models (LLMs) are big; each LLM is costly.\n",
        "Mixture of Experts (MoE) layers route tokens, as in Mixtral-MoE.\n",
        // A quotation or code are not the author's introduction.
        "> Group Relative Policy Optimization (GRPO) drops the critic.\n",
        "`Group Relative Policy Optimization (GRPO)` is a string.\n",
    ] {
        assert_eq!(
            of_code(text, &run(text), Code::AcronymUsedOnce),
            Vec::<String>::new(),
            "{text}"
        );
    }
}

#[test]
fn an_introduction_inside_a_link_is_reported_without_a_fix() {
    // Cutting "(GRPO)" out of a link's text would change the link: the writer decides.
    let text = "See [Group Relative Policy Optimization (GRPO)](https://example.com/grpo).\n";
    let analysis = run(text);
    let once: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.code == Code::AcronymUsedOnce)
        .collect();
    assert_eq!(once.len(), 1);
    assert!(once[0].fixes.is_empty(), "{once:?}");
}

// ---------------------------------------------------------------- long-form-after-definition

fn long_forms(text: &str) -> Analysis {
    let mut settings = Settings::default();
    settings.severity.insert(
        Code::LongFormAfterDefinition,
        Some(Code::LongFormAfterDefinition.default_severity()),
    );
    analyze(text, DocKind::Markdown, &engine(), &settings)
}

#[test]
fn the_long_form_after_the_definition_in_its_section_becomes_the_acronym() {
    let text = "Reinforcement learning (RL) trains agents. Reinforcement Learning needs rewards, \
                and large language models (LLMs) get tuned: an RL run, two large language models, \
                a large language model.\n";
    let analysis = long_forms(text);
    assert_eq!(
        of_code(text, &analysis, Code::LongFormAfterDefinition),
        [
            "1:44 Reinforcement Learning",
            "1:141 large language models",
            "1:166 large language model"
        ]
    );
    let first = &analysis
        .findings
        .iter()
        .find(|f| f.code == Code::LongFormAfterDefinition)
        .expect("finding");
    assert_eq!(first.message, "`RL` is defined on line 1: write `RL` here");
    // "a large language model" would become "a LLM": no fix there.
    assert_eq!(
        fixed(text, &analysis, Code::LongFormAfterDefinition),
        "Reinforcement learning (RL) trains agents. RL needs rewards, \
         and large language models (LLMs) get tuned: an RL run, two LLMs, \
         a large language model.\n"
    );
    // Off by default.
    assert!(!run_default(text)
        .findings
        .iter()
        .any(|f| f.code == Code::LongFormAfterDefinition));
}

#[test]
fn other_sections_quotations_links_code_and_definitions_keep_the_long_form() {
    let text = "Reinforcement learning (RL) trains agents.\n\n\
                ## Next\n\n\
                Reinforcement learning again, in a new section.\n";
    assert!(of_code(text, &long_forms(text), Code::LongFormAfterDefinition).is_empty());
    for later in [
        "> Reinforcement learning is old.",
        "See [Reinforcement learning](https://example.com/rl).",
        "`reinforcement learning` is a string.",
        "Reinforcement learning (RL) again.",
        "Reinforcement learning (see above) again.",
    ] {
        let text = format!("Reinforcement learning (RL) trains agents.\n\n{later}\n");
        assert!(
            of_code(&text, &long_forms(&text), Code::LongFormAfterDefinition).is_empty(),
            "{later}"
        );
    }
}
