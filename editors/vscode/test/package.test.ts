// The platform-specific package (.ci/run builds it with scripts/package-platform.sh): unpacked as VS
// Code installs it, the extension's own resolution finds the server it carries, and that server
// answers `initialize`. Needs GLOSSARY_LS_PLATFORM_VSIX (a linux-x64 .vsix) and `unzip`; skipped (and
// says so) without them.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { bundledServer, resolveServerPath } from "../src/serverPath";

const vsix = process.env.GLOSSARY_LS_PLATFORM_VSIX;
const skip = vsix === undefined || !existsSync(vsix) ? `no platform package (set GLOSSARY_LS_PLATFORM_VSIX to a linux-x64 .vsix)` : false;

let folder: string;
let extension: string;

before(() => {
  if (skip) {
    return;
  }
  folder = mkdtempSync(join(tmpdir(), "glossary-ls-vsix-"));
  execFileSync("unzip", ["-q", vsix as string, "-d", folder]);
  extension = join(folder, "extension");
});

after(() => {
  if (!skip) {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the package is for linux-x64 and carries a bundled extension, without node_modules", { skip }, () => {
  const manifest = readFileSync(join(folder, "extension.vsixmanifest"), "utf8");
  assert.match(manifest, /TargetPlatform="linux-x64"/);
  const pkg = JSON.parse(readFileSync(join(extension, "package.json"), "utf8")) as { main: string };
  const main = readFileSync(join(extension, pkg.main), "utf8");
  // esbuild inlined vscode-languageclient; only `vscode` (given by the host) stays a require.
  assert.match(main, /require\("vscode"\)/);
  assert.doesNotMatch(main, /require\("vscode-languageclient/);
  assert.ok(!readdirSync(extension).includes("node_modules"), `${readdirSync(extension).join(", ")}`);
});

test("the extension's resolution finds the bundled server, with an empty setting and PATH", { skip }, () => {
  const server = bundledServer(extension, "linux");
  assert.ok(statSync(server).isFile());
  const resolved = resolveServerPath("", {
    pathVariable: "",
    platform: "linux",
    bundled: server,
    isExecutable: (file) => {
      try {
        accessSync(file, constants.X_OK);
        return statSync(file).isFile();
      } catch {
        return false;
      }
    },
  });
  assert.deepEqual(resolved, { ok: true, command: server, source: "bundled" });
});

test("the bundled server answers initialize", { skip }, async () => {
  const child = spawn(bundledServer(extension, "linux"), ["serve", "--stdio"], { stdio: "pipe" });
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  let received = Buffer.alloc(0);
  type Response = { result?: { serverInfo?: { name?: string } } };
  const response = await new Promise<Response>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no answer in 10 s: ${received.toString()}`)), 10000);
    child.stdout.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      const length = Number(/Content-Length: (\d+)/i.exec(received.subarray(0, Math.max(end, 0)).toString())?.[1]);
      if (end >= 0 && received.length >= end + 4 + length) {
        clearTimeout(timer);
        done(JSON.parse(received.subarray(end + 4, end + 4 + length).toString()) as Response);
      }
    });
  });
  child.kill();
  assert.equal(response.result?.serverInfo?.name, "glossary-ls");
});
