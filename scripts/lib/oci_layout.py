"""Writing an OCI image layout, for scripts/make_test_image.py and scripts/make_product_image.py."""

import hashlib
import json
import os


def compact(value) -> bytes:
    # Field order as Go's OCI structs write them (the callers build their dicts in that order):
    # skopeo then rewrites a manifest to the same bytes when it decrypts, so its digest survives.
    return json.dumps(value, separators=(",", ":")).encode()


class Layout:
    """A new layout folder: blobs under their sha256, then the top-level files. Folders are 0755
    and files 0644 whatever the umask, so the layout's bytes and modes depend on its content only."""

    def __init__(self, root: str):
        self.root = root
        os.makedirs(os.path.join(root, "blobs", "sha256"))
        for folder in (root, os.path.join(root, "blobs"), os.path.join(root, "blobs", "sha256")):
            os.chmod(folder, 0o755)

    def blob(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.write(os.path.join("blobs", "sha256", digest), data)
        return "sha256:" + digest

    def descriptor(self, media_type: str, data: bytes) -> dict:
        return {"mediaType": media_type, "digest": self.blob(data), "size": len(data)}

    def write(self, name: str, data: bytes) -> None:
        path = os.path.join(self.root, name)
        with open(path, "wb") as out:
            out.write(data)
        os.chmod(path, 0o644)
