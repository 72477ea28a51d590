-- End-to-end test of glossary-ls in a real Neovim (0.11+), through Neovim's own LSP client and the
-- project's config (editors/neovim/lsp/glossary_ls.lua).
--
--   GLOSSARY_LS_E2E_SERVER=SERVER_BINARY GLOSSARY_LS_E2E_WORK=WORK_FOLDER \
--     nvim --headless -u NONE -i NONE -n -c 'luafile editors/neovim/test/e2e.lua'
--
-- run.sh does this. Every wait has a timeout; any failed check exits non-zero after printing what was
-- expected and what Neovim had.

local server, work = os.getenv('GLOSSARY_LS_E2E_SERVER'), os.getenv('GLOSSARY_LS_E2E_WORK')
assert(server and work, 'set GLOSSARY_LS_E2E_SERVER (the binary) and GLOSSARY_LS_E2E_WORK (a folder)')
local here = vim.fs.dirname(vim.fs.abspath(debug.getinfo(1, 'S').source:sub(2)))
local neovim_config = vim.fs.dirname(here) -- editors/neovim, which holds lsp/glossary_ls.lua

local TIMEOUT = 10000
vim.o.showmode = false
local failures = 0

local function log(...)
  io.stdout:write(table.concat(vim.tbl_map(tostring, { ... }), ' ') .. '\n')
end

--- Runs one named check; a Lua error or failed expectation inside counts as a failure.
local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    log('ok   ' .. name)
  else
    failures = failures + 1
    log('FAIL ' .. name .. '\n     ' .. tostring(err):gsub('\n', '\n     '))
  end
end

local function expect_equal(actual, expected, what)
  if not vim.deep_equal(actual, expected) then
    error(('%s\n  expected: %s\n  actual:   %s'):format(what, vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT, predicate, 20) then
    error('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what, 2)
  end
end

-- The project's Neovim configuration, as a user would load it, with the binary under test.
vim.opt.runtimepath:prepend(neovim_config)
vim.cmd('filetype on')
vim.lsp.config('glossary_ls', { cmd = { server, '--stdio' } })
vim.lsp.enable('glossary_ls')

-- A project of its own: a .glossary-ls.toml marks the root; the document is written here, not taken
-- from the shared corpus.
vim.fn.mkdir(work .. '/docs', 'p')
vim.fn.writefile({ 'ignore = ["TODO"]' }, work .. '/.glossary-ls.toml')
local lines = {
  '# Notes on GRPO',
  '',
  'Group Relative Policy Optimization (GRPO) drops the critic that PPO keeps.',
  'We tried DPO first. Later, Direct Preference Optimization (DPO) won.',
  'Most MoE models run on a GPU; see `PPO` in the code. TODO: numbers.',
  'Direct Preference Optimization (DPO) needs no reward model.',
  'Our ZQXV pipeline is internal; ZQXV runs nightly.',
}
local path = work .. '/docs/notes.md'
vim.fn.writefile(lines, path)
vim.cmd.edit(vim.fn.fnameescape(path))
local buf = vim.api.nvim_get_current_buf()

local client
check('the server attaches to a Markdown buffer, rooted at the .glossary-ls.toml', function()
  expect_equal(vim.bo[buf].filetype, 'markdown', 'filetype')
  wait_for('glossary_ls to attach', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'glossary_ls' })[1]
    return client ~= nil and client.initialized
  end)
  expect_equal(client.root_dir, work, 'root_dir')
  expect_equal(client.server_info and client.server_info.name, 'glossary-ls', 'serverInfo.name')
end)
if not client then
  log('the server never attached; stopping')
  os.exit(1)
end

