#!/usr/bin/env python3
"""Instructions per keystroke, counted by callgrind: the server over stdio, as an editor drives it.

The clock on a shared 2-core machine varies by a factor of two from run to run; an instruction count
does not. This runs the server under `valgrind --tool=callgrind`, opens bench-1mb.md, then types N
single characters, awaiting each one's diagnostics (pushed, versioned), and shuts down. Run with
N = 0 and N = 8: (total at 8 − total at 0) / 8 is the cost of one keystroke, everything the server
does for it included (reading the change, the analysis, converting and writing the diagnostics).

    GLOSSARY_LS_CORPUS=/work/shared/corpus python3 benches/keystroke_instructions.py --bin BIN [--where random]

`--where one-place` (the default) types into one prose line; `--where random` inserts at a seeded
random line of more than 20 characters each time, as keystroke_latency.py does (before session 17:
a random line starting with a letter, which kept its edits out of front matter and lists). `--edits K` sends K single-character edits in each awaited change:
`--edits 200 --where random` is a burst of 200 edits at random places analysed once, with no
cancelled analysis (whose count would depend on timing). `--keep DIR` keeps the callgrind outputs (read them with
`callgrind_annotate --inclusive=yes`, on a `profiling` build for function names). Method and
figures: docs/performance.md. Standard library only; needs valgrind.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

# The message framing, shared with the latency client beside this file.
from keystroke_latency import read_body

TYPED = "the KV cache of PPO we measure the MoE "


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Client:
    def __init__(self, proc):
        self.proc, self.next_id = proc, 1

    def send(self, message):
        self.proc.stdin.write(frame(message))
        self.proc.stdin.flush()

    def read(self):
        body = read_body(self.proc.stdout)
        if body is None:
            raise EOFError("the server closed its output")
        return json.loads(body)

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == request_id and "method" not in message:
                return message.get("result")
            self.answer(message)

    def answer(self, message):
        if "method" in message and "id" in message:
            result = None
            if message["method"] == "workspace/configuration":
                result = [None] * len(message["params"].get("items", []))
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_published(self, uri, version):
        while True:
            message = self.read()
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and params.get("version") == version:
                    return
            self.answer(message)


def run(binary, document, keystrokes, where, out_file, seed, edits=1):
    # An empty workspace, and the document in a folder of its own outside it: the server indexes
    # its workspace in the background, and any file there is analysed once more, from disk, at a
    # point that varies from run to run. With the document inside the root, that extra whole
    # analysis (~120 M instructions on bench-1mb.md) raced the open document's first one: it fell
    # in the run without keystrokes or in the run with them, and the count per keystroke came out
    # as ~6.5 M or ~37 M instead of ~21.7 M.
    root = tempfile.mkdtemp(prefix="keystroke-root-")
    outside = tempfile.mkdtemp(prefix="keystroke-document-")
    shutil.copy(document, outside)
    document = os.path.join(outside, os.path.basename(document))
    command = [
        "valgrind",
        "--tool=callgrind",
        "--dump-instr=no",
        "--callgrind-out-file=" + out_file,
        binary,
    ]
    env = dict(os.environ)
    env.pop("GLOSSARY_LS_LOG", None)
    proc = subprocess.Popen(
        command, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    client = Client(proc)
    uri = "file://" + os.path.abspath(document)
    caps = {"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"publishDiagnostics": {"versionSupport": True}}}
    client.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root, "capabilities": caps})
    client.notify("initialized", {})
    with open(document, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
    )
    client.wait_published(uri, 1)
    rng = random.Random(seed)
    prose = [i for i, line in enumerate(lines) if len(line) > 20 and line[:1].isalpha()]
    line = prose[len(prose) // 2]
    column = len(lines[line]) // 2
    # Random places are drawn from the lines keystroke_latency.py edits, so that a burst here is one
    # of its bursts (some of those lines are front matter or code, which the prose reading refuses).
    long_lines = [i for i, line in enumerate(lines) if len(line) > 20]
    typed = 0
    for i in range(keystrokes):
        changes = []
        for _ in range(edits):
            if where == "random":
                line = rng.choice(long_lines)
                column = rng.randrange(len(lines[line]) + 1)
            char = TYPED[typed % len(TYPED)]
            typed += 1
            lines[line] = lines[line][:column] + char + lines[line][column:]
            # Positions in UTF-16 code units, in the text after the change before this one.
            character = len(lines[line][:column].encode("utf-16-le")) // 2
            position = {"line": line, "character": character}
            changes.append({"range": {"start": position, "end": position}, "text": char})
            if where == "one-place":
                column += 1
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": changes},
        )
        client.wait_published(uri, i + 2)
    client.request("shutdown", None)
    client.notify("exit", None)
    proc.wait(timeout=600)
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(outside, ignore_errors=True)
    total = 0
    # One file per thread with --separate-threads; without it, one file whose "summary:" or
    # "totals:" line counts every thread.
    with open(out_file) as f:
        for row in f:
            found = re.match(r"(?:summary|totals): (\d+)", row)
            if found:
                total = max(total, int(found.group(1)))
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="the glossary-ls binary (release or profiling)")
    parser.add_argument("--where", choices=["one-place", "random"], default="one-place")
    parser.add_argument("--keystrokes", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument(
        "--edits",
        type=int,
        default=1,
        help="single-character edits per awaited change (200: a burst as one change, analysed once)",
    )
    parser.add_argument("--keep", help="a folder for the callgrind outputs")
    args = parser.parse_args()
    corpus = os.environ.get("GLOSSARY_LS_CORPUS")
    if not corpus:
        print("GLOSSARY_LS_CORPUS is not set: skipped (it names the folder holding bench-1mb.md)")
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: skipped")
        return 0
    document = os.path.join(corpus, "bench-1mb.md")
    folder = args.keep or tempfile.mkdtemp(prefix="keystroke-cg-")
    os.makedirs(folder, exist_ok=True)
    base = run(args.bin, document, 0, args.where, os.path.join(folder, "callgrind.0"), args.seed)
    typed = run(args.bin, document, args.keystrokes, args.where, os.path.join(folder, "callgrind.%d" % args.keystrokes), args.seed, args.edits)
    per = (typed - base) / args.keystrokes
    print("open and close: %.1f M instructions" % (base / 1e6))
    print("with %d changes of %d edits (%s): %.1f M" % (args.keystrokes, args.edits, args.where, typed / 1e6))
    print("per change: %.2f M instructions" % (per / 1e6))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
