use std::process::ExitCode;

fn main() -> ExitCode {
    glossary_ls::cli::run()
}