--- The buffer's diagnostics as { code, start line, start col, end line, end col, severity }, 0-based.
local function diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out[#out + 1] = { d.code, d.lnum, d.col, d.end_lnum, d.end_col, d.severity }
  end
  table.sort(out, function(a, b)
    return a[2] < b[2] or (a[2] == b[2] and a[3] < b[3])
  end)
  return out
end

local S = vim.diagnostic.severity
local expected_diagnostics = {
  { 'acronym-not-spelled-out', 2, 64, 2, 67, S.WARN }, -- PPO (the `PPO` in code is not counted)
  { 'acronym-used-before-definition', 3, 9, 3, 12, S.WARN }, -- "tried DPO", defined later on the line
  { 'acronym-not-spelled-out', 4, 5, 4, 8, S.WARN }, -- MoE (GPU is common; TODO is ignored)
  { 'redundant-definition', 5, 32, 5, 35, S.HINT }, -- DPO spelled out a second time
  { 'undefined-acronym', 6, 4, 6, 8, S.INFO }, -- ZQXV: no glossary knows it, used twice
}

check('diagnostics arrive with the right codes, ranges and severities', function()
  wait_for('diagnostics', function()
    return #vim.diagnostic.get(buf) >= #expected_diagnostics
  end)
  expect_equal(diagnostics(), expected_diagnostics, 'diagnostics')
  local ppo = vim.diagnostic.get(buf, { lnum = 2 })[1]
  expect_equal(ppo.source, 'glossary-ls', 'source')
  expect_equal(
    ppo.message,
    '`PPO` is not spelled out in this document: write “Proximal Policy Optimization (PPO)” at its first use',
    'message'
  )
end)

--- The text of the floating windows open now.
local function floats()
  local texts = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      local b = vim.api.nvim_win_get_buf(win)
      texts[#texts + 1] = table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
    end
  end
  return texts
end

local function close_floats()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      vim.api.nvim_win_close(win, true)
    end
  end
end

check('hover on an acronym shows its expansion (vim.lsp.buf.hover, a floating window)', function()
  vim.api.nvim_win_set_cursor(0, { 3, 65 }) -- on "PPO", line 3 (1-based), column 65 (0-based)
  vim.lsp.buf.hover()
  wait_for('the hover window', function()
    return #floats() > 0
  end)
  local text = floats()[1]
  assert(text:find('PPO', 1, true), 'hover does not name PPO:\n' .. text)
  assert(text:find('Proximal Policy Optimization', 1, true), 'hover has no expansion:\n' .. text)
  assert(text:find('§13 · TRPO to PPO', 1, true), 'hover has no explainer section:\n' .. text)
  close_floats()

  vim.api.nvim_win_set_cursor(0, { 3, 37 }) -- on "GRPO" inside its own definition
  vim.lsp.buf.hover()
  wait_for('the hover window', function()
    return #floats() > 0
  end)
  text = floats()[1]
  assert(text:find('Group Relative Policy Optimization', 1, true), 'GRPO hover:\n' .. text)
  assert(text:find('line 3', 1, true), 'GRPO hover does not say where the document defines it:\n' .. text)
  close_floats()
end)

check(':LspGlossaryDefine shows the entry for the word under the cursor, buffer-local', function()
  vim.api.nvim_win_set_cursor(0, { 3, 65 }) -- on "PPO"
  vim.cmd('LspGlossaryDefine')
  local text = floats()[1] or ''
  assert(text:find('PPO — Proximal Policy Optimization', 1, true), 'no PPO entry:\n' .. text)
  assert(text:find('Introduced in §13 · TRPO to PPO', 1, true), 'no explainer section:\n' .. text)
  close_floats()
  vim.cmd('LspGlossaryDefine zzqx')
  text = floats()[1] or ''
  assert(text:find('`zzqx` is not in the glossary', 1, true), 'unknown term:\n' .. text)
  close_floats()
  local scratch = vim.api.nvim_create_buf(true, false)
  expect_equal(vim.api.nvim_buf_get_commands(scratch, {}).LspGlossaryDefine, nil, 'command in another buffer')
end)

check('inlay hints show an acronym expansion after its use', function()
  vim.lsp.inlay_hint.enable(true, { bufnr = buf })
  local function hints()
    local out = {}
    for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
      local label = item.inlay_hint.label
      if type(label) == 'table' then
        label = table.concat(vim.tbl_map(function(part)
          return part.value
        end, label))
      end
      out[#out + 1] = { item.inlay_hint.position.line, item.inlay_hint.position.character, label }
    end
    table.sort(out, function(a, b)
      return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
    end)
    return out
  end
  wait_for('inlay hints', function()
    return #hints() > 0
  end)
  local ppo
  for _, hint in ipairs(hints()) do
    if hint[1] == 2 and hint[2] == 67 then
      ppo = hint
    end
  end
  expect_equal(ppo, { 2, 67, '(Proximal Policy Optimization)' }, 'the hint after "PPO" on line 3\n  all: ' .. vim.inspect(hints()))
end)

--- Types `keys` (which end in Insert mode), waits for the completion menu, picks the item labelled
--- `label` in it and accepts it with <C-y>, then leaves Insert mode: what a user does. Returns the line
--- the cursor is on afterwards.
local function complete_and_accept(keys, label)
  local picked, menu
  local deadline = vim.uv.now() + TIMEOUT
  local function poll()
    if vim.fn.pumvisible() == 1 then
      local items = vim.fn.complete_info({ 'items' }).items
      menu = vim.tbl_map(function(item)
        return item.abbr
      end, items)
      for i, item in ipairs(items) do
        if item.abbr == label and not picked then
          picked = i - 1
        end
      end
      if picked then
        vim.api.nvim_select_popupmenu_item(picked, true, false, {})
        vim.api.nvim_feedkeys(vim.keycode('<C-y><Esc>'), 'n', false)
      else
        vim.api.nvim_feedkeys(vim.keycode('<C-e><Esc>'), 'n', false)
      end
    elseif vim.uv.now() > deadline then
      vim.api.nvim_feedkeys(vim.keycode('<Esc>'), 'n', false)
    else
      vim.defer_fn(poll, 20)
    end
  end
  vim.defer_fn(poll, 20)
  -- 'x!': run the keys and stay in Insert mode, handling events (the server's answer, the timer
  -- above) until the timer's <Esc> ends it.
  vim.api.nvim_feedkeys(keys, 'nx!', false)
  if not picked then
    error(('no %q in the completion menu; the menu: %s'):format(label, vim.inspect(menu)), 2)
  end
  return vim.api.nvim_get_current_line()
end

-- As Neovim's documentation advises for LSP completion: always a menu, nothing inserted until chosen.
vim.o.completeopt = 'menuone,noselect,popup'
vim.opt.shortmess:append('c') -- no "match 1 of 2" messages in the test's output
local line_count = #lines

check('<C-x><C-o> then <C-y> writes the whole term in the buffer (vim.lsp.omnifunc)', function()
  expect_equal(vim.bo[buf].omnifunc, 'v:lua.vim.lsp.omnifunc', 'omnifunc')
  -- PPO is not spelled out above: accepting it writes the spelled-out form.
  local line = complete_and_accept('Go' .. 'We use Proxim' .. vim.keycode('<C-x><C-o>'), 'PPO')
  expect_equal(line, 'We use Proximal Policy Optimization (PPO)', 'the line after accepting PPO')
  -- A later word of a term: "cac" offers "KV cache", which replaces just the word typed.
  line = complete_and_accept('Go' .. 'The cac' .. vim.keycode('<C-x><C-o>'), 'KV cache')
  expect_equal(line, 'The KV cache', 'the line after accepting KV cache')
  -- The words of the term already typed are not written twice.
  line = complete_and_accept('Go' .. 'The KV cac' .. vim.keycode('<C-x><C-o>'), 'KV cache')
  expect_equal(line, 'The KV cache', 'the line after accepting KV cache after "KV "')
end)

check('completion as you type (vim.lsp.completion with autotrigger, as the README sets it up)', function()
  -- The README's LspAttach lines: letters trigger completion, then autotrigger.
  local letters = {}
  for letter in ('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'):gmatch('.') do
    letters[#letters + 1] = letter
  end
  client.server_capabilities.completionProvider.triggerCharacters = letters
  vim.lsp.completion.enable(true, client.id, buf, { autotrigger = true })
  local line = complete_and_accept('Go' .. 'Prompting with chain-of-th', 'chain-of-thought')
  expect_equal(line, 'Prompting with chain-of-thought (CoT)', 'the line after accepting chain-of-thought')
  line = complete_and_accept('Go' .. 'The cac', 'KV cache')
  expect_equal(line, 'The KV cache', 'the line after accepting KV cache')
  vim.lsp.completion.enable(false, client.id, buf)
end)

-- Take the completed lines out again.
vim.api.nvim_buf_set_lines(buf, line_count, -1, false, {})

check('the quick fix spells out the first use, in the buffer', function()
  wait_for('diagnostics for the restored text', function()
    return vim.deep_equal(diagnostics(), expected_diagnostics)
  end)
  vim.api.nvim_win_set_cursor(0, { 3, 65 })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.kind == 'quickfix' and action.title == 'Spell out: Proximal Policy Optimization (PPO)'
    end,
  })
  local fixed = 'Group Relative Policy Optimization (GRPO) drops the critic that Proximal Policy Optimization (PPO) keeps.'
  wait_for('the edit', function()
    return vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1] == fixed
  end)
  local want = vim.deepcopy(lines)
  want[3] = fixed
  expect_equal(vim.api.nvim_buf_get_lines(buf, 0, -1, false), want, 'the whole buffer after the fix')
  wait_for('the PPO diagnostic to go', function()
    return #vim.diagnostic.get(buf) == #expected_diagnostics - 1
  end)
  expect_equal(diagnostics(), vim.list_slice(expected_diagnostics, 2), 'diagnostics after the fix')
end)

check('an edit typed into the buffer updates the diagnostics', function()
  -- Typed keys, as a user would: a new last line in Insert mode, then Esc.
  vim.api.nvim_feedkeys(vim.keycode('Go') .. 'We also tried RLHF here.' .. vim.keycode('<Esc>'), 'xt', false)
  local last = vim.api.nvim_buf_line_count(buf) - 1
  expect_equal(vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1], 'We also tried RLHF here.', 'typed line')
  local want = vim.list_slice(expected_diagnostics, 2)
  want[#want + 1] = { 'acronym-not-spelled-out', last, 14, last, 18, S.WARN }
  wait_for('the RLHF diagnostic', function()
    return vim.deep_equal(diagnostics(), want)
  end)
  -- Spelling it out, typed the same way, makes the diagnostic go again.
  vim.api.nvim_feedkeys(
    vim.keycode('0fRciw') .. 'Reinforcement Learning from Human Feedback (RLHF)' .. vim.keycode('<Esc>'),
    'xt',
    false
  )
  expect_equal(
    vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1],
    'We also tried Reinforcement Learning from Human Feedback (RLHF) here.',
    'typed definition'
  )
  want[#want] = nil
  wait_for('the RLHF diagnostic to go', function()
    return vim.deep_equal(diagnostics(), want)
  end)
end)

check('"Add `ZQXV` to the project\'s ignore list" writes the config, and the finding goes at once', function()
  -- Neovim on Linux does not watch files for servers, and a workspace edit would stay in an unsaved
  -- buffer: the server writes the file and reviews the document again itself.
  -- What the checks above left (PPO spelled out, RLHF typed and spelled out), less ZQXV.
  local want = vim.list_slice(expected_diagnostics, 2, #expected_diagnostics - 1)
  vim.api.nvim_win_set_cursor(0, { 7, 5 }) -- on "ZQXV"
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.title == "Add `ZQXV` to the project's ignore list"
    end,
  })
  if not vim.wait(TIMEOUT, function()
    return vim.deep_equal(diagnostics(), want)
  end, 20) then
    expect_equal(diagnostics(), want, 'diagnostics after the action (config file: '
      .. vim.inspect(vim.fn.readfile(work .. '/.glossary-ls.toml')) .. ')')
  end
  expect_equal(vim.fn.readfile(work .. '/.glossary-ls.toml'), { 'ignore = ["TODO", "ZQXV"]' }, 'the config file')
  local unsaved = vim.tbl_filter(function(b)
    return vim.bo[b].modified and b ~= buf
  end, vim.api.nvim_list_bufs())
  expect_equal(unsaved, {}, 'buffers left unsaved')
end)

