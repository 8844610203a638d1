"""Regions (public: any may be named) and pairings (those the actor may see) named in input.

A region is given by division code, full name or name. A pairing by its id or as
“东部—西部”: each side a region (山东省, 烟台, 巫山县) or, for institution pairings, an
organisation (烟台山医院—巫山县中医院).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy

from xiezuo.core.lookups import (
    Lookup,
    by_field,
    by_id,
    register,
    register_reference,
)
from xiezuo.regions.models import Pairing, Region
from xiezuo.vocab import regions as vocab_regions

# ---- type-ahead: 巫山, 巫山县, 开州, 黔南州, 重庆市巫, 5002 ------------------------------


def _cooperating_first(records: QuerySet[Any]) -> QuerySet[Any]:
    """East and west regions before the rest, then by code (province, city, county)."""
    return records.order_by(Case(When(role="none", then=Value(1)), default=Value(0),
                                 output_field=IntegerField()), "code")


def search_regions(records: QuerySet[Any], text: str) -> Iterable[Any]:
    """Regions a typed text may mean: its short forms and names exactly (巫山 → 巫山县, 黔南州
    → 黔南布依族苗族自治州, most plausible first), then names starting with it, then full names
    containing it (重庆市巫); digits: codes starting with them."""
    text = "".join(text.split())
    if text.isdigit():
        return records.filter(code__startswith=text).order_by("code")
    exact = [r.code for r in vocab_regions.resolve(text)]
    by_code = {r.code: r for r in records.filter(code__in=exact)}
    named = [by_code[c] for c in exact if c in by_code]
    seen = {r.pk for r in named}
    starting = _cooperating_first(records.filter(Q(name__startswith=text)
                                                 | Q(full_name__startswith=text)))
    containing = _cooperating_first(records.filter(name__contains=text)
                                    .exclude(name__startswith=text))
    return named + [r for part in (starting, containing) for r in part[:50] if r.pk not in seen]


def region_label(region: Region) -> str:
    """巫山县（重庆市）: the name, then the regions it lies in."""
    outer = region.full_name[:-len(region.name)] if region.full_name.endswith(region.name) else ""
    return f"{region.name}（{outer}）" if outer else region.name


def region_names(region: Region) -> Sequence[str]:
    return (region.full_name, region.code)


REGION: Lookup[Region] = register(Lookup(
    Region, keys=(by_field("code", "full_name", "name"),), public=True,
    not_known=gettext_lazy("No region “%(value)s” is known."),
    ambiguous=gettext_lazy("Several regions are called “%(value)s”; give the division code."),
    search=search_regions, label=region_label, names=region_names))

SEPARATOR = re.compile(r"\s*(?:—+|–|↔|<->|－|-)\s*")


def _side_name(org: Any, region: Region) -> str:
    return str(org.name) if org is not None else region.name


def pairing_label(pairing: Pairing) -> str:
    """The “东部—西部” name of a pairing, as exported and accepted on import."""
    return (f"{_side_name(pairing.east_org, pairing.east_region)}—"
            f"{_side_name(pairing.west_org, pairing.west_region)}")


def _side(records: QuerySet[Any], side: str, text: str) -> QuerySet[Any]:
    """Pairings whose `side` (east / west) is the organisation or region named `text`."""
    by_org = records.filter(**{f"{side}_org__name": text})
    if by_org.exists():
        return by_org
    codes = [r.code for r in vocab_regions.resolve(text)]
    if not codes:
        return records.none()
    return records.filter(**{f"{side}_region__code__in": codes, f"{side}_org__isnull": True})


def by_sides(records: QuerySet[Any], text: str) -> QuerySet[Any] | None:
    """“烟台市—巫山县”, “烟台山医院—巫山县中医院”."""
    parts = SEPARATOR.split(text, maxsplit=1)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    return _side(_side(records, "east", parts[0]), "west", parts[1])


def _side_matches(side: str, text: str) -> Q:
    """Pairings whose `side` (east / west) is a region or organisation `text` may mean."""
    codes = [r.code for r in vocab_regions.resolve(text)]
    return (Q(**{f"{side}_region__name__contains": text})
            | Q(**{f"{side}_region__full_name__contains": text})
            | Q(**{f"{side}_region__code__in": codes})
            | Q(**{f"{side}_org__name__contains": text}))


def search_pairings(records: QuerySet[Any], text: str) -> Iterable[Any]:
    """Pairings a typed text may mean: “烟台—巫山” by both sides, “巫山” or “烟台” by either
    (region by name or short form, or an institution's name); an id as #12."""
    found = by_id(records, text)
    if found is not None:
        return found
    parts = [p for p in SEPARATOR.split(text, maxsplit=1) if p]
    if len(parts) == 2:
        matched = records.filter(_side_matches("east", parts[0]) & _side_matches("west", parts[1]))
    elif parts:
        matched = records.filter(_side_matches("east", parts[0]) | _side_matches("west", parts[0]))
    else:
        return records.none()
    return matched.order_by("level", "east_region__code", "west_region__code", "pk")


def pairing_choice_label(pairing: Pairing) -> str:
    """烟台市—巫山县（市—县）: the pairing's name and its level."""
    return f"{pairing_label(pairing)}（{pairing.get_level_display()}）"


PAIRING: Lookup[Pairing] = register(Lookup(
    Pairing, keys=(by_id, by_sides),
    related=("east_region", "west_region", "east_org", "west_org"),
    not_known=gettext_lazy("No pairing “%(value)s” is known to you."),
    ambiguous=gettext_lazy("Several pairings are called “%(value)s”; give the pairing's id."),
    malformed=gettext_lazy("Give the pairing by its id or as “eastern side—western side” "
                           "(e.g. 烟台市—巫山县)."),
    search=search_pairings, label=pairing_choice_label, names=lambda p: (pairing_label(p),)))

# The references of the regions' models (what a write may name: see `core.lookups`). A
# pairing's sides are any regions; its institutions, any organisations, are declared in
# `orgs.lookups` next to `ANY_ORGANISATION` (orgs' lookups come after these).
register_reference(Region, "parent", REGION)
register_reference(Pairing, "east_region", REGION)
register_reference(Pairing, "west_region", REGION)
register_reference(Pairing, "parent", PAIRING)
