#!/usr/bin/env python3
"""Keystroke to diagnostics, measured from outside: an independent stdio client for the release server.

Starts the real binary over stdio the way an editor does, opens bench-1mb.md and a ~20 KB document from
the corpus, and for each of a push client (publishDiagnostics) and a pull client (textDocument/diagnostic)
sends bursts of 200 single-character insertions back to back, at random places and at one place, and
measures the time from writing the last edit to receiving the diagnostics of that final version. Every
configuration runs once on an idle machine and once with one core kept busy by another process. During
extra bursts on the 1 MB document it stops after every 10th edit for a hover and a completion, as a
writer who pauses on a word does, and reports their round trips. At the end it reads the server's peak resident memory (VmHWM).

Method and figures: docs/performance.md. Standard library only. Usage:

    GLOSSARY_LS_CORPUS=/work/shared/corpus python3 benches/keystroke_latency.py [--quick] [--bin PATH] [--only 1mb]

With --requests-only it runs only the hovers and completions during bursts on the 1 MB document, for
--rounds bursts per load (a p99 over ~200 samples is their second worst; 40 rounds give ~780), and
prints more of their distribution; --dump FILE writes every request's wall-clock send and arrival
times, to match against the server's debug log.

The binary defaults to $GLOSSARY_LS_BIN, else $CARGO_TARGET_DIR/release/glossary-ls, else
target/release/glossary-ls. Without GLOSSARY_LS_CORPUS it says so and exits successfully.
"""

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time

