"""The dashboard and the annual report of a selection, built from `measures` and `coverage`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiezuo.cooperation.selectors import targets_for
from xiezuo.core.cache import cached
from xiezuo.insights.coverage import Coverage
from xiezuo.insights.coverage import columns as coverage_columns
from xiezuo.insights.coverage import coverage as count_coverage
from xiezuo.insights.geography import flows
from xiezuo.insights.measures import (
    TREND_YEARS,
    measure_values,
    on_post_now,
)
from xiezuo.insights.selection import Selection
from xiezuo.reference.models import Measure
from xiezuo.regions.models import Pairing, RegionLevel

__all__ = ["coverage", "coverage_columns", "dashboard", "annual_report"]

# What the figures are computed from: a write to any of these apps invalidates them.
TOPICS = ("regions", "orgs", "people", "exchange", "activities", "cooperation", "needs", "reports",
          "reference")


def _cached(name: str, sel: Selection, compute: Callable[[], T], *key: Any) -> T:
    """A figure of the selection, cached per (scope, selection, year, `key`)."""
    return cached(f"insights.{name}", user=sel.user, key=(*sel.key, *key), topics=TOPICS, compute=compute)


def coverage(sel: Selection) -> Coverage:
    return _cached("coverage", sel, lambda: count_coverage(sel))

T = TypeVar("T")
HEADLINE = (Measure.CADRES_SENT, Measure.CADRES_RECEIVED, Measure.PROFESSIONALS_SENT,
            Measure.PROFESSIONALS_RECEIVED, Measure.TRAINEES, Measure.TRAINING_PERSON_TIMES,
            Measure.NEEDS_FILLED, Measure.FUNDS, Measure.JOBS)
# The trends: one small chart per measure (each its own axis and unit), all in HEADLINE.
TRENDS = (Measure.CADRES_SENT, Measure.CADRES_RECEIVED, Measure.PROFESSIONALS_SENT,
          Measure.PROFESSIONALS_RECEIVED, Measure.TRAINEES, Measure.TRAINING_PERSON_TIMES,
          Measure.FUNDS, Measure.JOBS)
UNITS: dict[str, Promise] = {
    Measure.TRAINING_PERSON_TIMES: _("person-times"), Measure.FUNDS: _("yuan"),
    Measure.CONSUMPTION_SALES: _("yuan"), Measure.TRAINING_SESSIONS: _("training sessions"),
    Measure.PROJECTS: _("items"), Measure.POSITIONS_OFFERED: _("positions"),
    Measure.MEDICAL_SERVICES: _("person-times"), Measure.OUTCOMES: _("items"),
    Measure.NEEDS_FILLED: _("needs"), Measure.PAIRS: _("pairs"),
}
SECTIONS = (
    (_("Cadres exchanged"), (Measure.CADRES_SENT, Measure.CADRES_RECEIVED)),
    (_("Professionals exchanged"), (Measure.PROFESSIONALS_SENT, Measure.PROFESSIONALS_RECEIVED,
                                    Measure.EXPERTS_ENGAGED)),
    (_("Training"), (Measure.TRAINEES, Measure.TRAINING_PERSON_TIMES, Measure.TRAINING_SESSIONS)),
    (_("Pairs, services and outcomes"), (Measure.PAIRS, Measure.MEDICAL_SERVICES, Measure.OUTCOMES,
                                         Measure.BENEFICIARIES, Measure.NEEDS_FILLED)),
    (_("Funds and projects"), (Measure.FUNDS, Measure.PROJECTS)),
    (_("Labour cooperation"), (Measure.POSITIONS_OFFERED, Measure.JOBS)),
    (_("Consumption assistance"), (Measure.CONSUMPTION_SALES,)),
)


class Status:
    MET = "met"
    NOT_MET = "not_met"
    NO_TARGET = "no_target"


STATUS_LABELS = {Status.MET: _("met"), Status.NOT_MET: _("not met"), Status.NO_TARGET: _("no target")}


def unit_of(measure: str) -> Promise:
    return UNITS.get(measure, _("persons"))


def records_url(sel: Selection, key: str, **extra: Any) -> str:
    return sel.records_url(key, **extra)


@dataclass
class Figure:
    measure: str
    value: Decimal
    url: str
    previous: Decimal | None = None
    target: Decimal | None = None

    @property
    def label(self) -> Promise:
        return Measure(self.measure).label

    @property
    def unit(self) -> Promise:
        return unit_of(self.measure)

    @property
    def status(self) -> str:
        if self.target is None:
            return Status.NO_TARGET
        return Status.MET if self.value >= self.target else Status.NOT_MET

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]


@dataclass
class Dashboard:
    selection: Selection
    headline: list[Figure]
    on_post: int
    on_post_url: str
    years: list[int]
    trends: dict[str, list[Decimal]]
    flows: dict[str, list[dict]]
    coverage: Coverage


def _years(sel: Selection) -> list[int]:
    return list(range(sel.year - TREND_YEARS + 1, sel.year + 1))


def dashboard(sel: Selection, level: str = RegionLevel.CITY) -> Dashboard:
    """The dashboard of a selection; the flows show the eastern side at `level` (city or province)."""
    years = _years(sel)

    def compute() -> tuple[dict[str, dict[int, Decimal]], int, dict[str, list[dict]], Coverage]:
        sel.cache["window"] = (years[0], years[-1])
        values = measure_values(sel, list(dict.fromkeys((*HEADLINE, *TRENDS))), years)
        return values, on_post_now(sel), flows(sel, level), count_coverage(sel)

    # on post "now": today is part of the key
    values, on_post, links, cover = _cached("dashboard", sel, compute, level, datetime.date.today())
    headline = [Figure(measure=m, value=values[m][sel.year], previous=values[m][sel.year - 1],
                       url=records_url(sel, m)) for m in HEADLINE]
    return Dashboard(
        selection=sel, headline=headline, on_post=on_post, on_post_url=records_url(sel, "on_post"),
        years=years, trends={m: [values[m][y] for y in years] for m in TRENDS},
        flows=links, coverage=cover,
    )


def targets(sel: Selection) -> dict[str, Decimal]:
    """The agreements' targets of the year, added up per measure (nested agreements add up)."""
    return targets_for(sel.scoped(Pairing).filter(pk__in=sel.pairing_ids), sel.year)


@dataclass
class Section:
    title: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class AnnualReport:
    selection: Selection
    sections: list[Section]

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    def figure(self, measure: str) -> Figure:
        return next(f for f in self.figures if f.measure == measure)


def annual_report(sel: Selection) -> AnnualReport:
    measures = [m for _title, ms in SECTIONS for m in ms]
    values, aims = _cached("annual_report", sel, lambda: (measure_values(sel, measures, [sel.year]), targets(sel)))
    sections = [
        Section(title=str(title), figures=[
            Figure(measure=m, value=values[m][sel.year], target=aims.get(m), url=records_url(sel, m))
            for m in ms])
        for title, ms in SECTIONS
    ]
    return AnnualReport(selection=sel, sections=sections)
