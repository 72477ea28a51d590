#!/usr/bin/env python3
"""Writes the server_messages target's seeds: editor sessions, one JSON-RPC message per line.

    seed_sessions.py OUT_DIR DOCUMENT...

Each document (its first few kilobytes) becomes one session: initialize with one of several client
profiles (position encodings, push or pull diagnostics, Markdown or plain text, file watching,
settings), open, requests at the places where acronyms and terms are used, incremental edits,
configuration changes, close, shutdown and sometimes exit. The seeds only steer the fuzzer toward
deep states; it mutates them freely.
"""

import json
import os
import re
import sys

PIECE = 4000
FOLDER = "file:///tmp/glossary-ls-fuzz"

PROFILES = [
    # encoding, pull diagnostics, markdown, resolve, watch files, settings
    ("utf-16", False, True, True, True, None),
    ("utf-8", True, True, False, False, {"ignore": ["TODO"], "inlay-hints": "all"}),
    ("utf-32", False, False, False, True, {"glossary-ls": {"inlay-hints": "undefined"}}),
    ("utf-16", True, False, True, False, {"severity": {"undefined-acronym": "hint"}}),
]


def units(text, encoding):
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def position(lines, line, column, encoding):
    return {"line": line, "character": units(lines[line][:column], encoding)}


def initialize(profile, root):
    encoding, pull, markdown, resolve, watch, settings = profile
    formats = ["markdown", "plaintext"] if markdown else ["plaintext"]
    text = {
        "synchronization": {"dynamicRegistration": False},
        "hover": {"contentFormat": formats},
        "completion": {
            "completionItem": {
                "documentationFormat": formats,
                "resolveSupport": {"properties": ["documentation"] if resolve else []},
            }
        },
        "inlayHint": {},
        "codeAction": {},
        "publishDiagnostics": {"versionSupport": True},
    }
    if pull:
        text["diagnostic"] = {"dynamicRegistration": False}
    params = {
        "processId": None,
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": "fuzz"}],
        "capabilities": {
            "general": {"positionEncodings": [encoding]},
            "textDocument": text,
            "workspace": {
                "applyEdit": True,
                "configuration": True,
                "workspaceEdit": {"documentChanges": True, "resourceOperations": ["create"]},
                "didChangeWatchedFiles": {"dynamicRegistration": watch, "relativePatternSupport": True},
                "inlayHint": {"refreshSupport": True},
                "diagnostics": {"refreshSupport": True},
            },
        },
    }
    if settings is not None:
        params["initializationOptions"] = settings
    return params