EDITS = 200
TARGETS = {
    "bench-1mb.md": (10.0, 20.0),
    "20kb": (2.0, 5.0),
}
HOVER_P99_MS = 1.0
COMPLETION_P99_MS = 5.0
PEAK_MB = 40.0
TERMS = ["PPO", "DPO", "KV cache", "GRPO", "LoRA", "vLLM", "reward model", "MoE"]


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def read_body(stream):
    """The body of the next framed message on `stream` (its headers read and dropped); None at the end."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return stream.read(length)


class Server:
    """The server process, and a reader thread that timestamps every message as it arrives."""

    def __init__(self, binary, root, pull):
        env = dict(os.environ)
        env.pop("GLOSSARY_LS_LOG", None)
        self.proc = subprocess.Popen(
            [binary],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.next_id = 1
        self.lock = threading.Lock()
        # Version → arrival time of publishDiagnostics, per URI.
        self.published = {}
        self.published_cond = threading.Condition(self.lock)
        # Request id → (arrival time, message).
        self.responses = {}
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        caps = {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {
                    "completionItem": {
                        "documentationFormat": ["markdown"],
                        "resolveSupport": {"properties": ["documentation", "detail"]},
                    }
                },
                "publishDiagnostics": {"versionSupport": True},
            },
            "workspace": {},
        }
        if pull:
            caps["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
            caps["workspace"]["diagnostics"] = {"refreshSupport": True}
        uri = "file://" + root
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "bench"}],
                "capabilities": caps,
            },
        )
        self.notify("initialized", {})

    def _read(self):
        out = self.proc.stdout
        while True:
            body = read_body(out)
            if body is None:
                return
            now = time.perf_counter()
            message = json.loads(body)
            if "method" in message and "id" in message:
                # A request from the server: answer as a plain editor would.
                result = None
                if message["method"] == "workspace/configuration":
                    result = [None] * len(message["params"].get("items", []))
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                with self.lock:
                    self.published.setdefault(params["uri"], {})[params.get("version")] = now
                    self.published_cond.notify_all()
            elif "id" in message:
                with self.lock:
                    self.responses[message["id"]] = (now, message)
                    self.published_cond.notify_all()

    def _send(self, message):
        body = json.dumps(message).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self.lock:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        return time.perf_counter()

    def notify(self, method, params):
        return self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def send_request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        sent = self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        return request_id, sent

    def response(self, request_id, timeout=30.0):
        deadline = time.perf_counter() + timeout
        with self.lock:
            while request_id not in self.responses:
                left = deadline - time.perf_counter()
                if left <= 0 or not self.published_cond.wait(left):
                    raise TimeoutError("no response to request %d" % request_id)
            return self.responses.pop(request_id)

    def request(self, method, params):
        request_id, _ = self.send_request(method, params)
        return self.response(request_id)[1].get("result")

    def published_at(self, uri, version, timeout=30.0):
        deadline = time.perf_counter() + timeout
        with self.lock:
            while version not in self.published.get(uri, {}):
                left = deadline - time.perf_counter()
                if left <= 0 or not self.published_cond.wait(left):
                    raise TimeoutError("no diagnostics for version %d of %s" % (version, uri))
            return self.published[uri][version]

    def peak_rss_mb(self):
        try:
            with open("/proc/%d/status" % self.proc.pid) as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return 0.0

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


class Document:
    """The client's copy of an open document, as lines, so that an edit costs one line's work."""

    def __init__(self, server, uri, text, pull):
        self.server, self.uri, self.pull = server, uri, pull
        self.original = text
        self.lines = text.split("\n")
        self.version = 1
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        self.wait_diagnostics(time.perf_counter())

    def insert(self, line, column, char):
        """Inserts `char` at `column` (in code points) of `line`; returns the send time."""
        text = self.lines[line]
        character = utf16_len(text[:column])
        self.lines[line] = text[:column] + char + text[column:]
        self.version += 1
        position = {"line": line, "character": character}
        return self.server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": char}],
            },
        )

    def restore(self):
        """Puts the original text back in one change and waits for its diagnostics."""
        self.lines = self.original.split("\n")
        self.version += 1
        sent = self.server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"text": self.original}],
            },
        )
        self.wait_diagnostics(sent)

    def wait_diagnostics(self, sent):
        """Milliseconds from `sent` to the diagnostics of the current version."""
        if self.pull:
            request_id, _ = self.server.send_request(
                "textDocument/diagnostic", {"textDocument": {"uri": self.uri}}
            )
            arrived, message = self.server.response(request_id)
            if "error" in message:
                raise RuntimeError(message["error"])
        else:
            arrived = self.server.published_at(self.uri, self.version)
        return (arrived - sent) * 1000.0

    def prose_lines(self):
        """Lines with some prose on them (the edits' targets)."""
        return [i for i, line in enumerate(self.lines) if len(line) > 20]


def burst(document, where, rng, during=None):
    """200 insertions back to back; returns ms from the last one to its diagnostics."""
    candidates = document.prose_lines()
    line = rng.choice(candidates)
    column = rng.randrange(len(document.lines[line]))
    typed = "the KV cache of PPO we measure the MoE "
    sent = 0.0
    for i in range(EDITS):
        if where == "random":
            line = rng.choice(candidates)
            column = rng.randrange(len(document.lines[line]) + 1)
            char = rng.choice("abcdefghijklmnopqrstuvwxyz  ")
        else:
            char = typed[i % len(typed)]
        sent = document.insert(line, column, char)
        if where == "one place":
            column += 1
        if during is not None:
            during(i)
    took = document.wait_diagnostics(sent)
    document.restore()
    return took


class BusyCore:
    """Another process that keeps one core busy while the block runs."""

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(0.2)
        return self

    def __exit__(self, *_):
        self.proc.kill()
        self.proc.wait()


def percentile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round((len(ordered) - 1) * q)))]


