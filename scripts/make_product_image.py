#!/usr/bin/env python3
"""Writes the product's container image: an OCI image layout, byte for byte the same on every run.

Usage: make_product_image.py --binary FILE --ca-bundle FILE --ca-certificates-version V
                             --version V --epoch SECONDS --doc FOLDER DIR

One gzip layer holding only /usr/bin/coco-keyprovider (static, so it needs nothing else), the CA
bundle at /etc/ssl/certs/ca-certificates.crt, where the binary looks for it to trust an https://
KBS, and the .deb's copyright files under /usr/share/doc/coco-keyprovider; a config whose entrypoint is the binary; the manifest, tagged VERSION in index.json. Every
time is EPOCH, every owner root, entries sorted, gzip without a name or time: the bytes depend only
on the inputs. Run by scripts/package.sh; DIR must not exist.
"""
import argparse
import datetime
import gzip
import hashlib
import io
import os
import sys
import tarfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from oci_layout import Layout, compact  # noqa: E402

BINARY_PATH = "usr/bin/coco-keyprovider"
CA_BUNDLE_PATH = "etc/ssl/certs/ca-certificates.crt"
DOC_PATH = "usr/share/doc/coco-keyprovider"
CA_LABEL = "coco-keyprovider.ca-certificates.version"


def tar_entry(name: str, mtime: int, mode: int, data: bytes = None) -> tuple:
    info = tarfile.TarInfo(name)
    info.mtime = mtime
    info.mode = mode
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    if data is None:
        info.type = tarfile.DIRTYPE
        return info, None
    info.size = len(data)
    return info, io.BytesIO(data)


def layer_tar(files: dict, mtime: int) -> bytes:
    """files: path -> (mode, bytes); their parent folders are added, everything sorted."""
    folders = {os.path.dirname(path) for path in files}
    for folder in list(folders):
        while folder:
            folders.add(folder)
            folder = os.path.dirname(folder)
    entries = {folder + "/": tar_entry(folder + "/", mtime, 0o755) for folder in folders}
    entries.update({path: tar_entry(path, mtime, mode, data)
                    for path, (mode, data) in files.items()})
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in sorted(entries):
            tar.addfile(*entries[name])
    return buffer.getvalue()


def gzipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9, filename="") as out:
        out.write(data)
    return buffer.getvalue()


def copyright_files(doc: str) -> dict:
    """The copyright files of the .deb's doc folder (ours, then each library's under third_party/),
    at the same paths: the image redistributes the same code."""
    files = {}
    for folder, _, names in os.walk(doc):
        if "copyright" in names:
            path = os.path.join(folder, "copyright")
            files[os.path.join(DOC_PATH, os.path.relpath(path, doc))] = (0o644, read(path))
    return files


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def main() -> None:
    parser = argparse.ArgumentParser(description="Writes the product's OCI image layout.")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--ca-bundle", required=True)
    parser.add_argument("--ca-certificates-version", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--epoch", type=int, required=True)
    parser.add_argument("--doc", required=True,
                        help="the .deb's doc folder: its copyright files go into the image too")
    parser.add_argument("dir")
    args = parser.parse_args()
    created = datetime.datetime.fromtimestamp(args.epoch, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    files = {BINARY_PATH: (0o755, read(args.binary)),
             CA_BUNDLE_PATH: (0o644, read(args.ca_bundle))}
    files.update(copyright_files(args.doc))
    tar = layer_tar(files, args.epoch)
    layout = Layout(args.dir)
    layer = layout.descriptor("application/vnd.oci.image.layer.v1.tar+gzip", gzipped(tar))
    config = {
        "created": created,
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "Env": ["PATH=/usr/bin"],
            "Entrypoint": ["/" + BINARY_PATH],
            "Labels": {"org.opencontainers.image.title": "coco-keyprovider",
                       "org.opencontainers.image.version": args.version,
                       CA_LABEL: args.ca_certificates_version},
        },
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(tar).hexdigest()]},
        "history": [{"created": created, "created_by": "scripts/package.sh"}],
    }
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": layout.descriptor("application/vnd.oci.image.config.v1+json", compact(config)),
        "layers": [layer],
    }
    descriptor = layout.descriptor("application/vnd.oci.image.manifest.v1+json", compact(manifest))
    descriptor["annotations"] = {"org.opencontainers.image.ref.name": args.version}
    descriptor["platform"] = {"architecture": "amd64", "os": "linux"}
    layout.write("index.json", compact({"schemaVersion": 2,
                                        "mediaType": "application/vnd.oci.image.index.v1+json",
                                        "manifests": [descriptor]}))
    layout.write("oci-layout", compact({"imageLayoutVersion": "1.0.0"}))


if __name__ == "__main__":
    main()
