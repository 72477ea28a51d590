//! Zed extension: starts `glossary-ls serve` for Markdown and plain text. The binary comes from the
//! `lsp.glossary-ls.binary.path` setting, else from `PATH` in the worktree's shell environment.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct GlossaryLs;

impl zed::Extension for GlossaryLs {
    fn new() -> Self {
        GlossaryLs
    }

    fn language_server_command(
        &mut self,
        server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let path = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("glossary-ls"))
            .ok_or_else(|| {
                "glossary-ls is not on PATH: install it (cargo install --path . in a clone) or set \
                 lsp.glossary-ls.binary.path in Zed's settings"
                    .to_string()
            })?;
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["serve".into()]);
        Ok(zed::Command {
            command: path,
            args,
            env: worktree.shell_env(),
        })
    }

    /// `lsp.glossary-ls.initialization_options` from Zed's settings: the keys of `.glossary-ls.toml`.
    fn language_server_initialization_options(
        &mut self,
        server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.initialization_options))
    }

    /// `lsp.glossary-ls.settings`, answered to the server's `workspace/configuration` request.
    fn language_server_workspace_configuration(
        &mut self,
        server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings))
    }
}

zed::register_extension!(GlossaryLs);
