import assert from "node:assert/strict";
import { test } from "node:test";

import { defineArgs, entryMarkdown, readDefineOutput, termAt } from "../src/define";

// What `glossary-ls define --format json PPO` prints (trimmed to the fields the command shows).
const PPO = JSON.stringify([
  {
    name: "PPO",
    kind: "acronym",
    acronym: "PPO",
    expansion: "Proximal Policy Optimization",
    definition: "Proximal Policy Optimization (Schulman, 2017) — approximates TRPO’s trust region.",
    section: { number: 13, title: "TRPO to PPO", text: "§13 · TRPO to PPO" },
    see_also: ["TRPO", "trust region"],
    origin: "seed",
  },
]);

test("the command line puts the term after -- so a term starting with - is not an option", () => {
  assert.deepEqual(defineArgs("-p"), ["define", "--format", "json", "--", "-p"]);
});

test("an entry becomes Markdown with expansion, definition, section and see-also", () => {
  const result = readDefineOutput("PPO", 0, PPO, "");
  assert.deepEqual(result, {
    ok: true,
    markdown:
      "## PPO — *Proximal Policy Optimization*\n\n" +
      "Proximal Policy Optimization (Schulman, 2017) — approximates TRPO’s trust region.\n\n" +
      "*Introduced in §13 · TRPO to PPO*\n\n" +
      "See also: TRPO, trust region\n",
  });
});

test("a term with no expansion or section shows just what it has", () => {
  assert.equal(entryMarkdown({ name: "top-p", definition: "Nucleus sampling." }), "## top-p\n\nNucleus sampling.");
});

test("several entries are separated by a rule", () => {
  const two = JSON.stringify([{ name: "A" }, { name: "B" }]);
  const result = readDefineOutput("A B", 0, two, "");
  assert.deepEqual(result, { ok: true, markdown: "## A\n\n---\n\n## B\n" });
});

test("unknown term: the server's suggestion is the message", () => {
  const result = readDefineOutput("grpoo", 1, "[]\n", "error: `grpoo` is not in the glossary; did you mean `GRPO`?\n");
  assert.deepEqual(result, { ok: false, message: "`grpoo` is not in the glossary; did you mean `GRPO`?" });
});

test("a crash or garbage output is reported with the exit status", () => {
  assert.deepEqual(readDefineOutput("x", 2, "", ""), {
    ok: false,
    message: 'glossary-ls define "x" failed (exit status 2).',
  });
  assert.deepEqual(readDefineOutput("x", null, "not json", "config.toml:1:1: bad"), {
    ok: false,
    message: "config.toml:1:1: bad",
  });
});

test("the term under the cursor includes hyphens and apostrophes inside the word", () => {
  const line = "We tried top-p and GRPO's critic-free loss.";
  assert.equal(termAt(line, line.indexOf("top-p") + 2), "top-p");
  assert.equal(termAt(line, line.indexOf("GRPO")), "GRPO's");
  assert.equal(termAt(line, line.indexOf("GRPO") + 4), "GRPO's");
  assert.equal(termAt(line, line.length), undefined);
  assert.equal(termAt("  ", 1), undefined);
});
