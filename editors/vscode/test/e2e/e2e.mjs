// End-to-end test of the glossary-ls VS Code extension in a real VS Code workbench (code-server), driven
// through headless Chromium with playwright-core, by keyboard, and checked as a user sees it: the
// Problems panel, the hover, the editor's lines, the inlay hints, the command palette.
//
// run.sh starts code-server and Chromium and passes everything in the environment; run that, not this:
//   E2E_URL          code-server's address (http://127.0.0.1:PORT)
//   E2E_CDP          Chromium's DevTools address (http://127.0.0.1:PORT)
//   E2E_WORKSPACE    an empty folder: the documents are written there
//   E2E_USER_DATA    code-server's --user-data-dir: the settings are written there
//   E2E_SERVER       the glossary-ls binary the extension is told to run (glossary-ls.path)
//   E2E_CODE_SERVER_PID  code-server's pid, to find the server processes it started
//   E2E_ARTIFACTS    a folder for screenshots of failures
//   E2E_SCREENSHOT   optional: where to write the README picture (hover and quick fix)
//
// Every wait has a timeout. A failed check prints what was expected and what VS Code showed, with a
// screenshot, and the process exits 1; the closing line is "N passed, N failed".

/* global process, console, setTimeout, document -- document: in page.evaluate, run in the browser */

import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run this through run.sh`);
  }
  return value;
};
const URL = env("E2E_URL");
const CDP = env("E2E_CDP");
const WORKSPACE = env("E2E_WORKSPACE");
const USER_DATA = env("E2E_USER_DATA");
const SERVER = env("E2E_SERVER");
const CODE_SERVER_PID = Number(env("E2E_CODE_SERVER_PID"));
const ARTIFACTS = env("E2E_ARTIFACTS");
const SCREENSHOT = process.env.E2E_SCREENSHOT || "";

const TIMEOUT = 20_000;

// ---- the documents and settings a user would have ------------------------------------------------

const DOCS = {
  "notes.md": "We fine-tune with PPO. PPO is stable.\n",
  "ignore.md": "We compared it with DPO on the same prompts.\n",
  "complete.md": "We use Proxim\n",
  "hints.md":
    "# GRPO in practice\n\nGroup Relative Policy Optimization (GRPO) drops the critic. GRPO samples a group of answers, unlike PPO.\n",
};

const USER_SETTINGS = {
  // No prompts, tours or network calls: a throw-away profile that opens straight into the folder.
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  // One view line per document line, so that the test reads lines as they are in the file.
  "editor.wordWrap": "off",
  "[markdown]": { "editor.wordWrap": "off" },
  // VS Code shortens a line's hints past 43 characters in all; the test reads them whole.
  "editor.inlayHints.maximumLength": 0,
  "editor.minimap.enabled": false,
  "editor.quickSuggestions": { other: "off", comments: "off", strings: "off" },
  "editor.inlayHints.enabled": "on",
  "files.autoSave": "off",
  // Set explicitly: the server's default may change; the settings check switches it.
  "glossary-ls.inlayHints": "all",
};

// `glossary-ls.path` is machine-overridable: in code-server (a remote window) VS Code reads it from
// the Machine settings, not the User ones.
const MACHINE_SETTINGS = { "glossary-ls.path": SERVER };

function writeSettings(folder, settings) {
  fs.mkdirSync(path.join(USER_DATA, folder), { recursive: true });
  fs.writeFileSync(path.join(USER_DATA, folder, "settings.json"), JSON.stringify(settings, null, 2));
}

// ---- a small runner ------------------------------------------------------------------------------

let page;
let passed = 0;
let failed = 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const show = (value) => JSON.stringify(value, null, 2).replace(/\n/g, "\n    ");

class CheckFailure extends Error {}

async function check(name, fn) {
  const started = Date.now();
  try {
    // Whatever a failed check left open (a menu, a hover, Quick Open) goes first.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await fn();
    passed++;
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    const shot = path.join(ARTIFACTS, `fail-${failed}.png`);
    await page?.screenshot({ path: shot }).catch(() => undefined);
    const detail = error instanceof CheckFailure ? error.message : String(error?.stack ?? error);
    console.log(`FAIL ${name}\n    ${detail.replace(/\n/g, "\n    ")}`);
    const notes = await notifications().catch(() => []);
    if (notes.length > 0) {
      console.log(`    VS Code's notifications: ${show(notes)}`);
    }
    console.log(`    screenshot: ${shot}`);
  }
}

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new CheckFailure(`${what}\n  expected: ${show(expected)}\n  actual:   ${show(actual)}`);
  }
}

