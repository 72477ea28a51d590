-- glossary-ls for Neovim 0.11+ (vim.lsp.config / vim.lsp.enable).
--
-- Put this folder on 'runtimepath' (or copy this file to ~/.config/nvim/lsp/glossary_ls.lua) and call
-- vim.lsp.enable('glossary_ls'). Override any field with vim.lsp.config('glossary_ls', { ... }).
---@type vim.lsp.Config
return {
  cmd = { 'glossary-ls', 'serve' },
  filetypes = { 'markdown', 'text' },
  -- The project's config file first, then the repository: the first folder above the buffer that holds
  -- any of these is the workspace root (glossary paths in settings are relative to it).
  root_markers = { '.glossary-ls.toml', 'glossary-ls.toml', '.git' },
  -- The keys of .glossary-ls.toml (see the README, "Configuration"). Empty: the server's defaults and
  -- the project's config file. Example: { ['glossary-ls'] = { ['inlay-hints'] = 'undefined' } }
  settings = {},
}
