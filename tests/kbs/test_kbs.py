#!/usr/bin/python3
"""A test double of Trustee's Key Broker Service, for the tests only: not product code.

Trustee's KBS cannot be built here (its Rust crates are unreachable), so the tests talk over real
HTTP(S) to this server, written from ../../../shared/spec/KBS.md (what Trustee v0.13 and v0.21 do).
It runs on Debian's python3 with python3-cryptography and the standard library.

It serves:
- POST /kbs/v0/resource/<repo>/<type>/<tag>: stores the raw body, for an admin token (EdDSA JWT)
  that the configured Ed25519 public key verifies. v0.21 mode: `exp` required (60 s leeway),
  a `role` claim required and allowed by the ACL (role `admin`), `iss`/`aud` checked when
  configured. v0.13 mode: jwt-simple's defaults (exp/nbf/iat within 15 minutes, no role needed).
- POST /kbs/v0/auth, POST /kbs/v0/attest: the RCAR handshake, protocol 0.4.0 (v0.21 mode) or
  0.2.0 (v0.13 mode), with a kbs-session-id cookie, the nonce check, and sample evidence checked
  against SHA-384 of the RFC 8785 canonical JSON of the runtime data.
- GET /kbs/v0/resource/<repo>/<type>/<tag>: the resource as a JWE for the session's tee-pubkey
  (ECDH-ES+A256KW on P-256 or P-521, or RSA-OAEP-256), serialised as Trustee serialises it.
Errors are Trustee's: 401 with an ErrorInformation body almost everywhere, 404 for an unknown
plugin or path. Fault modes (--fault) make one endpoint hang, answer slowly, close mid-answer,
answer too much (chunked, or with a Content-Length over the limit: long), answer malformed JSON or a
broken JWE, serve a resource of the wrong size, end the first session before its resource is
fetched (expire-session), or redirect to itself.

Usage: test_kbs.py --port-file FILE --admin-public-key PEM [--mode v0.21|v0.13] [--issuer ISS]
       [--audience AUD] [--policy allow-all|deny-sample] [--https CERT KEY]
       [--fault MODE --fault-on ENDPOINT] [--resource PATH=FILE]... [--log FILE] [--lifetime S]
       test_kbs.py --make-certificate DIR NAME...   (a self-signed certificate for the names)
"""
import argparse
import base64
import ctypes
import datetime
import hashlib
import http.server
import ipaddress
import json
import os
import re
import secrets
import signal
import socket
import ssl
import sys
import threading
import time

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import aes_key_wrap
from cryptography.x509.oid import NameOID

ERRORS = "https://github.com/confidential-containers/kbs/errors/"
TEES = {"az-snp-vtpm", "az-tdx-vtpm", "nvidia", "sgx", "snp", "tdx", "cca", "csv", "se",
        "hygondcu", "tpm", "sample", "sampledevice"}