/** Polls `read` until `ok(value)`; on timeout fails with what was last seen. */
async function waitFor(what, read, ok, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new CheckFailure(`timed out after ${timeout / 1000} s waiting for ${what}\n  last seen: ${show(value)}`);
    }
    await sleep(200);
  }
}

// ---- what a user sees ----------------------------------------------------------------------------

/** Monaco renders spaces as no-break spaces. */
const plain = (text) => text.replace(/\u00a0/g, " ");

/**
 * The active editor's lines as displayed, in order: the text, and the inlay hints shown in the line
 * (injected text, which Monaco renders in spans with a `dyn-rule-*` class).
 */
async function editorLines() {
  const lines = await page.evaluate(() => {
    const editor = document.querySelector(".part.editor .editor-group-container.active .monaco-editor .view-lines");
    if (!editor) {
      return [];
    }
    return [...editor.querySelectorAll(":scope > .view-line")].map((line) => {
      let text = "";
      const hints = [];
      for (const span of line.querySelectorAll(":scope > span > span")) {
        if ([...span.classList].some((c) => c.startsWith("dyn-rule-"))) {
          if (span.textContent !== "") {
            hints.push(span.textContent);
          }
        } else {
          text += span.textContent;
        }
      }
      return { top: parseFloat(line.style.top), text, hints };
    });
  });
  return lines
    .sort((a, b) => a.top - b.top)
    .map(({ text, hints }) => ({ text: plain(text), hints: hints.map(plain) }));
}

/** The Problems panel's rows: file, source, code, message and "[Ln, Col]" of each. */
async function problemRows() {
  return page.evaluate(() => {
    const rows = [];
    let file = "";
    for (const row of document.querySelectorAll(".markers-panel .monaco-list-row")) {
      const name = row.querySelector(".label-name");
      const message = row.querySelector(".marker-message");
      if (message) {
        rows.push({
          file,
          source: row.querySelector(".marker-source")?.textContent ?? "",
          code: row.querySelector(".marker-code")?.textContent ?? "",
          message: message.textContent.replace(/\u00a0/g, " "),
          line: row.querySelector(".marker-line")?.textContent ?? "",
        });
      } else if (name && !row.querySelector(".related-info, .marker-message")) {
        file = name.textContent;
      }
    }
    return rows;
  });
}

/** The texts of the notification toasts and the notification centre. */
async function notifications() {
  return page.evaluate(() =>
    [...document.querySelectorAll(".notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message")]
      .map((element) => element.textContent.replace(/\u00a0/g, " ")),
  );
}

async function visible(selector) {
  return page.locator(selector).first().isVisible().catch(() => false);
}

/**
 * Shows the hover at the cursor (Ctrl+K Ctrl+I) and waits until its text satisfies `ok`. VS Code
 * composes a hover once, from the problems it knows at that moment, and does not add to it later: a
 * hover asked for while the editor was still taking in the diagnostics lacks the problem part for
 * good (seen once in CI, under load). So a hover that is still incomplete after a while is closed and
 * asked for again, as a user would; the third time it must be complete.
 */
