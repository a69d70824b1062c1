#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora from the test vectors: valid inputs of every shape, so the
fuzzers start deep inside the parsers. Run from this folder with Debian's python3 (it needs
python3-cryptography for the KBS answers); deterministic."""
import base64
import hashlib
import json
import os
import sys

import hmac

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

sys.path.insert(0, "../vectors")
import make_kbs_vectors as kbs  # noqa: E402  (after its folder is on the path)
import make_vectors  # noqa: E402

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


def layer_options_seeds() -> None:
    """Both options of every layer vector, as ocicrypt writes them."""
    for case in json.load(open("../vectors/layer_vectors.json"))["cases"]:
        name = "".join(c if c.isalnum() else "-" for c in case["name"])
        write("layer_options", f"private-{name}", case["privopts"])
        write("layer_options", f"public-{name}", case["pubopts"])


def doctor_seeds() -> None:
    """doctor_fuzzer's input: a byte naming the reader (0 ocicrypt.conf, 1 --key PARAMS, 2 a
    client's --version output, 3 a KBS's answer to the probe), then the input."""
    def seed(name: str, reader: int, text: str) -> None:
        write("doctor", name, bytes([reader]) + text.encode())
    entry = {"cmd": {"path": "/usr/bin/coco-keyprovider",
                     "args": ["--keys-file", "/etc/coco/keys.json", "--kbc", "offline_fs_kbc::null"]}}
    seed("config", 0, json.dumps({"key-providers": {"attestation-agent": entry}}, indent=2))
    seed("config-path-outside-cmd", 0, compact({"key-providers": {"attestation-agent": {
        "path": "/usr/bin/coco-keyprovider", "args": []}}}))
    seed("config-other-name", 0, compact({"key-providers": {"coco": {"cmd": {
        "path": "/proc/self/exe", "args": ["--provider-name", "coco", "--kbs", "http://kbs:8080"]}}}}))
    seed("config-cmd-a-number", 0, compact({"key-providers": {"attestation-agent": {"cmd": 7}}}))
    seed("params-keypath", 1, "keyid=kbs:///default/key/1::keypath=/etc/coco/key1")
    seed("params-keyfile", 1, "keyid=kbs:///default/key/1::keyfile=relative.json::algorithm=A256CTR")
    seed("skopeo-1.9", 2, "skopeo version 1.9.3\n")
    seed("buildah-1.39", 2, "buildah version 1.39.3 (image-spec 1.1.0, runtime-spec 1.2.0)\n")
    seed("ctr-imgcrypt", 2, "WARN[0000] 3.1 is old\nctr github.com/containerd/containerd 1.7.24+unknown\n")
    errors = "https://github.com/confidential-containers/kbs/errors/"
    seed("token-not-found", 3, compact({"type": errors + "TokenNotFound",
                                        "detail": "Attestation Token not found"}))
    seed("not-a-kbs", 3, "<html>302 Found</html>")
    seed("kbs-url-loopback", 3, "http://[::1]:8080")


def main() -> None:
    doctor_seeds()
    oci_seeds()
    layer_options_seeds()
    kbs_reply_seeds()
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


def kbs_reply_seeds() -> None:
    """kbs_replies_fuzzer's input: a byte naming the reader (0 challenge, 1 attestation answer,
    2 ErrorInformation, 3-5 a JWE for its P-256, P-521 or RSA key), then the KBS's answer."""
    def seed(name: str, reader: int, answer: str) -> None:
        write("kbs_replies", name, bytes([reader]) + answer.encode())
    seed("challenge", 0, compact({"nonce": base64.b64encode(bytes(32)).decode(), "extra-params": ""}))
    seed("attestation-answer", 1, compact({"token": "eyJhbGciOiJFUzI1NiJ9.eyJpYXQiOjF9.c2ln"}))
    errors = "https://github.com/confidential-containers/kbs/errors/"
    seed("policy-deny", 2, compact({"type": errors + "PolicyDeny", "detail": "Access denied by policy"}))
    seed("version-mismatch", 2, compact({
        "type": errors + "AttestationError",
        "detail": "Attestation error: RCAR handshake Auth failed: KBS Client Protocol Version Mismatch: "
                  "expect =0.2.0 while the request is 0.4.0"}))
    seed("not-json", 2, "<html>502 Bad Gateway</html>")
    # The fuzzer's EC keys have the private scalars 01 02 03 ... (32 and 65 bytes).
    for reader, curve_name, size in ((3, "P-256", 32), (4, "P-521", 65)):
        client = ec.derive_private_key(int.from_bytes(bytes(range(1, size + 1)), "big"),
                                       kbs.CURVES[curve_name][0])
        seed("jwe-" + curve_name.lower(), reader,
             kbs.ec_jwe(client.public_key(), curve_name, kbs.derive("fuzz/kek", 32)))
    # The RSA key is the fuzzer's own: a well-formed JWE whose key it cannot unwrap.
    seed("jwe-rsa", 5, kbs.compact(kbs.jwe('{"alg":"RSA-OAEP-256","enc":"A256GCM"}', bytes(256),
                                           bytes(32), bytes(12), bytes(32))))


