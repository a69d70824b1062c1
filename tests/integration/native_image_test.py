#!/usr/bin/env python3
"""The image commands (encrypt, decrypt, verify, rewrap) against real skopeo 1.18.

Run by scripts/test.sh after scripts/real_clients.sh has installed Debian 13's skopeo.
Environment: COCO_KEYPROVIDER (the binary), CLIENTS_BIN (folder holding `skopeo`).
skopeo runs with the binary as its keyprovider, so both sides use the same keys files; what is
compared is bytes: blobs, manifests, index.json.
"""
import base64
import gzip
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

from real_clients_test import BINARY, CLIENTS_BIN, OUR_ANNOTATION, PROVIDER, ROOT, TIMEOUT_SECONDS, \
    Image

# Documents as make_test_image.py writes them: Go's field order, so skopeo keeps their digests.
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
from oci_layout import compact  # noqa: E402

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


INDEX_TYPE = "application/vnd.oci.image.index.v1+json"
MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
REF_NAME = "org.opencontainers.image.ref.name"
ZSTD_INSTANCE = "io.github.containers.compression.zstd"  # containers/image's zstd instance mark
ZSTD_LAYER = "application/vnd.oci.image.layer.v1.tar+zstd"


def indented(value) -> bytes:
    """A document as some other tool might write it: what no Go re-serialisation gives back."""
    return json.dumps(value, indent=2).encode()


def put_blob(layout: str, data: bytes) -> dict:
    """`data` as a blob of `layout`: the digest and size a descriptor of it carries."""
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(os.path.join(layout, "blobs", "sha256", digest[7:]), "wb") as f:
        f.write(data)
    return {"digest": digest, "size": len(data)}


def point_index_json(layout: str, media_type: str, data: bytes) -> None:
    """index.json listing only `data` (put as a blob), tagged latest."""
    entry = {"mediaType": media_type, **put_blob(layout, data), "annotations": {REF_NAME: "latest"}}
    with open(os.path.join(layout, "index.json"), "wb") as f:
        f.write(compact({"schemaVersion": 2, "manifests": [entry]}))


def stored_zstd(data: bytes) -> bytes:
    """`data` as one zstd frame of raw blocks: zstd by magic and format, with no zstd library."""
    out = bytearray(b"\x28\xb5\x2f\xfd")
    out.append(0xa0)  # Frame header: one segment, a 4-byte content size, no checksum.
    out += len(data).to_bytes(4, "little")
    size = 128 << 10  # The largest block zstd allows.
    blocks = [data[i:i + size] for i in range(0, len(data), size)] or [b""]
    for number, block in enumerate(blocks):
        last = number == len(blocks) - 1
        out += (len(block) << 3 | last).to_bytes(3, "little") + block  # Block type 0: raw.
    return bytes(out)


class MultiPlatform(Image):
    """A layout whose tag names an image index: the index, its instances and their manifests."""

    def index(self) -> dict:
        return self.manifest()

    def instances(self) -> list:
        return self.index()["manifests"]

    def manifests(self) -> list:
        return [json.loads(self.blob(entry["digest"])) for entry in self.instances()]

    def index_bytes(self) -> bytes:
        return self.blob(self.manifest_digest())


def multi_platform(single: Image, path: str, index_media_type: bool = True,
                   arm64_document=compact) -> MultiPlatform:
    """`single` as a linux/amd64 and linux/arm64 image index in a new layout at `path`.

    The arm64 manifest is the amd64 one with a config saying arm64, so the two instances have
    different digests and the same layers; it is written by `arm64_document`. The index lists the
    amd64 manifest by its original bytes."""
    shutil.copytree(single.path, path)
    amd64 = single.manifest()
    config = json.loads(single.blob(amd64["config"]["digest"]))
    config["architecture"] = "arm64"
    arm64 = dict(amd64, config={"mediaType": amd64["config"]["mediaType"],
                                **put_blob(path, compact(config))})
    instances = [
        {"mediaType": MANIFEST_TYPE, **put_blob(path, single.blob(single.manifest_digest())),
         "platform": {"architecture": "amd64", "os": "linux"}},
        {"mediaType": MANIFEST_TYPE, **put_blob(path, arm64_document(arm64)),
         "platform": {"architecture": "arm64", "os": "linux"}},
    ]
    index = {"schemaVersion": 2, **({"mediaType": INDEX_TYPE} if index_media_type else {}),
             "manifests": instances}
    point_index_json(path, INDEX_TYPE, compact(index))
    return MultiPlatform(path)