async function showHover(what, ok) {
  const hoverText = () => page.locator(".monaco-hover:visible").first().innerText().catch(() => "");
  for (let attempt = 1; ; attempt += 1) {
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    try {
      return await waitFor(what, hoverText, ok, attempt < 3 ? 7_000 : TIMEOUT);
    } catch (error) {
      if (!(error instanceof CheckFailure) || attempt === 3) {
        throw error;
      }
      console.log(`     attempt ${attempt}: ${error.message.split("\n")[0]}; showing the hover again`);
      await page.keyboard.press("Escape");
      await waitFor("the hover to close", () => visible(".monaco-hover:visible"), (shown) => !shown, 5_000);
    }
  }
}

async function showProblems() {
  if (!(await visible(".markers-panel"))) {
    await page.keyboard.press("Control+Shift+M");
    await waitFor("the Problems panel", () => visible(".markers-panel"), Boolean);
  }
}

/**
 * Opens a workspace file with Quick Open (Ctrl+P) and waits for it to be the active editor. `open`:
 * the file is already open in a tab (Quick Open's "edt " list of open editors; a file created during
 * the session may not be in Quick Open's file list yet).
 */
async function openFile(name, { open = false } = {}) {
  await page.keyboard.press("Control+P");
  await waitFor("Quick Open", () => visible(".quick-input-widget .quick-input-box input"), Boolean);
  // The fuzzy filter matches "glossary-ls.toml" to ".glossary-ls.toml", not the leading dot.
  await page.keyboard.type(open ? `edt ${name.replace(/^\./, "")}` : name);
  try {
    await waitFor(
      `Quick Open to list ${name}`,
      () => page.locator(".quick-input-widget .monaco-list-row.focused .label-name").first().textContent().catch(() => ""),
      (label) => plain(label) === name,
    );
  } catch (error) {
    await page.keyboard.press("Escape");
    throw error;
  }
  await page.keyboard.press("Enter");
  await waitFor(
    `${name} to be the active editor`,
    () => page.title(),
    // "notes.md - workspace - code-server", "● notes.md - …" when modified.
    (title) => title.replace(/^● /, "").split(" - ")[0] === name,
  );
  await focusEditor();
}

async function focusEditor() {
  await page.keyboard.press("Control+1");
  await waitFor("the editor to have focus", () => page.evaluate(() => {
    const active = document.activeElement;
    return Boolean(active?.closest(".part.editor .monaco-editor"));
  }), Boolean);
}

/** Ctrl+G line:column, then checks the status bar. */
async function goTo(line, column) {
  await page.keyboard.press("Control+G");
  await waitFor("the Go to Line box", () => visible(".quick-input-widget .quick-input-box input"), Boolean);
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
  await waitFor(
    `the cursor at Ln ${line}, Col ${column}`,
    () => page.locator(".statusbar-item[id='status.editor.selection']").first().textContent().catch(() => ""),
    (text) => plain(text).trim() === `Ln ${line}, Col ${column}`,
  );
}

/** Opens the Quick Fix menu (Ctrl+.) and applies the action with this title. */
async function applyQuickFix(title) {
  // Right after a cursor move the actions may not be in yet ("No code actions available"): try again.
  let titles = [];
  for (let attempt = 1; titles.length === 0; attempt++) {
    await page.keyboard.press("Control+.");
    titles = await waitFor(
      "the Quick Fix menu",
      () => page.locator(".action-widget .monaco-list-row.action .title").allTextContents(),
      (list) => list.length > 0,
      attempt < 3 ? 3_000 : TIMEOUT,
    ).catch((error) => {
      if (attempt >= 3) {
        throw error;
      }
      return [];
    });
  }
  const index = titles.map(plain).indexOf(title);
  if (index < 0) {
    await page.keyboard.press("Escape");
    throw new CheckFailure(`no quick fix titled ${JSON.stringify(title)}; the menu lists ${show(titles)}`);
  }
  await waitFor(
    `"${title}" focused in the menu`,
    async () => {
      const focused = plain(await page.locator(".action-widget .monaco-list-row.action.focused .title").first().textContent().catch(() => ""));
      if (focused !== title) {
        await page.keyboard.press("ArrowDown");
      }
      return focused;
    },
    (focused) => focused === title,
    5_000,
  );
  await page.keyboard.press("Enter");
  await waitFor("the Quick Fix menu to close", () => visible(".action-widget .monaco-list-row.action"), (shown) => !shown);
}

