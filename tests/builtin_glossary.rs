//! The built-in glossary is exact, curated data: every seed entry verbatim, every acronym the seed spells
//! out with the right expansion, and the schema rules of data/README.md.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use glossary_ls::glossary::builtin::{
    glossary_entries, supplement_entries, GLOSSARY_TOML, SUPPLEMENT_TOML,
};
use glossary_ls::glossary::load::explainer_infer_acronym as infer_acronym;
use glossary_ls::glossary::load::{parse_explainer, parse_toml};
use glossary_ls::glossary::{Entry, ExpansionSource, Familiarity, Kind, Origin};

/// The explainer's glossary as received, the source of record; only the tests read it.
const SEED_TXT: &str = include_str!("../data/llm-glossary.txt");
use glossary_ls::text::acronym::{expansion_fits, is_acronym_like};

fn all_builtin() -> Vec<&'static Entry> {
    glossary_entries()
        .iter()
        .chain(supplement_entries())
        .collect()
}

#[test]
fn the_data_files_parse_without_errors() {
    let core = parse_toml(Path::new("glossary.toml"), GLOSSARY_TOML);
    assert!(core.is_ok(), "{:?}", core.err());
    let supplement = parse_toml(Path::new("supplement.toml"), SUPPLEMENT_TOML);
    assert!(supplement.is_ok(), "{:?}", supplement.err());
    assert!(glossary_entries().len() >= 299);
}

#[test]
fn every_seed_entry_is_built_in_with_identical_definition_and_section() {
    let seed = parse_explainer(Path::new("llm-glossary.txt"), SEED_TXT).expect("seed loads");
    assert_eq!(seed.len(), 299);
    let built_in: HashMap<&str, &Entry> = glossary_entries()
        .iter()
        .map(|e| (e.name.as_str(), e))
        .collect();
    let mut seed_names = Vec::new();
    for expected in &seed {
        let entry = built_in.get(expected.name.as_str()).unwrap_or_else(|| {
            panic!(
                "seed entry `{}` is missing from glossary.toml",
                expected.name
            )
        });
        assert_eq!(
            entry.definition, expected.definition,
            "definition of `{}`",
            expected.name
        );
        assert_eq!(
            entry.section, expected.section,
            "section of `{}`",
            expected.name
        );
        assert_eq!(entry.origin, Origin::Seed, "origin of `{}`", expected.name);
        seed_names.push(entry.name.as_str());
    }
    let seed_origin: Vec<&str> = glossary_entries()
        .iter()
        .filter(|e| e.origin == Origin::Seed)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(
        seed_origin, seed_names,
        "seed entries, in seed order, and nothing else marked seed"
    );
}

#[test]
fn every_acronym_the_seed_spells_out_has_that_expansion() {
    let lines: Vec<&str> = SEED_TXT
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .collect();
    let mut checked = 0;
    for pair in lines.chunks(2) {
        let [term, definition] = pair else { continue };
        let term = term.split(" Introduced in ").next().unwrap_or(term);
        let inferred = infer_acronym(term, definition);
        let (Some(acronym), Some(expansion)) = (&inferred.acronym, &inferred.expansion) else {
            continue;
        };
        let entry = glossary_entries()
            .iter()
            .find(|e| e.name == inferred.name)
            .unwrap_or_else(|| panic!("no entry `{}`", inferred.name));
        assert_eq!(
            entry.acronym.as_ref(),
            Some(acronym),
            "acronym of `{}`",
            entry.name
        );
        // "Remote DMA" for RDMA leaves an acronym inside: the curators may supply the full expansion.
        let partly_spelled = expansion
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(is_acronym_like);
        if partly_spelled && entry.expansion_source == ExpansionSource::Supplied {
            continue;
        }
        // The seed sometimes writes the expansion in the plural ("Rotary Position Embeddings"); the data
        // keeps the singular, which is what the acronym stands for. The data writes expansions as they
        // read mid-sentence ("reinforcement learning", "Reward-Ranked Fine-Tuning"), so capitals may
        // differ from the seed's.
        let singular = |s: &str| s.strip_suffix('s').unwrap_or(s).to_lowercase();
        let built_in = entry.expansion.as_deref().map(singular);
        assert_eq!(
            built_in,
            Some(singular(expansion)),
            "expansion of `{}`",
            entry.name
        );
        assert_eq!(
            entry.expansion_source,
            ExpansionSource::Seed,
            "`{}` is spelled out by the seed",
            entry.name
        );
        checked += 1;
    }
    assert!(checked >= 45, "only {checked} acronyms read from the seed");
}

