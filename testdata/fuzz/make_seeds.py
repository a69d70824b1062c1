#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora from the test vectors: valid inputs of every shape, so the
fuzzers start deep inside the parsers. Run from this folder; deterministic."""
import base64
import json
import os

VECTORS = json.load(open("../vectors/wrap_vectors.json"))


def write(folder: str, name: str, data) -> None:
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def keywrap(params: str) -> str:
    return json.dumps({"op": "keywrap", "keywrapparams": {
        "ec": {"Parameters": {"attestation-agent": [b64(params)], "pubkeys": [b64("PEM")]},
               "DecryptConfig": {"Parameters": {}}},
        "optsdata": b64('{"symkey":"AAAA","digest":"sha256:00","cipheroptions":{}}')},
        "keyunwrapparams": {"dc": None, "annotation": None}}, separators=(",", ":"))


def keyunwrap(entries: list, packet: str) -> str:
    return json.dumps({"op": "keyunwrap", "keywrapparams": {"ec": None, "optsdata": None},
                       "keyunwrapparams": {"dc": {"Parameters": {"attestation-agent": [b64(e) for e in entries],
                                                                 "privkeys": [b64("PEM")]}},
                                           "annotation": b64(packet)}}, separators=(",", ":"))


def main() -> None:
    sample = VECTORS["sample"]
    write("request", "sample-wrap", sample["request"])
    write("request", "sample-unwrap", sample["unwrap_request"])
    write("request", "offline-fs-unwrap", VECTORS["offline_fs"]["unwrap_request"])
    write("request", "keyid-keypath", keywrap("keyid=kbs:///default/key/key_id1::keypath=/nonexistent::algorithm=A256CTR"))
    write("request", "keyid-forms", keywrap("keyid=10.0.0.1:8080/a/b/c::keypath=/k::sample=false"))
    write("request", "enabled", keywrap("Enabled"))
    write("request", "two-kbcs", keyunwrap(["offline_fs_kbc::null", "sample_kbc::null", "Enabled"], sample["packet"]))
    write("request", "case-and-nulls", '{"OP":"keywrap","KeyWrapParams":{"EC":{"parameters":null},"optsdata":null}}')
    for case in VECTORS["cases"]:
        write("packet", case["name"], case["packet"])
    write("packet", "newer-fields", json.loads(json.dumps(
        sample["packet"][:-1] + ',"version":"0.1.0","provider":"kbs","provider_settings":{},"annotations":{}}')))
    write("keys_file", "vector-keys", VECTORS["offline_fs"]["keys_file"])
    write("keys_file", "upstream-shape", '{\n  "default/key/key_id1": "' + base64.b64encode(bytes(32)).decode() +
          '",\n  "default/key/key_id2": "AQID"\n}\n')
    write("keys_file", "duplicates", '{"default/key/key_id1":"AAAA","default/key/key_id1":"BBBB"}')


if __name__ == "__main__":
    main()
