import assert from "node:assert/strict";
import { test } from "node:test";

import { bundledServer, resolveServerPath, type ResolveEnv } from "../src/serverPath";

function env(executables: string[], overrides: Partial<ResolveEnv> = {}): ResolveEnv {
  const set = new Set(executables);
  return {
    pathVariable: "/usr/local/bin:/home/me/.cargo/bin:/usr/bin",
    platform: "linux",
    home: "/home/me",
    workspaceFolder: "/work/docs",
    isExecutable: (file) => set.has(file),
    ...overrides,
  };
}

test("no setting: the first glossary-ls on PATH, in PATH order", () => {
  const result = resolveServerPath("", env(["/usr/bin/glossary-ls", "/home/me/.cargo/bin/glossary-ls"]));
  assert.deepEqual(result, { ok: true, command: "/home/me/.cargo/bin/glossary-ls", source: "PATH" });
  assert.deepEqual(resolveServerPath(undefined, env(["/usr/bin/glossary-ls"])), {
    ok: true,
    command: "/usr/bin/glossary-ls",
    source: "PATH",
  });
});

test("not on PATH: a message that says so and how to fix it", () => {
  const result = resolveServerPath("", env([]));
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.message : "", /Cannot find the glossary-ls language server \(searched 3 PATH folder\(s\)\)/);
  assert.match(!result.ok ? result.message : "", /glossary-ls\.path/);
  const empty = resolveServerPath("", env([], { pathVariable: undefined }));
  assert.match(!empty.ok ? empty.message : "", /PATH is empty/);
});

test("the setting wins over PATH, with ~ and ${workspaceFolder} expanded", () => {
  const all = ["/usr/bin/glossary-ls", "/home/me/src/glossary-ls/target/release/glossary-ls", "/work/docs/bin/glossary-ls"];
  assert.deepEqual(resolveServerPath("~/src/glossary-ls/target/release/glossary-ls", env(all)), {
    ok: true,
    command: "/home/me/src/glossary-ls/target/release/glossary-ls",
    source: "setting",
  });
  assert.deepEqual(resolveServerPath("${workspaceFolder}/bin/glossary-ls", env(all)), {
    ok: true,
    command: "/work/docs/bin/glossary-ls",
    source: "setting",
  });
});

test("a relative setting is taken from the first workspace folder", () => {
  assert.deepEqual(resolveServerPath("bin/glossary-ls", env(["/work/docs/bin/glossary-ls"])), {
    ok: true,
    command: "/work/docs/bin/glossary-ls",
    source: "setting",
  });
  const noFolder = resolveServerPath("bin/glossary-ls", env([], { workspaceFolder: undefined }));
  assert.match(!noFolder.ok ? noFolder.message : "", /relative path "bin\/glossary-ls".*no workspace folder/);
});

test("a setting that points nowhere is an error, not a silent fall-back to PATH", () => {
  const result = resolveServerPath("/opt/nothing/glossary-ls", env(["/usr/bin/glossary-ls"]));
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.message : "", /\/opt\/nothing\/glossary-ls is not an executable file/);
  const noFolder = resolveServerPath("${workspaceFolder}/x", env([], { workspaceFolder: undefined }));
  assert.match(!noFolder.ok ? noFolder.message : "", /no folder is open/);
});

test("Windows: ; separates PATH, PATHEXT extensions are tried, quotes are stripped", () => {
  const windows = env(["C:\\Users\\me\\.cargo\\bin\\glossary-ls.exe"], {
    platform: "win32",
    pathVariable: 'C:\\Windows;"C:\\Users\\me\\.cargo\\bin"',
    pathExt: ".COM;.EXE;.BAT",
    home: "C:\\Users\\me",
    workspaceFolder: "C:\\work",
  });
  assert.deepEqual(resolveServerPath("", windows), {
    ok: true,
    command: "C:\\Users\\me\\.cargo\\bin\\glossary-ls.exe",
    source: "PATH",
  });
  assert.deepEqual(resolveServerPath("~\\.cargo\\bin\\glossary-ls", windows), {
    ok: true,
    command: "C:\\Users\\me\\.cargo\\bin\\glossary-ls.exe",
    source: "setting",
  });
});

test("the bundled server sits in the extension's server folder, with .exe on Windows", () => {
  assert.equal(bundledServer("/home/me/.vscode/extensions/glossary-ls.glossary-ls-0.1.0-linux-x64", "linux"),
    "/home/me/.vscode/extensions/glossary-ls.glossary-ls-0.1.0-linux-x64/server/glossary-ls");
  assert.equal(bundledServer("C:\\Users\\me\\ext", "win32"), "C:\\Users\\me\\ext\\server\\glossary-ls.exe");
});

test("the bundled server comes before PATH, the setting before both", () => {
  const bundled = "/ext/server/glossary-ls";
  const all = [bundled, "/usr/bin/glossary-ls", "/opt/glossary-ls"];
  assert.deepEqual(resolveServerPath("", env(all, { bundled })), { ok: true, command: bundled, source: "bundled" });
  assert.deepEqual(resolveServerPath("/opt/glossary-ls", env(all, { bundled })), {
    ok: true,
    command: "/opt/glossary-ls",
    source: "setting",
  });
  // A platform-neutral package has no server folder: PATH as before.
  assert.deepEqual(resolveServerPath("", env(["/usr/bin/glossary-ls"], { bundled })), {
    ok: true,
    command: "/usr/bin/glossary-ls",
    source: "PATH",
  });
  // A broken setting is reported, not silently replaced by the bundled server.
  const broken = resolveServerPath("/nope/glossary-ls", env(all, { bundled }));
  assert.match(!broken.ok ? broken.message : "", /is not an executable file/);
});