check('LaTeX and reStructuredText buffers attach and get diagnostics, math and code left out', function()
  local documents = {
    -- A LaTeX command makes Neovim's filetype `tex` (without one, `plaintex`: also read as LaTeX).
    ['paper.tex'] = { 'tex', { '\\documentclass{article}', 'We tune with PPO, not $PPO$.', '% PPO in a comment' }, 1 },
    ['guide.rst'] = { 'rst', { 'We tune with PPO.', '', '.. code-block:: python', '', '   PPO()' }, 0 },
  }
  for name, document in pairs(documents) do
    local file = work .. '/docs/' .. name
    vim.fn.writefile(document[2], file)
    vim.cmd.edit(vim.fn.fnameescape(file))
    local b = vim.api.nvim_get_current_buf()
    expect_equal(vim.bo[b].filetype, document[1], name .. ' filetype')
    wait_for(name .. ' diagnostics', function()
      return #vim.diagnostic.get(b) > 0
    end)
    local found = vim.tbl_map(function(d)
      return { d.code, d.lnum, d.col, d.end_col }
    end, vim.diagnostic.get(b))
    expect_equal(found, { { 'acronym-not-spelled-out', document[3], 13, 16 } }, name .. ' diagnostics')
  end
end)

vim.lsp.stop_client(client.id)
vim.wait(2000, function()
  return client:is_stopped()
end, 20)
if failures > 0 then
  log(('%d check(s) failed'):format(failures))
  os.exit(1)
end
log('all checks passed')
os.exit(0)
