import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { CLIENT_SETTINGS, SECTION, SERVER_SETTINGS, needsRestart, toServerConfig } from "../src/settings";

interface Property {
  markdownDescription?: string;
  description?: string;
  default?: unknown;
}

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
  contributes: { configuration: { properties: Record<string, Property> } };
};
const properties = manifest.contributes.configuration.properties;

test("nothing set sends an empty object (the server then uses its defaults and the config file)", () => {
  assert.deepEqual(toServerConfig(() => undefined), {});
});

test("every setting maps to the server's key, nested tables included", () => {
  const values: Record<string, unknown> = {
    glossaries: ["docs/team.toml"],
    ignore: ["ACME"],
    inlayHints: "undefined",
    maxFileSize: 2048,
    "builtin.explainer": false,
    "builtin.supplement": true,
    "severity.acronymNotSpelledOut": "error",
    "severity.acronymUsedBeforeDefinition": "information",
    "severity.undefinedAcronym": "off",
    "severity.redundantDefinition": "hint",
    "extensions.markdown": ["md", "qmd"],
    "extensions.text": ["txt", "rst"],
  };
  assert.deepEqual(
    toServerConfig((key) => values[key]),
    {
      glossaries: ["docs/team.toml"],
      ignore: ["ACME"],
      "inlay-hints": "undefined",
      "max-file-size": 2048,
      builtin: { explainer: false, supplement: true },
      severity: {
        "acronym-not-spelled-out": "error",
        "acronym-used-before-definition": "information",
        "undefined-acronym": "off",
        "redundant-definition": "hint",
      },
      extensions: { markdown: ["md", "qmd"], text: ["txt", "rst"] },
    },
  );
});

test("only settings the user set are sent; null counts as unset; false and 0 are values", () => {
  const values: Record<string, unknown> = {
    "severity.undefinedAcronym": "off",
    inlayHints: null,
    "builtin.supplement": false,
    maxFileSize: 0,
  };
  assert.deepEqual(toServerConfig((key) => values[key]), {
    "max-file-size": 0,
    builtin: { supplement: false },
    severity: { "undefined-acronym": "off" },
  });
});

test("client-only settings (path, trace) never reach the server, which rejects unknown keys", () => {
  const read = (key: string): unknown => (CLIENT_SETTINGS.includes(key) ? "set" : undefined);
  assert.deepEqual(toServerConfig(read), {});
});

test("package.json contributes exactly the server's settings plus the client's, each described", () => {
  const contributed = Object.keys(properties).sort();
  const expected = [...SERVER_SETTINGS.map((s) => s.key), ...CLIENT_SETTINGS]
    .map((key) => `${SECTION}.${key}`)
    .sort();
  assert.deepEqual(contributed, expected);
  for (const [name, property] of Object.entries(properties)) {
    const description = property.markdownDescription ?? property.description ?? "";
    assert.ok(description.length > 20, `${name} needs a description`);
    assert.ok("default" in property, `${name} needs a default`);
  }
});

test("each server setting's description names its config-file key", () => {
  for (const { key, serverPath } of SERVER_SETTINGS) {
    const description = properties[`${SECTION}.${key}`].markdownDescription ?? "";
    assert.ok(description.includes(`\`${serverPath.join(".")}\``), `${key}: ${description}`);
  }
});

test("the server's config keys are the ones the README documents", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "..", "..", "README.md"), "utf8");
  const block = /## Configuration[\s\S]*?```toml\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  let table = "";
  const documented: string[] = [];
  for (const line of block.split("\n")) {
    const header = /^\[(.+)\]/.exec(line);
    if (header) {
      table = header[1];
      continue;
    }
    const key = /^([a-z-]+)\s*=/.exec(line);
    if (key) {
      documented.push(table ? `${table}.${key[1]}` : key[1]);
    }
  }
  // The README shows one severity code as an example; the extension offers all four.
  const ours = SERVER_SETTINGS.map((s) => s.serverPath.join("."));
  for (const key of documented) {
    assert.ok(ours.includes(key), `README key ${key} has no setting`);
  }
  assert.equal(ours.filter((key) => !key.startsWith("severity.")).length, documented.filter((key) => !key.startsWith("severity.")).length);
});

test("changing the path restarts the server; other settings are sent as a configuration change", () => {
  assert.equal(needsRestart((key) => key === "path"), true);
  assert.equal(needsRestart((key) => key === "inlayHints"), false);
});
