#!/usr/bin/env python3
"""Runs the binary on inputs built to exhaust it and prints, per input, what it answered, how long it
took and its peak memory (GNU time), as a Markdown table: the figures of the README's table.

Usage: scripts/hostile_inputs.py [BINARY]   (default bazel-bin/src/coco-keyprovider)
"""
import base64
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "bazel-bin/src/coco-keyprovider")


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def keywrap(params: str) -> str:
    return ('{"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":["%s"]}},'
            '"optsdata":"%s"}}' % (b64(params), b64('{"symkey":"k"}')))


def entries(params: str, count: int) -> str:
    return ",".join(['"%s"' % b64(params)] * count)


SAMPLE_PACKET = subprocess.run([BINARY], input=keywrap("sample=true"), capture_output=True,
                               text=True, check=True).stdout
SAMPLE_PACKET = bytes(int(n) for n in SAMPLE_PACKET.split("[")[1].split("]")[0].split(",")).decode()

CASES = [
    ("request of 1 MiB + 1 byte", " " * (2**20 + 1)),
    ("1 MiB of `[` (nesting depth 1,048,576)", "[" * 2**20),
    ("500,000-deep nesting inside a request", '{"op":"keywrap","x":' + "[" * 500000 + "]" * 500000 + "}"),
    ("an array of 300,000 numbers", '{"op":"keywrap","x":[' + ",".join(["0"] * 300000) + "]}"),
    ("60,000 unknown members", "{" + ",".join('"m%d":0' % i for i in range(60000)) + ',"op":"x"}'),
    ("10,000 recipients for our provider",
     '{"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":[%s]}},'
     '"optsdata":"AAAA"}}' % entries("sample=true", 10000)),
    ("10,000 KBC entries, each failing",
     '{"op":"keyunwrap","keyunwrapparams":{"dc":{"Parameters":{"attestation-agent":[%s]}},'
     '"annotation":"%s"}}' % (entries("magic_kbc::x", 10000), b64(SAMPLE_PACKET))),
    ("a 700 KB keyid", keywrap("keyid=/" + "a" * 700000 + "::keypath=/k")),
    ("a 700 KB parameter name", keywrap("p" * 700000 + "=1")),
    ("a NUL byte inside the request", keywrap("sample=true")[:20] + "\0" + keywrap("sample=true")[20:]),
    ("an annotation with a 100,000-deep nesting",
     '{"op":"keyunwrap","keyunwrapparams":{"dc":null,"annotation":"%s"}}'
     % b64('{"kid":' + "[" * 100000 + "}")),
    ("keypath naming a FIFO", None),
]


def run(name, request):
    with tempfile.TemporaryDirectory() as work:
        if request is None:  # a FIFO nobody writes: must not block
            fifo = os.path.join(work, "fifo")
            os.mkfifo(fifo)
            request = keywrap("keyid=/a/b/c::keypath=" + fifo)
        path = os.path.join(work, "request")
        with open(path, "w") as f:
            f.write(request)
        start = time.monotonic()
        with open(path) as stdin:
            result = subprocess.run(["/usr/bin/time", "-f", "%M", BINARY], stdin=stdin,
                                    capture_output=True, text=True, timeout=60)
        elapsed_ms = (time.monotonic() - start) * 1000
    lines = [l for l in result.stderr.splitlines() if not l.startswith("Command exited")]
    rss_kib = int(lines[-1])
    message = "\n".join(lines[:-1])
    shown = message if len(message) <= 90 else message[:87] + "..."
    print(f"| {name} | {len(request):,} B | exit {result.returncode}, stdout {len(result.stdout)} B: "
          f"`{shown}` | {elapsed_ms:.0f} ms | {rss_kib / 1024:.1f} MiB |")
    return rss_kib


def main():
    print("| input | size | answer | time | peak RSS |")
    print("|---|---|---|---|---|")
    worst = max(run(name, request) for name, request in CASES)
    print(f"\nworst peak RSS: {worst / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
