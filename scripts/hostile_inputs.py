#!/usr/bin/env python3
"""Runs the binary on inputs built to exhaust it (requests, image layouts, and KBS answers from the
test double of Trustee's KBS) and prints, per input, what it answered, how long it took and its
peak memory (GNU time), as a Markdown table, first row the floor: the figures of the README's table.

Usage: scripts/hostile_inputs.py [BINARY]   (default bazel-bin/src/coco-keyprovider)
"""
import base64
import hashlib
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

MANIFEST = "application/vnd.oci.image.manifest.v1+json"
INDEX = "application/vnd.oci.image.index.v1+json"


def blob(folder: str, contents: str, media_type: str = MANIFEST) -> str:
    """Stores `contents` as a blob of the layout in `folder`; returns its descriptor."""
    digest = hashlib.sha256(contents.encode()).hexdigest()
    with open(os.path.join(folder, "blobs", "sha256", digest), "w") as f:
        f.write(contents)
    return '{"mediaType":"%s","digest":"sha256:%s","size":%d}' % (media_type, digest, len(contents.encode()))


def index(*descriptors: str) -> str:
    return '{"schemaVersion":2,"manifests":[%s]}' % ",".join(descriptors)


# `inspect DIR` on OCI image layouts: (name, {file: contents or a function of the folder}).
LAYOUT_CASES = [
    ("oci-layout nested 300,000 deep", {"oci-layout": "[" * 300000, "index.json": index()}),
    ("index.json nested 300,000 deep", {"index.json": '{"a":' * 300000}),
    ("a manifest of 1,000,000 empty arrays",
     {"index.json": lambda d: index(blob(d, '{"schemaVersion":2,"layers":[' + ",".join(["[]"] * 1000000) + "]}"))}),
    ("a digest naming ../../../../etc/hostname",
     {"index.json": index('{"mediaType":"%s","digest":"sha256:../../../../etc/hostname","size":9}' % MANIFEST)}),
    ("one index listed 200 times, listing one manifest 200 times (each read once)",
     {"index.json": lambda d: index(blob(d, index(*[blob(d, index(*[blob(d, '{"schemaVersion":2,"layers":[]}')] * 200), INDEX)] * 200), INDEX))}),
]


def layer_listed(times: int):
    """A manifest listing one 1.5 MiB layer `times` times: each distinct layer is read once."""
    def make(folder: str) -> str:
        layer_bytes = os.urandom(3 << 19)
        digest = hashlib.sha256(layer_bytes).hexdigest()
        with open(os.path.join(folder, "blobs", "sha256", digest), "wb") as f:
            f.write(layer_bytes)
        layer = '{"mediaType":"%s","digest":"sha256:%s","size":%d}' % (
            "application/vnd.oci.image.layer.v1.tar+gzip", digest, len(layer_bytes))
        config = blob(folder, '{"rootfs":{"type":"layers","diff_ids":[]}}',
                      "application/vnd.oci.image.config.v1+json")
        return index(blob(folder, '{"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}'
                          % (MANIFEST, config, ",".join([layer] * times))))
    return make


# The image commands on OCI image layouts: (name, files as in LAYOUT_CASES, the command's
# arguments before and after the layout's folder).
IMAGE_CASES = [
    ("a manifest listing one 1.5 MiB layer 9,000 times (verify: read once)",
     {"index.json": layer_listed(9000)}, ["verify", "--kbc", "sample_kbc::null"], []),
    ("the same, decrypted (written once)", {"index.json": layer_listed(9000)},
     ["decrypt", "--kbc", "sample_kbc::null"], ["out"]),
    ("a manifest of 1,000,000 empty arrays (decrypt)",
     {"index.json": lambda d: index(blob(d, '{"schemaVersion":2,"layers":[' + ",".join(["[]"] * 1000000) + "]}"))},
     ["decrypt"], ["out"]),
]


