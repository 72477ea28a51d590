// The settings mapping against the real server, over LSP on stdio, with no VS Code: the server must
// accept every key the extension sends, in initializationOptions and in didChangeConfiguration, and
// `define` must print what the look-up command reads. Needs the built server: GLOSSARY_LS_BIN, or
// target/debug/glossary-ls in the repository; skipped (and says so) without one.

import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";

import { defineArgs, readDefineOutput } from "../src/define";
import { SECTION, SERVER_SETTINGS, toServerConfig } from "../src/settings";

const repo = resolve(__dirname, "..", "..", "..", "..");
const bin = process.env.GLOSSARY_LS_BIN ?? join(repo, "target", "debug", "glossary-ls");
const skip = existsSync(bin) ? false : `no server binary at ${bin} (build it or set GLOSSARY_LS_BIN)`;

type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown };

/** A minimal LSP client: Content-Length framing, requests by id, notifications into a queue. */
class Connection {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (message: Message) => void>();
  readonly notifications: Message[] = [];
  private waiters: Array<() => void> = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) {
        return;
      }
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.id !== undefined && message.method === undefined) {
        this.pending.get(message.id)?.(message);
      } else if (message.id !== undefined) {
        // A request from the server (registerCapability, configuration, ...): answer null.
        this.send({ id: message.id, result: null });
      } else {
        this.notifications.push(message);
        this.waiters.forEach((wake) => wake());
      }
    }
  }

  private send(message: object): void {
    const body = JSON.stringify({ jsonrpc: "2.0", ...message });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((done) => {
      this.pending.set(id, done);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The first notification (from `from` on) that matches, within five seconds. */
  async waitFor(from: number, match: (message: Message) => boolean): Promise<Message> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.notifications.slice(from).find(match);
      if (found) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out; notifications: ${JSON.stringify(this.notifications.slice(from))}`);
      }
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 100);
      });
      this.waiters = [];
    }
  }
}

let child: ChildProcessWithoutNullStreams;
let connection: Connection;
let folder: string;
const uri = (): string => pathToFileURL(join(folder, "notes.md")).href;
type Diagnostics = { uri: string; diagnostics: Array<{ code: string; severity: number }> };
const diagnosticsFor = (message: Message): Diagnostics | undefined =>
  message.method === "textDocument/publishDiagnostics" ? (message.params as Diagnostics) : undefined;

before(() => {
  if (skip) {
    return;
  }
  folder = mkdtempSync(join(tmpdir(), "glossary-ls-vscode-"));
  writeFileSync(join(folder, "team.md"), "*[AWP]: Acme Widget Protocol\n");
  child = spawn(bin, ["serve"], { stdio: "pipe" });
  connection = new Connection(child);
});

after(() => {
  if (skip) {
    return;
  }
  child.kill();
  rmSync(folder, { recursive: true, force: true });
});

// One valid value for every contributed server setting, as a user would set them.
const values: Record<string, unknown> = {
    glossaries: ["team.md"],
    ignore: ["ACME"],
    inlayHints: "undefined",
    audience: "practitioner",
    maxFileSize: 1048576,
    "builtin.explainer": true,
    "builtin.supplement": true,
    "severity.acronymNotSpelledOut": "error",
    "severity.acronymUsedBeforeDefinition": "warning",
    "severity.undefinedAcronym": "information",
    "severity.redundantDefinition": "hint",
    "extensions.markdown": ["md"],
    "extensions.text": ["txt"],
};

test("the server accepts every setting the extension sends as initializationOptions", { skip }, async () => {
  assert.equal(Object.keys(values).length, SERVER_SETTINGS.length);
  const initialized = await connection.request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    capabilities: {},
    initializationOptions: toServerConfig((key) => values[key]),
  });
  assert.equal(initialized.error, undefined);
  connection.notify("initialized", {});
  connection.notify("textDocument/didOpen", {
    textDocument: { uri: uri(), languageId: "markdown", version: 1, text: "We tuned PPO with the AWP and ACME.\n" },
  });
  const published = await connection.waitFor(0, (m) => diagnosticsFor(m)?.uri === uri());
  // PPO at severity error (the setting); AWP known from the glossary setting; ACME ignored.
  assert.deepEqual(
    diagnosticsFor(published)?.diagnostics.map((d) => [d.code, d.severity]),
    [
      ["acronym-not-spelled-out", 1],
      ["acronym-not-spelled-out", 1],
    ],
  );
  const errors = connection.notifications.filter((m) => m.method === "window/showMessage");
  assert.deepEqual(errors, []);
});

test("a configuration change in the extension's shape reaches the server", { skip }, async () => {
  // The extension sends every setting on each change (the server replaces its client settings).
  const from = connection.notifications.length;
  const changed: Record<string, unknown> = { ...values, "severity.acronymNotSpelledOut": "off" };
  connection.notify("workspace/didChangeConfiguration", {
    settings: { [SECTION]: toServerConfig((key) => changed[key]) },
  });
  const published = await connection.waitFor(from, (m) => diagnosticsFor(m)?.uri === uri());
  assert.deepEqual(diagnosticsFor(published)?.diagnostics, []);
});

test("VS Code's raw settings object would be refused: the mapping is needed", { skip }, async () => {
  const from = connection.notifications.length;
  connection.notify("workspace/didChangeConfiguration", {
    settings: { [SECTION]: { path: "", inlayHints: "all" } },
  });
  const message = await connection.waitFor(from, (m) => m.method === "window/showMessage");
  assert.match(JSON.stringify(message.params), /unknown field `(path|inlayHints)`/);
});

test("`glossary-ls define` prints what the look-up command reads", { skip }, async () => {
  const run = (term: string): Promise<ReturnType<typeof readDefineOutput>> =>
    new Promise((done) => {
      execFile(bin, defineArgs(term), (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        done(readDefineOutput(term, code, stdout, stderr));
      });
    });
  const ppo = await run("PPO");
  assert.ok(ppo.ok);
  assert.match(ppo.ok ? ppo.markdown : "", /^## PPO — \*Proximal Policy Optimization\*\n\n.*\n\n\*Introduced in §13 · TRPO to PPO\*/);
  const missing = await run("grpoo");
  assert.deepEqual(missing.ok ? undefined : missing.message.startsWith("`grpoo` is not in the glossary"), true);
});
