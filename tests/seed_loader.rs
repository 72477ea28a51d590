//! The explainer's own file, `data/llm-glossary.txt`, loads through the explainer-format loader as a user
//! glossary would, and what it says about acronyms is read correctly.

use std::path::Path;

use glossary_ls::glossary::load::{load_file, parse_explainer};
use glossary_ls::glossary::{Kind, Origin};

/// The explainer's glossary as received, the source of record (read by the tests only: the binary
/// carries the curated `data/glossary.toml` instead).
const SEED_TXT: &str = include_str!("../data/llm-glossary.txt");

#[test]
fn the_seed_loads_with_all_299_entries_and_their_sections() {
    let entries =
        parse_explainer(Path::new("data/llm-glossary.txt"), SEED_TXT).expect("seed loads");
    assert_eq!(entries.len(), 299);
    assert!(entries.iter().all(|e| e.section.is_some()));
    let first = &entries[0];
    assert_eq!(first.name, "\"aha moment\"");
    assert_eq!(
        first.section.as_ref().map(ToString::to_string).as_deref(),
        Some("§23 · GRPO & DeepSeek-R1")
    );
    let last = entries.last().expect("entries");
    assert_eq!(last.name, "zero-shot");
    assert_eq!(
        last.section.as_ref().map(ToString::to_string).as_deref(),
        Some("§12 · GPT-2")
    );
}

#[test]
fn the_seed_file_loads_as_a_user_glossary_by_its_extension() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/llm-glossary.txt");
    let entries = load_file(&path).expect("loads as a user glossary");
    assert_eq!(entries.len(), 299);
    assert!(entries.iter().all(|e| e.origin == Origin::User));
    let cot = entries
        .iter()
        .find(|e| e.name == "chain-of-thought")
        .expect("CoT entry");
    assert_eq!(cot.acronym.as_deref(), Some("CoT"));
    assert_eq!(cot.kind, Kind::Acronym);
}
