// The VS Code glue: start the glossary-ls server with vscode-languageclient, pass the settings on, and
// register the commands. Decisions worth testing live in settings.ts, serverPath.ts, define.ts and
// documents.ts.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

import { defineArgs, readDefineOutput, termAt } from "./define";
import { documentSelector } from "./documents";
import { bundledServer, resolveServerPath, type Resolution } from "./serverPath";
import { SECTION, needsRestart, toServerConfig, type ServerConfig } from "./settings";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let extensionPath: string;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("glossary-ls");
  extensionPath = context.extensionPath;
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(`${SECTION}.restart`, restart),
    vscode.commands.registerCommand(`${SECTION}.define`, lookUpTerm),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The settings the user set, mapped to the server's keys. */
function serverConfig(scope?: vscode.Uri): ServerConfig {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  return toServerConfig((key) => {
    const seen = configuration.inspect(key);
    return (
      seen?.workspaceFolderLanguageValue ??
      seen?.workspaceFolderValue ??
      seen?.workspaceLanguageValue ??
      seen?.workspaceValue ??
      seen?.globalLanguageValue ??
      seen?.globalValue
    );
  });
}

function firstFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
}

function resolveServer(): Resolution {
  return resolveServerPath(vscode.workspace.getConfiguration(SECTION).get<string>("path"), {
    pathVariable: process.env.PATH,
    platform: process.platform,
    pathExt: process.env.PATHEXT,
    workspaceFolder: firstFolder(),
    home: os.homedir(),
    bundled: bundledServer(extensionPath, process.platform),
    isExecutable: (file) => {
      try {
        if (!fs.statSync(file).isFile()) {
          return false;
        }
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  });
}

async function start(): Promise<void> {
  const server = resolveServer();
  if (!server.ok) {
    output.appendLine(`[error] ${server.message}`);
    const choice = await vscode.window.showErrorMessage(server.message, "Open Settings", "Show Output");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.path`);
    } else if (choice === "Show Output") {
      output.show(true);
    }
    return;
  }
  output.appendLine(`[info] starting ${server.command} (from ${server.source})`);
  const serverOptions: ServerOptions = {
    command: server.command,
    args: ["serve"],
    options: { env: { ...process.env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    initializationOptions: serverConfig(),
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      workspace: {
        // The server asks for section "glossary-ls" when it is told that something changed: answer
        // with the server's keys, never VS Code's raw object (the server rejects unknown keys).
        configuration: (params, token, next) => {
          if (params.items.every((item) => item.section === SECTION)) {
            return params.items.map((item) =>
              serverConfig(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined),
            );
          }
          return next(params, token);
        },
      },
    },
  };
  client = new LanguageClient(SECTION, "glossary-ls", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = `glossary-ls failed to start (${server.command}): ${String(error)}`;
    output.appendLine(`[error] ${message}`);
    void vscode.window.showErrorMessage(message, "Show Output").then((choice) => {
      if (choice) {
        output.show(true);
      }
    });
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      output.appendLine(`[warn] stopping the server: ${String(error)}`);
    }
  }
}

async function restart(): Promise<void> {
  output.appendLine("[info] restarting the server");
  await stop();
  await start();
}

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration(SECTION)) {
    return;
  }
  if (needsRestart((key) => event.affectsConfiguration(`${SECTION}.${key}`)) || !client) {
    await restart();
    return;
  }
  if (client.isRunning()) {
    await client.sendNotification("workspace/didChangeConfiguration", {
      settings: { [SECTION]: serverConfig() },
    });
  }
}

/** `glossary-ls define` on the word under the cursor (or one typed in), shown as Markdown. */
async function lookUpTerm(): Promise<void> {
  const server = resolveServer();
  if (!server.ok) {
    void vscode.window.showErrorMessage(server.message);
    return;
  }
  const editor = vscode.window.activeTextEditor;
  let initial: string | undefined;
  if (editor) {
    const selection = editor.selection;
    initial = selection.isEmpty
      ? termAt(editor.document.lineAt(selection.active.line).text, selection.active.character)
      : editor.document.getText(selection).trim();
  }
  const term = await vscode.window.showInputBox({
    title: "glossary-ls: Look Up Term",
    prompt: "A term, by any spelling: name, acronym, plural, hyphens or spaces",
    value: initial,
  });
  if (!term) {
    return;
  }
  const folder = editor ? vscode.workspace.getWorkspaceFolder(editor.document.uri) : undefined;
  const cwd = folder?.uri.fsPath ?? firstFolder();
  const result = await new Promise<ReturnType<typeof readDefineOutput>>((resolve) => {
    execFile(server.command, defineArgs(term), { cwd, timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve(readDefineOutput(term, code, stdout, stderr));
    });
  });
  if (!result.ok) {
    void vscode.window.showWarningMessage(result.message);
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: "markdown", content: result.markdown });
  await vscode.commands.executeCommand("markdown.showPreviewToSide", document.uri).then(
    () => undefined,
    () => vscode.window.showTextDocument(document, vscode.ViewColumn.Beside),
  );
}