def requests_during_burst(server, document, rng, rounds, log=None):
    """Hover and completion round trips in the middle of bursts of edits on `document`: after every
    10th edit, a hover on a term and a completion there, each awaited as an editor awaits it (answers
    are for the text as it stands, edits included: both from the latest analysis when the edits did
    not touch what they read of it, else from the analysis of the current text)."""
    hovers, completions = [], []
    for _ in range(rounds):

        def during(i):
            if i % 10 != 9:
                return
            # A term on some line, in the text as it stands now.
            for _ in range(50):
                line = rng.randrange(len(document.lines))
                text = document.lines[line]
                found = [(text.find(t), t) for t in TERMS if t in text]
                if found:
                    column = found[0][0] + 1
                    break
            else:
                return
            position = {"line": line, "character": utf16_len(text[:column])}
            doc = {"uri": document.uri}
            for samples, method in ((hovers, "textDocument/hover"), (completions, "textDocument/completion")):
                request_id, sent = server.send_request(method, {"textDocument": doc, "position": position})
                arrived, _ = server.response(request_id)
                samples.append((arrived - sent) * 1000.0)
                if log is not None:
                    log.append((method, request_id, sent, arrived, i, line))

        burst(document, "random", rng, during)
    return hovers, completions


def requests_only(binary, path, text, loads, rounds, rng, dump):
    """Only the requests during bursts, push client, `rounds` bursts per load; their distribution."""
    # perf_counter times → wall clock, for matching the server's log.
    wall = time.time() - time.perf_counter()
    log = []
    results = []
    with tempfile.TemporaryDirectory(prefix="glossary-ls-bench") as root:
        server = Server(binary, root, False)
        document = Document(server, "file://" + os.path.join(root, os.path.basename(path)), text, False)
        for load in loads:
            busy = BusyCore() if load != "idle" else None
            if busy:
                busy.__enter__()
            try:
                start = len(log)
                hovers, completions = requests_during_burst(server, document, rng, rounds, log)
                results.append((load, hovers, completions))
                log[start:] = [entry + (load,) for entry in log[start:]]
            finally:
                if busy:
                    busy.__exit__()
        server.close()
    with open("/proc/loadavg") as f:
        load_average = " ".join(f.read().split()[:3])
    print(
        "keystroke_latency --requests-only: %s, %d bursts per load; load average %s on %d cores"
        % (binary, rounds, load_average, os.cpu_count() or 0)
    )
    for load, hovers, completions in results:
        for name, samples, target in (("hover", hovers, HOVER_P99_MS), ("completion", completions, COMPLETION_P99_MS)):
            if samples:
                print(
                    "%-10s %-14s n %4d  p50 %6.2f  p90 %6.2f  p99 %6.2f  max %7.2f ms  over 1 ms %5.1f %%  over 5 ms %5.1f %%  (target p99 < %g ms)"
                    % (
                        name,
                        load,
                        len(samples),
                        percentile(samples, 0.5),
                        percentile(samples, 0.9),
                        percentile(samples, 0.99),
                        max(samples),
                        100.0 * sum(s > 1.0 for s in samples) / len(samples),
                        100.0 * sum(s > 5.0 for s in samples) / len(samples),
                        target,
                    )
                )
    if dump:
        with open(dump, "w") as f:
            f.write("method\tid\tsent_wall\tarrived_wall\tms\tedit\tline\tload\n")
            for method, request_id, sent, arrived, i, line, load in log:
                f.write(
                    "%s\t%d\t%.6f\t%.6f\t%.3f\t%d\t%d\t%s\n"
                    % (method, request_id, sent + wall, arrived + wall, (arrived - sent) * 1000.0, i, line, load)
                )
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 bursts per configuration")
    parser.add_argument("--bin", help="the glossary-ls binary")
    parser.add_argument("--no-busy", action="store_true", help="skip the runs with a busy core")
    parser.add_argument(
        "--requests-only", action="store_true", help="only the hovers and completions during bursts"
    )
    parser.add_argument("--rounds", type=int, help="bursts per load for --requests-only (default 10)")
    parser.add_argument("--dump", help="with --requests-only: write each request's times to this file")
    parser.add_argument(
        "--only",
        choices=["1mb", "20kb"],
        help="open and measure only this document (its rows; the requests during bursts with 1mb)",
    )
    args = parser.parse_args()
    corpus = os.environ.get("GLOSSARY_LS_CORPUS")
    if not corpus:
        print("keystroke_latency: skipped (set GLOSSARY_LS_CORPUS to the corpus folder)")
        return 0
    big = os.path.join(corpus, "bench-1mb.md")
    small = os.path.join(corpus, "trl-dpo-trainer.md")
    if not (os.path.isfile(big) and os.path.isfile(small)):
        print("keystroke_latency: skipped (%s has no bench-1mb.md or trl-dpo-trainer.md)" % corpus)
        return 0
    binary = args.bin or os.environ.get("GLOSSARY_LS_BIN")
    if not binary:
        target = os.environ.get("CARGO_TARGET_DIR", "target")
        binary = os.path.join(target, "release", "glossary-ls")
    # The server runs in a temporary folder: a path relative to here would not be found from there.
    binary = os.path.abspath(binary)
    if not os.access(binary, os.X_OK):
        print("keystroke_latency: no server binary at %s (cargo build --release)" % binary)
        return 1
    bursts = 3 if args.quick else 10
    rng = random.Random(20)
    texts = {}
    for path in {"1mb": (big,), "20kb": (small,)}.get(args.only, (big, small)):
        with open(path, encoding="utf-8") as f:
            texts[path] = f.read()

    rows, peaks, requests = [], [], []
    loads = ["idle"] if args.no_busy else ["idle", "one core busy"]
    if args.requests_only:
        if big not in texts:
            parser.error("--requests-only measures bench-1mb.md: not with --only 20kb")
        return requests_only(binary, big, texts[big], loads, args.rounds or bursts, rng, args.dump)
    with tempfile.TemporaryDirectory(prefix="glossary-ls-bench") as root:
        for pull in (False, True):
            client = "pull" if pull else "push"
            server = Server(binary, root, pull)
            documents = {
                path: Document(server, "file://" + os.path.join(root, os.path.basename(path)), text, pull)
                for path, text in texts.items()
            }
            for load in loads:
                busy = BusyCore() if load != "idle" else None
                if busy:
                    busy.__enter__()
                try:
                    for path, document in documents.items():
                        for where in ("random", "one place"):
                            times = [burst(document, where, rng) for _ in range(bursts)]
                            rows.append((os.path.basename(path), len(texts[path]), client, where, load, times))
                    if not pull and big in documents:
                        requests.append((load,) + requests_during_burst(server, documents[big], rng, bursts))
                finally:
                    if busy:
                        busy.__exit__()
            peaks.append((client, server.peak_rss_mb()))
            server.close()

    with open("/proc/loadavg") as f:
        load_average = " ".join(f.read().split()[:3])
    print(
        "keystroke_latency: %s, %d edits per burst, %d bursts; load average %s on %d cores"
        % (binary, EDITS, bursts, load_average, os.cpu_count() or 0)
    )
    print("%-20s %9s %-5s %-10s %-14s %9s %9s  %s" % ("document", "bytes", "mode", "edits", "load", "median", "worst", "target"))
    for name, size, client, where, load, times in rows:
        median_target, worst_target = TARGETS.get(name, TARGETS["20kb"])
        print(
            "%-20s %9d %-5s %-10s %-14s %7.2fms %7.2fms  < %g / %g ms"
            % (name, size, client, where, load, statistics.median(times), max(times), median_target, worst_target)
        )
    for load, hovers, completions in requests:
        for name, samples, target in (("hover", hovers, HOVER_P99_MS), ("completion", completions, COMPLETION_P99_MS)):
            if samples:
                print(
                    "%s during bursts on bench-1mb.md (%s, push): p50 %.2f ms, p99 %.2f ms over %d — target p99 < %g ms"
                    % (name, load, percentile(samples, 0.5), percentile(samples, 0.99), len(samples), target)
                )
    for client, peak in peaks:
        print("peak memory (VmHWM), %s server: %.1f MB — target < %g MB" % (client, peak, PEAK_MB))
    return 0


if __name__ == "__main__":
    sys.exit(main())
