//! The three glossary loaders on arbitrary input: they return entries or errors, never panic, and every
//! error position lies inside the file.
#![no_main]

use std::path::Path;

use glossary_ls::glossary::load::{parse, Format};
use glossary_ls::analysis::Engine;
use glossary_ls::glossary::Glossary;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let format = match selector % 3 {
        0 => Format::Toml,
        1 => Format::Explainer,
        _ => Format::Abbreviations,
    };
    match parse(Path::new("fuzz"), text, format) {
        Ok(entries) => {
            // Whatever loads must also merge, index and match without trouble.
            let engine = Engine::new(std::sync::Arc::new(Glossary::from_entries(entries)));
            let glossary = engine.glossary();
            let _ = engine.index().matcher.find(text);
            let _ = glossary.lookup(text.get(..32.min(text.len())).unwrap_or_default());
        }
        Err(errors) => {
            // Lines as every other part of the product counts them: a lone carriage return ends one too.
            let lines = glossary_ls::text::lines::LineIndex::new(text).line_count() as u32;
            for error in errors {
                if let Some((line, column)) = error.position {
                    assert!(line >= 1 && line <= lines.max(1) && column >= 1, "{error}");
                }
            }
        }
    }
});