def session(text, index):
    profile = PROFILES[index % len(PROFILES)]
    encoding = profile[0]
    uri = f"{FOLDER}/doc-{index}.md"
    lines = text.split("\n")
    messages = []
    next_id = [0]

    def request(method, params):
        next_id[0] += 1
        messages.append({"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params})

    def notify(method, params):
        messages.append({"jsonrpc": "2.0", "method": method, "params": params})

    def race(method, params):
        # Sent without waiting for the answer: the edits after it race it.
        next_id[0] += 1
        messages.append(("!", {"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params}))

    request("initialize", initialize(profile, FOLDER))
    notify("initialized", {})
    notify("textDocument/didOpen", {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text},
    })
    doc = {"uri": uri}
    # Places worth asking about: acronyms and capitalised words.
    places = []
    for number, line in enumerate(lines):
        for match in re.finditer(r"\b[A-Z][A-Za-z0-9]+\b", line):
            places.append((number, match.start() + 1))
        if len(places) >= 6:
            break
    if not places:
        places = [(0, 0)]
    for line, column in places:
        at = position(lines, line, column, encoding)
        request("textDocument/hover", {"textDocument": doc, "position": at})
        request("textDocument/definition", {"textDocument": doc, "position": at})
        request("textDocument/references", {
            "textDocument": doc, "position": at, "context": {"includeDeclaration": True},
        })
        request("textDocument/documentHighlight", {"textDocument": doc, "position": at})
    last = len(lines) - 1
    whole = {"start": {"line": 0, "character": 0},
             "end": {"line": last, "character": units(lines[last], encoding)}}
    request("textDocument/inlayHint", {"textDocument": doc, "range": whole})
    request("textDocument/codeAction", {
        "textDocument": doc, "range": whole, "context": {"diagnostics": []},
    })
    request("textDocument/diagnostic", {"textDocument": doc})
    line, column = places[0]
    at = position(lines, line, column, encoding)
    request("textDocument/completion", {"textDocument": doc, "position": at})
    request("completionItem/resolve", {
        "label": "LLM", "data": {"uri": uri, "name": "large language model"},
    })
    # Edits: insert an undefined acronym, spell it out, delete a span, then replace everything. The
    # first races requests sent just before it.
    race("textDocument/hover", {"textDocument": doc, "position": at})
    race("textDocument/inlayHint", {"textDocument": doc, "range": whole})
    notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": at, "end": at}, "text": "The KV cache of an SSM. "}],
    })
    request("textDocument/hover", {"textDocument": doc, "position": at})
    notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3},
        "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
             "text": "State space model (SSM) 🦙\r\n"},
            {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 3}},
             "text": ""},
        ],
    })
    request("textDocument/codeAction", {
        "textDocument": doc, "range": {"start": at, "end": at}, "context": {"diagnostics": []},
    })
    notify("workspace/didChangeConfiguration", {"settings": {"glossary-ls": {"ignore": ["SSM"]}}})
    notify("workspace/didChangeWatchedFiles", {
        "changes": [{"uri": f"{FOLDER}/.glossary-ls.toml", "type": 2}],
    })
    notify("$/cancelRequest", {"id": 3})
    request("glossary-ls/unknown", {})
    notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 4},
        "contentChanges": [{"text": "Retrieval-augmented generation (RAG) beats RAG.\nMoE and LLMs."}],
    })
    request("textDocument/hover", {
        "textDocument": doc, "position": {"line": 1, "character": 1},
    })
    notify("textDocument/didClose", {"textDocument": doc})
    request("shutdown", None)
    if index % 2 == 0:
        notify("exit", None)
    def line(message):
        prefix, message = message if isinstance(message, tuple) else ("", message)
        return prefix + json.dumps(message, ensure_ascii=False) + "\n"

    return "".join(line(m) for m in messages)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for index, path in enumerate(sys.argv[2:]):
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read(PIECE * 2)
        # Cut at a line start so that the piece reads like a document.
        if len(text) > PIECE:
            cut = text.rfind("\n", 0, PIECE)
            text = text[: cut + 1 if cut > 0 else PIECE]
        name = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(out, f"session-{index}-{name}"), "w", encoding="utf-8") as file:
            file.write(session(text, index))
    # Abuse in the middle of a session: bad frames (raw lines), requests before initialize.
    with open(os.path.join(out, "abuse"), "w", encoding="utf-8") as file:
        file.write('{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}\n')
        file.write("#Content-Length: 12~~not json at\n")
        file.write("#Content-Length: x~~\n")
        file.write(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "initialize",
                               "params": initialize(PROFILES[0], FOLDER)}) + "\n")
        file.write("[1,2]\n")
        file.write('{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":'
                   '{"textDocument":{"uri":"file:///nowhere.md"},"position":{"line":-1,"character":9}}}\n')
        file.write('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":'
                   '{"uri":"untitled:1","languageId":"plaintext","version":1,"text":"An LLM."}}}\n')
        file.write('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":'
                   '{"uri":"untitled:1","version":0},"contentChanges":[{"range":{"start":'
                   '{"line":9,"character":0},"end":{"line":0,"character":0}},"text":"é"}]}}\n')
        file.write('{"jsonrpc":"2.0","id":4,"method":"textDocument/inlayHint","params":{"textDocument":'
                   '{"uri":"untitled:1"},"range":{"start":{"line":0,"character":0},"end":'
                   '{"line":4294967295,"character":4294967295}}}}\n')


if __name__ == "__main__":
    main()
