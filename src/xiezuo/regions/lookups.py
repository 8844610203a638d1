"""Regions (public: any may be named) and pairings (those the actor may see) named in input.

A region is given by division code, full name or name. A pairing by its id or as
“东部—西部”: each side a region (山东省, 烟台, 巫山县) or, for institution pairings, an
organisation (烟台山医院—巫山县中医院).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from xiezuo.core.lookups import Lookup, by_field, by_id, register, register_reference
from xiezuo.regions.models import Pairing, Region
from xiezuo.vocab import regions as vocab_regions

REGION: Lookup[Region] = register(Lookup(
    Region, keys=(by_field("code", "full_name", "name"),), public=True,
    not_known=gettext_lazy("No region “%(value)s” is known."),
    ambiguous=gettext_lazy("Several regions are called “%(value)s”; give the division code.")))

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


PAIRING: Lookup[Pairing] = register(Lookup(
    Pairing, keys=(by_id, by_sides), related=("east_region", "west_region"),
    not_known=gettext_lazy("No pairing “%(value)s” is known to you."),
    ambiguous=gettext_lazy("Several pairings are called “%(value)s”; give the pairing's id."),
    malformed=gettext_lazy("Give the pairing by its id or as “eastern side—western side” "
                           "(e.g. 烟台市—巫山县).")))

# The references of the regions' models (what a write may name: see `core.lookups`). A
# pairing's sides are any regions; its institutions, any organisations, are declared in
# `orgs.lookups` next to `ANY_ORGANISATION` (orgs' lookups come after these).
register_reference(Region, "parent", REGION)
register_reference(Pairing, "east_region", REGION)
register_reference(Pairing, "west_region", REGION)
register_reference(Pairing, "parent", PAIRING)
