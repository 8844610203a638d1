"""What a dashboard or an annual report is about: a set of pairings, one year, one user.

Two ways to choose:
- one pairing: that pairing and every pairing under it (山东↔重庆 takes 烟台↔巫山 …);
- one side's whole set: every pairing whose eastern (or western) party lies in a region
  (all of 山东's pairings, as the eastern side).

Records count for a selection when they point at one of its pairings; records without a
pairing (postings, engagements, mentorships) count when their two organisations lie on
the two sides (the western host inside the western regions, the eastern organisation
inside the eastern ones). Everything is read through the user's scope: what the user
may not see is not counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from xiezuo.core.errors import DomainError, NotFound
from xiezuo.core.lookups import resolve
from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region

FIRST_YEAR, LAST_YEAR = 2000, 2100

_M = TypeVar("_M", bound=Model)


class Side:
    EAST = "east"
    WEST = "west"


def _minimal(prefixes: set[str]) -> tuple[str, ...]:
    """Drop prefixes covered by a shorter one (3706 is inside 37)."""
    kept: list[str] = []
    for prefix in sorted(prefixes, key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return tuple(sorted(kept))


def prefix_q(path: str, prefixes: tuple[str, ...]) -> Q:
    """Records whose region (reached by `path`) lies under one of the prefixes."""
    condition = Q(pk__in=[])
    lookup = f"{path}__code__startswith" if path else "code__startswith"
    for prefix in prefixes:
        condition |= Q(**{lookup: prefix})
    return condition


def _within(path: str, prefixes: tuple[str, ...]) -> Q:
    """`path` leads to a region; an organisation's region (`…__region`) is matched through a
    subquery of the organisations there, so the filter needs no joins on the records."""
    regions = Region.objects.filter(prefix_q("", prefixes)).values("pk")
    if path.endswith("__region"):
        organisations = Organisation.objects.filter(region__in=regions).values("pk")
        return Q(**{f"{path.removesuffix('__region')}__in": organisations})
    return Q(**{f"{path}__in": regions})


@dataclass(frozen=True)
class Selection:
    user: Actor
    year: int
    label: str
    pairing_ids: tuple[int, ...]
    east_prefixes: tuple[str, ...]
    west_prefixes: tuple[str, ...]
    # The query string that chose it (without the year), for links to records.
    query: dict[str, Any] = field(default_factory=dict)
    # The chosen side's region by name, for the selector's region box (the query keeps the code).
    region_name: str = ""
    # Rows fetched once and shared by several figures of one page (see measures.py).
    cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> tuple[Any, ...]:
        """What its figures depend on besides the user's scope (see `xiezuo.core.cache`)."""
        return (self.pairing_ids, self.east_prefixes, self.west_prefixes, self.year,
                tuple(sorted((k, str(v)) for k, v in self.query.items())))

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def for_year(self, year: int) -> Selection:
        return replace(self, year=year, cache={})

    def scoped(self, model: type[_M]) -> QuerySet[_M]:
        return scoped(model, self.user)

    def in_west(self, path: str) -> Q:
        """Records whose region (by `path`, a region foreign key) lies on the western side."""
        return _within(path, self.west_prefixes)

    def in_east(self, path: str) -> Q:
        return _within(path, self.east_prefixes)

    def params(self, **extra: Any) -> dict[str, Any]:
        return {**self.query, "year": self.year, **extra}

    def records_url(self, key: str, **extra: Any) -> str:
        """The drill-down page of a figure of this selection (`extra`: its filters)."""
        return reverse("insights:records") + "?" + urlencode(self.params(measure=key, **extra))


def _descendants(root: Pairing) -> list[int]:
    ids, frontier = [root.pk], [root.pk]
    while frontier:
        frontier = list(Pairing.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids += frontier
    return ids


def pairing_selection(*, user: Actor, year: int, root: Pairing) -> Selection:
    """One pairing and every pairing under it (the root is one the user may see)."""
    ids = _descendants(root)
    regions = Pairing.objects.filter(pk__in=ids).values_list("east_region__prefix", "west_region__prefix")
    return Selection(
        user=user, year=year, label=str(root), pairing_ids=tuple(ids),
        east_prefixes=_minimal({e for e, _w in regions}), west_prefixes=_minimal({w for _e, w in regions}),
        query={"pairing": root.pk},
    )


def parse_year(value: int | str | None) -> int:
    try:
        year = int(value if value is not None else "")
    except (TypeError, ValueError):
        raise DomainError(_("Give the year as a number, e.g. 2025."), field="year") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(_("The year must lie between %(a)s and %(b)s.") % {"a": FIRST_YEAR, "b": LAST_YEAR},
                          field="year")
    return year


def build_selection(
    *, user: Actor, year: int | str | None, pairing: int | str | None = None,
    side: str | None = None, region: str | None = None,
) -> Selection:
    """A selection from user input; DomainError names the bad field, NotFound hides what
    lies outside the user's scope."""
    year = parse_year(year)
    if pairing is not None and pairing != "":
        try:
            pk = int(pairing)
        except (TypeError, ValueError):
            raise DomainError(_("Choose a pairing."), field="pairing") from None
        root = scoped(Pairing, user).select_related("east_region", "west_region").filter(pk=pk).first()
        if root is None:
            raise NotFound(_("No such pairing in your area."), field="pairing")
        return pairing_selection(user=user, year=year, root=root)
    if side not in (Side.EAST, Side.WEST):
        raise DomainError(_("Choose a pairing, or a side (east or west) and a region."), field="pairing")
    try:
        chosen = resolve(Region, user, region, field="region")
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="region") from None
    if chosen is None:
        raise DomainError(_("Give the region by name (巫山, 开州) or division code."), field="region")
    own, other = ("east_region", "west_region") if side == Side.EAST else ("west_region", "east_region")
    pairings = scoped(Pairing, user).filter(**{f"{own}__code__startswith": chosen.prefix})
    rows = list(pairings.values_list("pk", f"{other}__prefix"))
    if not rows:
        raise NotFound(_("No pairings of this region in your area."), field="region")
    others = _minimal({p for _pk, p in rows})
    east, west = ((chosen.prefix,), others) if side == Side.EAST else (others, (chosen.prefix,))
    label = (_("%(region)s (eastern side, all pairings)") if side == Side.EAST
             else _("%(region)s (western side, all pairings)")) % {"region": chosen.name}
    return Selection(user=user, year=year, label=label, pairing_ids=tuple(pk for pk, _p in rows),
                     east_prefixes=east, west_prefixes=west,
                     query={"side": side, "region": chosen.code}, region_name=chosen.name)