/** The pids of the glossary-ls servers code-server started (its descendants running SERVER). */
function serverPids() {
  const want = fs.existsSync(SERVER) ? fs.realpathSync(SERVER) : SERVER;
  const parent = (pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return 0;
    }
  };
  const pids = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    let exe;
    try {
      exe = fs.readlinkSync(`/proc/${entry}/exe`);
    } catch {
      continue;
    }
    if (exe !== want) {
      continue;
    }
    for (let pid = Number(entry); pid > 1; pid = parent(pid)) {
      if (pid === CODE_SERVER_PID) {
        pids.push(Number(entry));
        break;
      }
    }
  }
  return pids.sort();
}

/**
 * Writes the workspace's .vscode/settings.json, as a user editing it would. (code-server does not
 * notice the User settings file changing on disk; a workspace file it watches.)
 */
const WORKSPACE_SETTINGS = {};
function changeWorkspaceSetting(key, value) {
  WORKSPACE_SETTINGS[key] = value;
  fs.mkdirSync(path.join(WORKSPACE, ".vscode"), { recursive: true });
  fs.writeFileSync(path.join(WORKSPACE, ".vscode", "settings.json"), JSON.stringify(WORKSPACE_SETTINGS, null, 2));
}

// ---- the checks ----------------------------------------------------------------------------------

const PPO_ROW = {
  file: "notes.md",
  source: "glossary-ls",
  code: "acronym-not-spelled-out",
  message: "`PPO` is not spelled out in this document: write “Proximal Policy Optimization (PPO)” at its first use",
  line: "[Ln 1, Col 19]",
};

