#!/usr/bin/env python3
"""Real clients through the built binary: skopeo and buildah encrypt and decrypt OCI images.

Run by scripts/test.sh after scripts/real_clients.sh has installed Debian 13's skopeo and buildah.
Environment: COCO_KEYPROVIDER (the binary), CLIENTS_BIN (folder holding `skopeo` and `buildah`).
Every client call runs under a timeout: a hung provider would hang skopeo forever.
"""
import base64
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests/kbs"))
from kbs_process import TestKbs  # noqa: E402  (after its folder is on the path)
BINARY = os.environ.get("COCO_KEYPROVIDER", os.path.join(ROOT, "bazel-bin/src/coco-keyprovider"))
CLIENTS_BIN = os.environ.get("CLIENTS_BIN", os.path.join(ROOT, "third_party/clients/bin"))
TIMEOUT_SECONDS = 120

PROVIDER = "attestation-agent"
OUR_ANNOTATION = "org.opencontainers.image.enc.keys.provider." + PROVIDER
ENCRYPTED_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip+encrypted"
PLAIN_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
SAMPLE_KID = "kbs:///default/test-key/1"


class Image:
    """An OCI image layout on disk, read the way the tests need it."""

    def __init__(self, path: str, tag: str = "latest"):
        self.path = path
        self.tag = tag

    def ref(self) -> str:
        return f"oci:{self.path}:{self.tag}"

    def blob(self, digest: str) -> bytes:
        with open(os.path.join(self.path, "blobs", *digest.split(":")), "rb") as f:
            return f.read()

    def manifest_digest(self) -> str:
        with open(os.path.join(self.path, "index.json"), "rb") as f:
            index = json.load(f)
        (descriptor,) = [m for m in index["manifests"]
                         if m.get("annotations", {}).get("org.opencontainers.image.ref.name")
                         == self.tag]
        return descriptor["digest"]

    def manifest(self) -> dict:
        return json.loads(self.blob(self.manifest_digest()))

    def layers(self) -> list:
        return self.manifest()["layers"]

    def packets(self) -> list:
        """The decoded annotation packet of every layer."""
        return [json.loads(base64.b64decode(layer["annotations"][OUR_ANNOTATION], validate=True))
                for layer in self.layers()]


