"""Pairings and organisations named in input (API, forms, Excel) by id or by name.

A pairing is given by its id or as “东部—西部”: each side is a region (山东省, 烟台, 巫山县)
or, for institution pairings, an organisation (烟台山医院—巫山县中医院). Pairings are
looked up among those the actor may see (`scoped`); organisations named as parties are
looked up among all of them (`exchange.refs.resolve_org`): the record written must still
lie in the actor's scope.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiezuo.core.scoping import scoped
from xiezuo.core.services import resolve_ref
from xiezuo.exchange.refs import resolve_org
from xiezuo.regions.models import Pairing
from xiezuo.vocab import regions as vocab_regions

__all__ = ["pairing_label", "resolve_org", "resolve_pairing"]

SEPARATOR = re.compile(r"\s*(?:—+|–|↔|<->|－|-)\s*")


def _side_name(org, region) -> str:
    return org.name if org is not None else region.name


def pairing_label(pairing: Pairing) -> str:
    """The “东部—西部” name of a pairing, as exported and accepted on import."""
    return (f"{_side_name(pairing.east_org, pairing.east_region)}—"
            f"{_side_name(pairing.west_org, pairing.west_region)}")


def _not_known(value, field):
    return ValidationError({field: _("No pairing “%(value)s” is known to you.") % {"value": value}})


def _side_filter(queryset, side: str, text: str):
    """Pairings whose `side` (east / west) is the organisation or region named `text`."""
    by_org = queryset.filter(**{f"{side}_org__name": text})
    if by_org.exists():
        return by_org
    codes = [r.code for r in vocab_regions.resolve(text)]
    if not codes:
        return queryset.none()
    return queryset.filter(**{f"{side}_region__code__in": codes, f"{side}_org__isnull": True})


def resolve_pairing(actor, value, *, field: str = "pairing") -> Pairing | None:
    """A pairing the actor may see, by id or by “东部—西部” name; a field error otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, Pairing):
        value = value.pk
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if isinstance(value, int) or text.isdigit():
        if len(text) > 18:
            raise _not_known(value, field)
        return resolve_ref(Pairing, actor, int(text), field=field)
    parts = SEPARATOR.split(text, maxsplit=1)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise ValidationError({field: _("Give the pairing by its id or as “eastern side—western side” "
                                        "(e.g. 烟台市—巫山县).")})
    candidates = scoped(Pairing, actor)
    candidates = _side_filter(candidates, "east", parts[0])
    candidates = _side_filter(candidates, "west", parts[1])
    found = list(candidates.select_related("east_region", "west_region")[:2])
    if not found:
        raise _not_known(value, field)
    if len(found) > 1:
        raise ValidationError({field: _("Several pairings are called “%(value)s”; give the pairing's id.")
                               % {"value": value}})
    return found[0]