def measured(name: str, argv: list, stdin_path: str, size) -> int:
    start = time.monotonic()
    with open(stdin_path) as stdin:
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdin=stdin,
                                capture_output=True, text=True, timeout=60)
    elapsed_ms = (time.monotonic() - start) * 1000
    lines = [l for l in result.stderr.splitlines() if not l.startswith("Command exited")]
    rss_kib = int(lines[-1])
    message = "\n".join(lines[:-1])
    shown = message if len(message) <= 90 else message[:87] + "..."
    size_text = "-" if size is None else f"{size:,} B"
    print(f"| {name} | {size_text} | exit {result.returncode}, stdout {len(result.stdout)} B: "
          f"`{shown}` | {elapsed_ms:.0f} ms | {rss_kib / 1024:.1f} MiB |")
    return rss_kib


def run(name, request):
    with tempfile.TemporaryDirectory() as work:
        if request is None:  # a FIFO nobody writes: must not block
            fifo = os.path.join(work, "fifo")
            os.mkfifo(fifo)
            request = keywrap("keyid=/a/b/c::keypath=" + fifo)
        path = os.path.join(work, "request")
        with open(path, "w") as f:
            f.write(request)
        return measured(name, [BINARY], path, len(request))


def run_layout(name, files, before=("inspect",), after=(), shown=" (`inspect`)"):
    with tempfile.TemporaryDirectory() as top:
        work = os.path.join(top, "layout")
        os.makedirs(os.path.join(work, "blobs", "sha256"))
        files = {"oci-layout": '{"imageLayoutVersion":"1.0.0"}', **files}
        for file, contents in files.items():
            with open(os.path.join(work, file), "w") as f:
                f.write(contents(work) if callable(contents) else contents)
        size = sum(os.path.getsize(os.path.join(root, f))
                   for root, _, names in os.walk(work) for f in names)
        argv = [BINARY, *before, work, *[os.path.join(top, a) for a in after]]
        return measured(name + shown, argv, os.devnull, size)


# What a hostile KBS answers `kbs get` (the same client as cc_kbc), from the test double of
# Trustee's KBS: fault, the endpoint it hits, the answer's size where it has one.
KBS_CASES = [
    ("an answer of 2.5 MiB, chunked", "oversized", "attest", 40 * 65536),
    ("an answer whose Content-Length is 2 MiB", "long", "attest", 2 << 20),
    ("no answer at all (--kbs-timeout 2)", "hang", "auth", None),
    ("a challenge that is not JSON", "bad-json", "auth", None),
    ("a JWE whose tag does not verify", "bad-jwe", "resource", None),
    ("a connection closed mid-answer", "close", "resource", None),
    ("a redirect to itself", "redirect", "auth", None),
]


def run_kbs(name, fault, endpoint, size):
    sys.path.insert(0, os.path.join(ROOT, "tests/kbs"))
    from kbs_process import TestKbs  # noqa: E402  (after its folder is on the path)
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "key"), "wb") as f:
            f.write(bytes(32))
        with TestKbs(os.path.join(work, "kbs"), "--fault", fault, "--fault-on", endpoint,
                     "--resource", "default/key/k1=" + os.path.join(work, "key")) as kbs:
            return measured(f"KBS: {name} (`kbs get`)",
                            [BINARY, "kbs", "get", "--url", kbs.url, "--kbs-timeout", "2",
                             "default/key/k1", os.path.join(work, "out")], os.devnull, size)


def main():
    print("| input | size | answer | time | peak RSS |")
    print("|---|---|---|---|---|")
    # The floor of this table: the same measurement of a call that does no work.
    measured("none: `--version`, the floor", [BINARY, "--version"], os.devnull, None)
    worst = max([run(name, request) for name, request in CASES] +
                [run_layout(name, files) for name, files in LAYOUT_CASES] +
                [run_layout(name, files, before, after, "")
                 for name, files, before, after in IMAGE_CASES] +
                [run_kbs(*case) for case in KBS_CASES])
    print(f"\nworst peak RSS: {worst / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
