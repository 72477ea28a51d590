---@brief
---
--- https://github.com/glossary-ls/glossary-ls
---
--- Glossary hovers, acronym first-use diagnostics with quick fixes, term completion and inlay hints
--- for technical writing: Markdown, MDX, Quarto, reStructuredText, LaTeX and plain text. A LaTeX
--- chapter opened on its own is read on its own (`glossary-ls check` on the main file follows
--- `\input`/`\include`). Jupyter notebooks: Neovim opens them as JSON, which the server does not read
--- as a notebook; use `glossary-ls check` for them.
---
--- Install a prebuilt binary (`cargo binstall glossary-ls`, or an archive from the GitHub releases) or
--- build it with `cargo install glossary-ls`.
---
--- Settings are the keys of the project's `.glossary-ls.toml` (a project's file wins over them):
--- ```lua
--- vim.lsp.config('glossary_ls', {
---   settings = {
---     ['glossary-ls'] = {
---       ['inlay-hints'] = 'all',
---       ignore = { 'ACME' },
---     },
---   },
--- })
--- ```
---
--- `:LspGlossaryDefine [term]` shows the glossary entry for a term (default: the word under the
--- cursor), with the project's glossaries.

---@type vim.lsp.Config
return {
  cmd = { 'glossary-ls', '--stdio' },
  -- The filetype is the language id the server receives: `rst`, `tex` and `quarto` name their format;
  -- `plaintex` is read as LaTeX by its `.tex` extension.
  filetypes = { 'markdown', 'text', 'mdx', 'quarto', 'rst', 'tex', 'plaintex' },
  -- The project's config file first, then the repository: glossary paths in settings are relative to
  -- the root.
  root_markers = { '.glossary-ls.toml', 'glossary-ls.toml', '.git' },
  settings = {},
  on_attach = function(client, bufnr)
    vim.api.nvim_buf_create_user_command(bufnr, 'LspGlossaryDefine', function(opts)
      local term = opts.args ~= '' and opts.args or vim.fn.expand('<cword>')
      -- The server's own binary answers, from the root, so the project's glossaries apply.
      local result = vim.system({ client.config.cmd[1], 'define', '--', term }, { cwd = client.root_dir, text = true }):wait()
      local text = result.code == 0 and result.stdout or result.stderr
      vim.lsp.util.open_floating_preview(vim.split(vim.trim(text), '\n'), 'markdown', { border = 'rounded' })
    end, { nargs = '?', desc = 'glossary-ls: show the glossary entry for a term' })
  end,
}
