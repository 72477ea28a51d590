// Which documents the server reviews, by VS Code language id: the ids the server reads as a format
// (Markdown, plain text, MDX, Quarto, reStructuredText, LaTeX), and the Markdown cells of Jupyter
// notebooks, which the server receives through LSP notebook sync and reads as one document. The
// language ids are those of the extensions that bring each language to VS Code (MDX: unifiedjs.vscode-mdx,
// Quarto: quarto.quarto, reStructuredText: lextudio.restructuredtext, LaTeX: LaTeX Workshop, whose
// plain TeX files are `tex`). package.json's activationEvents name the same ids (a test checks it).

/** The server's formats, by language id. */
export const LANGUAGES = ["markdown", "plaintext", "mdx", "quarto", "restructuredtext", "latex", "tex"] as const;

/** The notebook type whose Markdown cells the server reviews. */
export const NOTEBOOK = "jupyter-notebook";

/** A document filter as vscode-languageclient takes it (kept structural: this module needs no vscode). */
export type Filter = { scheme: string; language: string } | { notebook: string; language: string };

/** The client's document selector: saved and unsaved files of each format, and notebook Markdown cells. */
export function documentSelector(): Filter[] {
  const files: Filter[] = LANGUAGES.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);
  return [...files, { notebook: NOTEBOOK, language: "markdown" }];
}
