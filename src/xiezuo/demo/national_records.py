"""National-scale synthetic records for benchmarking the dashboard and the annual report.

`load_national_records()` fills the pairings made by `xiezuo.demo.national.load_national`
(the ~450 county-level pairings and their province parents) with several years of
records at the volumes of the national summaries (DOMAIN.md, "Scale"):

- postings: ~3,000 cadres and ~25,000 professionals east→west a year, some west→east
  (cadres hosted in the east, training places); one person never holds two overlapping
  postings; states follow the dates (completed before today, on post today, approved or
  planned later, a few ended early or extended);
- engagements and mentorships (a few thousand each);
- ~150,000 activities a year with 1–3 typed metrics each, a few thousand events grouping
  some of them;
- ~5,000 training classes a year with 20–60 trainees each (mostly unlinked names, some
  registry people, many enrolled in several classes, ~85 % completion);
- per pairing: agreements with yearly targets (close to what the records give, so some are
  met and some are not), ~10 projects, ~4 labour-cooperation records and 1–2
  consumption-assistance records a year.

Rows are written with `bulk_create` (no history rows, no signals: fine for synthetic bulk
data; PostgreSQL gets them by COPY). Every record carries the marker `MARK` in a note or description field; a second
run finds it and adds nothing. The output depends only on the seed, `today` and what the
database holds.

`scale` multiplies the person-level volumes (postings, engagements, mentorships,
activities, events, classes); the per-pairing records (agreements, projects, labour,
consumption) do not scale. Tests use a small national instance and a small scale.

The parts live in `xiezuo.demo.records`: `volumes` (what is drawn from), `state` (the
seeded source, the pools, the writers), `postings`, `activities`, `cooperation`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.demo.national import SYNTHETIC_PAIRING_NOTE
from xiezuo.demo.records.activities import add_activities, add_trainings
from xiezuo.demo.records.cooperation import add_agreements, add_cooperation
from xiezuo.demo.records.postings import add_engagements_and_mentorships, add_postings
from xiezuo.demo.records.state import Records, empty_counts
from xiezuo.demo.records.volumes import MARK
from xiezuo.exchange.models import Engagement, Mentorship, Posting
from xiezuo.regions.models import Pairing


def already_loaded() -> bool:
    return Posting.objects.filter(note=MARK).exists() or Agreement.objects.filter(note=MARK).exists()


def national_pairings() -> tuple[list[Pairing], list[Pairing]]:
    """The county-level pairings of the national demo and their province parents."""
    counties = list(
        Pairing.objects.filter(note=SYNTHETIC_PAIRING_NOTE)
        .select_related("east_region", "west_region", "parent__east_region",
                        "parent__west_region")
        .order_by("pk")
    )
    parents = {p.parent_id: p.parent for p in counties if p.parent_id}
    return counties, [parents[k] for k in sorted(parents)]


def load_national_records(
    *,
    seed: int = 7,
    years: Iterable[int] = (2024, 2025, 2026),
    scale: float = 1.0,
    today: datetime.date | None = None,
) -> dict[str, int]:
    """Generate the records of `years` for every national-scale pairing; returns row counts.

    Does nothing (all counts 0) when the records are already there or there is no
    national-scale demo (run `xiezuo demo --scale national` first).
    """
    with transaction.atomic():
        if already_loaded():
            return empty_counts()
        counties, provinces = national_pairings()
        if not counties:
            return empty_counts()
        if connection.vendor == "postgresql":
            # Check foreign keys row by row instead of queueing millions of checks for COMMIT.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        records = Records(
            seed=seed, years=sorted(set(years)), scale=scale,
            today=today or timezone.localdate(), counties=counties, provinces=provinces,
        )
        counts = generate(records)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # Django's foreign keys are deferred again
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _analyze()  # fresh planner statistics for the benchmarks that follow
    return counts


def _analyze() -> None:
    models: list[type[Model]] = [Posting, Engagement, Mentorship, Mentorship.apprentices.through, Event, Activity,
              ActivityMetric, Activity.people.through, TrainingClass, Trainee, Agreement,
              AgreementTarget, Project, LabourCooperation, ConsumptionAssistance]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def generate(records: Records) -> dict[str, int]:
    """Every area in turn (the order fixes the random draws, so keep it); row counts."""
    add_postings(records)
    add_engagements_and_mentorships(records)
    add_activities(records)
    add_trainings(records)
    add_cooperation(records)
    add_agreements(records)  # last: its targets follow what the other records give
    return records.counts
