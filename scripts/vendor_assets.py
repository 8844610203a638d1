"""Install the front-end assets the pages need from the npm registry, at build time.

Nothing is loaded from a CDN at run time: `make demo` / `make test` (and `.ci/run`) run
this once; it downloads the pinned package tarball from the registry (NPM_REGISTRY for an
intranet mirror), checks its published sha512 integrity, and copies the one file the
dashboard serves into the static folder. Already present and intact → nothing to do.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "xiezuo" / "insights" / "static" / "insights" / "vendor"
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")

# (package, version, sha512 integrity as published by the registry, file in the tarball, target)
ASSETS = [
    ("echarts", "5.6.0",
     "sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA==",
     "package/dist/echarts.min.js", STATIC / "echarts.min.js"),
]


def fetch(package: str, version: str, integrity: str) -> bytes:
    url = f"{REGISTRY}/{package}/-/{package}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - fixed registry URL
        data = response.read()
    algorithm, expected = integrity.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{package}-{version}: integrity check failed ({url})")
    return data


def main() -> int:
    for package, version, integrity, member, target in ASSETS:
        stamp = target.with_suffix(target.suffix + ".version")
        if target.exists() and stamp.exists() and stamp.read_text().strip() == f"{package}@{version}":
            continue
        print(f"installing {package}@{version} from {REGISTRY}")
        with tarfile.open(fileobj=io.BytesIO(fetch(package, version, integrity)), mode="r:gz") as archive:
            content = archive.extractfile(member)
            if content is None:
                raise SystemExit(f"{package}-{version}: {member} missing from the package")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.read())
        stamp.write_text(f"{package}@{version}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