def recompressed_image(gzip_image: Image, path: str, media_type: str, compress) -> Image:
    """`gzip_image` with every layer's tar compressed by `compress` instead (the same tars, so the
    same config)."""
    shutil.copytree(gzip_image.path, path)
    manifest = gzip_image.manifest()
    manifest["layers"] = [
        {"mediaType": media_type, **put_blob(path, compress(gzip.decompress(gzip_image.blob(layer["digest"]))))}
        for layer in manifest["layers"]]
    point_index_json(path, MANIFEST_TYPE, compact(manifest))
    return Image(path)


def zstd_image(gzip_image: Image, path: str) -> Image:
    return recompressed_image(gzip_image, path, ZSTD_LAYER, stored_zstd)


def uncompressed_image(gzip_image: Image, path: str) -> Image:
    """Plain tar layers, as containers-storage or a docker archive gives them."""
    return recompressed_image(gzip_image, path, "application/vnd.oci.image.layer.v1.tar",
                              lambda tar: tar)


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
            # The HMAC, pinned by the checked manifest, authenticates an encrypted blob.
            ("a flipped byte", lambda image: flip_byte(image, False), "layer 1 of 3",
             "HMAC does not match"),
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

    def test_what_ocicrypt_did_not_write_gets_one_line_naming_the_layer(self):
        def edit_layer(image, edit):
            self.rewritten(image, lambda manifest: edit(manifest["layers"][2]["annotations"]))

        def unknown_cipher(annotations):
            pubopts = json.loads(base64.b64decode(annotations[PUBOPTS]))
            pubopts["cipher"] = "AES_128_CBC"
            annotations[PUBOPTS] = base64.b64encode(compact(pubopts)).decode()

        def only_jwe(annotations):
            annotations["org.opencontainers.image.enc.keys.jwe"] = annotations.pop(OUR_ANNOTATION)

        cases = [
            ("an unknown cipher", unknown_cipher, "unsupported cipher \"AES_128_CBC\""),
            ("no pubopts", lambda annotations: annotations.pop(PUBOPTS),
             "encrypted, but has no org.opencontainers.image.enc.pubopts annotation"),
            ("no wrapped key", lambda annotations: annotations.pop(OUR_ANNOTATION),
             "no org.opencontainers.image.enc.keys.* annotation holds its key"),
            ("a key wrapped for jwe only", only_jwe, "its key is wrapped only for jwe"),
        ]
        for number, (name, edit, expected) in enumerate(cases):
            with self.subTest(case=name):
                image = self.encrypt(f"odd-{number}")
                edit_layer(image, edit)
                self.assertOneLineFailure(self.verify(image, check=False), "layer 2 of 3", expected)

    def test_a_layer_skopeo_compressed_as_it_encrypted_opens_with_a_warning(self):
        # containers/image gzips a plain tar layer on its way into oci:, and records the digest of
        # the tar in the layer's secret: ocicrypt never compares it, and neither may we refuse it.
        plain = uncompressed_image(self.original, self.path("uncompressed"))
        encrypted = Image(self.path("compressed-encrypted"))
        self.skopeo("--encryption-key", f"provider:{PROVIDER}:{self.keys.params}", plain.ref(),
                    encrypted.ref(), keys=self.keys)
        theirs = self.skopeo_decrypt(encrypted, "compressed-skopeo")
        out = Image(self.path("compressed-ours"))
        result = self.ours("decrypt", "--keys-file", self.keys.keys_file, encrypted.ref(),
                           out.ref(), check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        warnings = result.stderr.splitlines()
        self.assertEqual(len(warnings), 3, result.stderr)
        for line in warnings:
            self.assertIn("records a layer's digest from before it compresses it", line)
        self.assertEqual(files_of(out.path), files_of(theirs.path))
        report = self.verify(encrypted, check=False)
        self.assertEqual(report.returncode, 0, report.stderr)
        self.assertEqual(report.stdout.count("the digest its secret records is not the plaintext's"),
                         3)

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

    # Image indexes: each test lists an image (`self.original` unless it says otherwise) twice, as
    # linux/amd64 and linux/arm64. skopeo copies an index with --all; what it writes is compared
    # file for file.
    # Not compared: an index of indexes. Ours walks one, but skopeo copy --all cannot copy it at
    # all ("Unexpectedly received a manifest list instead of a manifest for a single image",
    # containers/image v5.34.0 copy/single.go copySingleImage).
    def multi_platform(self, name: str = "multi", source: Image = None, **kwargs) -> MultiPlatform:
        return multi_platform(source or self.original, self.path(name), **kwargs)

    def encrypt_image(self, source: Image, name: str, *flags: str) -> MultiPlatform:
        out = MultiPlatform(self.path(name))
        self.ours("encrypt", "--key", self.keys.params, *flags, source.ref(), out.ref())
        return out

    def skopeo_decrypt_all(self, image: Image, name: str) -> MultiPlatform:
        out = MultiPlatform(self.path(name))
        self.skopeo("--all", "--decryption-key", f"provider:{PROVIDER}", image.ref(), out.ref(),
                    keys=self.keys)
        return out

    def assertSameFiles(self, ours: Image, theirs: Image):
        """files_of both layouts are equal. If not, the message shows the differing documents
        (a dict diff of megabyte blobs would be unreadable)."""
        mine, skopeos = files_of(ours.path), files_of(theirs.path)
        if mine == skopeos:
            return
        lines = []
        for name in sorted(set(mine) | set(skopeos)):
            if mine.get(name) == skopeos.get(name):
                continue
            for who, files in (("ours", mine), ("skopeo", skopeos)):
                data = files.get(name)
                shown = ("absent" if data is None else data.decode()
                         if len(data) < 8192 and data.startswith(b"{") else f"{len(data)} bytes")
                lines.append(f"{name}, {who}: {shown}")
        self.fail("the layouts differ:\n" + "\n".join(lines))

    def test_every_layer_of_every_platform_is_encrypted_and_verified(self):
        multi = self.multi_platform()
        encrypted = self.encrypt_image(multi, "multi-encrypted")
        self.assertEqual([entry["platform"] for entry in encrypted.instances()],
                         [entry["platform"] for entry in multi.instances()])
        for before, after in zip(multi.manifests(), encrypted.manifests()):
            self.assertEqual(after["config"], before["config"])
            self.assertEqual(len(after["layers"]), 3)
            for layer, original in zip(after["layers"], before["layers"]):
                self.assertEqual(layer["mediaType"], original["mediaType"] + "+encrypted")
                self.assertEqual(json.loads(base64.b64decode(
                    layer["annotations"][OUR_ANNOTATION]))["kid"], KID)
        report = json.loads(self.verify(encrypted, "--json").stdout)
        self.assertEqual([image["platform"] for image in report["images"]],
                         ["linux/amd64", "linux/arm64"])
        self.assertEqual([image["digest"] for image in report["images"]],
                         [entry["digest"] for entry in encrypted.instances()])
        for image in report["images"]:
            self.assertEqual([layer["encrypted"] for layer in image["layers"]], [True] * 3)
        text = self.verify(encrypted, "--require-encrypted").stdout
        self.assertEqual(text.count("3 layers, 3 encrypted: each of those opens and its HMAC verifies"), 2)

    def test_our_multi_platform_decryption_is_byte_identical_to_skopeo_all(self):
        multi = self.multi_platform()
        for source in ("ours", "skopeo"):
            with self.subTest(encrypted_by=source):
                if source == "ours":
                    encrypted = self.encrypt_image(multi, f"multi-encrypted-{source}")
                else:
                    encrypted = MultiPlatform(self.path(f"multi-encrypted-{source}"))
                    self.skopeo("--all", "--encryption-key",
                                f"provider:{PROVIDER}:{self.keys.params}", multi.ref(),
                                encrypted.ref(), keys=self.keys)
                    self.verify(encrypted, "--require-encrypted")
                theirs = self.skopeo_decrypt_all(encrypted, f"multi-skopeo-decrypted-{source}")
                ours = self.decrypt(encrypted, f"multi-decrypted-{source}")
                self.assertSameFiles(ours, theirs)
                # The documents were written as Go writes them, so the round trip gives back the
                # original index, and with it every manifest.
                self.assertEqual(theirs.manifest_digest(), multi.manifest_digest())
                self.assertEqual(MultiPlatform(ours.path).index_bytes(), multi.index_bytes())

    # Each test below shows a rule of containers/image v5.34.0 that ImageWalker
    # (src/image_crypt/image_transform.cc) follows so as to write the bytes skopeo writes.
    def test_a_document_nothing_changed_in_keeps_its_bytes_as_with_skopeo(self):
        # skopeo writes a manifest whose layer digests all stayed as they were with its original
        # bytes (copy/single.go copyUpdatedConfigAndManifest: no pending manifest updates), and an
        # index whose re-serialisation equals the original's with the original bytes
        # (copy/multiple.go copyMultipleImages: "use it instead of the one we just rebuilt").
        partly = self.multi_platform("partly-source", arm64_document=indented)
        encrypted = self.encrypt_image(partly, "partly-encrypted")
        # Only amd64 encrypted: the arm64 instance goes back to its plaintext, indented manifest.
        index = encrypted.index()
        index["manifests"][1] = arm64 = partly.instances()[1]
        for descriptor in [arm64, *partly.manifests()[1]["layers"]]:
            put_blob(encrypted.path, partly.blob(descriptor["digest"]))
        point_index_json(encrypted.path, INDEX_TYPE, compact(index))
        plain = MultiPlatform(self.path("plain-indented"))
        shutil.copytree(self.multi_platform("plain-source").path, plain.path)
        point_index_json(plain.path, INDEX_TYPE, indented(plain.index()))
        for name, image in (("one platform in plaintext, indented", encrypted),
                            ("nothing encrypted, an indented index", plain)):
            with self.subTest(image=name):
                label = name.split(",")[0].replace(" ", "-")
                theirs = self.skopeo_decrypt_all(image, f"skopeo-{label}")
                ours = self.decrypt(image, f"ours-{label}")
                self.assertSameFiles(ours, theirs)

    def test_an_index_without_a_media_type_gains_one_as_with_skopeo(self):
        # containers/image parses an index into a struct whose MediaType is already set to the
        # index type (internal/manifest/oci_index.go OCI1IndexPublicFromManifest), so an index
        # without the member is re-serialised with it.
        encrypted = self.encrypt_image(self.multi_platform(index_media_type=False),
                                       "no-media-type-encrypted")
        # Encrypting adds the member too, as skopeo would: take it out again.
        index = encrypted.index()
        del index["mediaType"]
        point_index_json(encrypted.path, INDEX_TYPE, compact(index))
        self.assertNotIn("mediaType", encrypted.index())
        theirs = self.skopeo_decrypt_all(encrypted, "no-media-type-skopeo")
        self.assertEqual(theirs.index()["mediaType"], INDEX_TYPE)
        self.assertSameFiles(self.decrypt(encrypted, "no-media-type-ours"), theirs)

    def test_instances_with_zstd_layers_are_marked_as_skopeo_marks_them(self):
        # containers/image adds "io.github.containers.compression.zstd": "true" to an instance's
        # annotations when a layer it copied reports zstd compression (copy/multiple.go
        # UpdateCompressionAlgorithms -> internal/manifest/oci_index.go addCompressionAnnotations).
        # A layer it decrypts reports none: its type still ends in +encrypted in the compression
        # step (copy/compression.go bpcPreserveOriginal, !layerCompressionChangeSupported). A layer
        # it encrypts or copies as it is reports what it was compressed with.
        multi = self.multi_platform(source=zstd_image(self.original, self.path("zstd")))
        partly = self.encrypt_image(multi, "zstd-partly", "--layer", "0")
        ours = self.encrypt_image(multi, "zstd-ours")
        theirs = MultiPlatform(self.path("zstd-skopeo"))
        self.skopeo("--all", "--encryption-key", f"provider:{PROVIDER}:{self.keys.params}",
                    multi.ref(), theirs.ref(), keys=self.keys)
        with self.subTest(step="decrypting, the plaintext zstd layers marked"):
            skopeos = self.skopeo_decrypt_all(partly, "zstd-partly-skopeo")
            self.assertEqual([entry.get("annotations") for entry in skopeos.instances()],
                             [{ZSTD_INSTANCE: "true"}] * 2)
            self.assertSameFiles(self.decrypt(partly, "zstd-partly-ours"), skopeos)
        with self.subTest(step="decrypting every layer, nothing marked"):
            self.assertSameFiles(self.decrypt(ours, "zstd-decrypted-ours"),
                                 self.skopeo_decrypt_all(ours, "zstd-decrypted-skopeo"))
        with self.subTest(step="encrypting, every instance marked"):
            self.assertEqual([entry.get("annotations") for entry in theirs.instances()],
                             [{ZSTD_INSTANCE: "true"}] * 2)
            self.assertEqual([entry.get("annotations") for entry in ours.instances()],
                             [entry.get("annotations") for entry in theirs.instances()])


if __name__ == "__main__":
    unittest.main(verbosity=2)
