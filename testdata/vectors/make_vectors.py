#!/usr/bin/env python3
"""Computes the wrap/unwrap test vectors independently of the C++ code, with `cryptography`.

Run from this folder: python3 make_vectors.py > wrap_vectors.json
Every value is derived from fixed labels, so a re-run reproduces the committed file byte for byte.
"""
import base64
import hashlib
import json

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SAMPLE_KEK = bytes.fromhex("d99b7705b0ba7a168295b3a3367270b0dd9b371bf514ca8b9ba7f0a33711daea")
SAMPLE_KID = "kbs:///default/test-key/1"


def derive(label: str, size: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{label}/{counter}".encode()).digest()
        counter += 1
    return out[:size]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def compact(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def ocicrypt_secret(label: str) -> bytes:
    """A per-layer secret shaped like the one ocicrypt sends (optsdata, decoded)."""
    return compact({
        "symkey": b64(derive(label + "/symkey", 32)),
        "digest": "sha256:" + derive(label + "/digest", 32).hex(),
        "cipheroptions": {"nonce": b64(derive(label + "/nonce", 16))},
    }).encode()


def seal(wrap_type: str, kek: bytes, iv: bytes, plaintext: bytes) -> bytes:
    if wrap_type == "A256GCM":
        return AESGCM(kek).encrypt(iv, plaintext, None)
    encryptor = Cipher(algorithms.AES(kek), modes.CTR(iv)).encryptor()
    return encryptor.update(plaintext) + encryptor.finalize()


def packet(kid: str, wrapped: bytes, iv: bytes, wrap_type: str) -> str:
    return compact({"kid": kid, "wrapped_data": b64(wrapped), "iv": b64(iv), "wrap_type": wrap_type})


def wrap_case(name: str, wrap_type: str, plaintext: bytes, kid: str) -> dict:
    kek = derive(name + "/kek", 32)
    iv = derive(name + "/iv", 12 if wrap_type == "A256GCM" else 16)
    wrapped = seal(wrap_type, kek, iv, plaintext)
    return {
        "name": name,
        "wrap_type": wrap_type,
        "kek_hex": kek.hex(),
        "iv_hex": iv.hex(),
        "kid": kid,
        "plaintext_hex": plaintext.hex(),
        "wrapped_hex": wrapped.hex(),
        "packet": packet(kid, wrapped, iv, wrap_type),
    }


def keywrap_request(params: str, optsdata: bytes) -> str:
    return compact({
        "op": "keywrap",
        "keywrapparams": {
            "ec": {"Parameters": {"attestation-agent": [b64(params.encode())]}, "DecryptConfig": {"Parameters": {}}},
            "optsdata": b64(optsdata),
        },
        "keyunwrapparams": {"dc": None, "annotation": None},
    })


def keyunwrap_request(kbc_param: str, annotation: bytes) -> str:
    return compact({
        "op": "keyunwrap",
        "keywrapparams": {"ec": None, "optsdata": None},
        "keyunwrapparams": {
            "dc": {"Parameters": {"attestation-agent": [b64(kbc_param.encode())]}},
            "annotation": b64(annotation),
        },
    })


def reply(kind: str, field: str, data: bytes) -> str:
    return compact({kind: {field: list(data)}}) + "\n"


def main() -> None:
    cases = []
    for wrap_type in ("A256GCM", "A256CTR"):
        tag = wrap_type.lower()
        cases.append(wrap_case(f"{tag}-ocicrypt-secret", wrap_type, ocicrypt_secret(tag),
                               "kbs:///default/key/key_id1"))
        cases.append(wrap_case(f"{tag}-one-byte", wrap_type, b"\x00", "kbs://kbs.example:8080/a/b/c"))
        cases.append(wrap_case(f"{tag}-empty", wrap_type, b"", "kbs+plugin:///repo/type/tag"))
        cases.append(wrap_case(f"{tag}-1000-bytes", wrap_type, derive(tag + "/long", 1000),
                               "kbs:///default/key/long"))

    sample_secret = ocicrypt_secret("sample")
    sample_packet = packet(SAMPLE_KID, seal("A256GCM", SAMPLE_KEK, bytes(12), sample_secret),
                           bytes(12), "A256GCM").encode()
    sample = {
        "packet": sample_packet.decode(),
        "plaintext_hex": sample_secret.hex(),
        "request": keywrap_request("sample=true", sample_secret),
        "reply": reply("keywrapresults", "annotation", sample_packet),
        "unwrap_request": keyunwrap_request("sample_kbc::null", sample_packet),
        "unwrap_reply": reply("keyunwrapresults", "optsdata", sample_secret),
    }

    offline = cases[0]
    offline_fs = {
        "keys_file": compact({"default/key/key_id1": b64(bytes.fromhex(offline["kek_hex"])),
                              "default/key/other": b64(derive("other", 32))}),
        "unwrap_request": keyunwrap_request("offline_fs_kbc::null", offline["packet"].encode()),
        "unwrap_reply": reply("keyunwrapresults", "optsdata", bytes.fromhex(offline["plaintext_hex"])),
    }

    print(json.dumps({"sample_kek_hex": SAMPLE_KEK.hex(), "cases": cases, "sample": sample,
                      "offline_fs": offline_fs}, indent=1))


if __name__ == "__main__":
    main()
