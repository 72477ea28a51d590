// The document selector and package.json's activation events name the same documents: the server's
// formats by language id, and Jupyter notebooks' Markdown cells.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { LANGUAGES, NOTEBOOK, documentSelector } from "../src/documents";

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
  activationEvents: string[];
};

test("files of every format, saved or not, and notebook Markdown cells", () => {
  const selector = documentSelector();
  assert.deepEqual(selector.slice(0, 4), [
    { scheme: "file", language: "markdown" },
    { scheme: "untitled", language: "markdown" },
    { scheme: "file", language: "plaintext" },
    { scheme: "untitled", language: "plaintext" },
  ]);
  assert.deepEqual(selector.at(-1), { notebook: "jupyter-notebook", language: "markdown" });
  const languages = new Set(selector.map((filter) => filter.language));
  assert.deepEqual([...languages].sort(), ["latex", "markdown", "mdx", "plaintext", "quarto", "restructuredtext", "tex"]);
});

test("the extension activates for exactly the documents it selects", () => {
  const expected = [...LANGUAGES.map((language) => `onLanguage:${language}`), `onNotebook:${NOTEBOOK}`];
  assert.deepEqual([...manifest.activationEvents].sort(), expected.sort());
});
