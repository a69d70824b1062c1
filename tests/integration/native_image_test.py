#!/usr/bin/env python3
"""The image commands (encrypt, decrypt, verify, rewrap) against real skopeo 1.18.

Run by scripts/test.sh after scripts/real_clients.sh has installed Debian 13's skopeo.
Environment: COCO_KEYPROVIDER (the binary), CLIENTS_BIN (folder holding `skopeo`).
skopeo runs with the binary as its keyprovider, so both sides use the same keys files; what is
compared is bytes: blobs, manifests, index.json.
"""
import base64
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import unittest

from real_clients_test import BINARY, CLIENTS_BIN, OUR_ANNOTATION, PROVIDER, ROOT, TIMEOUT_SECONDS, \
    Image

PUBOPTS = "org.opencontainers.image.enc.pubopts"
KID = "kbs:///default/key/native"


def files_of(layout: str) -> dict:
    """Relative path -> bytes of every file in a layout."""
    files = {}
    for parent, _, names in os.walk(layout):
        for name in names:
            path = os.path.join(parent, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, layout)] = f.read()
    return files


class Keys:
    """A KEK, a keys file holding it under KID, and an ocicrypt.conf decrypting with that file."""

    def __init__(self, folder: str, name: str):
        self.kek = os.path.join(folder, f"{name}.kek")
        self.keys_file = os.path.join(folder, f"{name}.json")
        kek = os.urandom(32)
        for path, data in ((self.kek, kek), (self.keys_file, json.dumps(
                {KID[len("kbs:///"):]: base64.b64encode(kek).decode()}).encode())):
            with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
                f.write(data)
        self.config = os.path.join(folder, f"{name}.conf")
        with open(self.config, "w") as f:
            json.dump({"key-providers": {PROVIDER: {"cmd": {
                "path": BINARY, "args": ["--keys-file", self.keys_file]}}}}, f)
        self.params = f"keyid={KID}::keypath={self.kek}"


class NativeImageTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="native-image-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.keys = Keys(self.dir, "keys")
        self.original = Image(self.path("original"))
        subprocess.run(["python3", os.path.join(ROOT, "scripts/make_test_image.py"),
                        self.original.path], check=True, stdout=subprocess.DEVNULL)

    def path(self, name: str) -> str:
        return os.path.join(self.dir, name)

    def ours(self, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run([BINARY, *args], capture_output=True, text=True,
                                timeout=TIMEOUT_SECONDS, **kwargs)
        if check:
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stderr, "")
        return result

    def skopeo(self, *args: str, keys: Keys, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ, OCICRYPT_KEYPROVIDER_CONFIG=keys.config)
        result = subprocess.run([os.path.join(CLIENTS_BIN, "skopeo"), "--insecure-policy", "copy",
                                 "--quiet", *args], env=env, capture_output=True, text=True,
                                timeout=TIMEOUT_SECONDS)
        if check:
            self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def skopeo_decrypt(self, image: Image, name: str, keys: Keys = None) -> Image:
        out = Image(self.path(name))
        self.skopeo("--decryption-key", f"provider:{PROVIDER}", image.ref(), out.ref(),
                    keys=keys or self.keys)
        return out

    def encrypt(self, name: str = "encrypted", *flags: str, keys: Keys = None) -> Image:
        out = Image(self.path(name))
        self.ours("encrypt", "--key", (keys or self.keys).params, *flags, self.original.ref(),
                  out.ref())
        return out

    def decrypt(self, image: Image, name: str, keys: Keys = None) -> Image:
        out = Image(self.path(name))
        self.ours("decrypt", "--keys-file", (keys or self.keys).keys_file, image.ref(), out.ref())
        return out

    def verify(self, image: Image, *flags: str, keys: Keys = None, check: bool = True):
        return self.ours("verify", "--keys-file", (keys or self.keys).keys_file, *flags,
                         image.ref(), check=check)

    def assertOneLineFailure(self, result: subprocess.CompletedProcess, *expected: str):
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
        self.assertTrue(result.stderr.startswith("coco-keyprovider: "), result.stderr)
        for text in expected:
            self.assertIn(text, result.stderr)

    def test_skopeo_decrypts_what_we_encrypt_to_the_original_bytes(self):
        encrypted = self.encrypt()
        layers = encrypted.layers()
        self.assertEqual(len(layers), 3)
        for layer, original in zip(layers, self.original.layers()):
            self.assertEqual(layer["mediaType"], original["mediaType"] + "+encrypted")
            packet = json.loads(base64.b64decode(layer["annotations"][OUR_ANNOTATION]))
            self.assertEqual(packet["kid"], KID)
            pubopts = json.loads(base64.b64decode(layer["annotations"][PUBOPTS]))
            self.assertEqual(list(pubopts), ["cipher", "hmac", "cipheroptions"])
            self.assertEqual(pubopts["cipher"], "AES_256_CTR_HMAC_SHA256")
            self.assertEqual(layer["size"], original["size"])
            self.assertNotEqual(encrypted.blob(layer["digest"]), self.original.blob(original["digest"]))
        # The config is left as it was.
        self.assertEqual(encrypted.manifest()["config"], self.original.manifest()["config"])
        decrypted = self.skopeo_decrypt(encrypted, "skopeo-decrypted")
        self.assertEqual(decrypted.manifest_digest(), self.original.manifest_digest())
        for layer in self.original.layers():
            self.assertEqual(decrypted.blob(layer["digest"]), self.original.blob(layer["digest"]))

    def test_our_decryption_is_byte_identical_to_skopeos(self):
        for source in ("ours", "skopeo"):
            with self.subTest(encrypted_by=source):
                if source == "ours":
                    encrypted = self.encrypt(f"encrypted-{source}")
                else:
                    encrypted = Image(self.path(f"encrypted-{source}"))
                    self.skopeo("--encryption-key", f"provider:{PROVIDER}:{self.keys.params}",
                                self.original.ref(), encrypted.ref(), keys=self.keys)
                theirs = self.skopeo_decrypt(encrypted, f"skopeo-decrypted-{source}")
                ours = self.decrypt(encrypted, f"decrypted-{source}")
                self.assertEqual(files_of(ours.path), files_of(theirs.path))
                self.verify(encrypted)

    def test_after_rewrap_only_the_new_key_opens_and_no_layer_changed(self):
        encrypted = self.encrypt()
        new_keys = Keys(self.dir, "new")
        rewrapped = Image(self.path("rewrapped"))
        self.ours("rewrap", "--key", new_keys.params, "--keys-file", self.keys.keys_file,
                  encrypted.ref(), rewrapped.ref())
        for before, after in zip(encrypted.layers(), rewrapped.layers()):
            self.assertEqual(after["digest"], before["digest"])
            self.assertEqual(after["annotations"][PUBOPTS], before["annotations"][PUBOPTS])
            self.assertNotEqual(after["annotations"][OUR_ANNOTATION],
                                before["annotations"][OUR_ANNOTATION])
        decrypted = self.skopeo_decrypt(rewrapped, "decrypted-new", keys=new_keys)
        self.assertEqual(decrypted.manifest_digest(), self.original.manifest_digest())
        old = self.skopeo("--decryption-key", f"provider:{PROVIDER}", rewrapped.ref(),
                          Image(self.path("decrypted-old")).ref(), keys=self.keys, check=False)
        # The same kid, another KEK: the old one no longer opens the packets.
        self.assertNotEqual(old.returncode, 0)
        self.assertIn("authentication failed", old.stderr)
        self.verify(rewrapped, keys=new_keys)
        self.assertOneLineFailure(self.verify(rewrapped, check=False), "layer 0 of 3",
                                  "authentication failed")

    def test_only_the_chosen_layers_are_encrypted(self):
        encrypted = self.encrypt("partly", "--layer", "0", "--layer", "-1")
        types = [layer["mediaType"] for layer in encrypted.layers()]
        self.assertEqual([t.endswith("+encrypted") for t in types], [True, False, True])
        self.assertEqual(encrypted.layers()[1], self.original.layers()[1])
        report = json.loads(self.verify(encrypted, "--json").stdout)
        self.assertEqual([layer["encrypted"] for layer in report["images"][0]["layers"]],
                         [True, False, True])
        self.assertOneLineFailure(self.verify(encrypted, "--require-encrypted", check=False),
                                  "layer 1 of 3", "not encrypted")
        decrypted = self.skopeo_decrypt(encrypted, "partly-decrypted")
        self.assertEqual(decrypted.manifest_digest(), self.original.manifest_digest())
        self.assertOneLineFailure(
            self.ours("encrypt", "--key", self.keys.params, "--layer", "3", self.original.ref(),
                      self.path("out-of-range"), check=False),
            "--layer 3 is out of range: the image has 3 layers")

    def test_verify_reports_each_layer_and_what_stays_in_plaintext(self):
        report = self.verify(self.encrypt()).stdout
        self.assertEqual(report.count(f"kid {KID}, A256GCM: opens, HMAC and digest verified"), 3)
        self.assertIn("ENV: PATH", report)
        self.assertIn("diff_ids: 3", report)
        document = json.loads(self.verify(self.encrypt("again"), "--json").stdout)
        (image,) = document["images"]
        self.assertEqual(image["config"]["env"], ["PATH"])
        self.assertEqual(len(image["config"]["diff_ids"]), 3)
        self.assertEqual({layer["kid"] for layer in image["layers"]}, {KID})

    # Tampering: each case edits an encrypted image; verify must fail with one line naming the
    # layer, and decrypt must leave no index.json behind.
    def rewritten(self, image: Image, edit) -> Image:
        """`image` with its manifest edited by `edit(manifest)` and index.json pointing to it."""
        manifest = image.manifest()
        edit(manifest)
        data = json.dumps(manifest, separators=(",", ":")).encode()
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        with open(os.path.join(image.path, "blobs", "sha256", digest[7:]), "wb") as f:
            f.write(data)
        with open(os.path.join(image.path, "index.json")) as f:
            index = json.load(f)
        index["manifests"][0].update(digest=digest, size=len(data))
        with open(os.path.join(image.path, "index.json"), "w") as f:
            json.dump(index, f)
        return image

    def replace_blob(self, image: Image, layer: dict, data: bytes, re_point: bool) -> None:
        if not re_point:
            with open(os.path.join(image.path, "blobs", *layer["digest"].split(":")), "wb") as f:
                f.write(data)
            return
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        with open(os.path.join(image.path, "blobs", "sha256", digest[7:]), "wb") as f:
            f.write(data)

        def edit(manifest):
            for entry in manifest["layers"]:
                if entry["digest"] == layer["digest"]:
                    entry.update(digest=digest, size=len(data))
        self.rewritten(image, edit)

    def test_tampered_images_fail_with_one_line_naming_the_layer(self):
        other_keys = Keys(self.dir, "other")

        def flip_byte(image, re_point):
            layer = image.layers()[1]
            data = bytearray(image.blob(layer["digest"]))
            data[len(data) // 2] ^= 1
            self.replace_blob(image, layer, bytes(data), re_point)

        def truncate(image):
            layer = image.layers()[1]
            self.replace_blob(image, layer, image.blob(layer["digest"])[:-1], re_point=False)

        def change_hmac(image):
            def edit(manifest):
                annotations = manifest["layers"][1]["annotations"]
                pubopts = json.loads(base64.b64decode(annotations[PUBOPTS]))
                pubopts["hmac"] = base64.b64encode(bytes(32)).decode()
                annotations[PUBOPTS] = base64.b64encode(
                    json.dumps(pubopts, separators=(",", ":")).encode()).decode()
            self.rewritten(image, edit)

        def other_keys_packet(image):
            foreign = self.encrypt("foreign", keys=other_keys).layers()[1]["annotations"]

            def edit(manifest):
                manifest["layers"][1]["annotations"][OUR_ANNOTATION] = foreign[OUR_ANNOTATION]
            self.rewritten(image, edit)

        def swap_annotations(image):
            def edit(manifest):
                layers = manifest["layers"]
                layers[0]["annotations"], layers[1]["annotations"] = \
                    layers[1]["annotations"], layers[0]["annotations"]
            self.rewritten(image, edit)

        cases = [
            ("a flipped byte", lambda image: flip_byte(image, False), "layer 1 of 3",
             "does not match its digest"),
            ("a flipped byte, manifest re-pointed", lambda image: flip_byte(image, True),
             "layer 1 of 3", "HMAC does not match"),
            ("a truncated blob", truncate, "layer 1 of 3", "bytes, its descriptor says"),
            ("a changed pubopts HMAC", change_hmac, "layer 1 of 3", "HMAC does not match"),
            ("a packet for another key", other_keys_packet, "layer 1 of 3",
             "AES-256-GCM authentication failed"),
            ("a swapped pair of layer annotations", swap_annotations, "layer 0 of 3",
             "HMAC does not match"),
        ]
        for number, (name, tamper, *expected) in enumerate(cases):
            with self.subTest(case=name):
                image = self.encrypt(f"tampered-{number}")
                tamper(image)
                self.assertOneLineFailure(self.verify(image, check=False), *expected)
                out = self.path(f"tampered-out-{number}")
                self.assertOneLineFailure(
                    self.ours("decrypt", "--keys-file", self.keys.keys_file, image.ref(), out,
                              check=False), *expected)
                self.assertFalse(os.path.exists(os.path.join(out, "index.json")))
                self.assertEqual([n for n in os.listdir(out) if n.startswith(".")], [])

    def test_a_full_disk_gives_one_line_and_no_image(self):
        def limited():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
        out = self.path("full")
        result = self.ours("encrypt", "--key", self.keys.params, self.original.ref(), out,
                           check=False, preexec_fn=limited)
        self.assertOneLineFailure(result, "File too large")
        self.assertFalse(os.path.exists(os.path.join(out, "index.json")))
        self.assertEqual([n for n in os.listdir(out) if n.startswith(".")], [])

    def test_the_destination_cannot_be_the_source(self):
        for destination in (self.original.path, os.path.join(self.original.path, "inner")):
            with self.subTest(destination=destination):
                self.assertOneLineFailure(
                    self.ours("decrypt", "--keys-file", self.keys.keys_file, self.original.ref(),
                              destination, check=False),
                    "the destination is the source layout or inside it")

    def test_an_existing_layout_gains_the_image_by_tag(self):
        encrypted = self.encrypt()
        shared = self.path("shared")
        self.ours("decrypt", "--keys-file", self.keys.keys_file, encrypted.ref(), shared + ":one")
        self.ours("decrypt", "--keys-file", self.keys.keys_file, encrypted.ref(), shared + ":two")
        self.ours("encrypt", "--key", self.keys.params, self.original.ref(), shared + ":one")
        with open(os.path.join(shared, "index.json")) as f:
            entries = json.load(f)["manifests"]
        tags = [e.get("annotations", {}).get("org.opencontainers.image.ref.name") for e in entries]
        # As skopeo's oci: transport does it: the decrypted image keeps "two" and an untagged entry
        # (it lost "one" to the encrypted image, which is added).
        self.assertEqual(tags, [None, "two", "one"])
        self.assertEqual(entries[0]["digest"], entries[1]["digest"])
        self.verify(Image(shared, "one"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
