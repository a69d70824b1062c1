#!/usr/bin/env python3
"""What users install: scripts/package.sh's .deb and image, and scripts/install.sh.

Run by scripts/test.sh, as root, after `bazel build`: it runs scripts/package.sh (writing dist/ of
this clone, twice), installs the .deb for real into a throwaway Debian 12 root (mmdebstrap, its
downloaded packages kept in ~/.cache/coco-keyprovider/throwaway-root-debs for the next run) and
uses it there through chroot, installs with scripts/install.sh into a temporary prefix, and runs
the image in a containerd of its own (the harness of containerd_test.py).
Environment: CONTAINERD_BIN (the folder of containerd, ctr and runc: scripts/containerd_clients.sh).
"""
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unittest

from containerd_test import (Containerd, RunFolder, files_under, layout_archive,
                             remove_unmounted, unmount_under)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The requests ocicrypt sends, as the test vectors write them.
sys.path.insert(0, os.path.join(ROOT, "testdata", "vectors"))
from make_vectors import keyunwrap_request, keywrap_request  # noqa: E402
BINARY = os.path.join(ROOT, "bazel-bin/src/coco-keyprovider")
DIST = os.path.join(ROOT, "dist")
IMAGE = os.path.join(DIST, "image")
THROWAWAY_ROOT_DEBS = os.path.expanduser("~/.cache/coco-keyprovider/throwaway-root-debs")
TIMEOUT_SECONDS = 300
# package.sh builds first: after a new commit that relinks the binary (its --version names the
# commit), which takes minutes when the machine is busy.
PACKAGE_TIMEOUT_SECONDS = 1200
INSTALLED = "/usr/bin/coco-keyprovider"
# The .deb's own metadata, which install.sh has no use for.
DEB_ONLY = ("usr/share/lintian/",)
KID = "kbs:///default/key/key_id1"


def run(command: list, timeout: float = TIMEOUT_SECONDS, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return result


def shell_lib(function: str, script: str) -> str:
    """The output of FUNCTION from one of scripts/lib/."""
    return run(["bash", "-c", f'source "$1" && {function}', "-",
                os.path.join(ROOT, "scripts/lib", script)]).stdout.strip()


def package(**kwargs) -> str:
    """Runs scripts/package.sh (kwargs for subprocess.run); the .deb's path."""
    output = run([os.path.join(ROOT, "scripts/package.sh")],
                 timeout=PACKAGE_TIMEOUT_SECONDS, **kwargs).stdout.split()
    deb, image = output
    assert image == IMAGE, output
    return deb


def source_date_epoch() -> int:
    """What package.sh dates everything with: SOURCE_DATE_EPOCH, else the commit's time."""
    return int(os.environ.get("SOURCE_DATE_EPOCH")
               or run(["git", "-C", ROOT, "log", "-1", "--format=%ct"]).stdout)


def deb_members(deb: str) -> list:
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True, check=True,
                          timeout=TIMEOUT_SECONDS).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]


def deb_files(deb: str) -> dict:
    """path (without the leading ./) -> (mode, bytes) of every regular file in the .deb."""
    return {m.name.removeprefix("./"): (m.mode, data) for m, data in deb_members(deb)
            if m.isfile()}


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def blob(digest: str) -> bytes:
    return read(os.path.join(IMAGE, "blobs", *digest.split(":")))


def image_manifest() -> tuple:
    """The index's one descriptor, and the manifest it names."""
    with open(os.path.join(IMAGE, "index.json")) as f:
        (descriptor,) = json.load(f)["manifests"]
    return descriptor, json.loads(blob(descriptor["digest"]))


def reply_bytes(reply: str, results: str, field: str) -> bytes:
    return bytes(json.loads(reply)[results][field])


def remove_root(folder: str):
    """Removes a throwaway root, unmounting first what an mmdebstrap killed on its timeout left
    mounted in it (its /proc, /sys, /dev)."""
    unmount_under(folder)
    remove_unmounted(folder)


@unittest.skipUnless(os.geteuid() == 0, "needs root: it installs into a chroot and starts a "
                                        "containerd")
