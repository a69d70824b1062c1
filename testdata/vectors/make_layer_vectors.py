#!/usr/bin/env python3
"""Computes ocicrypt's layer cipher test vectors independently of the C++ code, with `cryptography`.

AES_256_CTR_HMAC_SHA256 as containers/ocicrypt's blockcipher writes it: AES-256 in CTR mode whose
first counter block is the 16-byte nonce (a 128-bit big-endian counter), HMAC-SHA256 keyed with the
same key over the ciphertext, and the public and private options as Go's json.Marshal writes them.

Run from this folder: python3 make_layer_vectors.py > layer_vectors.json
Every value is derived from fixed labels, so a re-run reproduces the committed file byte for byte.
"""
import hashlib
import hmac
import json

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from make_vectors import b64, compact, derive


def pattern(length: int) -> bytes:
    """Long plaintexts are not stored: the C++ test makes the same bytes."""
    return bytes((i * 31 + 7) & 0xFF for i in range(length))


def ctr(key: bytes, nonce: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CTR(nonce)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def case(name: str, key: bytes, nonce: bytes, plaintext: bytes, stored: bool) -> dict:
    ciphertext = ctr(key, nonce, plaintext)
    tag = hmac.new(key, ciphertext, hashlib.sha256).digest()
    digest = "sha256:" + hashlib.sha256(plaintext).hexdigest()
    out = {
        "name": name,
        "key_hex": key.hex(),
        "nonce_hex": nonce.hex(),
        "plaintext_sha256": digest,
        "ciphertext_sha256": "sha256:" + hashlib.sha256(ciphertext).hexdigest(),
        "hmac_hex": tag.hex(),
        # Field order and encoding of Go's json.Marshal of ocicrypt's structs.
        "pubopts": compact({"cipher": "AES_256_CTR_HMAC_SHA256", "hmac": b64(tag),
                            "cipheroptions": {}}),
        "privopts": compact({"symkey": b64(key), "digest": digest,
                             "cipheroptions": {"nonce": b64(nonce)}}),
    }
    if stored:
        out["plaintext_hex"] = plaintext.hex()
        out["ciphertext_hex"] = ciphertext.hex()
    else:
        out["pattern_length"] = len(plaintext)
    return out


def main() -> None:
    key = bytes(range(32))
    cases = [
        case("short", key, bytes(range(0xF0, 0x100)), b"hello ocicrypt layer\n", True),
        case("empty", derive("empty/key", 32), derive("empty/nonce", 16), b"", True),
        # The counter is all 128 bits: from ff..ff it wraps to 00..00.
        case("counter wraps at 2^128", derive("wrap/key", 32), b"\xff" * 16, pattern(100), True),
        # Past the low 32 bits, the carry goes on into the upper 96 (BoringSSL's ctr32 fast path).
        case("carry out of the low 32 bits", derive("carry/key", 32),
             b"\x00" * 11 + b"\x01\xff\xff\xff\xfe", pattern(200), True),
        # Several chunks of the C++ stream (1 MiB) and a ragged end.
        case("three chunks and a ragged end", derive("long/key", 32), derive("long/nonce", 16),
             pattern(3 * (1 << 20) + 4097), False),
    ]
    print(json.dumps({"cases": cases}, indent=2))


if __name__ == "__main__":
    main()
