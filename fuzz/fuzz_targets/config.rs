//! The config parser on arbitrary input: a config or errors with positions, never a panic.
#![no_main]

use std::path::Path;

use glossary_ls::config::parse_config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(errors) = parse_config(Path::new("dir/.glossary-ls.toml"), text) {
        assert!(!errors.is_empty());
    }
});