#[test]
fn the_issues_examples_are_curated_as_asked() {
    let get = |name: &str| {
        glossary_entries()
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entry `{name}`"))
    };
    let expect = |name: &str, acronym: &str, expansion: &str, kind: Kind| {
        let entry = get(name);
        assert_eq!(
            (
                entry.acronym.as_deref(),
                entry.expansion.as_deref(),
                entry.kind
            ),
            (Some(acronym), Some(expansion), kind),
            "{name}"
        );
    };
    expect(
        "GRPO",
        "GRPO",
        "Group Relative Policy Optimization",
        Kind::Acronym,
    );
    expect(
        "Mixture of Experts",
        "MoE",
        "mixture of experts",
        Kind::Acronym,
    );
    expect("chain-of-thought", "CoT", "chain-of-thought", Kind::Acronym);
    expect(
        "DPO",
        "DPO",
        "Direct Preference Optimization",
        Kind::Acronym,
    );
    let ssm = get("SSM / hybrid architectures");
    assert_eq!(ssm.acronym.as_deref(), Some("SSM"));
    assert_eq!(
        ssm.expansion.as_deref().map(str::to_lowercase).as_deref(),
        Some("state-space model")
    );
    for name in ["PCIe", "FP16", "BF16", "DAPO", "EAGLE"] {
        let entry = get(name);
        assert!(entry.expansion.is_some(), "{name} has a supplied expansion");
    }
    for name in ["DAPO", "EAGLE", "PCIe"] {
        assert_eq!(
            get(name).expansion_source,
            ExpansionSource::Supplied,
            "{name}"
        );
    }
    for name in ["vLLM", "NVLink", "SwiGLU"] {
        let entry = get(name);
        assert_eq!(
            (entry.kind, entry.expansion.as_deref()),
            (Kind::Name, None),
            "{name}"
        );
    }
    assert!(get("Dr.GRPO").aliases.iter().any(|a| a == "Dr. GRPO"));
    for derived in ["RL", "KV", "EOS", "NTK"] {
        let entry = glossary_entries()
            .iter()
            .find(|e| e.acronym.as_deref() == Some(derived))
            .unwrap_or_else(|| panic!("no entry carries `{derived}`"));
        assert!(entry.expansion.is_some(), "{derived}");
    }
    let rl = get("RL");
    assert_eq!(
        (rl.origin, rl.derived_from.is_some()),
        (Origin::Derived, true)
    );
}

