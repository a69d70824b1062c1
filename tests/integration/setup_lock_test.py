#!/usr/bin/env python3
"""scripts/setup.sh against locks whose revisions Debian's archive no longer has.

Debian keeps only the newest revision of each source package, so every security update of a locked
package would break setup for new users. Run by scripts/test.sh; it fetches c-ares (small) from the
archive this machine's apt sources name, into temporary folders (SETUP_LOCK, SETUP_DEST,
SETUP_PATCHES), and never touches third_party/.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT_SECONDS = 300


def locked_line(folder: str) -> list:
    with open(os.path.join(ROOT, "third_party/sources.lock")) as f:
        for line in f:
            fields = line.split()
            if fields and fields[0] == folder:
                return fields
    raise AssertionError(f"{folder} is not in the lock")


class SetupLockTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="setup-lock-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.locked = locked_line("c_ares")  # folder, package, version, orig sha, debian sha
        self.patches = os.path.join(self.dir, "patches")
        os.makedirs(self.patches)

    def lock(self, version: str) -> str:
        path = os.path.join(self.dir, "sources.lock")
        with open(path, "w") as f:
            f.write(" ".join([*self.locked[:2], version, *self.locked[3:]]) + "\n")
        return path

    def run_script(self, script: str, *args: str, lock: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, SETUP_LOCK=lock, SETUP_DEST=os.path.join(self.dir, "src"),
                   SETUP_PATCHES=self.patches)
        return subprocess.run([os.path.join(ROOT, "scripts", script), *args], env=env,
                              capture_output=True, text=True, timeout=TIMEOUT_SECONDS)

    def setup(self, lock: str) -> subprocess.CompletedProcess:
        return self.run_script("setup.sh", "--sources-only", lock=lock)

    def test_a_newer_revision_of_the_same_upstream_version_replaces_the_locked_one(self):
        gone = self.locked[2].rsplit("-", 1)[0] + "-0.1"  # a revision Debian never had
        result = self.setup(self.lock(gone))
        self.assertEqual(result.returncode, 0, result.stderr)
        replaced = [l for l in result.stderr.splitlines() if "is gone from the archive" in l]
        self.assertEqual(len(replaced), 1, result.stderr)
        self.assertIn(f"c-ares: {gone} is gone from the archive; using ", replaced[0])
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "src/c_ares/include/ares.h")))
        # Done once: the next run finds it in place.
        again = self.setup(self.lock(gone))
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(again.stderr, "setup: ready\n")

    def test_another_upstream_version_fails_with_the_command_that_updates_the_lock(self):
        result = self.setup(self.lock("1.17.0-1"))
        self.assertEqual(result.returncode, 1)
        self.assertRegex(result.stderr.splitlines()[-1],
                         r"^setup: error: c-ares: the archive has \S+, another upstream version "
                         r"than the locked 1\.17\.0-1; review it, then run: "
                         r"scripts/lock_sources\.sh c_ares$")

    def test_a_patch_that_no_longer_applies_fails_with_the_reason(self):
        os.makedirs(os.path.join(self.patches, "c_ares"))
        with open(os.path.join(self.patches, "c_ares", "0001-stale.patch"), "w") as f:
            f.write("--- a/include/ares.h\n+++ b/include/ares.h\n@@ -1,3 +1,3 @@\n"
                    "-a line this file never had\n+its replacement\n context\n context\n")
        result = self.setup(self.lock(self.locked[2].rsplit("-", 1)[0] + "-0.1"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("setup: error: c_ares: our 0001-stale.patch does not apply to this revision: ",
                      result.stderr.splitlines()[-1])

    def test_lock_sources_moves_an_entry_to_what_the_archive_has(self):
        lock = self.lock("1.17.0-1")
        result = self.run_script("lock_sources.sh", "c_ares", lock=lock)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(lock) as f:
            folder, package, version, orig_sha, debian_sha = f.read().split()
        self.assertEqual([folder, package], self.locked[:2])
        # Whatever Debian revision the archive has now, the upstream tarball is the locked one.
        self.assertEqual(version.rsplit("-", 1)[0], self.locked[2].rsplit("-", 1)[0])
        self.assertEqual(orig_sha, self.locked[3])
        self.assertRegex(debian_sha, "^[0-9a-f]{64}$")


if __name__ == "__main__":
    unittest.main(verbosity=2)
