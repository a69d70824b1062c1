#!/usr/bin/env python3
"""Computes the KBS client's test vectors independently of the C++ code, with `cryptography`:
admin tokens (EdDSA JWTs), JWEs as Trustee's KBS serialises them (ECDH-ES+A256KW on P-256 and
P-521, RSA-OAEP-256), the report data of both protocol versions, and two upstream vectors.

Run from this folder: python3 make_kbs_vectors.py > kbs_vectors.json
Every key, nonce and IV is derived from fixed labels, so a re-run reproduces the file byte for byte.
RSA-OAEP's random seed is derived too: the padding is encoded here (RFC 8017 §7.1.1) and checked
by decrypting with `cryptography`.
"""
import base64
import hashlib
import json

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import aes_key_wrap

import make_vectors


def derive(label: str, size: int) -> bytes:
    return make_vectors.derive("kbs/" + label, size)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def canonical(value) -> bytes:
    """RFC 8785 for objects, arrays, strings and small integers with ASCII keys."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


CURVES = {"P-256": (ec.SECP256R1(), 32), "P-521": (ec.SECP521R1(), 66)}
def ec_key(label: str, curve_name: str):
    curve, size = CURVES[curve_name]
    # Below 2^(bits - 1), which is below the group order of both curves.
    scalar = int.from_bytes(derive(label, size + 8), "big") % ((1 << (curve.key_size - 1)) - 1) + 1
    return ec.derive_private_key(scalar, curve)


def ec_jwk(public_key, curve_name: str) -> dict:
    size = CURVES[curve_name][1]
    numbers = public_key.public_numbers()
    return {"kty": "EC", "crv": curve_name, "alg": "ECDH-ES+A256KW",
            "x": b64url(numbers.x.to_bytes(size, "big")), "y": b64url(numbers.y.to_bytes(size, "big"))}


def concat_kdf(shared: bytes) -> bytes:
    algorithm = b"ECDH-ES+A256KW"
    return hashlib.sha256(b"\x00\x00\x00\x01" + shared + len(algorithm).to_bytes(4, "big") + algorithm +
                          b"\x00" * 8 + (256).to_bytes(4, "big")).digest()


def jwe(header: str, encrypted_key: bytes, cek: bytes, iv: bytes, plaintext: bytes) -> dict:
    protected = b64url(header.encode())
    sealed = AESGCM(cek).encrypt(iv, plaintext, protected.encode())
    return {"protected": protected, "encrypted_key": b64url(encrypted_key), "iv": b64url(iv),
            "ciphertext": b64url(sealed[:-16]), "tag": b64url(sealed[-16:])}


def ec_jwe(client_public_key, curve_name: str, plaintext: bytes) -> str:
    """A JWE for the client's key as Trustee's KBS serialises it, from derived ephemeral key, CEK
    and IV."""
    ephemeral = ec_key(f"{curve_name}/ephemeral", curve_name)
    cek, iv = derive(f"{curve_name}/cek", 32), derive(f"{curve_name}/iv", 12)
    kek = concat_kdf(ephemeral.exchange(ec.ECDH(), client_public_key))
    epk = ec_jwk(ephemeral.public_key(), curve_name)
    header = ('{"alg":"ECDH-ES+A256KW","enc":"A256GCM","epk":{"crv":"%s","kty":"EC","x":"%s","y":"%s"}}'
              % (curve_name, epk["x"], epk["y"]))
    return compact(jwe(header, aes_key_wrap(kek, cek), cek, iv, plaintext))


def ec_case(curve_name: str) -> dict:
    client = ec_key(f"{curve_name}/client", curve_name)
    plaintext = derive(f"{curve_name}/kek", 32)
    size = CURVES[curve_name][1]
    return {
        "name": "ecdh-es-" + curve_name.lower(),
        "private_key_hex": client.private_numbers().private_value.to_bytes(size, "big").hex(),
        "tee_pubkey": ec_jwk(client.public_key(), curve_name),
        "jwe": ec_jwe(client.public_key(), curve_name, plaintext),
        "plaintext_hex": plaintext.hex(),
    }


def is_probable_prime(n: int) -> bool:
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(label: str, bits: int) -> int:
    candidate = int.from_bytes(derive(label, bits // 8), "big") | (3 << (bits - 2)) | 1
    while not (is_probable_prime(candidate) and (candidate - 1) % 65537):
        candidate += 2
    return candidate


def rsa_key(label: str):
    p, q, e = prime(label + "/p", 1024), prime(label + "/q", 1024), 65537
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p),
                                    rsa.RSAPublicNumbers(e, p * q))
    return numbers.private_key()


def mgf1(seed: bytes, length: int) -> bytes:
    out, counter = b"", 0
    while len(out) < length:
        out += hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def oaep_sha256(public_key, message: bytes, seed: bytes) -> bytes:
    """RSAES-OAEP-ENCRYPT with SHA-256, MGF1-SHA-256 and an empty label, with the given seed."""
    k = public_key.key_size // 8
    label_hash = hashlib.sha256(b"").digest()
    data_block = label_hash + b"\x00" * (k - len(message) - 2 * 32 - 2) + b"\x01" + message
    masked_block = bytes(a ^ b for a, b in zip(data_block, mgf1(seed, len(data_block))))
    masked_seed = bytes(a ^ b for a, b in zip(seed, mgf1(masked_block, 32)))
    encoded = int.from_bytes(b"\x00" + masked_seed + masked_block, "big")
    numbers = public_key.public_numbers()
    return pow(encoded, numbers.e, numbers.n).to_bytes(k, "big")


def rsa_case() -> dict:
    client = rsa_key("rsa/client")
    cek, iv = derive("rsa/cek", 32), derive("rsa/iv", 12)
    plaintext = derive("rsa/kek", 32)
    encrypted_key = oaep_sha256(client.public_key(), cek, derive("rsa/oaep-seed", 32))
    check = client.decrypt(encrypted_key, padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None))
    assert check == cek, "OAEP encoding does not decrypt"
    numbers = client.public_key().public_numbers()
    return {
        "name": "rsa-oaep-256",
        "private_key_pem": client.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()).decode(),
        "tee_pubkey": {"kty": "RSA", "alg": "RSA-OAEP-256",
                       "n": b64url(numbers.n.to_bytes(256, "big")), "e": b64url(numbers.e.to_bytes(3, "big"))},
        "jwe": compact(jwe('{"alg":"RSA-OAEP-256","enc":"A256GCM"}', encrypted_key, cek, iv, plaintext)),
        "plaintext_hex": plaintext.hex(),
    }


def admin_token_case(name: str, claims: dict) -> dict:
    key = ed25519.Ed25519PrivateKey.from_private_bytes(derive("admin/ed25519", 32))
    signing_input = b64url(b'{"alg":"EdDSA","typ":"JWT"}') + "." + b64url(compact(claims).encode())
    return {"name": name, "claims": claims, "token": signing_input + "." + b64url(key.sign(signing_input.encode()))}


def main() -> None:
    admin_key = ed25519.Ed25519PrivateKey.from_private_bytes(derive("admin/ed25519", 32))
    nonce = base64.b64encode(derive("rcar/nonce", 32)).decode()
    tee_pubkey = ec_case("P-256")["tee_pubkey"]
    print(json.dumps({
        "admin": {
            "private_key_pem": admin_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()).decode(),
            "public_key_pem": admin_key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
            "tokens": [
                admin_token_case("role-only", {"iat": 1764547200, "nbf": 1764547200, "exp": 1764547500,
                                               "role": "admin"}),
                admin_token_case("issuer-and-audience", {"iat": 1764547200, "nbf": 1764547200, "exp": 1764547500,
                                                         "role": "ops", "iss": "issuer", "aud": "kbs"}),
            ],
        },
        "jwes": [ec_case("P-256"), ec_case("P-521"), rsa_case()],
        "report_data": {
            "nonce": nonce,
            "tee_pubkey": tee_pubkey,
            "v0_4_0": base64.b64encode(hashlib.sha384(canonical(
                {"additional-evidence": "", "nonce": nonce, "tee-pubkey": tee_pubkey})).digest()).decode(),
            "v0_2_0": base64.b64encode(hashlib.sha384(canonical(
                {"nonce": nonce, "tee-pubkey": tee_pubkey})).digest()).decode(),
        },
        # Upstream: kbs-types' protected_header_generate_aad test, and attestation-service's
        # parse_runtimedata_json_binding test (KBS.md §6).
        "upstream": {
            "aad_header": '{"alg":"fakealg","enc":"fakeenc"}',
            "aad": "eyJhbGciOiJmYWtlYWxnIiwiZW5jIjoiZmFrZWVuYyJ9",
            "canonical_input": '{"b":1,"a":"test","c":{"d":"e"}}',
            "canonical_output": '{"a":"test","b":1,"c":{"d":"e"}}',
            "canonical_sha384_hex": "e71ce8e70d814ba6639c3612ebee0ff1f76f650f8dbb5e47157e0f3f525cd22c"
                                    "4597480a186427c813ca941da78870c3",
        },
    }, indent=2))


if __name__ == "__main__":
    main()