#[test]
fn schema_rules_hold_for_every_built_in_entry() {
    let entries = all_builtin();
    let names: HashSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names.len(),
        entries.len(),
        "names are unique across glossary.toml and supplement.toml"
    );
    let mut acronyms: HashMap<(&str, String), &str> = HashMap::new();
    for entry in &entries {
        let name = entry.name.as_str();
        assert!(!entry.definition.trim().is_empty(), "{name}: definition");
        if entry.expansion.is_some() {
            assert!(
                entry.acronym.is_some(),
                "{name}: expansion needs an acronym"
            );
        }
        if entry.kind == Kind::Acronym {
            assert!(
                entry.must_spell_out(),
                "{name}: kind acronym needs acronym and expansion"
            );
        }
        // `letters_fit = false` is for the few acronyms whose letters their expansion does not carry
        // (MX = microscaling); set where the letters do fit, it would only loosen the definition test.
        if let (Some(acronym), Some(expansion)) = (&entry.acronym, &entry.expansion) {
            assert_eq!(
                expansion_fits(acronym, expansion),
                entry.letters_fit,
                "{name}: `{expansion}` does not fit `{acronym}`, or fits though `letters_fit = false`"
            );
        }
        // An acronym may carry two meanings (SAC: soft actor-critic, selective activation
        // checkpointing); the engine then offers both and prefers neither. The same meaning twice is
        // a duplicate.
        if let Some(acronym) = &entry.acronym {
            let meaning = entry
                .expansion
                .as_deref()
                .unwrap_or_default()
                .to_lowercase();
            if let Some(other) = acronyms.insert((acronym.as_str(), meaning), name) {
                panic!("acronym `{acronym}` is carried by both `{other}` and `{name}` with one meaning");
            }
        }
        for alias in &entry.aliases {
            assert!(
                !names.contains(alias.as_str()) || alias == name,
                "{name}: alias `{alias}` is another entry's name"
            );
        }
        for target in &entry.see_also {
            assert!(
                names.contains(target.as_str()),
                "{name}: see-also `{target}` does not exist"
            );
            assert_ne!(target, name, "{name} links to itself");
        }
        match entry.origin {
            Origin::Derived => {
                let from = entry
                    .derived_from
                    .as_deref()
                    .unwrap_or_else(|| panic!("{name}: derived_from"));
                let source = entries
                    .iter()
                    .find(|e| e.name == from)
                    .unwrap_or_else(|| panic!("{name}: derived from unknown `{from}`"));
                if entry.expansion_source == ExpansionSource::Seed {
                    let expansion = entry
                        .expansion
                        .as_deref()
                        .unwrap_or_default()
                        .to_lowercase();
                    assert!(
                        source.definition.to_lowercase().contains(&expansion),
                        "{name}: `{from}` does not spell out `{expansion}`"
                    );
                }
            }
            Origin::Seed | Origin::Supplement => assert!(entry.derived_from.is_none(), "{name}"),
            Origin::User => panic!("{name}: built-in entries are never `user`"),
        }
    }
    for entry in supplement_entries() {
        assert_eq!(entry.origin, Origin::Supplement, "{}", entry.name);
        assert!(
            entry.section.is_none(),
            "{}: supplement entries have no section",
            entry.name
        );
    }
}

fn builtin(name: &str) -> &'static Entry {
    all_builtin()
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no built-in entry `{name}`"))
}