SEGMENT = re.compile(r"^[a-zA-Z0-9_\-]+[a-zA-Z0-9_\-.]*$")
CURVES = {"P-256": (ec.SECP256R1(), 32), "P-521": (ec.SECP521R1(), 66)}
PROTOCOL = {"v0.21": "0.4.0", "v0.13": "0.2.0"}
SESSION_MINUTES = 5


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_json(value) -> bytes:
    """RFC 8785 for what the runtime data holds: objects, arrays and strings (keys are ASCII)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def report_data(runtime_data: dict) -> str:
    return base64.b64encode(hashlib.sha384(canonical_json(runtime_data)).digest()).decode()


class KbsError(Exception):
    def __init__(self, variant: str, detail: str, status: int = 401):
        super().__init__(detail)
        self.variant, self.detail, self.status = variant, detail, status


def tee_pubkey_from(value) -> dict:
    """The tee-pubkey as Trustee re-serialises it after parsing (only its known members)."""
    if not isinstance(value, dict):
        raise KbsError("AttestationError", "Attestation error: RCAR handshake Attest failed: bad tee-pubkey")
    if value.get("kty") == "EC" and value.get("crv") in CURVES and value.get("alg") == "ECDH-ES+A256KW":
        size = CURVES[value["crv"]][1]
        if len(unb64url(value["x"])) != size or len(unb64url(value["y"])) != size:
            raise KbsError("AttestationError", "Attestation error: RCAR handshake Attest failed: bad EC point size")
        return {"kty": "EC", "crv": value["crv"], "alg": value["alg"], "x": value["x"], "y": value["y"]}
    if value.get("kty") == "RSA" and isinstance(value.get("n"), str) and isinstance(value.get("e"), str):
        return {"kty": "RSA", "alg": value.get("alg"), "n": value["n"], "e": value["e"]}
    raise KbsError("AttestationError", "Attestation error: RCAR handshake Attest failed: bad tee-pubkey")


def concat_kdf(shared: bytes, algorithm: str) -> bytes:
    """RFC 7518 §4.6: AlgorithmID = alg, empty PartyUInfo and PartyVInfo, 256 bits."""
    data = (b"\x00\x00\x00\x01" + shared + len(algorithm).to_bytes(4, "big") + algorithm.encode() +
            b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00" + (256).to_bytes(4, "big"))
    return hashlib.sha256(data).digest()


def make_jwe(tee_pubkey: dict, plaintext: bytes) -> dict:
    cek = secrets.token_bytes(32)
    if tee_pubkey["kty"] == "EC":
        curve, size = CURVES[tee_pubkey["crv"]]
        client = ec.EllipticCurvePublicNumbers(int.from_bytes(unb64url(tee_pubkey["x"]), "big"),
                                               int.from_bytes(unb64url(tee_pubkey["y"]), "big"),
                                               curve).public_key()
        ephemeral = ec.generate_private_key(curve)
        numbers = ephemeral.public_key().public_numbers()
        kek = concat_kdf(ephemeral.exchange(ec.ECDH(), client), "ECDH-ES+A256KW")
        encrypted_key = aes_key_wrap(kek, cek)
        header = ('{"alg":"ECDH-ES+A256KW","enc":"A256GCM","epk":{"crv":"%s","kty":"EC","x":"%s","y":"%s"}}'
                  % (tee_pubkey["crv"], b64url(numbers.x.to_bytes(size, "big")),
                     b64url(numbers.y.to_bytes(size, "big"))))
    elif tee_pubkey["alg"] == "RSA-OAEP-256":
        client = rsa.RSAPublicNumbers(int.from_bytes(unb64url(tee_pubkey["e"]), "big"),
                                      int.from_bytes(unb64url(tee_pubkey["n"]), "big")).public_key()
        encrypted_key = client.encrypt(cek, padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None))
        header = '{"alg":"RSA-OAEP-256","enc":"A256GCM"}'
    else:
        raise KbsError("JweError", "JWE error: algorithm %s is not supported" % tee_pubkey.get("alg"))
    protected = b64url(header.encode())
    iv = secrets.token_bytes(12)
    sealed = AESGCM(cek).encrypt(iv, plaintext, protected.encode())
    return {"protected": protected, "encrypted_key": b64url(encrypted_key), "iv": b64url(iv),
            "ciphertext": b64url(sealed[:-16]), "tag": b64url(sealed[-16:])}


def attestation_token(tee_pubkey: dict, tee: str) -> str:
    """An EAR-shaped ES256 JWT with the tee-pubkey in its claims, as Trustee's builtin AS issues."""
    signer = ec.generate_private_key(ec.SECP256R1())
    numbers = signer.public_key().public_numbers()
    header = {"alg": "ES256", "typ": "JWT", "jwk": {"kty": "EC", "crv": "P-256",
                                                    "x": b64url(numbers.x.to_bytes(32, "big")),
                                                    "y": b64url(numbers.y.to_bytes(32, "big"))}}
    now = int(time.time())
    evidence = {"runtime_data_claims": {"tee-pubkey": tee_pubkey}}
    if tee == "sample":
        evidence["sample"] = {"svn": "1"}
    claims = {"iat": now, "exp": now + 300, "submods": {"cpu0": {"ear.veraison.annotated-evidence": evidence}}}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    r, s = decode_dss_signature(signer.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    return signing_input + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


class AdminVerifier:
    def __init__(self, public_key, mode: str, issuer, audience):
        self.public_key, self.mode, self.issuer, self.audience = public_key, mode, issuer, audience

    def check(self, authorization, path: str):
        def refuse(why):
            raise KbsError("AdminAuthInitialization", "Admin auth initialization failed: " + why)
        if not authorization or not authorization.startswith("Bearer "):
            refuse("no bearer token")
        parts = authorization[len("Bearer "):].split(".")
        if len(parts) != 3:
            refuse("token is not a JWT")
        try:
            header = json.loads(unb64url(parts[0]))
            claims = json.loads(unb64url(parts[1]))
            signature = unb64url(parts[2])
        except (ValueError, UnicodeDecodeError):
            refuse("token is not a JWT")
        if header.get("alg") != "EdDSA":
            refuse("token algorithm %r is not EdDSA" % header.get("alg"))
        try:
            self.public_key.verify(signature, (parts[0] + "." + parts[1]).encode())
        except InvalidSignature:
            refuse("InvalidSignature")
        now = time.time()
        if self.mode == "v0.13":
            tolerance = 15 * 60
            if "exp" in claims and now > claims["exp"] + tolerance:
                refuse("token has expired")
            for claim in ("nbf", "iat"):
                if claim in claims and claims[claim] > now + tolerance:
                    refuse("token is not valid yet")
            return
        if not isinstance(claims.get("exp"), int):
            refuse("Missing required claim: exp")
        if now > claims["exp"] + 60:
            refuse("ExpiredSignature")
        if self.issuer is not None and claims.get("iss") != self.issuer:
            refuse("InvalidIssuer")
        if self.audience is not None:
            audience = claims.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.audience not in audiences:
                refuse("InvalidAudience")
        role = claims.get("role")
        if not isinstance(role, str):
            refuse("Missing required role claim in JWT")
        if role != "admin" or not re.fullmatch(r"^/kbs/.+$", path):
            raise KbsError("AdminAuthAccess", "Admin access denied: role %s may not access %s" % (role, path))


class Kbs:
    def __init__(self, args):
        self.args = args
        with open(args.admin_public_key, "rb") as f:
            public_key = serialization.load_pem_public_key(f.read())
        self.admin = AdminVerifier(public_key, args.mode, args.issuer, args.audience)
        self.resources = {}
        for seed in args.resource:
            path, file = seed.split("=", 1)
            with open(file, "rb") as f:
                self.resources[path] = f.read()
        self.sessions = {}
        self.expired_once = False
        self.lock = threading.Lock()

    def log(self, **event):
        if self.args.log:
            with self.lock, open(self.args.log, "a") as f:
                f.write(json.dumps(event) + "\n")

    @staticmethod
    def resource_path(parts) -> str:
        if len(parts) != 3 or not all(SEGMENT.match(p) for p in parts):
            raise KbsError("PluginInternalError", "Plugin internal error")
        return "/".join(parts)

    def session(self, cookie_header) -> tuple:
        for piece in (cookie_header or "").split(";"):
            name, _, value = piece.strip().partition("=")
            if name == "kbs-session-id":
                with self.lock:
                    session = self.sessions.get(value)
                if session is not None and session["expires"] > time.time():
                    return value, session
        return None, None

    def auth(self, body: bytes):
        try:
            request = json.loads(body)
            version, tee = request["version"], request["tee"]
        except (ValueError, KeyError, TypeError):
            raise KbsError("AttestationError", "Attestation error: RCAR handshake Auth failed: deserialize Request")
        expected = PROTOCOL[self.args.mode]
        if version != expected:
            raise KbsError("AttestationError",
                           "Attestation error: RCAR handshake Auth failed: KBS Client Protocol Version "
                           "Mismatch: expect =%s while the request is %s" % (expected, version))
        if tee not in TEES:
            raise KbsError("AttestationError", "Attestation error: RCAR handshake Auth failed: deserialize Request")
        session_id = secrets.token_hex(16)
        nonce = base64.b64encode(secrets.token_bytes(32)).decode()
        with self.lock:
            self.sessions[session_id] = {"nonce": nonce, "tee": tee, "expires": time.time() + SESSION_MINUTES * 60,
                                         "attested": False}
        self.log(endpoint="auth", version=version, tee=tee)
        return {"nonce": nonce, "extra-params": ""}, session_id

    def attest(self, body: bytes, cookie):
        session_id, session = self.session(cookie)
        failed = "Attestation error: RCAR handshake Attest failed"
        if session is None:
            raise KbsError("AttestationError", failed + ": no session")
        try:
            attestation = json.loads(body)
            if self.args.mode == "v0.21":
                runtime = attestation["runtime-data"]
                nonce, key = runtime["nonce"], tee_pubkey_from(runtime["tee-pubkey"])
                evidence = attestation["tee-evidence"]
                additional = evidence.get("additional_evidence", "")
                reported = evidence["primary_evidence"]["report_data"]
                expected = report_data({"additional-evidence": additional, "nonce": nonce, "tee-pubkey": key})
            else:
                nonce = session["nonce"]
                key = tee_pubkey_from(attestation["tee-pubkey"])
                reported = attestation["tee-evidence"]["report_data"]
                expected = report_data({"nonce": nonce, "tee-pubkey": key})
        except (ValueError, KeyError, TypeError):
            raise KbsError("AttestationError", failed + ": deserialize Attestation")
        if nonce != session["nonce"]:
            raise KbsError("AttestationError", failed + ": nonce mismatch")
        if session["tee"] == "sample" and reported != expected:
            raise KbsError("AttestationError", failed)
        with self.lock:
            session.update(attested=True, tee_pubkey=key)
        self.log(endpoint="attest", tee_pubkey_alg=key.get("alg"), crv=key.get("crv"))
        return {"token": attestation_token(key, session["tee"])}, session_id

    def get_resource(self, parts, cookie):
        path = self.resource_path(parts)
        session_id, session = self.session(cookie)
        if self.args.fault == "expire-session" and not self.expired_once:
            # The session ends under the client, once: it must attest again.
            self.expired_once = True
            with self.lock:
                self.sessions.pop(session_id, None)
            session = None
        if session is None or not session["attested"]:
            raise KbsError("TokenNotFound", "Attestation Token not found")
        if self.args.policy == "deny-sample" and session["tee"] == "sample":
            raise KbsError("PolicyDeny", "Access denied by policy")
        with self.lock:
            resource = self.resources.get(path)
        if resource is None:
            raise KbsError("PluginInternalError", "Plugin internal error")
        if self.args.fault == "wrong-size" and self.args.fault_on == "resource":
            resource += b"x"
        jwe = make_jwe(session["tee_pubkey"], resource)
        if self.args.fault == "bad-jwe" and self.args.fault_on == "resource":
            tag = bytearray(unb64url(jwe["tag"]))
            tag[0] ^= 1
            jwe["tag"] = b64url(bytes(tag))
        self.log(endpoint="resource", path=path)
        return jwe

    def register(self, parts, body: bytes, authorization, request_path):
        self.admin.check(authorization, request_path)
        path = self.resource_path(parts)
        with self.lock:
            self.resources[path] = body
        self.log(endpoint="register", path=path, size=len(body))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes: without TCP_NODELAY each answer would wait for the
    # client's delayed ACK (40 ms), as Trustee's server never makes it.
    disable_nagle_algorithm = True
    kbs: Kbs = None

    def log_message(self, *args):
        pass

    def endpoint(self) -> str:
        parts = self.path.split("?")[0].split("/")
        if len(parts) >= 4 and parts[1:3] == ["kbs", "v0"]:
            return "register" if self.command == "POST" and parts[3] == "resource" else parts[3]
        return ""

    def send(self, status: int, body: bytes, content_type: str, cookie=None):
        fault = self.kbs.args.fault if self.kbs.args.fault_on in (self.endpoint(), "all") else "none"
        if fault == "hang":
            time.sleep(self.kbs.args.lifetime)
            return
        if fault == "slow":
            time.sleep(self.kbs.args.fault_delay)
        if fault == "bad-json":
            body, content_type = b'{"nonce": "AAAA', "application/json"
        if fault == "redirect":
            status, body, content_type = 302, b"", ""
        if fault == "long":
            body = b" " * (2 << 20)
        self.send_response(status)
        if cookie is not None:
            expires = datetime.datetime.utcnow() + datetime.timedelta(minutes=SESSION_MINUTES)
            self.send_header("Set-Cookie", "kbs-session-id=%s; Expires=%s"
                             % (cookie, expires.strftime("%a, %d %b %Y %H:%M:%S GMT")))
        if content_type:
            self.send_header("Content-Type", content_type)
        if fault == "redirect":
            self.send_header("Location", self.path)
        if fault == "oversized":
            # No Content-Length: the client can only stop it by counting.
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"x" * 65536
            for _ in range(40):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body) * (2 if fault == "close" else 1)))
        self.end_headers()
        if fault == "close":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(body)

    def send_json(self, document, cookie=None):
        self.send(200, json.dumps(document, separators=(",", ":")).encode(), "application/json", cookie)

    def send_error_information(self, error: KbsError):
        body = json.dumps({"type": ERRORS + error.variant, "detail": error.detail}).encode()
        self.send(error.status, body, "")

    def body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def route(self):
        parts = self.path.split("?")[0].split("/")[1:]
        if parts[:2] != ["kbs", "v0"] or len(parts) < 3:
            raise KbsError("InvalidRequestPath", "Invalid Request Path", 404)
        plugin, rest = parts[2], parts[3:]
        body = self.body()
        if self.command == "POST" and plugin == "auth" and not rest:
            document, cookie = self.kbs.auth(body)
            return self.send_json(document, cookie)
        if self.command == "POST" and plugin == "attest" and not rest:
            document, cookie = self.kbs.attest(body, self.headers.get("Cookie"))
            return self.send_json(document, cookie)
        if plugin == "resource" and self.command == "GET":
            return self.send_json(self.kbs.get_resource(rest, self.headers.get("Cookie")))
        if plugin == "resource" and self.command == "POST":
            self.kbs.register(rest, body, self.headers.get("Authorization"), self.path)
            return self.send(200, b"", "text/xml")
        if plugin in ("auth", "attest"):
            raise KbsError("InvalidRequestPath", "Invalid Request Path", 404)
        raise KbsError("PluginNotFound", "Plugin %s not found" % plugin, 404)

    def handle_one(self):
        try:
            self.route()
        except KbsError as error:
            self.send_error_information(error)

    do_GET = do_POST = do_PUT = do_DELETE = handle_one


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Clients that hang up or refuse the certificate are what the tests do: no traceback."""


def make_certificate(folder: str, names) -> None:
    """A self-signed P-256 certificate for `names` (host names or IP addresses), as cert.pem and
    key.pem in `folder`: Trustee's usual HTTPS setup."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    alternatives = []
    for name in names:
        try:
            alternatives.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alternatives.append(x509.DNSName(name))
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "cert.pem"), "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(folder, "key.pem"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))


