"""Reads of the exchange: who is on post, who is coming, alerts, timelines. All scoped."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce

from xiezuo.core.scoping import scoped
from xiezuo.core.types import Actor  # also imported from here by the app's modules
from xiezuo.exchange.choices import PostingState
from xiezuo.exchange.models import Posting
from xiezuo.exchange.transitions import ON_POST_STATES
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person


class EffectivePeriod(TypedDict):
    """What `postings_for` adds to each posting: its period, the actual dates where known."""

    eff_start: datetime.date
    eff_end: datetime.date


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    DatedPosting: TypeAlias = WithAnnotations[Posting, EffectivePeriod]

RELATED = ("person__organisation", "host__region", "team", "successor")


def postings_for(user: Actor, queryset: QuerySet[Posting] | None = None
                 ) -> QuerySet[DatedPosting]:
    """Scoped postings with their effective period (actual dates where known)."""
    base: QuerySet[Posting] = scoped(queryset if queryset is not None else Posting, user)
    return base.select_related(*RELATED).annotate(
        eff_start=Coalesce("actual_start", "planned_start"),
        eff_end=Coalesce("actual_end", "planned_end"),
    )


def on_post(user: Actor, *, day: datetime.date, queryset: QuerySet[Posting] | None = None
            ) -> QuerySet[DatedPosting]:
    # Grouped by host (by its key: sorting by the host's region and name means a join and a
    # sort of every posting on post, too slow at national scale).
    return postings_for(user, queryset).filter(state__in=ON_POST_STATES).order_by("host_id", "eff_end")


def coming(user: Actor, *, day: datetime.date, queryset: QuerySet[Posting] | None = None
           ) -> QuerySet[DatedPosting]:
    return (
        postings_for(user, queryset)
        .filter(state__in=[PostingState.PLANNED, PostingState.APPROVED])
        .order_by("planned_start", "host")
    )


def ending_without_successor(user: Actor, *, today: datetime.date, within_days: int = 60,
                             queryset: QuerySet[Posting] | None = None) -> QuerySet[DatedPosting]:
    """Postings on post that end within `within_days` and have no successor named."""
    return (
        postings_for(user, queryset)
        .filter(
            state__in=ON_POST_STATES,
            successor__isnull=True,
            eff_end__gte=today,
            eff_end__lte=today + datetime.timedelta(days=within_days),
        )
        .order_by("eff_end")
    )


@dataclass
class UncoveredHost:
    host: Organisation
    last_end: datetime.date
    last_people: list[Person] = field(default_factory=list)


def hosts_left_uncovered(
    user: Actor, *, today: datetime.date, lookback_days: int = 90,
    queryset: QuerySet[Posting] | None = None, limit: int | None = None,
) -> list[UncoveredHost]:
    """Hosts that had someone on post in the last `lookback_days` days and nobody now
    (the `limit` whose last posting ended first); grouped in the database."""
    postings = postings_for(user, queryset)
    since = today - datetime.timedelta(days=lookback_days)
    covered = postings.filter(state__in=ON_POST_STATES, eff_start__lte=today, eff_end__gte=today)
    recent = (postings.exclude(state__in=[PostingState.PLANNED, PostingState.APPROVED])
              .filter(eff_start__lte=today, eff_end__gte=since, eff_end__lt=today)
              .exclude(host_id__in=covered.values("host_id")))
    hosts = recent.order_by().values("host_id").annotate(last=Max("eff_end")).order_by("last", "host_id")
    chosen = [row["host_id"] for row in (hosts[:limit] if limit else hosts)]
    found: dict[int, UncoveredHost] = {}
    for posting in recent.filter(host_id__in=chosen).order_by("eff_end"):
        entry = found.setdefault(posting.host_id, UncoveredHost(posting.host, posting.eff_end))
        entry.last_end = max(entry.last_end, posting.eff_end)
        entry.last_people.append(posting.person)
    return sorted(found.values(), key=lambda e: (e.last_end, e.host.pk))


def sent_out(user: Actor, *, queryset: QuerySet[Posting] | None = None) -> QuerySet[DatedPosting]:
    """Postings of people from the organisations in the user's scope that are not over."""
    own = scoped(Organisation, user).values("pk")
    return (
        postings_for(user, queryset)
        .filter(Q(person__organisation__in=own))
        .exclude(state__in=[PostingState.COMPLETED, PostingState.ENDED_EARLY,
                            PostingState.HANDED_OVER])
        .order_by("host__region__code", "host__name", "eff_end")
    )


# ---- timelines -----------------------------------------------------------------------


@dataclass
class Bar:
    posting: Posting
    left: float
    width: float
    row: int = 0

    @property
    def top(self) -> str:
        return f"{self.row * 1.5 + 0.15:.2f}"


@dataclass
class Lane:
    host: Organisation
    bars: list[Bar]
    rows: int = 1

    @property
    def height(self) -> str:
        return f"{self.rows * 1.5 + 0.2:.2f}"

    def pack(self) -> None:
        """Put overlapping bars on separate rows (greedy, in order of start)."""
        ends: list[float] = []
        for bar in self.bars:
            for row, end in enumerate(ends):
                if bar.left >= end:
                    bar.row, ends[row] = row, bar.left + bar.width
                    break
            else:
                bar.row = len(ends)
                ends.append(bar.left + bar.width)
        self.rows = max(len(ends), 1)


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    lanes: list[Lane]
    ticks: list[tuple[float, str]]
    today: float | None


def timeline(postings: Iterable[Posting], *, start: datetime.date | None = None,
             end: datetime.date | None = None, today: datetime.date | None = None) -> Timeline:
    """Bars per host (percentages of the window) for a server-rendered timeline."""
    postings = list(postings)
    if not postings:
        day = today or datetime.date.today()
        return Timeline(day, day, [], [], None)
    start = start or min(p.start for p in postings)
    end = end or max(p.end for p in postings)
    span = max((end - start).days + 1, 1)
    lanes: dict[int, Lane] = {}
    for p in sorted(postings, key=lambda p: (p.host.name, p.start)):
        left = max((p.start - start).days, 0) / span * 100
        right = min((p.end - start).days + 1, span) / span * 100
        if right <= 0 or left >= 100:
            continue
        lanes.setdefault(p.host_id, Lane(p.host, [])).bars.append(
            Bar(p, round(left, 2), round(max(right - left, 0.6), 2))
        )
    ticks, month = [], datetime.date(start.year, start.month, 1)
    step = 1 if span <= 400 else 3 if span <= 1200 else 12
    while month <= end:
        if month >= start:
            ticks.append((round((month - start).days / span * 100, 2), month.strftime("%Y-%m")))
        total = month.month - 1 + step
        month = datetime.date(month.year + total // 12, total % 12 + 1, 1)
    marker = None
    if today and start <= today <= end:
        marker = round((today - start).days / span * 100, 2)
    for lane in lanes.values():
        lane.pack()
    return Timeline(start, end, list(lanes.values()), ticks, marker)
