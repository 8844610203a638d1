"""Where the exchange happens: the flows between regions and the map of a selection.

People are counted as on the dashboard (postings that took place in the year, each person
once per figure), by the two ends of their postings: the eastern end (the person's
organisation when sent west, the host when sent east to learn) is lifted to its city — or
its province, when asked — so that 潍城区 reads as 潍坊市; the western end stays the county
that receives or sends. Every figure links to its records (`records_url`, drill-down key
`EXCHANGED` with the region filters of `measures.touching` / `measures.between`), which add
up to it.

The map's points come from `region-points.json`, derived at build time from the GeoJSON of
an npm package (scripts/vendor_assets.py); a region without a point of its own is drawn at
its city's or province's.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from xiezuo.exchange.choices import Direction
from xiezuo.insights.measures import EXCHANGED, posting_rows_of_year, row_between, row_touching
from xiezuo.insights.selection import Selection
from xiezuo.regions.models import Pairing, PairingLevel, Region, RegionLevel, Role

POINTS_FILE = Path(__file__).resolve().parent / "static" / "insights" / "vendor" / "region-points.json"
EAST_LEVELS = (RegionLevel.CITY, RegionLevel.PROVINCE)
SENDER, HOST = "person__organisation__region__code", "host__region__code"
CITY_DIGITS, PROVINCE_DIGITS = 4, 2
CODE_LENGTH = 6
# Pairings drawn as lines: those between regions (institution pairings are drawn by their regions).
REGION_LEVELS = (PairingLevel.PROVINCE_PROVINCE, PairingLevel.CITY_COUNTY, PairingLevel.DISTRICT_COUNTY,
                 PairingLevel.CITY_PREFECTURE)


@cache
def region_points() -> dict[str, list[float]]:
    """{division code: [longitude, latitude]}; empty when the assets are not installed."""
    try:
        return dict(json.loads(POINTS_FILE.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}


def up(code: str, digits: int) -> str:
    """The code of the region `digits` long above `code` (370702 → 370700, 370000)."""
    return code[:digits].ljust(CODE_LENGTH, "0")


def point_of(code: str) -> list[float] | None:
    points = region_points()
    for candidate in (code, up(code, CITY_DIGITS), up(code, PROVINCE_DIGITS)):
        if candidate in points:
            return points[candidate]
    return None


def east_level(value: str | None) -> str:
    """The level the eastern side is shown at: city (default) or province."""
    return value if value in EAST_LEVELS else RegionLevel.CITY


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    prefix: str


class Places:
    """The regions of some codes and of the cities and provinces above them."""

    def __init__(self, codes: Iterable[str]) -> None:
        wanted = {c for code in codes if code for c in (code, up(code, CITY_DIGITS), up(code, PROVINCE_DIGITS))}
        self.regions = {r.code: r for r in Region.objects.filter(code__in=wanted)}

    def place(self, region: Region) -> Place:
        return Place(region.code, region.name, region.prefix)

    def lift(self, code: str | None, level: str) -> Place | None:
        """The region of `code` shown at `level` (a district as its city, or as its province);
        a region already at or above that level stays itself."""
        region = self.regions.get(code or "")
        if region is None:
            return None
        if level == RegionLevel.PROVINCE and region.level != RegionLevel.PROVINCE:
            region = self.regions.get(up(region.code, PROVINCE_DIGITS), region)
        elif level == RegionLevel.CITY and region.level == RegionLevel.COUNTY:
            city = self.regions.get(up(region.code, CITY_DIGITS))
            province = self.regions.get(up(region.code, PROVINCE_DIGITS))
            region = city if city is not None and city.level == RegionLevel.CITY else province or region
        return self.place(region)

    def get(self, code: str | None) -> Place | None:
        region = self.regions.get(code or "")
        return self.place(region) if region is not None else None


def ends(row: dict) -> tuple[str | None, str | None]:
    """(eastern end, western end) of a posting row, by its direction."""
    if row["direction"] == Direction.WEST_TO_EAST:
        return row[HOST], row[SENDER]
    return row[SENDER], row[HOST]


def _rows(sel: Selection) -> list[dict]:
    return posting_rows_of_year(sel, sel.year)


@dataclass
class Link:
    direction: str
    east: Place
    west: Place
    value: int
    url: str

    def as_dict(self) -> dict[str, Any]:
        source, target = (self.east, self.west) if self.direction == Direction.EAST_TO_WEST else (self.west, self.east)
        return {"source": source.name, "target": target.name, "value": self.value, "url": self.url,
                "source_code": source.code, "target_code": target.code}


def flow_links(sel: Selection, level: str = RegionLevel.CITY) -> dict[str, list[Link]]:
    """People who went east→west and west→east in the year, by (eastern place at `level`,
    western county), most people first."""
    rows = _rows(sel)
    places = Places(code for row in rows for code in ends(row) if code)
    people: dict[tuple[str, Place, Place], set] = defaultdict(set)
    for row in rows:
        east_code, west_code = ends(row)
        east, west = places.lift(east_code, level), places.get(west_code)
        if east is None or west is None:
            continue
        people[(row["direction"], east, west)].add(row["person_id"])
    links: dict[str, list[Link]] = {Direction.EAST_TO_WEST: [], Direction.WEST_TO_EAST: []}
    for (direction, east, west), persons in people.items():
        url = sel.records_url(EXCHANGED, east=east.code, west=west.code, direction=direction)
        links[direction].append(Link(direction, east, west, len(persons), url))
    for found in links.values():
        found.sort(key=lambda link: (-link.value, link.east.code, link.west.code))
    return links


def flows(sel: Selection, level: str = RegionLevel.CITY) -> dict[str, list[dict]]:
    """`flow_links` as plain data (source, target, value, url) for the API and the charts."""
    return {direction: [link.as_dict() for link in found] for direction, found in flow_links(sel, level).items()}


@dataclass
class Point:
    place: Place
    side: str  # "east" / "west"
    value: int
    url: str
    coord: list[float] | None

    @property
    def side_label(self) -> str:
        return str(Role(self.side).label)


@dataclass
class Line:
    east: Place
    west: Place
    value: int
    url: str
    coords: list[list[float]] | None
    pairings: list[str] = field(default_factory=list)


@dataclass
class Geography:
    level: str
    points: list[Point]
    lines: list[Line]

    @property
    def located(self) -> bool:
        return bool(region_points())

    def chart_data(self) -> dict[str, Any]:
        return {
            "points": [{"name": p.place.name, "code": p.place.code, "side": p.side, "side_label": p.side_label,
                        "value": p.value, "url": p.url, "coord": p.coord} for p in self.points if p.coord],
            "lines": [{"name": f"{ln.east.name} → {ln.west.name}", "value": ln.value, "url": ln.url,
                       "coords": ln.coords} for ln in self.lines if ln.coords],
        }


def _leaf_pairings(sel: Selection) -> list[Pairing]:
    """The selection's region pairings that have none of its pairings under them."""
    pairings = list(Pairing.objects.filter(pk__in=sel.pairing_ids, level__in=REGION_LEVELS)
                    .select_related("east_region", "west_region").order_by("east_region__code", "west_region__code"))
    parents = {p.parent_id for p in pairings}
    return [p for p in pairings if p.pk not in parents]


