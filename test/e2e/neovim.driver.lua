-- Drives headless Neovim for test/e2e/neovim.e2e.ts, after the README's recipe (the init file):
-- opens package.json and a Dockerfile as a user would, waits for the server's diagnostics, asks
-- for a hover, writes what it saw as JSON to $TP_RESULT and quits. Runs on Neovim 0.7 and later.
local ws, out = vim.env.TP_WORKSPACE, vim.env.TP_RESULT
local lsp_log = require('vim.lsp.log')
local uv = vim.uv or vim.loop
local version = vim.version()
local result = { nvim = string.format('%d.%d.%d', version.major, version.minor, version.patch), log = lsp_log.get_filename(), steps = {} }
lsp_log.set_level('info') -- the server's log messages and the client's warnings, in the log

local function clients_of(buf)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = buf }) end -- 0.10+
  return vim.tbl_values(vim.lsp.buf_get_clients(buf))
end

local function ours(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'tech-policy' then
      table.insert(list, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, code = d.code, message = d.message })
    end
  end
  return list
end

-- Opens a file of the workspace and waits until a tech-policy diagnostic with `code` is on it.
local function open(rel, code)
  local started = uv.hrtime()
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. rel))
  local buf = vim.api.nvim_get_current_buf()
  local seen = vim.wait(15000, function()
    for _, d in ipairs(ours(buf)) do
      if d.code == code then return true end
    end
    return false
  end, 20)
  local ids = {}
  for _, c in ipairs(clients_of(buf)) do table.insert(ids, { id = c.id, name = c.name, root = c.config.root_dir }) end
  local step = {
    file = rel,
    buf = buf,
    waited_for = code,
    seen = seen,
    ms = math.floor((uv.hrtime() - started) / 1e6),
    clients = ids,
    lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false),
    diagnostics = ours(buf),
  }
  table.insert(result.steps, step)
  return buf, step
end

local function hover(buf, needle)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = lnum - 1, character = col } }
      local responses, err = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
      local texts = {}
      for _, r in pairs(responses or {}) do
        local contents = r.result and r.result.contents
        if type(contents) == 'table' then table.insert(texts, contents.value or vim.inspect(contents)) end
        if type(contents) == 'string' then table.insert(texts, contents) end
        if r.error then table.insert(texts, 'error: ' .. vim.inspect(r.error)) end
      end
      return { at = params.position, text = table.concat(texts, '\n'), error = err }
    end
  end
  return { error = needle .. ' not found' }
end

-- The code actions offered on the buffer's first tech-policy diagnostic (their titles).
local function actions(buf)
  local d = vim.diagnostic.get(buf)[1]
  if not d then return {} end
  local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
  -- the diagnostic as the server sent it (0.7 keeps only code, data and a few more in user_data.lsp)
  local lsp_diagnostic = vim.tbl_extend('force', (d.user_data or {}).lsp or {}, { range = range, message = d.message, source = d.source, code = d.code, severity = d.severity })
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, range = range, context = { diagnostics = { lsp_diagnostic } } }
  local titles, all = {}, {}
  for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}) do
    for _, a in ipairs(r.result or {}) do
      table.insert(titles, a.title)
      table.insert(all, a)
    end
  end
  return titles, all
end

-- The rule's documentation, as a Neovim user reaches it: the README's <Leader>tr on the finding's
-- line (the opener stubbed to record the address), and the code action "Show rule documentation",
-- whose command makes the server say where the page is (Neovim 0.7 cannot be asked to open it).
local function rule_documentation(buf, needle, all)
  local out = {}
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(needle, 1, true) then
      vim.api.nvim_win_set_cursor(0, { lnum, 0 })
      break
    end
  end
  local jobstart, open = vim.fn.jobstart, vim.ui.open
  vim.fn.jobstart = function(cmd) out.opened = cmd[#cmd] return 1 end
  if open then vim.ui.open = function(href) out.opened = href end end
  vim.cmd('normal \\tr')
  vim.fn.jobstart, vim.ui.open = jobstart, open
  local shown = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(_, params) out.message = params.message end
  for _, a in ipairs(all) do
    if a.title:find('^Show rule documentation') and a.command then
      vim.lsp.buf_request_sync(buf, 'workspace/executeCommand', a.command, 10000)
      vim.wait(10000, function() return out.message ~= nil end, 20)
    end
  end
  vim.lsp.handlers['window/showMessage'] = shown
  return out
end

local ok, err = xpcall(function()
  local pkg = open('package.json', 'new-technology')
  result.hover = hover(pkg, '"fastify"')
  local all
  result.actions, all = actions(pkg)
  result.rule = rule_documentation(pkg, '"fastify"', all)
  open('services/search/Dockerfile', 'new-service')
end, debug.traceback)
if not ok then result.error = err end
local file = assert(io.open(out, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
