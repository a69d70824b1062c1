#!/usr/bin/env python3
"""`coco-keyprovider doctor` through the built binary, with real clients on PATH.

Run by scripts/test.sh after scripts/real_clients.sh has installed Debian 13's skopeo and buildah
(CLIENTS_BIN) and Debian 12's (DEBIAN12_BIN, by default CLIENTS_BIN/../debian12/bin), and
scripts/containerd_clients.sh Debian 13's ctr-imgcrypt (CONTAINERD_BIN): doctor must pass Debian
13's, fail Debian 12's with the fix (their ocicrypt 1.0.3 has no keyprovider, though their version
numbers are new enough upstream), and note clients that are not installed. Then each setup mistake
doctor knows, found with its fix through the binary.
Environment: COCO_KEYPROVIDER (the binary), CLIENTS_BIN, DEBIAN12_BIN, CONTAINERD_BIN.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("COCO_KEYPROVIDER", os.path.join(ROOT, "bazel-bin/src/coco-keyprovider"))
CLIENTS_BIN = os.environ.get("CLIENTS_BIN", os.path.join(ROOT, "third_party/clients/bin"))
DEBIAN12_BIN = os.environ.get(
    "DEBIAN12_BIN", os.path.join(os.path.dirname(CLIENTS_BIN), "debian12", "bin"))
CONTAINERD_BIN = os.environ.get(
    "CONTAINERD_BIN", os.path.join(ROOT, "third_party/clients/containerd/usr/bin"))
# doctor gives each client run 5 s; it must never take much longer in all.
TIMEOUT_SECONDS = 60

PROVIDER = "attestation-agent"
KID = "kbs:///default/key/key_id1"
SKOPEO_FIX = ("    fix: install skopeo >= 1.2.3 built with ocicrypt >= 1.1.0, as Debian 13 "
              "(trixie)'s is, or upstream's; Debian 12's 1.9.3 is built with ocicrypt 1.0.3, "
              "which has no keyprovider")
BUILDAH_FIX = ("    fix: install buildah >= 1.20.0 built with ocicrypt >= 1.1.0, as Debian 13 "
               "(trixie)'s is, or upstream's; Debian 12's 1.28.2 is built with ocicrypt 1.0.3, "
               "which has no keyprovider")


class Workspace:
    """A private folder with a KEK, a keys file holding it, and ocicrypt.conf files."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="doctor-")
        self.kek = os.urandom(32)
        self.kek_path = self.file("kek", self.kek)
        self.keys_path = self.file("keys.json", json.dumps(
            {"default/key/key_id1": base64.b64encode(self.kek).decode()}).encode())
        self.config = self.ocicrypt_config(
            "ocicrypt.conf", {PROVIDER: {"cmd": {"path": BINARY, "args": ["--keys-file",
                                                                           self.keys_path]}}})
        self.no_clients = self.folder("no-clients")

    def path(self, name: str) -> str:
        return os.path.join(self.dir, name)

    def file(self, name: str, data: bytes, mode: int = 0o600) -> str:
        path = self.path(name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, mode)
        return path

    def folder(self, name: str) -> str:
        os.mkdir(self.path(name))
        return self.path(name)

    def ocicrypt_config(self, name: str, providers: dict) -> str:
        return self.file(name, json.dumps({"key-providers": providers}).encode())

    def clients(self, name: str, *programs: str) -> str:
        """A folder for PATH holding just these programs (links to them)."""
        folder = self.folder(name)
        for program in programs:
            os.symlink(program, os.path.join(folder, os.path.basename(program)))
        return folder

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def doctor(*args: str, path: str, config: str = None) -> subprocess.CompletedProcess:
    env = {"PATH": path, "HOME": os.environ.get("HOME", "/root")}
    if config is not None:
        env["OCICRYPT_KEYPROVIDER_CONFIG"] = config
    return subprocess.run([BINARY, "doctor", *args], env=env, capture_output=True, text=True,
                          timeout=TIMEOUT_SECONDS)