class Workspace:
    """A private folder with a KEK, keys files, ocicrypt.conf files and the original image."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="real-clients-")
        self.kek_path = self.file("kek", os.urandom(32))
        self.keys_path = self.keys_file("keys.json", {"default/key/key_id1": self.kek()})
        self.config = self.ocicrypt_config("ocicrypt.conf", ["--keys-file", self.keys_path])
        self.original = Image(self.path("original"))
        subprocess.run(["python3", os.path.join(ROOT, "scripts/make_test_image.py"),
                        self.original.path], check=True, stdout=subprocess.DEVNULL)

    def path(self, name: str) -> str:
        return os.path.join(self.dir, name)

    def file(self, name: str, data: bytes) -> str:
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def kek(self) -> bytes:
        with open(self.kek_path, "rb") as f:
            return f.read()

    def keys_file(self, name: str, keys: dict) -> str:
        return self.file(name, json.dumps(
            {k: base64.b64encode(v).decode() for k, v in keys.items()}).encode())

    def ocicrypt_config(self, name: str, args: list, provider: str = PROVIDER) -> str:
        config = {"key-providers": {provider: {"cmd": {"path": BINARY, "args": args}}}}
        return self.file(name, json.dumps(config).encode())

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def run(command: list, config: str, extra_env: dict = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, OCICRYPT_KEYPROVIDER_CONFIG=config, **(extra_env or {}))
    return subprocess.run(command, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT_SECONDS)


def skopeo(*args: str, config: str) -> subprocess.CompletedProcess:
    return run([os.path.join(CLIENTS_BIN, "skopeo"), "--insecure-policy", "copy", "--quiet",
                *args], config)


class RealClientTest(unittest.TestCase):
    def setUp(self):
        self.ws = Workspace()
        self.addCleanup(self.ws.remove)

    def encrypt(self, params: str, name: str = "encrypted", config: str = None) -> Image:
        image = Image(self.ws.path(name))
        result = skopeo("--encryption-key", f"provider:{PROVIDER}:{params}",
                        self.ws.original.ref(), image.ref(), config=config or self.ws.config)
        self.assertEqual(result.returncode, 0, result.stderr)
        return image

    def decrypt(self, image: Image, *keys: str, name: str = "decrypted",
                config: str = None) -> subprocess.CompletedProcess:
        args = [arg for key in keys for arg in ("--decryption-key", key)]
        return skopeo(*args, image.ref(), Image(self.ws.path(name)).ref(),
                      config=config or self.ws.config)

    def assert_encrypted_for_us(self, image: Image, wrap_type: str, kid: str):
        layers = image.layers()
        self.assertEqual(len(layers), 3)
        for layer, packet in zip(layers, image.packets()):
            self.assertEqual(layer["mediaType"], ENCRYPTED_LAYER)
            self.assertEqual(list(packet), ["kid", "wrapped_data", "iv", "wrap_type"])
            self.assertEqual(packet["kid"], kid)
            self.assertEqual(packet["wrap_type"], wrap_type)
            iv = base64.b64decode(packet["iv"], validate=True)
            self.assertEqual(len(iv), 12 if wrap_type == "A256GCM" else 16)
            wrapped = base64.b64decode(packet["wrapped_data"], validate=True)
            self.assertGreater(len(wrapped), 100)  # ocicrypt's key options JSON (+ tag)

    def assert_same_as_original(self, name: str = "decrypted"):
        decrypted = Image(self.ws.path(name))
        self.assertEqual(decrypted.manifest_digest(), self.ws.original.manifest_digest())
        for layer in self.ws.original.layers():
            self.assertEqual(decrypted.blob(layer["digest"]), self.ws.original.blob(layer["digest"]))

    def decrypt_and_compare(self, image: Image, key: str, config: str = None):
        result = self.decrypt(image, key, config=config)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assert_same_as_original()


class EncryptDecryptTest(RealClientTest):
    def test_keyid_and_keypath_with_each_algorithm(self):
        for algorithm in ("A256GCM", "A256CTR"):
            with self.subTest(algorithm=algorithm):
                image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}"
                                     f"::algorithm={algorithm}", name=f"enc-{algorithm}")
                self.assert_encrypted_for_us(image, algorithm, "kbs:///default/key/key_id1")
                self.decrypt_and_compare(image, f"provider:{PROVIDER}:offline_fs_kbc::null")
                shutil.rmtree(self.ws.path("decrypted"))

    def test_default_algorithm_is_gcm(self):
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}")
        self.assert_encrypted_for_us(image, "A256GCM", "kbs:///default/key/key_id1")

    def test_sample_mode_and_sample_kbc(self):
        image = self.encrypt("sample=true")
        self.assert_encrypted_for_us(image, "A256GCM", SAMPLE_KID)
        for packet in image.packets():
            self.assertEqual(base64.b64decode(packet["iv"]), bytes(12))
        self.decrypt_and_compare(image, f"provider:{PROVIDER}:sample_kbc::null")

    def test_every_keyid_form_writes_a_kid_guests_parse(self):
        forms = [
            ("kbs:///default/key/key_id1", "kbs:///default/key/key_id1"),
            ("kbs://kbs.example:8080/default/key/key_id1", "kbs://kbs.example:8080/default/key/key_id1"),
            ("kbs+resource:///default/key/key_id1", "kbs+resource:///default/key/key_id1"),
            ("kbs+resource://10.0.0.1/default/key/key_id1", "kbs+resource://10.0.0.1/default/key/key_id1"),
            ("10.0.0.1:8080/default/key/key_id1", "kbs://10.0.0.1:8080/default/key/key_id1"),
            ("/default/key/key_id1", "kbs:///default/key/key_id1"),
        ]
        for number, (keyid, kid) in enumerate(forms):
            with self.subTest(keyid=keyid):
                image = self.encrypt(f"keyid={keyid}::keypath={self.ws.kek_path}", name=f"enc-{number}")
                self.assert_encrypted_for_us(image, "A256GCM", kid)
                self.decrypt_and_compare(image, f"provider:{PROVIDER}:offline_fs_kbc::null")
                shutil.rmtree(self.ws.path("decrypted"))

    def test_generated_keys_file_encrypts_and_decrypts(self):
        keys = self.ws.path("generated.json")
        subprocess.run([BINARY, "keys", "generate", "--out", keys], check=True,
                       timeout=TIMEOUT_SECONDS)
        self.assertEqual(os.stat(keys).st_mode & 0o777, 0o600)
        config = self.ws.ocicrypt_config("generated.conf", ["--keys-file", keys])
        image = self.encrypt(f"keyid=kbs:///default/key/key_id7::keyfile={keys}", config=config)
        self.assert_encrypted_for_us(image, "A256GCM", "kbs:///default/key/key_id7")
        report = subprocess.run([BINARY, "inspect", "--json", image.path + ":latest"], check=True,
                                capture_output=True, text=True, timeout=TIMEOUT_SECONDS).stdout
        layers = json.loads(report)["images"][0]["layers"]
        self.assertEqual([l["encrypted"] for l in layers], [True] * 3)
        self.assertEqual({k["kid"] for l in layers for k in l["provider_keys"]},
                         {"kbs:///default/key/key_id7"})
        self.decrypt_and_compare(image, f"provider:{PROVIDER}:offline_fs_kbc::null", config=config)

    def test_keys_file_from_environment_and_kbc_from_aa_kbc_params(self):
        image = self.encrypt(f"keyid=/default/key/key_id1::keypath={self.ws.kek_path}")
        config = self.ws.ocicrypt_config("no-args.conf", [])
        result = run([os.path.join(CLIENTS_BIN, "skopeo"), "--insecure-policy", "copy", "--quiet",
                      "--decryption-key", f"provider:{PROVIDER}", image.ref(),
                      Image(self.ws.path("decrypted")).ref()], config,
                     {"AA_KBC_PARAMS": "offline_fs_kbc::null",
                      "OFFLINE_FS_KBC_EXTRA_FILE_PATH": self.ws.keys_path})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assert_same_as_original()


class UnnamedProviderTest(RealClientTest):
    """skopeo asks every configured provider whose annotation is on a layer, named or not."""

    def test_only_a_jwe_key_still_decrypts_through_the_default_kbc(self):
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}")
        private_key = self.ws.path("jwe.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-out", private_key],
                       check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        self.decrypt_and_compare(image, private_key)

    def test_only_a_jwe_key_and_no_usable_key_fails_with_our_reason(self):
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}")
        private_key = self.ws.path("jwe.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-out", private_key],
                       check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        config = self.ws.ocicrypt_config("other-keys.conf", ["--keys-file", self.ws.keys_file(
            "other.json", {"default/key/other": os.urandom(32)})])
        result = self.decrypt(image, private_key, config=config)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("coco-keyprovider: keyunwrap: offline_fs_kbc: key default/key/key_id1 "
                      "not found in", result.stderr)

    def test_no_decryption_key_copies_the_image_still_encrypted(self):
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}")
        result = self.decrypt(image, config=self.ws.ocicrypt_config("broken.conf", ["--bogus"]))
        self.assertEqual(result.returncode, 0, result.stderr)
        copy = Image(self.ws.path("decrypted"))
        self.assertEqual(copy.manifest_digest(), image.manifest_digest())
        self.assertEqual({l["mediaType"] for l in copy.layers()}, {ENCRYPTED_LAYER})


class FailureTest(RealClientTest):
    """skopeo fails, and what it prints carries our one-line reason."""

    def assert_fails_with(self, result: subprocess.CompletedProcess, reason: str):
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"stderr: coco-keyprovider: {reason}", result.stderr)

    def test_wrong_key_in_keys_file(self):
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}")
        config = self.ws.ocicrypt_config("wrong.conf", ["--keys-file", self.ws.keys_file(
            "wrong.json", {"default/key/key_id1": os.urandom(32)})])
        self.assert_fails_with(self.decrypt(image, f"provider:{PROVIDER}:offline_fs_kbc::null",
                                            config=config),
                               "keyunwrap: offline_fs_kbc: AES-256-GCM authentication failed")

    def test_tampered_annotation(self):
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}")
        tamper_first_layer_annotation(image)
        self.assert_fails_with(self.decrypt(image, f"provider:{PROVIDER}:offline_fs_kbc::null"),
                               "keyunwrap: offline_fs_kbc: AES-256-GCM authentication failed")

    def test_missing_key_file_at_encryption(self):
        missing = self.ws.path("no-such-kek")
        result = skopeo("--encryption-key",
                        f"provider:{PROVIDER}:keyid=kbs:///default/key/key_id1::keypath={missing}",
                        self.ws.original.ref(), Image(self.ws.path("encrypted")).ref(),
                        config=self.ws.config)
        self.assert_fails_with(result, f"keywrap: keypath {missing}: No such file or directory")

    def test_provider_name_mismatch(self):
        config = self.ws.ocicrypt_config("renamed.conf", ["--provider-name", "my-provider"])
        result = skopeo("--encryption-key", f"provider:{PROVIDER}:sample=true",
                        self.ws.original.ref(), Image(self.ws.path("encrypted")).ref(),
                        config=config)
        self.assert_fails_with(result, "keywrap: the request has no parameters for provider "
                                       "my-provider")


def tamper_first_layer_annotation(image: Image):
    """Changes one base64 character of the first layer's wrapped_data and rewrites the layout."""
    manifest = image.manifest()
    layer = manifest["layers"][0]
    packet = json.loads(base64.b64decode(layer["annotations"][OUR_ANNOTATION]))
    wrapped = packet["wrapped_data"]
    packet["wrapped_data"] = ("B" if wrapped[0] == "A" else "A") + wrapped[1:]
    layer["annotations"][OUR_ANNOTATION] = base64.b64encode(
        json.dumps(packet, separators=(",", ":")).encode()).decode()
    data = json.dumps(manifest, separators=(",", ":")).encode()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(os.path.join(image.path, "blobs", "sha256", digest[7:]), "wb") as f:
        f.write(data)
    index_path = os.path.join(image.path, "index.json")
    with open(index_path, "rb") as f:
        index = json.load(f)
    for descriptor in index["manifests"]:
        descriptor["digest"], descriptor["size"] = digest, len(data)
    with open(index_path, "w") as f:
        json.dump(index, f)