async function main() {
  for (const [name, text] of Object.entries(DOCS)) {
    fs.writeFileSync(path.join(WORKSPACE, name), text);
  }
  writeSettings("User", USER_SETTINGS);
  writeSettings("Machine", MACHINE_SETTINGS);

  const browser = await chromium.connectOverCDP(CDP);
  try {
    const context = browser.contexts()[0] ?? (await browser.newContext());
    page = await context.newPage();
    await page.setViewportSize({ width: 1100, height: 720 });
    await page.goto(`${URL}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    // The explorer shows the folder once the window is connected to code-server.
    await waitFor("the workspace in the Explorer", () => page.locator(".explorer-folders-view .label-name").allTextContents(), (names) => names.includes("notes.md"), 60_000);
    await runChecks();
  } finally {
    await page?.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
  }
}

async function runChecks() {
  await check("Problems: an acronym not spelled out is listed with its code, message and line", async () => {
    await openFile("notes.md");
    await showProblems();
    const rows = await waitFor("glossary-ls rows in Problems", problemRows, (list) => list.some((row) => row.source === "glossary-ls"), 30_000);
    expectEqual(rows.filter((row) => row.file === "notes.md"), [PPO_ROW], "the Problems rows for notes.md");
    await focusEditor();
  });

  await check("hover: Ctrl+K Ctrl+I at PPO shows the definition and the quick-fix link", async () => {
    await goTo(1, 20);
    const text = await showHover(
      "the hover with the definition and the Quick Fix link",
      // The Quick Fix link comes once VS Code has asked the server for code actions.
      (hover) => hover.includes("Proximal Policy Optimization (Schulman") && hover.includes("Quick Fix"),
    );
    const lines = plain(text).split("\n").map((line) => line.trim()).filter(Boolean);
    for (const wanted of [
      "PPO — Proximal Policy Optimization",
      "Introduced in §13 · TRPO to PPO",
    ]) {
      if (!lines.includes(wanted)) {
        throw new CheckFailure(`the hover has no line ${JSON.stringify(wanted)}:\n${show(lines)}`);
      }
    }
    if (!lines.some((line) => line.startsWith("Proximal Policy Optimization (Schulman, 2017) — "))) {
      throw new CheckFailure(`the hover has no definition paragraph:\n${show(lines)}`);
    }
    if (!lines.some((line) => line.includes("Quick Fix"))) {
      throw new CheckFailure(`the hover has no Quick Fix link:\n${show(lines)}`);
    }
    if (SCREENSHOT) {
      await page.screenshot({ path: SCREENSHOT, clip: { x: 0, y: 0, width: 1100, height: 420 } });
      console.log(`     wrote ${SCREENSHOT}`);
    }
    await page.keyboard.press("Escape");
  });

  await check("quick fix: \"Spell out\" leaves exactly the expected sentence, and the warning goes", async () => {
    await goTo(1, 20);
    await applyQuickFix("Spell out: Proximal Policy Optimization (PPO)");
    const expected = "We fine-tune with Proximal Policy Optimization (PPO). PPO is stable.";
    const lines = await waitFor("the edited line", editorLines, (list) => list[0]?.text === expected, 5_000);
    expectEqual(lines.map((line) => line.text), [expected, ""], "the buffer's lines");
    await waitFor("the PPO row to leave Problems", problemRows, (rows) => !rows.some((row) => row.file === "notes.md"));
    await page.keyboard.press("Control+S");
    await waitFor("notes.md saved", () => fs.readFileSync(path.join(WORKSPACE, "notes.md"), "utf8"), (text) => text === `${expected}\n`, 5_000);
  });

  await check("ignore in this project: the warning disappears without an edit", async () => {
    await openFile("ignore.md");
    const dpo = {
      file: "ignore.md",
      source: "glossary-ls",
      code: "acronym-not-spelled-out",
      message: "`DPO` is not spelled out in this document: write “Direct Preference Optimization (DPO)” at its first use",
      line: "[Ln 1, Col 21]",
    };
    const rows = await waitFor("the DPO row in Problems", problemRows, (list) => list.some((row) => row.file === "ignore.md"));
    expectEqual(rows.filter((row) => row.file === "ignore.md"), [dpo], "the Problems rows for ignore.md");
    await goTo(1, 22);
    await applyQuickFix("Add `DPO` to the project's ignore list");
    // The server writes .glossary-ls.toml itself and reviews the open documents at once: the row goes
    // with no edit, no save and no file watching needed.
    await openFile("ignore.md");
    await waitFor("the DPO row to leave Problems, with no edit made", problemRows, (list) => !list.some((row) => row.file === "ignore.md"), 10_000);
    expectEqual(fs.readFileSync(path.join(WORKSPACE, ".glossary-ls.toml"), "utf8").split("\n").filter((line) => line.startsWith("ignore")), ['ignore = ["DPO"]'], "the ignore line of .glossary-ls.toml on disk");
    expectEqual(fs.readFileSync(path.join(WORKSPACE, "ignore.md"), "utf8"), DOCS["ignore.md"], "ignore.md on disk (unchanged)");
    expectEqual((await editorLines()).map((line) => line.text), [DOCS["ignore.md"].trimEnd(), ""], "ignore.md's lines (unchanged)");
  });

  await check("completion: Ctrl+Space after \"Proxim\" and Enter leaves the spelled-out form", async () => {
    await openFile("complete.md");
    await goTo(1, 14);
    await page.keyboard.press("Control+Space");
    const labels = await waitFor(
      "the suggestion list",
      () => page.locator(".suggest-widget.visible .monaco-list-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("aria-label") ?? "")),
      (list) => list.length > 0,
      10_000,
    );
    const wanted = labels.findIndex((label) => plain(label).includes("Proximal Policy Optimization (PPO)"));
    if (wanted < 0) {
      throw new CheckFailure(`no suggestion for Proximal Policy Optimization (PPO); the list: ${show(labels)}`);
    }
    for (let i = 0; i < wanted; i++) {
      await page.keyboard.press("ArrowDown");
    }
    await page.keyboard.press("Enter");
    const expected = "We use Proximal Policy Optimization (PPO)";
    const lines = await waitFor("the completed line", editorLines, (list) => list[0]?.text === expected, 5_000);
    expectEqual(lines.map((line) => line.text), [expected, ""], "the buffer's lines");
  });

  await check("inlay hints (glossary-ls.inlayHints = all): after the later uses of a defined acronym and the undefined one, not in the heading", async () => {
    await openFile("hints.md");
    const lines = await waitFor("inlay hints", editorLines, (list) => list.some((line) => line.hints.length > 0));
    await sleep(500);
    expectEqual(await editorLines(), [
      // Never in a heading, nor on the definition's own acronym.
      { text: "# GRPO in practice", hints: [] },
      { text: "", hints: [] },
      {
        text: "Group Relative Policy Optimization (GRPO) drops the critic. GRPO samples a group of answers, unlike PPO.",
        hints: ["(Group Relative Policy Optimization)", "(Proximal Policy Optimization)"],
      },
      { text: "", hints: [] },
    ], `the lines and their hints (first seen: ${JSON.stringify(lines)})`);
  });

  await check("settings: glossary-ls.inlayHints = undefined, then off (workspace settings.json), take effect without a restart", async () => {
    const before = serverPids();
    changeWorkspaceSetting("glossary-ls.inlayHints", "undefined");
    await waitFor(
      "only the hint on the acronym the document never spells out",
      editorLines,
      // GRPO is spelled out before its body uses: only PPO, which never is, keeps its hint.
      (list) =>
        JSON.stringify(list.map((line) => line.hints)) ===
        JSON.stringify([[], [], ["(Proximal Policy Optimization)"], []]),
    );
    changeWorkspaceSetting("glossary-ls.inlayHints", "off");
    await waitFor("no hints", editorLines, (list) => list.every((line) => line.hints.length === 0));
    expectEqual(serverPids(), before, "the server processes (the same ones: no restart)");
  });

  await check("restart: glossary-ls: Restart Server from the Command Palette; a finding still shows", async () => {
    await openFile("hints.md");
    const before = serverPids();
    if (before.length !== 1) {
      throw new CheckFailure(`expected one running server before the restart, found ${show(before)}`);
    }
    await page.keyboard.press("Control+Shift+P");
    await waitFor("the Command Palette", () => visible(".quick-input-widget .quick-input-box input"), Boolean);
    await page.keyboard.type("glossary-ls: Restart Server");
    await waitFor(
      "the Restart Server command listed first",
      () => page.locator(".quick-input-widget .monaco-list-row.focused").first().getAttribute("aria-label").catch(() => ""),
      (label) => plain(label ?? "").startsWith("glossary-ls: Restart Server"),
    );
    await page.keyboard.press("Enter");
    const after = await waitFor("a new server process", serverPids, (pids) => pids.length === 1 && pids[0] !== before[0]);
    console.log(`     server pid ${before[0]} -> ${after[0]}`);
    await showProblems();
    await waitFor(
      "the PPO finding in hints.md from the new server",
      problemRows,
      (rows) => rows.some((row) => row.file === "hints.md" && row.code === "acronym-not-spelled-out" && row.message.startsWith("`PPO` is not spelled out")),
    );
  });
}

try {
  await main();
} catch (error) {
  failed++;
  console.log(`FAIL the test could not run: ${String(error?.stack ?? error)}`);
  if (page) {
    await page.screenshot({ path: path.join(ARTIFACTS, "fail-setup.png") }).catch(() => undefined);
  }
}
console.log(`vscode-e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
