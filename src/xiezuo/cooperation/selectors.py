"""Reads of cooperation records: yearly targets of pairings, list totals, targets by year."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet, Sum

from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)

ZERO = Decimal(0)


def targets_for(pairings: QuerySet, year: int) -> dict[str, Decimal]:
    """{measure: sum of the targets set for `year` by the agreements of these pairings}.

    `pairings` is a queryset of Pairing (scope it first: `scoped(Pairing, user)`); measures
    without a target are left out.
    """
    rows = (AgreementTarget.objects.filter(agreement__pairing__in=pairings.values("pk"), year=year)
            .values("measure").annotate(total=Sum("target")).order_by("measure"))
    return {row["measure"]: row["total"] or ZERO for row in rows}


def targets_by_year(agreement: Agreement) -> list[tuple[int, list[AgreementTarget]]]:
    """The agreement's targets grouped by year, years ascending."""
    grouped: dict[int, list[AgreementTarget]] = defaultdict(list)
    for target in agreement.targets.order_by("year", "measure"):
        grouped[target.year].append(target)
    return sorted(grouped.items())


def _sums(queryset: QuerySet, fields: tuple[str, ...]) -> dict[str, object]:
    totals = queryset.order_by().aggregate(**{name: Sum(name) for name in fields})
    return {name: totals[name] or 0 for name in fields}


def project_totals(queryset: QuerySet[Project]) -> dict[str, object]:
    """{"count", "funds"} of a (filtered, scoped) list of projects."""
    return {"count": queryset.count(), **_sums(queryset, ("funds",))}


def labour_totals(queryset: QuerySet[LabourCooperation]) -> dict[str, object]:
    """{"count", "positions_offered", "people_hired", "employed_locally", "employed_in_east"}."""
    return {"count": queryset.count(),
            **_sums(queryset, ("positions_offered", "people_hired", "employed_locally",
                               "employed_in_east"))}


def consumption_totals(queryset: QuerySet[ConsumptionAssistance]) -> dict[str, object]:
    """{"count", "companies_registered", "cooperatives_registered", "sales"}."""
    return {"count": queryset.count(),
            **_sums(queryset, ("companies_registered", "cooperatives_registered", "sales"))}


def agreements_in_year(queryset: QuerySet[Agreement], year: int) -> QuerySet[Agreement]:
    """The agreements whose period touches `year`."""
    return queryset.filter(start__year__lte=year, end__year__gte=year)