class KbsTest(RealClientTest):
    """Keys in a KBS (the test double of Trustee's, over real HTTP and HTTPS): skopeo encrypts with
    registration on, and a fresh provider with no local keys decrypts through cc_kbc."""

    def kbs(self, *flags: str, https: bool = False) -> TestKbs:
        kbs = TestKbs(self.ws.path("kbs"), *flags, https=https)
        self.addCleanup(kbs.stop)
        return kbs

    def registering(self, kbs: TestKbs, *extra: str) -> str:
        return self.ws.ocicrypt_config("registering.conf", [
            "--kbs", kbs.url, "--kbs-admin-key", kbs.admin_key, *extra])

    def keyless_config(self, *args: str) -> str:
        """A provider with no keys of its own: --keys-file /dev/null replaces the default files."""
        return self.ws.ocicrypt_config("keyless.conf", ["--keys-file", "/dev/null", *args])

    def test_registered_keys_decrypt_through_cc_kbc_alone(self):
        kbs = self.kbs()
        for algorithm in ("A256GCM", "A256CTR"):
            with self.subTest(algorithm=algorithm):
                image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}"
                                     f"::algorithm={algorithm}", name=f"kbs-{algorithm}",
                                     config=self.registering(kbs))
                self.assert_encrypted_for_us(image, algorithm, "kbs:///default/key/key_id1")
                self.decrypt_and_compare(image, f"provider:{PROVIDER}:cc_kbc::{kbs.url}",
                                         config=self.keyless_config())
                shutil.rmtree(self.ws.path("decrypted"))

    def test_keyless_encryption_gives_every_layer_its_own_key_in_the_kbs(self):
        kbs = self.kbs()
        image = Image(self.ws.path("keyless"))
        result = skopeo("--encryption-key", f"provider:{PROVIDER}", self.ws.original.ref(),
                        image.ref(), config=self.registering(kbs))
        self.assertEqual(result.returncode, 0, result.stderr)
        kids = [packet["kid"] for packet in image.packets()]
        self.assertEqual(len(set(kids)), 3, kids)
        for kid in kids:
            self.assertRegex(kid, r"^kbs:///default/image-kek/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
                                  r"[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        self.decrypt_and_compare(image, f"provider:{PROVIDER}:cc_kbc::{kbs.url}",
                                 config=self.keyless_config())

    def test_cc_kbc_from_aa_kbc_params_as_in_a_guest(self):
        kbs = self.kbs()
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keyfile={self.ws.keys_path}",
                             config=self.registering(kbs))
        result = run([os.path.join(CLIENTS_BIN, "skopeo"), "--insecure-policy", "copy", "--quiet",
                      "--decryption-key", f"provider:{PROVIDER}", image.ref(),
                      Image(self.ws.path("decrypted")).ref()], self.keyless_config(),
                     {"AA_KBC_PARAMS": f"cc_kbc::{kbs.url}"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assert_same_as_original()

    def test_kbs_register_then_get_round_trips_with_an_openssl_admin_key(self):
        kbs = self.kbs("--mode", "v0.13")
        registered = subprocess.run([BINARY, "kbs", "register", "--url", kbs.url, "--admin-key",
                                     kbs.admin_key, self.ws.keys_path], capture_output=True,
                                    text=True, timeout=TIMEOUT_SECONDS)
        self.assertEqual(registered.returncode, 0, registered.stderr)
        self.assertEqual(registered.stdout, f"registered default/key/key_id1 at {kbs.url}\n")
        fetched = self.ws.path("fetched")
        got = subprocess.run([BINARY, "kbs", "get", "--url", kbs.url, "default/key/key_id1",
                              fetched], capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        self.assertEqual(got.returncode, 0, got.stderr)
        with open(fetched, "rb") as f:
            self.assertEqual(f.read(), self.ws.kek())
        self.assertEqual(os.stat(fetched).st_mode & 0o777, 0o600)

    def test_name_resolution_loads_nothing_of_glibcs_nss(self):
        # A static binary that called getaddrinfo would load the host's libnss_* modules at run
        # time; c-ares resolves instead, reading /etc/hosts and /etc/resolv.conf itself.
        kbs = self.kbs()
        trace = self.ws.path("trace")
        for url in (f"http://localhost:{kbs.port}", "http://kbs.invalid:8080"):
            result = subprocess.run(["strace", "-f", "-e", "trace=open,openat", "-o", trace, BINARY,
                                     "kbs", "get", "--url", url, "--kbs-timeout", "5",
                                     "default/key/none", self.ws.path("none")],
                                    capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
            self.assertEqual(result.returncode, 1, result.stderr)
            with open(trace) as f:
                opened = f.read()
            self.assertIn("/etc/resolv.conf", opened)
            # glibc's resolver reads /etc/host.conf first thing (c-ares takes the order from
            # nsswitch.conf here); NSS modules and the services database come through dlopen.
            for glibc in ("/etc/host.conf", "libnss_", "libc.so", "ld-linux", "/etc/services"):
                self.assertNotIn(glibc, opened)

    def test_policy_denying_sample_evidence_fails_with_the_kbs_reason(self):
        kbs = self.kbs("--policy", "deny-sample")
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}",
                             config=self.registering(kbs))
        result = self.decrypt(image, f"provider:{PROVIDER}:cc_kbc::{kbs.url}",
                              config=self.keyless_config())
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"stderr: coco-keyprovider: keyunwrap: cc_kbc: KBS {kbs.url}: resource "
                      f"default/key/key_id1: 401 PolicyDeny: Access denied by policy",
                      result.stderr)

    def test_a_failed_registration_fails_the_encryption(self):
        kbs = self.kbs()
        stranger = self.ws.path("stranger.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", stranger],
                       check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        os.chmod(stranger, 0o600)
        config = self.ws.ocicrypt_config("stranger.conf", ["--kbs", kbs.url, "--kbs-admin-key",
                                                           stranger])
        result = skopeo("--encryption-key",
                        f"provider:{PROVIDER}:keyid=kbs:///default/key/key_id1::keypath="
                        f"{self.ws.kek_path}", self.ws.original.ref(),
                        Image(self.ws.path("never")).ref(), config=config)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"stderr: coco-keyprovider: keywrap: KBS {kbs.url}: registering "
                      f"default/key/key_id1: 401", result.stderr)

    def test_https_works_with_kbs_cert_and_fails_on_the_certificate_without(self):
        kbs = self.kbs(https=True)
        cert = ["--kbs-cert", kbs.certificate]
        image = self.encrypt(f"keyid=kbs:///default/key/key_id1::keypath={self.ws.kek_path}",
                             config=self.registering(kbs, *cert))
        key = f"provider:{PROVIDER}:cc_kbc::{kbs.url}"
        untrusted = self.decrypt(image, key, config=self.keyless_config())
        self.assertNotEqual(untrusted.returncode, 0)
        self.assertIn(f"stderr: coco-keyprovider: keyunwrap: cc_kbc: KBS {kbs.url}: auth: its TLS "
                      "certificate is not trusted", untrusted.stderr)
        self.decrypt_and_compare(image, key, config=self.keyless_config(*cert))
        unregistered = skopeo("--encryption-key",
                              f"provider:{PROVIDER}:keyid=kbs:///default/key/key_id1::keypath="
                              f"{self.ws.kek_path}", self.ws.original.ref(),
                              Image(self.ws.path("never")).ref(), config=self.registering(kbs))
        self.assertNotEqual(unregistered.returncode, 0)
        self.assertIn("its TLS certificate is not trusted", unregistered.stderr)