def compact(document) -> str:
    return json.dumps(document, separators=(",", ":"))


def descriptor(media_type: str, blob: str, **extra) -> dict:
    return {"mediaType": media_type, "digest": "sha256:" + hashlib.sha256(blob.encode()).hexdigest(),
            "size": len(blob.encode()), **extra}


MANIFEST = "application/vnd.oci.image.manifest.v1+json"
INDEX = "application/vnd.oci.image.index.v1+json"
CONFIG = "application/vnd.oci.image.config.v1+json"
LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def oci_seeds() -> None:
    """OCI documents, and whole layouts as oci_layout_fuzzer reads them (NUL-separated records:
    oci-layout, index.json, then blobs)."""
    sample = VECTORS["sample"]
    config = compact({"architecture": "amd64", "os": "linux",
                      "config": {"Env": ["PATH=/bin"], "Labels": {"a": "b"}},
                      "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "0" * 64]},
                      "history": [{"created_by": "seed"}]})
    plain_layer = "plain layer bytes"
    encrypted_layer = "encrypted layer bytes"
    pubopts = b64(compact({"cipher": "AES_256_CTR_HMAC_SHA256", "hmac": b64("hmac"), "cipheroptions": {}}))
    annotations = {"org.opencontainers.image.enc.keys.provider.attestation-agent": b64(sample["packet"]),
                   "org.opencontainers.image.enc.keys.jwe": b64('{"protected":"x"}'),
                   "org.opencontainers.image.enc.pubopts": pubopts}
    manifest = compact({"schemaVersion": 2, "mediaType": MANIFEST, "config": descriptor(CONFIG, config),
                        "layers": [descriptor(LAYER + "+encrypted", encrypted_layer, annotations=annotations),
                                   descriptor(LAYER, plain_layer)]})
    nested = compact({"schemaVersion": 2, "mediaType": INDEX, "manifests": [
        descriptor(MANIFEST, manifest, platform={"os": "linux", "architecture": "arm64", "variant": "v8"})]})
    tagged = {"annotations": {"org.opencontainers.image.ref.name": "latest"}}
    index = compact({"schemaVersion": 2, "manifests": [descriptor(MANIFEST, manifest, **tagged)]})
    nested_index = compact({"schemaVersion": 2, "manifests": [descriptor(INDEX, nested, **tagged)]})
    marker = '{"imageLayoutVersion":"1.0.0"}'
    docker = compact({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                      "config": descriptor("application/vnd.docker.container.image.v1+json", config),
                      "layers": [descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip", plain_layer)]})
    for name, document in [("manifest", manifest), ("index", index), ("nested-index", nested),
                           ("config", config), ("oci-layout", marker), ("docker-manifest", docker)]:
        write("oci_documents", name, document)
    go_document_seeds(manifest, index, nested)
    blobs = [manifest, config, encrypted_layer, plain_layer]
    write("oci_layout", "one-image", "\0".join([marker, index] + blobs))
    write("oci_layout", "sample-encrypted", sample_encrypted_layout(marker, config, plain_layer))
    write("oci_layout", "nested-index", "\0".join([marker, nested_index, nested] + blobs))
    hex_of = lambda blob: hashlib.sha256(blob.encode()).hexdigest()
    write("oci_layout", "fifo-layer", "\0".join([marker, index, manifest, config, "!fifo " + hex_of(plain_layer)]))
    write("oci_layout", "link-out", "\0".join([marker, index, "!link " + hex_of(manifest) + " /etc/hostname"]))
    write("oci_layout", "link-inside", "\0".join([marker, index, manifest, config, encrypted_layer,
                                                   "!link " + hex_of(plain_layer) + " ../../oci-layout"]))


def sample_encrypted_layout(marker: str, config: str, plain_layer: str) -> bytes:
    """A layout whose first layer opens with the public sample key, as `encrypt --key sample=true`
    writes it, so the image commands in oci_layout_fuzzer get past unwrapping and the HMAC. The
    nonce is picked so that the ciphertext holds no NUL byte (NUL separates the records)."""
    plaintext = b"a layer that opens with the sample key"
    key = make_vectors.derive("seed/layer-key", 32)
    counter = 0
    while True:
        nonce = make_vectors.derive(f"seed/nonce/{counter}", 16)
        encryptor = Cipher(algorithms.AES(key), modes.CTR(nonce)).encryptor()
        ciphertext = encryptor.update(plaintext) + encryptor.finalize()
        if b"\0" not in ciphertext:
            break
        counter += 1
    secret = compact({"symkey": base64.b64encode(key).decode(),
                      "digest": "sha256:" + hashlib.sha256(plaintext).hexdigest(),
                      "cipheroptions": {"nonce": base64.b64encode(nonce).decode()}})
    zero_iv = bytes(12)
    packet = compact({"kid": make_vectors.SAMPLE_KID, "wrapped_data": base64.b64encode(
        AESGCM(make_vectors.SAMPLE_KEK).encrypt(zero_iv, secret.encode(), None)).decode(),
        "iv": base64.b64encode(zero_iv).decode(), "wrap_type": "A256GCM"})
    tag = hmac.new(key, ciphertext, hashlib.sha256).digest()
    pubopts = compact({"cipher": "AES_256_CTR_HMAC_SHA256", "hmac": base64.b64encode(tag).decode(),
                       "cipheroptions": {}})
    layer = {"mediaType": LAYER + "+encrypted",
             "digest": "sha256:" + hashlib.sha256(ciphertext).hexdigest(), "size": len(ciphertext),
             "annotations": {"org.opencontainers.image.enc.keys.provider.attestation-agent": b64(packet),
                             "org.opencontainers.image.enc.pubopts": b64(pubopts)}}
    manifest = compact({"schemaVersion": 2, "mediaType": MANIFEST, "config": descriptor(CONFIG, config),
                        "layers": [layer, descriptor(LAYER, plain_layer)]})
    index = compact({"schemaVersion": 2, "manifests": [descriptor(MANIFEST, manifest)]})
    texts = [marker, index, manifest, config, plain_layer]
    return b"\0".join([t.encode() for t in texts] + [ciphertext])


def go_document_seeds(manifest: str, index: str, nested: str) -> None:
    """Manifests and indexes as skopeo writes them, and as editors and other tools leave them:
    indented, reordered, with members image-spec does not know, nulls, every optional field."""
    for name, document in [("manifest", manifest), ("index", index), ("nested-index", nested)]:
        write("go_documents", name, document)
    empty = "{}"
    everything = {
        "schemaVersion": 2, "mediaType": MANIFEST, "artifactType": "application/vnd.example+type",
        "config": descriptor("application/vnd.oci.empty.v1+json", empty, data=b64(empty)),
        "layers": [descriptor(LAYER, "layer", urls=["https://example.com/a?b=1&c=<2>"],
                              annotations={"z": "\u2028", "a": "\u00e9\U0001f600", "b": "\b\f\x7f"},
                              artifactType="application/x")],
        "subject": descriptor(MANIFEST, manifest), "annotations": {"org.example": "1"}}
    write("go_documents", "every-field", compact(everything))
    write("go_documents", "indented-unknown-members", json.dumps(
        {"x-unknown": {"nested": [1, None, {"y": True}]}, "layers": [
            {"size": 5, "urls": [], "annotations": {}, "digest": "sha256:aa", "mediaType": LAYER, "data": None}],
         "annotations": {}, "config": None, "subject": None, "schemaVersion": 2}, indent=3))
    write("go_documents", "platforms", compact({"schemaVersion": 2, "mediaType": INDEX, "manifests": [
        descriptor(MANIFEST, manifest, platform={"architecture": "amd64", "os": "windows",
                                                 "os.version": "10.0.17763.1879", "os.features": ["win32k"]}),
        descriptor(MANIFEST, manifest, platform={"variant": "v8", "os": "linux", "architecture": "arm64"})],
        "subject": descriptor(INDEX, nested), "annotations": {"b": "2", "a": "1"}}))
    write("go_documents", "nil-and-empty", '{"schemaVersion":2,"layers":[],"manifests":null,"config":{}}')


if __name__ == "__main__":
    main()
