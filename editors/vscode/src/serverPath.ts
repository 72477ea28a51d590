// Finding the server executable: the `glossary-ls.path` setting, else the server the platform-specific
// extension package carries (server/glossary-ls), else `glossary-ls` on PATH. No `vscode` import here;
// the file system and environment come in as parameters, so tests use fakes.

import * as path from "node:path";

/** The executable's name without an extension. */
export const SERVER_NAME = "glossary-ls";

/** What resolution needs from the outside world. */
export interface ResolveEnv {
  /** The PATH variable (`undefined` when unset). */
  readonly pathVariable: string | undefined;
  /** `process.platform`: decides the PATH separator, the path flavour and PATHEXT. */
  readonly platform: NodeJS.Platform;
  /** PATHEXT on Windows (`.COM;.EXE;...`); ignored elsewhere. */
  readonly pathExt?: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative paths. */
  readonly workspaceFolder?: string;
  /** The user's home folder, for a leading `~`. */
  readonly home?: string;
  /** The server inside the extension (see `bundledServer`); absent from the platform-neutral package. */
  readonly bundled?: string;
  /** Whether `file` exists, is a file and may be executed. */
  readonly isExecutable: (file: string) => boolean;
}

export type Resolution =
  | { readonly ok: true; readonly command: string; readonly source: "setting" | "bundled" | "PATH" }
  | { readonly ok: false; readonly message: string };

/** Where a platform-specific package (`vsce package --target …`) carries the server. */
export function bundledServer(extensionPath: string, platform: NodeJS.Platform): string {
  const p = platform === "win32" ? path.win32 : path.posix;
  return p.join(extensionPath, "server", platform === "win32" ? `${SERVER_NAME}.exe` : SERVER_NAME);
}

const INSTALL_HINT =
  "Install the extension for your platform (it carries the server), install the server with " +
  "`cargo binstall glossary-ls` or `cargo install glossary-ls`, or set `glossary-ls.path` to the executable.";

/**
 * Resolves the server: the setting's value when there is one (an explicit choice wins, as with
 * rust-analyzer's `server.path`), else the bundled server, else PATH.
 */
export function resolveServerPath(configured: string | undefined, env: ResolveEnv): Resolution {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  const setting = (configured ?? "").trim();
  if (setting !== "") {
    const expanded = expand(setting, env);
    if (expanded === undefined) {
      return {
        ok: false,
        message: `glossary-ls.path is "${setting}", which uses \${workspaceFolder}, but no folder is open.`,
      };
    }
    let file = expanded;
    if (!p.isAbsolute(file)) {
      if (env.workspaceFolder === undefined) {
        return {
          ok: false,
          message: `glossary-ls.path is the relative path "${setting}", but no workspace folder is open to resolve it from. Use an absolute path.`,
        };
      }
      file = p.resolve(env.workspaceFolder, file);
    }
    for (const candidate of withExtensions(file, env)) {
      if (env.isExecutable(candidate)) {
        return { ok: true, command: candidate, source: "setting" };
      }
    }
    return {
      ok: false,
      message: `glossary-ls.path is "${setting}", but ${file} is not an executable file. Fix the setting, or clear it to use glossary-ls from PATH.`,
    };
  }
  if (env.bundled !== undefined && env.isExecutable(env.bundled)) {
    return { ok: true, command: env.bundled, source: "bundled" };
  }
  const separator = env.platform === "win32" ? ";" : ":";
  const folders = (env.pathVariable ?? "")
    .split(separator)
    .map((folder) => folder.trim().replace(/^"(.*)"$/, "$1"))
    .filter((folder) => folder !== "");
  for (const folder of folders) {
    for (const candidate of withExtensions(p.join(folder, SERVER_NAME), env)) {
      if (env.isExecutable(candidate)) {
        return { ok: true, command: candidate, source: "PATH" };
      }
    }
  }
  const searched = folders.length === 0 ? "PATH is empty" : `searched ${folders.length} PATH folder(s)`;
  return {
    ok: false,
    message: `Cannot find the glossary-ls language server (${searched}). ${INSTALL_HINT}`,
  };
}

function expand(setting: string, env: ResolveEnv): string | undefined {
  let value = setting;
  if (value.includes("${workspaceFolder}")) {
    if (env.workspaceFolder === undefined) {
      return undefined;
    }
    value = value.split("${workspaceFolder}").join(env.workspaceFolder);
  }
  if (env.home !== undefined && (value === "~" || value.startsWith("~/") || value.startsWith("~\\"))) {
    value = env.home + value.slice(1);
  }
  return value;
}

/** On Windows, the name as given and then with each PATHEXT extension; elsewhere just the name. */
function withExtensions(file: string, env: ResolveEnv): string[] {
  if (env.platform !== "win32") {
    return [file];
  }
  const extensions = (env.pathExt ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((e) => e !== "");
  const hasExtension = path.win32.extname(file) !== "";
  return [...(hasExtension ? [file] : []), ...extensions.map((e) => file + e.toLowerCase())];
}
