"""Reads of regions and pairings."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from xiezuo.regions.models import Pairing, Region


def pairings_touching(region: Region) -> QuerySet[Pairing]:
    """Pairings whose eastern or western party lies in, or contains, this region."""
    ancestors: list[int] = []
    node: Region | None = region
    while node is not None:
        ancestors.append(node.pk)
        node = node.parent
    return Pairing.objects.filter(
        Q(east_region__code__startswith=region.prefix)
        | Q(west_region__code__startswith=region.prefix)
        | Q(east_region__in=ancestors)
        | Q(west_region__in=ancestors)
    ).select_related("east_region", "west_region", "east_org", "west_org")