/// A plain number format: FP16, BF16, TF32, INT8, and the block formats MXFP8, NVFP4, NF4.
fn is_number_format(token: &str) -> bool {
    let token = token
        .strip_prefix("MX")
        .or_else(|| token.strip_prefix("NV"))
        .unwrap_or(token);
    ["FP", "BF", "TF", "INT", "NF"].iter().any(|prefix| {
        token
            .strip_prefix(prefix)
            .is_some_and(|bits| !bits.is_empty() && bits.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[test]
fn familiarity_follows_the_data_readme() {
    for entry in all_builtin() {
        let carried = [Some(entry.name.as_str()), entry.acronym.as_deref()];
        if carried.into_iter().flatten().any(is_number_format) {
            assert_eq!(
                entry.familiarity,
                Familiarity::General,
                "{}: a number format is general",
                entry.name
            );
        }
    }
    let familiarity_of = |name: &str| (builtin(name).kind, builtin(name).familiarity);
    for name in [
        "GPU", "VRAM", "OOM", "DRAM", "HBM", "JIT", "PR", "P2P", "E2E", "NFS", "IB", "FP8", "FP16",
        "BF16", "FP32", "INT4", "INT8",
    ] {
        assert_eq!(
            familiarity_of(name),
            (Kind::Acronym, Familiarity::General),
            "{name}"
        );
    }
    assert_eq!(builtin("gRPC").familiarity, Familiarity::General);
    for name in [
        "LLM",
        "RL",
        "RLHF",
        "NLP",
        "supervised fine-tuning",
        "LoRA",
        "Mixture of Experts",
        "KV",
    ] {
        assert_eq!(
            familiarity_of(name),
            (Kind::Acronym, Familiarity::Field),
            "{name}"
        );
    }
    for name in ["ZeRO", "FSDP", "AWQ", "IS", "TF-IDF", "GRPO"] {
        assert_eq!(
            familiarity_of(name),
            (Kind::Acronym, Familiarity::Specialist),
            "{name}"
        );
    }
}

#[test]
fn names_nobody_spells_out_are_names() {
    for name in [
        "GGUF",
        "GPTQ",
        "EXL2",
        "SmoothQuant",
        "AdamW",
        "REINFORCE",
        "EAGLE",
        "BLEU",
        "ROUGE",
        "YAML",
        "HF",
    ] {
        assert_eq!(builtin(name).kind, Kind::Name, "{name}");
    }
}

/// Mixed-case words that are the right spelling of a name, not stylised paper capitals.
const MIXED_CASE_NAMES: &[&str] = &[
    "PyTorch",
    "FLOPs",
    "GPUDirect",
    "TensorFloat",
    "NormalFloat",
    "OpenAssistant",
    "OpenWebText",
    "DataComp",
    "DeepSeek",
    "MosaicML",
    "BigScience",
    "RoPE",
    "BERT",
    "LoRA",
    "InfiniBand",
    "NVLink",
    "AlpacaEval",
    "JavaScript",
    "HyperText",
    "Agent2Agent",
    "DPO-Positive",
    "IS-weight",
    "BIG-Bench",
    "ROCm",
];

/// A word written with stylised capitals: a lower-case letter followed by an upper-case one ("sAmpling",
/// "eXpress"), or capitals running into a lower-case word ("LAnguage", "REtrieval").
fn stylised(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let lower_then_upper = chars
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_uppercase());
    let caps_into_word = chars.len() > 2
        && chars[0].is_uppercase()
        && chars[1].is_uppercase()
        && chars.iter().any(|c| c.is_lowercase())
        && chars.last() != Some(&'s')
        && chars.iter().filter(|c| c.is_uppercase()).count() < chars.len() - 1;
    lower_then_upper || caps_into_word
}

#[test]
fn expansions_can_be_pasted_into_prose() {
    let mut bad = Vec::new();
    for entry in all_builtin() {
        let Some(expansion) = &entry.expansion else {
            continue;
        };
        for word in expansion.split(|c: char| c.is_whitespace() || ",;:()/".contains(c)) {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            let known = MIXED_CASE_NAMES
                .iter()
                .any(|name| word == *name || word.split('-').any(|part| part == *name));
            let stylised_part = word.split('-').any(stylised);
            if stylised_part && !known {
                bad.push(format!("{}: `{word}` in “{expansion}”", entry.name));
            }
        }
    }
    assert!(bad.is_empty(), "stylised capitals:\n{}", bad.join("\n"));
}

#[test]
fn common_noun_expansions_are_lower_case() {
    for (name, expansion) in [
        ("RL", "reinforcement learning"),
        ("LLM", "large language model"),
        ("EOS", "end-of-sequence"),
        ("KV", "key-value"),
        ("Mixture of Experts", "mixture of experts"),
        ("supervised fine-tuning", "supervised fine-tuning"),
        ("PPO", "Proximal Policy Optimization"),
        ("GRPO", "Group Relative Policy Optimization"),
        ("LoRA", "Low-Rank Adaptation"),
        (
            "DAPO",
            "Decoupled Clip and Dynamic Sampling Policy Optimization",
        ),
    ] {
        assert_eq!(
            builtin(name).expansion.as_deref(),
            Some(expansion),
            "{name}"
        );
    }
}
