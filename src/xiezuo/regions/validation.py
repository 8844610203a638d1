"""Validation of pairings, shared by the admin, the API, imports and services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from xiezuo.regions.models import Pairing


def validate_pairing(pairing: Pairing) -> None:
    from xiezuo.regions.models import (
        INSTITUTION_PAIRING_KIND,
        PAIRING_REGION_LEVELS,
        Pairing,
        Role,
    )

    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if pairing.start and pairing.end and pairing.end < pairing.start:
        add("end", _("The end date must not be before the start date."))

    east = pairing.east_region if pairing.east_region_id else None
    west = pairing.west_region if pairing.west_region_id else None
    kind = INSTITUTION_PAIRING_KIND.get(pairing.level)
    if kind:
        for side, org in (("east_org", pairing.east_org), ("west_org", pairing.west_org)):
            if org is None:
                add(side, _("An institution pairing names the organisation on both sides."))
            elif org.kind != kind:
                add(side, _("%(org)s is not a %(kind)s.") % {"org": org, "kind": kind})
        if pairing.east_org and east and not east.contains(pairing.east_org.region):
            add("east_org", _("The eastern organisation is not in the eastern region."))
        if pairing.west_org and west and not west.contains(pairing.west_org.region):
            add("west_org", _("The western organisation is not in the western region."))
    elif pairing.level in PAIRING_REGION_LEVELS:
        east_level, west_level = PAIRING_REGION_LEVELS[pairing.level]
        if east and east.level != east_level:
            add(
                "east_region",
                _("A pairing of this level needs an eastern region of level %(level)s.")
                % {"level": east_level},
            )
        if west and west.level != west_level:
            add(
                "west_region",
                _("A pairing of this level needs a western region of level %(level)s.")
                % {"level": west_level},
            )
    if east and east.role != Role.EAST:
        add(
            "east_region",
            _("%(region)s is not on the eastern (supporting) side.") % {"region": east},
        )
    if west and west.role != Role.WEST:
        add(
            "west_region",
            _("%(region)s is not on the western (supported) side.") % {"region": west},
        )

    if east and west and pairing.start and not errors:
        overlapping = Pairing.objects.filter(
            east_region=east,
            west_region=west,
            east_org=pairing.east_org_id,
            west_org=pairing.west_org_id,
        ).filter(Q(end__isnull=True) | Q(end__gte=pairing.start))
        if pairing.end:
            overlapping = overlapping.filter(start__lte=pairing.end)
        if pairing.pk:
            overlapping = overlapping.exclude(pk=pairing.pk)
        other = overlapping.first()
        if other:
            add(
                "start",
                _(
                    "These parties already have a pairing in this period (%(other)s, from %(start)s)."
                )
                % {"other": other, "start": other.start},
            )
    if errors:
        raise ValidationError(errors)