def die_with_parent() -> None:
    """Whatever way the test that started it ends, killed included, the server ends with it."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() == 1:  # The parent was already gone.
        sys.exit(0)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--make-certificate":
        make_certificate(sys.argv[2], sys.argv[3:] or ["localhost"])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--admin-public-key", required=True)
    parser.add_argument("--mode", choices=sorted(PROTOCOL), default="v0.21")
    parser.add_argument("--issuer")
    parser.add_argument("--audience")
    parser.add_argument("--policy", choices=["allow-all", "deny-sample"], default="allow-all")
    parser.add_argument("--https", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--fault", default="none",
                        choices=["none", "hang", "slow", "close", "oversized", "long", "bad-json", "bad-jwe",
                                 "wrong-size", "expire-session", "redirect"])
    parser.add_argument("--fault-on", default="all", choices=["auth", "attest", "resource", "register", "all"])
    parser.add_argument("--fault-delay", type=float, default=3.0)
    parser.add_argument("--resource", action="append", default=[], metavar="PATH=FILE")
    parser.add_argument("--log")
    parser.add_argument("--lifetime", type=float, default=600.0,
                        help="seconds after which the server stops by itself")
    args = parser.parse_args()
    die_with_parent()
    Handler.kbs = Kbs(args)
    server = Server(("127.0.0.1", 0), Handler)
    if args.https:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.https)
        # The handshake happens in the handler's thread: a client that never speaks blocks only itself.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
