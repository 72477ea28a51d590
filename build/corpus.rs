//! Tells the tests whether the corpora of real documents are there, so that a test that needs one is
//! marked ignored when it is not ("test … ignored, GLOSSARY_LS_CORPUS was not set when the tests were
//! built", and "N ignored" in the summary) instead of passing without running: libtest has no way to
//! skip a test at run time, but `#[cfg_attr(not(glossary_ls_corpus), ignore = "…")]` is decided at
//! build time, from these cfgs. Setting or unsetting a variable rebuilds the crate.

pub fn set_cfgs() {
    for (variable, cfg) in [
        ("GLOSSARY_LS_CORPUS", "glossary_ls_corpus"),
        ("GLOSSARY_LS_CORPUS_DEV", "glossary_ls_corpus_dev"),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        println!("cargo::rerun-if-env-changed={variable}");
        if std::env::var_os(variable).is_some_and(|value| !value.is_empty()) {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
