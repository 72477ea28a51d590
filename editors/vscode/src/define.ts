// The "Look Up Term" command's logic: the `glossary-ls define` command line and its JSON turned into
// Markdown. No `vscode` import here.

/** The arguments for `glossary-ls define` on one term. */
export function defineArgs(term: string): string[] {
  return ["define", "--format", "json", "--", term];
}

/** One entry of `glossary-ls define --format json` (the fields this command shows). */
interface Entry {
  name?: string;
  kind?: string;
  acronym?: string | null;
  expansion?: string | null;
  definition?: string | null;
  section?: { text?: string } | null;
  see_also?: string[];
}

/** The outcome of running `define`: Markdown to show, or a message saying why there is none. */
export type LookUp = { readonly ok: true; readonly markdown: string } | { readonly ok: false; readonly message: string };

/**
 * Reads what `glossary-ls define --format json TERM` printed. Exit status 1 with an empty array means
 * "not in the glossary" (stderr then carries the suggestions); anything else unexpected is reported.
 */
export function readDefineOutput(term: string, exitCode: number | null, stdout: string, stderr: string): LookUp {
  let entries: Entry[] | undefined;
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (Array.isArray(parsed)) {
      entries = parsed as Entry[];
    }
  } catch {
    entries = undefined;
  }
  const detail = stderr.trim().replace(/^error:\s*/, "");
  if (entries === undefined || entries.length === 0) {
    if (exitCode === 1 && detail !== "") {
      return { ok: false, message: detail };
    }
    return {
      ok: false,
      message: detail !== "" ? detail : `glossary-ls define "${term}" failed (exit status ${String(exitCode)}).`,
    };
  }
  return { ok: true, markdown: entries.map(entryMarkdown).join("\n\n---\n\n") + "\n" };
}

/** One entry as Markdown: the same facts, in the same order, as the server's hover. */
export function entryMarkdown(entry: Entry): string {
  const lines: string[] = [];
  const name = entry.name ?? entry.acronym ?? "?";
  const expansion = entry.expansion && entry.expansion !== name ? ` — *${entry.expansion}*` : "";
  lines.push(`## ${name}${expansion}`);
  if (entry.definition) {
    lines.push("", entry.definition);
  }
  if (entry.section?.text) {
    lines.push("", `*Introduced in ${entry.section.text}*`);
  }
  if (entry.see_also && entry.see_also.length > 0) {
    lines.push("", `See also: ${entry.see_also.join(", ")}`);
  }
  return lines.join("\n");
}

/** The word under the cursor that a look-up should start from: letters, digits, `-`, `_`, `'`. */
export function termAt(line: string, character: number): string | undefined {
  const isWord = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_'’-]/u.test(c);
  let start = Math.min(character, line.length);
  let end = start;
  while (start > 0 && isWord(line[start - 1])) {
    start--;
  }
  while (end < line.length && isWord(line[end])) {
    end++;
  }
  const word = line.slice(start, end).replace(/^['’-]+|['’-]+$/g, "");
  return word === "" ? undefined : word;
}
