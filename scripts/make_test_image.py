#!/usr/bin/env python3
"""Builds a small OCI image layout from scratch, byte for byte the same on every run.

Usage: make_test_image.py DIR [--tag TAG] [--extra-layers N] [--big-layer-mib N]

Three gzip layers (a few text files, a binary file of 1.5 MiB of incompressible bytes so one layer
blob is over 1 MiB, and a file that overrides one from the first layer), then N more small layers
(default 0), an image config and a manifest, in the OCI image layout at DIR (created; must not
exist). No network, no tools.

With --big-layer-mib, the image has one layer instead, one file of N MiB of pseudo-random bytes in
a gzip stream of stored blocks (so making it costs no compression), written to disk as it is made:
the benchmark's large image.
"""
import argparse
import gzip
import hashlib
import io
import os
import random
import sys
import tarfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from oci_layout import Layout, compact  # noqa: E402

EPOCH = 1700000000  # Fixed times make the tar and gzip bytes reproducible.


def pseudo_random(label: str, size: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{label}/{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def layer_tar(files: dict) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            data = files[name]
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = EPOCH
            info.mode = 0o755 if name.startswith("bin/") else 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def gzipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=EPOCH, compresslevel=6) as out:
        out.write(data)
    return buffer.getvalue()


class HashingFile:
    """A file being written, and the sha256 of what went into it."""

    def __init__(self, path: str):
        self.out = open(path, "wb")
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.out.close()


class ChunkedRandom(io.RawIOBase):
    """`size` pseudo-random bytes, read a chunk at a time."""

    def __init__(self, size: int):
        self.left = size
        self.random = random.Random(size)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left, 1 << 20)
        buffer[:n] = self.random.randbytes(n)
        self.left -= n
        return n


def big_layer(layout, mib: int):
    """(descriptor, diff_id) of a one-file layer of `mib` MiB, streamed to disk."""
    temporary = os.path.join(layout.root, "big-layer.tmp")
    blob = HashingFile(temporary)
    with gzip.GzipFile(fileobj=blob, mode="wb", mtime=EPOCH, compresslevel=0) as compressed:
        tar_hash = HashingFile(os.devnull)

        class Both:
            def write(self, data):
                tar_hash.write(data)
                return compressed.write(data)

            def flush(self):
                compressed.flush()

        with tarfile.open(fileobj=Both(), mode="w|", format=tarfile.PAX_FORMAT) as tar:
            info = tarfile.TarInfo("data/big.bin")
            info.size = mib << 20
            info.mtime = EPOCH
            info.uname = info.gname = "root"
            tar.addfile(info, io.BufferedReader(ChunkedRandom(info.size), 1 << 20))
    blob.close()
    digest = blob.sha256.hexdigest()
    os.rename(temporary, os.path.join(layout.root, "blobs", "sha256", digest))
    descriptor = {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                  "digest": "sha256:" + digest, "size": blob.size}
    return descriptor, "sha256:" + tar_hash.sha256.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description="Builds a reproducible OCI image layout.")
    parser.add_argument("dir")
    parser.add_argument("--tag", default="latest")
    parser.add_argument("--extra-layers", type=int, default=0)
    parser.add_argument("--big-layer-mib", type=int, default=0)
    args = parser.parse_args()
    root, tag = args.dir, args.tag
    layers = [
        {"etc/os-release": b"NAME=coco-keyprovider test image\n",
         "etc/motd": b"this layer will be replaced\n",
         "bin/hello": b"#!/bin/sh\necho hello from an encrypted image\n"},
        {"data/random.bin": pseudo_random("layer2", 3 * 512 * 1024)},
        {"etc/motd": b"decrypted layers are byte-for-byte the originals\n"},
    ] + [{f"extra/{n}": f"extra layer {n}\n".encode()} for n in range(args.extra_layers)]
    layout = Layout(root)
    if args.big_layer_mib:
        descriptor, diff_id = big_layer(layout, args.big_layer_mib)
        layer_descriptors, diff_ids = [descriptor], [diff_id]
    else:
        tars = [layer_tar(files) for files in layers]
        layer_descriptors = [
            layout.descriptor("application/vnd.oci.image.layer.v1.tar+gzip", gzipped(t))
            for t in tars
        ]
        diff_ids = ["sha256:" + hashlib.sha256(t).hexdigest() for t in tars]
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "2023-11-14T22:13:20Z",
        "config": {"Cmd": ["/bin/hello"], "Env": ["PATH=/bin"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2023-11-14T22:13:20Z", "created_by": f"layer {i}"}
                    for i in range(len(diff_ids))],
    }
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": layout.descriptor("application/vnd.oci.image.config.v1+json", compact(config)),
        "layers": layer_descriptors,
    }
    manifest_descriptor = layout.descriptor("application/vnd.oci.image.manifest.v1+json",
                                            compact(manifest))
    manifest_descriptor["annotations"] = {"org.opencontainers.image.ref.name": tag}
    layout.write("index.json", compact({"schemaVersion": 2, "manifests": [manifest_descriptor]}))
    layout.write("oci-layout", compact({"imageLayoutVersion": "1.0.0"}))
    print(manifest_descriptor["digest"])


if __name__ == "__main__":
    main()
