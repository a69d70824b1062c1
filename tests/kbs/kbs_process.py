"""Starts and stops test_kbs.py (the test double of Trustee's KBS) for the integration tests."""
import os
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Debian's python3, which has python3-cryptography: the one the test KBS is written for.
PYTHON = "/usr/bin/python3"
START_SECONDS = 20


class TestKbs:
    """A test KBS on 127.0.0.1 and a free port, with an admin key made as users make one:
    `openssl genpkey -algorithm ed25519`. Call stop() (or use it in a with block) when done."""

    def __init__(self, folder: str, *flags: str, https: bool = False, lifetime: int = 1800):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.admin_key = os.path.join(folder, "admin.pem")
        admin_public_key = os.path.join(folder, "admin.pub.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", self.admin_key],
                       check=True, capture_output=True, timeout=30)
        os.chmod(self.admin_key, 0o600)
        subprocess.run(["openssl", "pkey", "-in", self.admin_key, "-pubout", "-out",
                        admin_public_key], check=True, capture_output=True, timeout=30)
        self.certificate = None
        command = [PYTHON, os.path.join(HERE, "test_kbs.py"), "--port-file", self.path("port"),
                   "--admin-public-key", admin_public_key, "--lifetime", str(lifetime),
                   "--log", self.path("log"), *flags]
        if https:
            subprocess.run([PYTHON, os.path.join(HERE, "test_kbs.py"), "--make-certificate",
                            folder, "127.0.0.1", "localhost"], check=True, timeout=30)
            self.certificate = self.path("cert.pem")
            command += ["--https", self.certificate, self.path("key.pem")]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_SECONDS
        while not os.path.exists(self.path("port")):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the test KBS did not start")
            time.sleep(0.02)
        with open(self.path("port")) as f:
            self.port = int(f.read())
        self.url = f"{'https' if https else 'http'}://127.0.0.1:{self.port}"

    def path(self, name: str) -> str:
        return os.path.join(self.folder, name)

    def stop(self):
        self.process.kill()
        self.process.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.stop()