def geography(sel: Selection, level: str = RegionLevel.CITY) -> Geography:
    """The map of a selection: its pairings as lines (east → west) and the people exchanged
    by western county and by eastern city (or province), each with its records."""
    rows = _rows(sel)
    pairings = _leaf_pairings(sel)
    codes = {code for row in rows for code in ends(row) if code}
    codes |= {region.code for p in pairings for region in (p.east_region, p.west_region)}
    places = Places(codes)

    lines: dict[tuple[str, str], Line] = {}
    for pairing in pairings:
        east, west = places.place(pairing.east_region), places.place(pairing.west_region)
        key = (east.code, west.code)
        if key not in lines:
            value = len({row["person_id"] for row in rows if row_between(row, east.prefix, west.prefix)})
            start, end = point_of(east.code), point_of(west.code)
            lines[key] = Line(east, west, value, sel.records_url(EXCHANGED, east=east.code, west=west.code),
                              [start, end] if start and end else None)
        lines[key].pairings.append(str(pairing))

    sides: dict[Place, str] = {}
    for row in rows:
        east_code, west_code = ends(row)
        for found, side in ((places.lift(east_code, level), "east"), (places.get(west_code), "west")):
            if found is not None:
                sides.setdefault(found, side)
    for line in lines.values():
        lifted = places.lift(line.east.code, level)
        if lifted is not None:
            sides.setdefault(lifted, "east")
        sides.setdefault(line.west, "west")
    points = []
    for place, side in sides.items():
        value = len({row["person_id"] for row in rows if row_touching(row, place.prefix)})
        points.append(Point(place, side, value, sel.records_url(EXCHANGED, place=place.code), point_of(place.code)))
    points.sort(key=lambda p: (p.side != "west", -p.value, p.place.code))
    return Geography(level=level, points=points, lines=sorted(lines.values(), key=lambda ln: (-ln.value, ln.east.code)))
