// The extension's settings and the server's: VS Code names (`glossary-ls.inlayHints`) on one side,
// the keys of `.glossary-ls.toml` (`inlay-hints`) on the other. No `vscode` import here, so that the
// mapping is tested with a plain Node test runner.

/** The section every setting of this extension lives under. */
export const SECTION = "glossary-ls";

/** One server setting: its key under `glossary-ls.` in VS Code, and its path in the server's config. */
export interface ServerSetting {
  readonly key: string;
  readonly serverPath: readonly string[];
}

/** Every key of the server's configuration (README "Configuration"), in the file's order. */
export const SERVER_SETTINGS: readonly ServerSetting[] = [
  { key: "glossaries", serverPath: ["glossaries"] },
  { key: "ignore", serverPath: ["ignore"] },
  { key: "inlayHints", serverPath: ["inlay-hints"] },
  { key: "audience", serverPath: ["audience"] },
  { key: "maxFileSize", serverPath: ["max-file-size"] },
  { key: "builtin.explainer", serverPath: ["builtin", "explainer"] },
  { key: "builtin.supplement", serverPath: ["builtin", "supplement"] },
  { key: "severity.acronymNotSpelledOut", serverPath: ["severity", "acronym-not-spelled-out"] },
  {
    key: "severity.acronymUsedBeforeDefinition",
    serverPath: ["severity", "acronym-used-before-definition"],
  },
  { key: "severity.undefinedAcronym", serverPath: ["severity", "undefined-acronym"] },
  { key: "severity.redundantDefinition", serverPath: ["severity", "redundant-definition"] },
  { key: "extensions.markdown", serverPath: ["extensions", "markdown"] },
  { key: "extensions.text", serverPath: ["extensions", "text"] },
];

/** Settings the extension itself reads; the server rejects unknown keys, so these are never sent. */
export const CLIENT_SETTINGS: readonly string[] = ["path", "trace.server"];

/** A JSON object of server config keys, as `initializationOptions` and `didChangeConfiguration` take. */
export type ServerConfig = { [key: string]: unknown };

/**
 * The server's settings from the user's. `read(key)` returns the value the user set for
 * `glossary-ls.<key>` (in any scope), or `undefined` when it is not set: defaults are the server's
 * own, and a `.glossary-ls.toml` overrides whatever is sent, so only what the user chose is sent.
 * `null` counts as not set.
 */
export function toServerConfig(read: (key: string) => unknown): ServerConfig {
  const config: ServerConfig = {};
  for (const { key, serverPath } of SERVER_SETTINGS) {
    const value = read(key);
    if (value === undefined || value === null) {
      continue;
    }
    let table = config;
    for (const part of serverPath.slice(0, -1)) {
      const inner = table[part];
      if (typeof inner !== "object" || inner === null) {
        table[part] = {};
      }
      table = table[part] as ServerConfig;
    }
    table[serverPath[serverPath.length - 1]] = value;
  }
  return config;
}

/** Whether a configuration change to `glossary-ls.<key>` needs the server restarted, not told. */
export function needsRestart(changed: (key: string) => boolean): boolean {
  return changed("path");
}