class BuildahTest(RealClientTest):
    """buildah pushes an image encrypted and pulls it back decrypted, in private storage."""

    def setUp(self):
        super().setUp()
        self.storage_conf = self.ws.file("storage.conf", (
            '[storage]\ndriver = "vfs"\n'
            f'graphroot = "{self.ws.path("graph")}"\nrunroot = "{self.ws.path("run")}"\n'
        ).encode())
        # buildah looks its network helper up at start even for pull and push, which never use
        # it; a stub that refuses to run satisfies the look-up.
        helpers = self.ws.path("helpers")
        os.mkdir(helpers)
        netavark = self.ws.file("helpers/netavark", b"#!/bin/sh\necho 'no networking' >&2\nexit 1\n")
        os.chmod(netavark, 0o755)
        self.containers_conf = self.ws.file(
            "containers.conf", f'[engine]\nhelper_binaries_dir = ["{helpers}"]\n'.encode())
        self.policy = self.ws.file("policy.json", b'{"default":[{"type":"insecureAcceptAnything"}]}')

    def buildah(self, *args: str) -> subprocess.CompletedProcess:
        result = run([os.path.join(CLIENTS_BIN, "buildah"), *args], self.ws.config,
                     {"CONTAINERS_STORAGE_CONF": self.storage_conf,
                      "CONTAINERS_CONF": self.containers_conf})
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def pull(self, *args: str) -> str:
        """Pulls into private storage and returns the image ID."""
        return self.buildah("pull", "--quiet", "--signature-policy", self.policy,
                            *args).stdout.strip()

    def push(self, *args: str):
        self.buildah("push", "--quiet", "--signature-policy", self.policy, *args)

    def test_push_encrypted_and_pull_back_decrypted(self):
        image_id = self.pull(self.ws.original.ref())
        encrypted = Image(self.ws.path("encrypted"))
        self.push("--encryption-key",
                     f"provider:{PROVIDER}:keyid=kbs:///default/key/key_id1::keypath="
                     f"{self.ws.kek_path}", image_id, encrypted.ref())
        self.assert_encrypted_for_us(encrypted, "A256GCM", "kbs:///default/key/key_id1")

        self.buildah("rmi", "--all", "--force")
        pulled_id = self.pull("--decryption-key", f"provider:{PROVIDER}:offline_fs_kbc::null",
                              encrypted.ref())
        self.assertEqual(pulled_id, image_id)  # the image ID is the config digest
        decrypted = Image(self.ws.path("decrypted"))
        self.push(pulled_id, decrypted.ref())
        # buildah recompresses on push, so compare the uncompressed layers with the original's.
        original_diff_ids = json.loads(self.ws.original.blob(
            self.ws.original.manifest()["config"]["digest"]))["rootfs"]["diff_ids"]
        diff_ids = ["sha256:" + hashlib.sha256(gzip.decompress(decrypted.blob(l["digest"]))).hexdigest()
                    for l in decrypted.layers()]
        self.assertEqual(diff_ids, original_diff_ids)
        self.assertEqual({l["mediaType"] for l in decrypted.layers()}, {PLAIN_LAYER})


if __name__ == "__main__":
    unittest.main(verbosity=2)
