"""Organisations named in input: by id, by name, or by “name / region” when several share it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from xiezuo.core.lookups import Lookup, by_id, register, register_picker, register_reference
from xiezuo.orgs.models import Organisation
from xiezuo.regions.lookups import REGION
from xiezuo.regions.models import Pairing

SEVERAL = gettext_lazy(
    "Several organisations are named “%(value)s”; add the region (name / region).")


def by_name(records: QuerySet[Any], text: str) -> QuerySet[Any]:
    """“巫山县中医院” or “巫山县中医院 / 巫山县” (region by name, full name or code)."""
    name, _sep, region = text.partition("/")
    if not region.strip():
        return records.filter(Q(name=text) | Q(name=name.strip()))
    r = region.strip()
    in_region = Q(region__name=r) | Q(region__full_name=r) | Q(region__code=r)
    return records.filter(Q(name=text) | (Q(name=name.strip()) & in_region))


def organisation_label(organisation: Organisation) -> str:
    """巫山县中医院（重庆市巫山县）: the name and where it is (for the type-ahead)."""
    return f"{organisation.name}（{organisation.region.full_name}）"


def organisation_names(organisation: Organisation) -> Sequence[str]:
    return (organisation.name, f"{organisation.name} / {organisation.region.full_name}")


# An organisation the actor administers or sees: a person's, a need's, a parent unit.
ORGANISATION: Lookup[Organisation] = register(Lookup(
    Organisation, keys=(by_id, by_name), ambiguous=SEVERAL, related=("region",),
    label=organisation_label, names=organisation_names))

# Any organisation: the host a posting is sent to, a partner, the other side of a pairing.
# The record that names it must still lie in the actor's scope (`ensure_in_scope`), so
# naming one grants no access to it. Pickers offer it as "orgs.organisation.any".
ANY_ORGANISATION: Lookup[Organisation] = register_picker("orgs.organisation.any", Lookup(
    Organisation, keys=(by_id, by_name), public=True, ambiguous=SEVERAL, related=("region",),
    label=organisation_label, names=organisation_names))

# The references of organisations (what a write may name: see `core.lookups`): a unit lies
# in any region (`ensure_placement` decides whether the actor may put it there) and under
# an organisation the actor sees.
register_reference(Organisation, "region", REGION)
register_reference(Organisation, "parent", ORGANISATION)
# A pairing names the other side's institution, which the actor does not administer (the
# pairings' other references are declared in `regions.lookups`).
register_reference(Pairing, "east_org", ANY_ORGANISATION)
register_reference(Pairing, "west_org", ANY_ORGANISATION)