def failures(stdout: str) -> list:
    """Each failed check's line and its fix line."""
    lines = stdout.splitlines()
    return [(line, lines[i + 1] if i + 1 < len(lines) else "")
            for i, line in enumerate(lines) if line.startswith("\u2717 ")]


class DoctorTest(unittest.TestCase):
    def setUp(self):
        self.ws = Workspace()
        self.addCleanup(self.ws.remove)

    def assert_failed_once(self, result: subprocess.CompletedProcess, line: str, fix: str):
        """Exit 1, one failure whose line and fix line start as given, one line on stderr."""
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        (failure,) = failures(result.stdout)
        self.assertTrue(failure[0].startswith(line), failure[0])
        self.assertTrue(failure[1].startswith(fix), failure[1])
        self.assertRegex(result.stderr,
                         r"^coco-keyprovider: doctor: 1 of \d+ checks failed \(see each fix "
                         r"above\)\n$")

    def test_debian13s_clients_pass(self):
        result = doctor("--key", f"keyid={KID}::keypath={self.ws.kek_path}", path=CLIENTS_BIN,
                        config=self.ws.config)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stderr, "")
        lines = result.stdout.splitlines()
        self.assertIn(f"\u2713 skopeo supports keyproviders: {CLIENTS_BIN}/skopeo: skopeo version "
                      "1.18.0; it accepts provider: keys", lines)
        self.assertIn(f"\u2713 buildah supports keyproviders: {CLIENTS_BIN}/buildah: buildah "
                      "version 1.39.3 (image-spec 1.1.0, runtime-spec 1.2.0); its ocicrypt has "
                      "keyproviders", lines)
        self.assertIn("\u2713 ctr-enc is not installed: no ctr-enc or ctr-imgcrypt on PATH: "
                      "nothing to check", lines)

    def test_debian13s_ctr_imgcrypt_passes(self):
        path = self.ws.clients("ctr-imgcrypt", os.path.join(CONTAINERD_BIN, "ctr-imgcrypt"))
        result = doctor(path=path, config=self.ws.config)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertRegex(result.stdout,
                         "\u2713 ctr-imgcrypt supports keyproviders: " + re.escape(path) +
                         "/ctr-imgcrypt: ctr github.com/containerd/containerd 1\\.7\\.[^;]*; "
                         "its ocicrypt has keyproviders\n")

    def test_debian12s_skopeo_fails_with_the_fix(self):
        path = self.ws.clients("debian12-skopeo", os.path.join(DEBIAN12_BIN, "skopeo"))
        result = doctor(path=path, config=self.ws.config)
        self.assert_failed_once(
            result, f"\u2717 skopeo supports keyproviders: {path}/skopeo: skopeo version 1.9.3; it "
            "refuses provider: keys (\"Invalid encryption keys: Provided protocol not "
            "recognized\"): its ocicrypt predates keyproviders; its version alone would pass (>= "
            "1.2.3, skopeo's first release with ocicrypt 1.1.0), but it was built with an older "
            "ocicrypt, and the probe decides", SKOPEO_FIX)
        json_result = doctor("--json", path=path, config=self.ws.config)
        (skopeo,) = [check for check in json.loads(json_result.stdout)["checks"]
                     if check["check"] == "skopeo supports keyproviders"]
        self.assertFalse(skopeo["ok"])
        self.assertTrue(skopeo["fix"].startswith("install skopeo >= 1.2.3 built with ocicrypt"))
        self.assertEqual(json_result.returncode, 1)

    def test_debian12s_buildah_fails_with_the_fix(self):
        path = self.ws.clients("debian12-buildah", os.path.join(DEBIAN12_BIN, "buildah"))
        self.assert_failed_once(
            doctor(path=path, config=self.ws.config),
            f"\u2717 buildah supports keyproviders: {path}/buildah: buildah version 1.28.2 "
            "(image-spec 1.1.0-rc2, runtime-spec 1.0.2-dev); its program links ocicrypt without "
            "its keyprovider package: its ocicrypt predates keyproviders", BUILDAH_FIX)

    def test_debian12s_skopeo_really_cannot_encrypt_for_a_provider(self):
        """What doctor predicts, seen: Debian 12's skopeo refuses the provider's key."""
        image = self.ws.path("image")
        subprocess.run(["python3", os.path.join(ROOT, "scripts/make_test_image.py"), image],
                       check=True, stdout=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS)
        result = subprocess.run(
            [os.path.join(DEBIAN12_BIN, "skopeo"), "--insecure-policy", "copy", "--quiet",
             "--encryption-key", f"provider:{PROVIDER}:keyid={KID}::keypath={self.ws.kek_path}",
             f"oci:{image}:latest", f"oci:{self.ws.path('encrypted')}:latest"],
            env=dict(os.environ, OCICRYPT_KEYPROVIDER_CONFIG=self.ws.config),
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Provided protocol not recognized", result.stderr)
        self.assertFalse(os.path.exists(self.ws.path("encrypted")))

    def test_no_clients_are_noted_not_failed(self):
        result = doctor(path=self.ws.no_clients, config=self.ws.config)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        lines = result.stdout.splitlines()
        for client in ("skopeo", "buildah"):
            self.assertIn(f"\u2713 {client} is not installed: no {client} on PATH: nothing to "
                          "check", lines)
        self.assertIn("\u2713 ctr-enc is not installed: no ctr-enc or ctr-imgcrypt on PATH: "
                      "nothing to check", lines)

    def test_each_setup_mistake_is_found_with_its_fix(self):
        ws = self.ws
        copy = ws.path("coco-keyprovider")
        shutil.copyfile(BINARY, copy)
        os.chmod(copy, 0o644)
        exposed = ws.file("exposed.kek", ws.kek, mode=0o644)
        cases = [
            ("variable unset", [], None,
             "\u2717 OCICRYPT_KEYPROVIDER_CONFIG is set: it is not",
             "    fix: export OCICRYPT_KEYPROVIDER_CONFIG="),
            ("path outside cmd", [],
             ws.ocicrypt_config("outside.conf", {PROVIDER: {"path": BINARY, "args": []}}),
             "\u2717 \"path\" and \"args\" are under \"cmd\": entry attestation-agent has them "
             "beside \"cmd\"", "    fix: nest them: "),
            ("wrong provider name", [],
             ws.ocicrypt_config("name.conf", {"attestation_agent": {"cmd": {"path": BINARY}}}),
             "\u2717 the entry's name: \"attestation_agent\": CoCo guests look for the annotation",
             "    fix: rename the entry to \"attestation-agent\""),
            ("non-executable path", [],
             ws.ocicrypt_config("mode.conf", {PROVIDER: {"cmd": {"path": copy}}}),
             f"\u2717 \"path\" is executable: {copy} is not", f"    fix: chmod 755 {copy}"),
            ("relative keypath", ["--key", f"keyid={KID}::keypath=kek"], ws.config,
             f"\u2717 --key keyid={KID}::keypath=kek: keypath=kek is relative",
             "    fix: give an absolute path"),
            ("world-readable key", ["--key", f"keyid={KID}::keypath={exposed}"], ws.config,
             f"\u2717 --key keyid={KID}::keypath={exposed}: ", f"    fix: chmod 600 {exposed}"),
            ("keys file without the kid",
             ["--key", f"keyid=kbs:///default/key/other::keyfile={ws.keys_path}"], ws.config,
             "\u2717 --key keyid=kbs:///default/key/other::keyfile=",
             "    fix: put a 32-byte key for kbs:///default/key/other there (coco-keyprovider "
             "keys add)"),
        ]
        for name, args, config, line, fix in cases:
            with self.subTest(name):
                result = doctor(*args, path=ws.no_clients, config=config)
                self.assert_failed_once(result, line, fix)
                for secret in (ws.kek.hex(), base64.b64encode(ws.kek).decode()):
                    self.assertNotIn(secret, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