class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="coco-keyprovider-package-")
        cls.addClassCleanup(remove_root, cls.dir)
        shell_lib("install_host_packages lintian mmdebstrap", "host_packages.sh")
        cls.deb = package()
        cls.version = run([BINARY, "--version"]).stdout.split("\n", 1)[0].split()[1]

    def path(self, *names: str) -> str:
        return os.path.join(self.dir, *names)

    def test_lintian_reports_no_errors(self):
        verdict = subprocess.run(["lintian", "--fail-on", "error", self.deb], capture_output=True,
                                 text=True, timeout=TIMEOUT_SECONDS)
        # Shown with the overridden tags (O:, which --fail-on would count), to see what the
        # overrides file hides.
        shown = run(["lintian", "--fail-on", "none", "--display-info", "--show-overrides",
                     self.deb]).stdout
        tags = [line for line in shown.splitlines() if re.match(r"^[EWIPXO]: ", line)]
        print(f"\nlintian {os.path.basename(self.deb)}:" + "".join(f"\n  {t}" for t in tags),
              file=sys.stderr)
        self.assertEqual(verdict.returncode, 0, verdict.stdout + verdict.stderr)
        self.assertEqual([t for t in tags if t.startswith("E: ")], [])

    def test_the_deb_installs_and_works_in_a_fresh_debian_12(self):
        chroot = self.throwaway_root()
        shutil.copy(self.deb, os.path.join(chroot, "tmp"))
        run(["chroot", chroot, "dpkg", "-i", "/tmp/" + os.path.basename(self.deb)])

        def inside(*command: str, **kwargs) -> subprocess.CompletedProcess:
            return run(["chroot", chroot, *command], **kwargs)

        with self.subTest("--version"):
            self.assertEqual(inside(INSTALLED, "--version").stdout.split("\n", 1)[0],
                             f"coco-keyprovider {self.version}")
        with self.subTest("man"):
            page = inside("env", "MANPAGER=cat", "MANWIDTH=100", "man", "coco-keyprovider").stdout
            self.assertRegex(page, r"(?m)^NAME\n\s+coco-keyprovider")
            for command in self.commands():
                # A subsection heading (3 columns in; the synopsis lines are indented 7).
                self.assertRegex(page, rf"(?m)^ {{3}}coco-keyprovider {command}\b",
                                 f"the manual page has no section on {command}")
        with self.subTest("bash completion"):
            completion = "/usr/share/bash-completion/completions/coco-keyprovider"
            self.assertEqual(read(chroot + completion),
                             read(os.path.join(ROOT, "bazel-bin/src/cli/coco-keyprovider.bash")))
            # bash-completion (not in minbase) would load it on demand; sourcing it must register
            # a completion for the command.
            registered = inside("bash", "-c", f"source {completion} && complete -p "
                                              "coco-keyprovider").stdout
            self.assertRegex(registered, r"^complete .* coco-keyprovider$")
        with self.subTest("keywrap and keyunwrap"):
            self.assertEqual(self.round_trip(inside, chroot), b'{"symkey":"a layer key"}')

    def throwaway_root(self) -> str:
        chroot = self.path("root")
        self.addCleanup(remove_root, chroot)
        os.makedirs(THROWAWAY_ROOT_DEBS, exist_ok=True)
        started = time.monotonic()
        # Without an fsync per file dpkg installs twice as fast, and nothing here must survive a
        # crash. Downloaded packages are kept (essential/unlink skipped, synced out) for next time.
        run(["mmdebstrap", "--variant=minbase", "--include=man-db", "--dpkgopt=force-unsafe-io",
             "--skip=essential/unlink",
             '--setup-hook=mkdir -p "$1"/var/cache/apt/archives/',
             f"--setup-hook=sync-in {THROWAWAY_ROOT_DEBS} /var/cache/apt/archives/",
             f"--customize-hook=sync-out /var/cache/apt/archives {THROWAWAY_ROOT_DEBS}",
             "bookworm", chroot, shell_lib("debian_archive_uri", "private_apt.sh")])
        print(f"\nmmdebstrap: a Debian 12 root in {time.monotonic() - started:.1f} s",
              file=sys.stderr)
        return chroot

    def commands(self) -> list:
        """The commands `coco-keyprovider --help` lists (its `coco-keyprovider WORD` lines)."""
        usage = run([BINARY, "--help"]).stdout
        commands = re.findall(r"(?m)^  coco-keyprovider ([a-z]+)\b", usage)
        self.assertGreater(len(commands), 5, usage)
        return commands

    def round_trip(self, inside, chroot: str) -> bytes:
        """optsdata wrapped with a key file and unwrapped with a keys file, in the chroot."""
        kek = os.urandom(32)
        with open(os.path.join(chroot, "root/kek"), "wb") as f:
            f.write(kek)
        with open(os.path.join(chroot, "root/keys.json"), "w") as f:
            json.dump({KID.removeprefix("kbs:///"): base64.b64encode(kek).decode()}, f)
        wrapped = inside(INSTALLED, input=keywrap_request(f"keyid={KID}::keypath=/root/kek",
                                                          b'{"symkey":"a layer key"}')).stdout
        annotation = reply_bytes(wrapped, "keywrapresults", "annotation")
        self.assertEqual(json.loads(annotation)["kid"], KID)
        unwrapped = inside(INSTALLED, "--keys-file", "/root/keys.json",
                           input=keyunwrap_request("offline_fs_kbc::null", annotation)).stdout
        return reply_bytes(unwrapped, "keyunwrapresults", "optsdata")

    def test_install_sh_installs_what_the_deb_holds(self):
        # A space in it, and a trailing slash.
        prefix = self.path("pre fix")
        installed = run([os.path.join(ROOT, "scripts/install.sh"), "--prefix", prefix + "/"],
                        timeout=PACKAGE_TIMEOUT_SECONDS).stdout
        self.assertEqual(installed, os.path.join(prefix, "bin/coco-keyprovider") + "\n")
        deb = {path.removeprefix("usr/"): file for path, file in deb_files(self.deb).items()
               if not path.startswith(DEB_ONLY)}
        ours = files_under(prefix)
        self.assertEqual(sorted(ours), sorted(deb))
        example = "share/doc/coco-keyprovider/examples/ocicrypt.conf"
        for path in deb:
            if path != example:
                self.assertEqual(ours[path], deb[path], path)
        # The example names the binary where it was installed.
        config = json.loads(ours[example][1])
        self.assertEqual(config["key-providers"]["attestation-agent"]["cmd"]["path"],
                         os.path.join(prefix, "bin/coco-keyprovider"))
        self.assertEqual(run([os.path.join(prefix, "bin/coco-keyprovider"), "--version"])
                         .stdout.split()[:2], ["coco-keyprovider", self.version])

    def test_package_sh_twice_gives_the_same_bytes(self):
        first_image, first_deb = files_under(IMAGE), read(self.deb)
        # Another umask, time zone and locale must not show in the bytes.
        self.assertEqual(package(env=dict(os.environ, TZ="Pacific/Chatham", LC_ALL="C.UTF-8"),
                                 preexec_fn=lambda: os.umask(0o077)), self.deb)
        second_image = files_under(IMAGE)
        self.assertEqual(sorted(first_image), sorted(second_image))
        for name in first_image:
            self.assertEqual(first_image[name], second_image[name], name)
        self.assertEqual(first_deb, read(self.deb), "the .deb differs")
        # Two runs could match with unclamped times too (the same second): check the times.
        self.assertEqual({(m.uid, m.gid, m.mtime) for m, _ in deb_members(self.deb)},
                         {(0, 0, source_date_epoch())})
        self.assertEqual({m.mode for m, _ in deb_members(self.deb) if m.isdir()}, {0o755})

    def test_the_image_holds_the_binary_ca_certificates_and_copyrights(self):
        descriptor, manifest = image_manifest()
        self.assertEqual(descriptor["annotations"]["org.opencontainers.image.ref.name"],
                         self.version)
        config = json.loads(blob(manifest["config"]["digest"]))
        self.assertEqual(config["config"]["Entrypoint"], [INSTALLED])
        self.assertEqual((config["os"], config["architecture"]), ("linux", "amd64"))
        epoch = source_date_epoch()
        self.assertEqual(config["created"], time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch)))
        ca_version = run(["dpkg-query", "-W", "-f=${Version}", "ca-certificates"]).stdout
        self.assertEqual(config["config"]["Labels"]["coco-keyprovider.ca-certificates.version"],
                         ca_version)
        (layer,) = manifest["layers"]
        data = blob(layer["digest"])
        self.assertEqual("sha256:" + hashlib.sha256(data).hexdigest(), layer["digest"])
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            members = tar.getmembers()
            files = {m.name: tar.extractfile(m).read() for m in members if m.isfile()}
        in_deb = deb_files(self.deb)
        copyrights = sorted(path for path in in_deb if path.endswith("/copyright"))
        self.assertIn("usr/share/doc/coco-keyprovider/copyright", copyrights)
        self.assertIn("usr/share/doc/coco-keyprovider/third_party/boringssl/copyright", copyrights)
        # The binary, the CA bundle, and the .deb's copyright files, the same bytes.
        self.assertEqual(sorted(files),
                         sorted(["etc/ssl/certs/ca-certificates.crt", INSTALLED[1:]] + copyrights))
        for path in copyrights + [INSTALLED[1:]]:
            self.assertEqual(files[path], in_deb[path][1], path)
        self.assertEqual(files["etc/ssl/certs/ca-certificates.crt"],
                         read("/etc/ssl/certs/ca-certificates.crt"))
        self.assertEqual({(m.uid, m.gid, m.mtime) for m in members}, {(0, 0, epoch)})

    def test_containerd_runs_the_image_to_encrypt_an_image(self):
        work = self.path("work")
        os.makedirs(work)
        run(["python3", os.path.join(ROOT, "scripts/make_test_image.py"), os.path.join(work, "in")])
        keys = os.path.join(work, "keys.json")
        run([BINARY, "keys", "generate", "--out", keys])
        run([BINARY, "keys", "export", keys, KID.removeprefix("kbs:///"),
             os.path.join(work, "key")])
        containerd = self.containerd()
        containerd.ctr("images", "import", "--platform", "linux/amd64", "--base-name",
                       "coco-keyprovider", layout_archive(IMAGE, self.path("image.tar")))
        # ctr run replaces the entrypoint with the arguments it is given, so they start with the
        # image's own entrypoint, as `docker run IMAGE ARGS` would run it.
        _, manifest = image_manifest()
        entrypoint = json.loads(blob(manifest["config"]["digest"]))["config"]["Entrypoint"]
        run_folder = containerd.work
        containerd.ctr(
            "run", "--rm", "--runc-root", run_folder.path("runc"), "--fifo-dir",
            run_folder.path("fifo"), "--cgroup", f"/{run_folder.cgroup}/encrypt",
            "--mount", f"type=bind,src={work},dst=/work,options=rbind:rw",
            f"coco-keyprovider:{self.version}", "package-test",
            *entrypoint, "encrypt", "--key", f"keyid={KID}::keypath=/work/key", "/work/in:latest",
            "/work/out:latest")
        verified = run([BINARY, "verify", "--require-encrypted", "--keys-file", keys,
                        os.path.join(work, "out") + ":latest"]).stdout
        self.assertIn("3 layers, 3 encrypted: each of those opens and its HMAC verifies", verified)
        self.assertEqual(verified.count(f"kid {KID}, A256GCM: opens"), 3, verified)

    def containerd(self) -> Containerd:
        for stale in RunFolder.stale():
            stale.clean_up()
        folder = RunFolder.create()
        self.addCleanup(folder.clean_up)
        # No encrypted image is pulled here: ctd-decoder's configuration is never used.
        containerd = Containerd(folder, folder.write("ocicrypt.conf", "{}"), [])
        containerd.start()
        return containerd


if __name__ == "__main__":
    unittest.main(verbosity=2)
