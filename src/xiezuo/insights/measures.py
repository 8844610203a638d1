"""How every line of the dashboard and the annual report is counted from records.

A measure (`reference.models.Measure`) adds up one or more sources. A source is a set of
records of one model inside the selection (`base`), the records falling in a given year
(`in_year`) and how they are counted (distinct people, records, or a sum of a field). The
same definitions give the figures (one query per source, all years at once through
conditional aggregation) and the records behind each figure (the drill-down), so a figure
always equals what its records add up to.

Counting rules:
- postings count when they took place (on post, extended, completed, ended early, handed
  over) and their period (actual dates, else planned) overlaps the year; people are
  counted once per measure however many postings they had;
- experts engaged: distinct people with an engagement overlapping the year;
- trainees: distinct people who attended classes starting in the year (see
  activities.models; enrolled but never came is not trained) plus `trainees` figures; person-times: enrolments
  that attended at least one session plus `training_person_times` figures; sessions:
  the sessions the classes held (a class of six sessions counts six) plus
  `training_sessions` figures;
- pairs: apprentices of mentorships starting in the year plus `pairs` figures;
- medical services, outcomes, beneficiaries: activity figures of the year;
- needs filled: distinct needs behind the counted postings;
- funds: project funds of the plan year (cancelled projects left out) plus `funds`
  figures; projects: projects of the plan year plus `projects` figures;
- positions offered, jobs (people hired): job fairs of the year plus `jobs` figures;
- consumption sales: consumption assistance of the year;
- accepted report figures (`reports.FactRecord`, quantities whose indicator is the
  measure) count for their pairing in the year their report's period ends, as far as
  they go beyond what is already counted (see `ReportSource`): a bulletin's "选派专业技术
  人才136人" for 烟台↔巫山 with 40 postings recorded there adds 96, not 136; a city
  pairing's reported figure counts inside its province pairing's.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, TypeAlias

from django.db.models import Aggregate, Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiezuo.activities.models import Activity, ActivityMetric, Trainee, TrainingClass
from xiezuo.activities.selectors import ATTENDED, identity_expression
from xiezuo.cooperation.models import (
    ConsumptionAssistance,
    LabourCooperation,
    Project,
    ProjectStatus,
)
from xiezuo.exchange.choices import Direction, PostingKind, PostingState
from xiezuo.exchange.models import Engagement, Mentorship, Posting
from xiezuo.insights.selection import Selection, pairing_selection
from xiezuo.reference.models import Indicator, Measure
from xiezuo.regions.models import Pairing
from xiezuo.reports.models import FactKind, FactRecord

TOOK_PLACE = (PostingState.ON_POST, PostingState.EXTENDED, PostingState.COMPLETED,
              PostingState.ENDED_EARLY, PostingState.HANDED_OVER)
ON_POST_NOW = (PostingState.ON_POST, PostingState.EXTENDED)
PROFESSIONAL_KINDS = (PostingKind.MEDICAL, PostingKind.EDUCATION, PostingKind.AGRICULTURE,
                      PostingKind.SCIENCE_TECH, PostingKind.CULTURE_TOURISM,
                      PostingKind.OTHER_PROFESSIONAL)
ON_POST = "on_post"  # drill-down key of "postings on post now" (not a yearly measure)
EXCHANGED = "exchanged"  # drill-down key of the map and the flows: people on postings, both directions

# A figure computed from rows fetched once per selection: the value of each year, or None
# when the years lie outside the fetched window (then they are counted in the database).
FastFigures: TypeAlias = Callable[[Selection, list[int]], dict[int, Decimal] | None]
TREND_YEARS = 5  # the dashboard's trends cover this many years up to the chosen one


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def overlaps(start: str, end: str, year: int, *, open_end: bool = False) -> Q:
    first, last = year_bounds(year)
    ends = Q(**{f"{end}__gte": first})
    if open_end:
        ends |= Q(**{f"{end}__isnull": True})
    return Q(**{f"{start}__lte": last}) & ends


def within(path: str, year: int) -> Q:
    first, last = year_bounds(year)
    return Q(**{f"{path}__gte": first, f"{path}__lte": last})


# ---- the records of a selection, per model -----------------------------------------------

def postings(sel: Selection) -> QuerySet:
    """Postings between the selection's two sides (by pairing, or by the two organisations)."""
    between = (Q(pairing_id__in=sel.pairing_ids)
               | (sel.in_west("host__region") & sel.in_east("person__organisation__region"))
               | (sel.in_east("host__region") & sel.in_west("person__organisation__region")))
    return (sel.scoped(Posting).filter(between)
            .annotate(eff_start=Coalesce("actual_start", "planned_start"),
                      eff_end=Coalesce("actual_end", "planned_end")))


def activity_parts(sel: Selection, prefix: str = "") -> tuple[Q, Q]:
    """An activity belongs by its pairing, or (without one) by its western host; two parts
    so that a large aggregate can run them as two index-friendly queries."""
    return (Q(**{f"{prefix}pairing_id__in": sel.pairing_ids}),
            Q(**{f"{prefix}pairing__isnull": True}) & sel.in_west(f"{prefix}host__region"))


def activities(sel: Selection) -> QuerySet:
    by_pairing, by_host = activity_parts(sel)
    return sel.scoped(Activity).filter(by_pairing | by_host)


def class_q(sel: Selection, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}pairing_id__in": sel.pairing_ids})
            | (Q(**{f"{prefix}pairing__isnull": True}) & sel.in_west(f"{prefix}trainee_region")))


def metrics(sel: Selection, indicator: str) -> QuerySet:
    by_pairing, by_host = activity_parts(sel, "activity__")
    return sel.scoped(ActivityMetric).filter(by_pairing | by_host, indicator=indicator)


# ---- rows fetched once per page ------------------------------------------------------------
# A page shows many figures of the same records; fetching them once (postings) or grouped
# once (activity figures) keeps a province pair's dashboard well under a second.

def window(sel: Selection) -> tuple[datetime.date, datetime.date, range]:
    """The years whose rows are fetched: those of the first figures asked for (the
    dashboard's trend years, or the annual report's one year)."""
    first, last = sel.cache.setdefault("window", (sel.year, sel.year))
    years = range(first, last + 1)
    return year_bounds(first)[0], year_bounds(last)[1], years


POSTING_FIELDS = ("pk", "person_id", "direction", "kind", "need_ref", "state", "eff_start", "eff_end",
                  "host__region__code", "person__organisation__region__code", "person__domain",
                  "host__school_stage")


def posting_rows(sel: Selection) -> list[dict]:
    """The postings of the selection that took place within the trend window."""
    if "postings" not in sel.cache:
        first, last, _years = window(sel)
        sel.cache["postings"] = list(
            postings(sel).filter(state__in=TOOK_PLACE, eff_start__lte=last, eff_end__gte=first)
            .order_by().values(*POSTING_FIELDS))
    return sel.cache["postings"]


def posting_rows_of_year(sel: Selection, year: int) -> list[dict]:
    first, last = year_bounds(year)
    return [row for row in posting_rows(sel) if row["eff_start"] <= last and row["eff_end"] >= first]


def _matches(row: dict, match: dict) -> bool:
    for key, wanted in match.items():
        if key.endswith("__in"):
            if row[key[:-4]] not in wanted:
                return False
        elif key.endswith("__isnull"):
            if (row[key[:-8]] is None) != wanted:
                return False
        elif row[key] != wanted:
            return False
    return True


def _posting_figures(match: dict[str, Any], field: str) -> FastFigures:
    def compute(sel: Selection, years: list[int]) -> dict[int, Decimal] | None:
        if not set(years) <= set(window(sel)[2]):
            return None  # outside the fetched window: count in the database
        return {year: Decimal(len({row[field] for row in posting_rows_of_year(sel, year) if _matches(row, match)}))
                for year in years}
    return compute


def metric_totals(sel: Selection) -> dict[tuple[str, int], Decimal]:
    """Activity figures of the trend window added up per indicator and year, in one query."""
    if "metrics" not in sel.cache:
        first, last, _years = window(sel)
        totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        # Two queries (by pairing; by western host when without one): each can use an index.
        for belongs in activity_parts(sel, "activity__"):
            rows = (sel.scoped(ActivityMetric).filter(belongs, activity__date__gte=first, activity__date__lte=last)
                    .order_by().values("indicator", record_year=ExtractYear("activity__date"))
                    .annotate(total=Sum("value")))
            for row in rows:
                totals[(row["indicator"], row["record_year"])] += row["total"] or 0
        sel.cache["metrics"] = dict(totals)
    return sel.cache["metrics"]


def _metric_figures(indicator: str) -> FastFigures:
    def compute(sel: Selection, years: list[int]) -> dict[int, Decimal] | None:
        if not set(years) <= set(window(sel)[2]):
            return None
        totals = metric_totals(sel)
        return {year: Decimal(totals.get((indicator, year)) or 0) for year in years}
    return compute


# ---- sources ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    label: Promise
    path: str  # attribute path on the record, "a.b.c"


@dataclass(frozen=True)
class Part:
    """One aggregate of a source: Count or Sum of an expression over the records matching `where`."""

    agg: type
    expr: object
    where: Q = Q()
    distinct: bool = False

    def aggregate(self, within: Q | None = None) -> Aggregate:
        condition = self.where if within is None else within & self.where
        return self.agg(self.expr, filter=condition, distinct=self.distinct)


@dataclass(frozen=True)
class Source:
    key: str
    label: Promise
    base: Callable[[Selection], QuerySet]
    in_year: Callable[[int], Q]
    parts: tuple[Part, ...]  # their results are added up
    columns: tuple[Column, ...]
    order: tuple[str, ...] = ("pk",)
    unit: Promise | str = ""
    # The year a record falls in, when it falls in one: figures are then grouped by it.
    year_expr: object | None = None
    # Computes the figures from rows fetched once per selection (postings, activity figures).
    fast: FastFigures | None = None

    def records(self, sel: Selection) -> QuerySet:
        """The records behind the figure of the selection's year."""
        wheres = [part.where for part in self.parts]
        counted = Q()
        if all(wheres):  # an empty condition means every record counts
            counted = Q(pk__in=[])
            for where in wheres:
                counted |= where
        return self.base(sel).filter(self.in_year(sel.year)).filter(counted).order_by(*self.order)

    def values(self, sel: Selection, years: list[int]) -> dict[int, Decimal]:
        """The figure of each year, in one query."""
        if self.fast is not None:
            fast = self.fast(sel, years)
            if fast is not None:
                return fast
        if self.year_expr is not None:
            return self._grouped(sel, years)
        aggregates = {}
        for year in years:
            for index, part in enumerate(self.parts):
                aggregates[f"y{year}_{index}"] = part.aggregate(self.in_year(year))
        row = self.base(sel).order_by().aggregate(**aggregates)
        return {year: sum((Decimal(row[f"y{year}_{i}"] or 0) for i in range(len(self.parts))), Decimal(0))
                for year in years}

    def _grouped(self, sel: Selection, years: list[int]) -> dict[int, Decimal]:
        window = Q(pk__in=[])
        for year in years:
            window |= self.in_year(year)
        aggregates = {f"p{i}": part.aggregate() for i, part in enumerate(self.parts)}
        rows = (self.base(sel).filter(window).order_by().values(record_year=self.year_expr)
                .annotate(**aggregates))
        totals = dict.fromkeys(years, Decimal(0))
        for row in rows:
            if row["record_year"] in totals:
                totals[row["record_year"]] += sum((Decimal(row[f"p{i}"] or 0) for i in range(len(self.parts))),
                                                  Decimal(0))
        return totals


def _posting_source(key: str, label: Promise, match: dict[str, Any], *, count: str = "person") -> Source:
    return Source(
        key=key, label=label,
        base=lambda sel: postings(sel).filter(Q(**match), state__in=TOOK_PLACE),
        fast=_posting_figures(match, "person_id" if count == "person" else count),
        in_year=lambda year: overlaps("eff_start", "eff_end", year),
        parts=(Part(Count, count, distinct=True),),
        columns=(*posting_columns(match.get("direction")), Column(_("state"), "get_state_display")),
        order=("person__name", "eff_start"), unit=_("persons"),
    )


def posting_columns(direction: str | None = None) -> tuple[Column, ...]:
    """A posting's person, kind, host unit and period; the host unit named as the direction
    says: 派驻单位 where the east sends, 接收单位 where the west learns in the east (or both)."""
    host = _("unit posted to") if direction == Direction.EAST_TO_WEST else _("receiving unit")
    return (Column(_("person"), "person"), Column(_("kind"), "get_kind_display"),
            Column(host, "host"), Column(_("from"), "eff_start"), Column(_("until"), "eff_end"))


POSTING_COLUMNS = posting_columns()  # both directions: 接收单位


def _metric_source(indicator: str) -> Source:
    return Source(
        key=f"metric_{indicator}", label=_("Activity figures"),
        base=lambda sel: metrics(sel, indicator).select_related("activity", "activity__host"),
        fast=_metric_figures(indicator),
        in_year=lambda year: within("activity__date", year),
        parts=(Part(Sum, "value"),),
        columns=(Column(_("activity"), "activity"), Column(_("date"), "activity.date"),
                 Column(_("host"), "activity.host"), Column(_("what is counted"), "subject"),
                 Column(_("value"), "value"), Column(_("unit"), "unit")),
        order=("activity__date", "activity__title"),
    )


def _class_year(year: int, prefix: str = "") -> Q:
    return within(f"{prefix}start", year)


TRAINEE_COLUMNS = (Column(_("trainee"), "name"), Column(_("organisation"), "organisation_name"),
                   Column(_("class"), "training_class"), Column(_("sessions attended"), "sessions_attended"),
                   Column(_("completed the class"), "completed"))


def _trainees(sel: Selection) -> QuerySet:
    return sel.scoped(Trainee).filter(class_q(sel, "training_class__")).select_related("training_class")


EAST_WEST, WEST_EAST = Direction.EAST_TO_WEST, Direction.WEST_TO_EAST
SOURCES: dict[str, Source] = {
    "cadres_sent": _posting_source("cadres_sent_people", _("Postings"),
                                   {"direction": EAST_WEST, "kind": PostingKind.CADRE}),
    "cadres_received": _posting_source("cadres_received_people", _("Postings"),
                                       {"direction": WEST_EAST, "kind": PostingKind.CADRE}),
    "professionals_sent": _posting_source("professionals_sent_people", _("Postings"),
                                          {"direction": EAST_WEST, "kind__in": PROFESSIONAL_KINDS}),
    "professionals_received": _posting_source(
        "professionals_received_people", _("Postings"),
        {"direction": WEST_EAST, "kind__in": (*PROFESSIONAL_KINDS, PostingKind.TRAINING_PLACE)}),
    "needs_filled": _posting_source("needs_filled", _("Postings filling a need"), {"need_ref__isnull": False},
                                    count="need_ref"),
    "experts_engaged": Source(
        key="experts_engaged_people", label=_("Engagements"),
        base=lambda sel: sel.scoped(Engagement).filter(
            sel.in_west("organisation__region") & sel.in_east("person__organisation__region")),
        in_year=lambda year: overlaps("start", "end", year, open_end=True),
        parts=(Part(Count, "person", distinct=True),),
        columns=(Column(_("person"), "person"), Column(_("role"), "get_role_display"),
                 Column(_("organisation"), "organisation"), Column(_("from"), "start"), Column(_("until"), "end")),
        order=("person__name",), unit=_("persons"),
    ),
    "mentorship_pairs": Source(
        key="mentorship_pairs", label=_("Mentorships (one pair per apprentice)"),
        base=lambda sel: sel.scoped(Mentorship).filter(
            sel.in_west("host__region") & sel.in_east("mentor__organisation__region")),
        in_year=lambda year: within("start", year), year_expr=ExtractYear("start"),
        parts=(Part(Count, "apprentices"),),
        columns=(Column(_("mentor"), "mentor"), Column(_("host"), "host"), Column(_("from"), "start")),
        order=("start",),
    ),
    "trainee_people": Source(
        key="trainee_people", label=_("Trainees (distinct people)"),
        base=_trainees, in_year=lambda year: _class_year(year, "training_class__"),
        year_expr=ExtractYear("training_class__start"),
        # The distinct-people rule of activities.selectors.training_counts.
        parts=(Part(Count, "person", ATTENDED & Q(person__isnull=False), distinct=True),
               Part(Count, identity_expression(), ATTENDED & Q(person__isnull=True), distinct=True)),
        columns=TRAINEE_COLUMNS, order=("name", "organisation_name"), unit=_("persons"),
    ),
    "trainee_times": Source(
        key="trainee_times", label=_("Enrolments attended (person-times)"),
        base=_trainees, in_year=lambda year: _class_year(year, "training_class__"),
        year_expr=ExtractYear("training_class__start"),
        parts=(Part(Count, "pk", ATTENDED),),
        columns=TRAINEE_COLUMNS, order=("training_class__start", "name"), unit=_("person-times"),
    ),
    "classes": Source(
        key="classes", label=_("Training classes"),
        base=lambda sel: sel.scoped(TrainingClass).filter(class_q(sel)),
        in_year=_class_year, year_expr=ExtractYear("start"), parts=(Part(Sum, "sessions"),),
        columns=(Column(_("class"), "name"), Column(_("category"), "get_category_display"),
                 Column(_("organiser"), "organiser"), Column(_("from"), "start"), Column(_("until"), "end"),
                 Column(_("sessions held"), "sessions")),
        order=("start", "name"), unit=_("training sessions"),
    ),
    "project_funds": Source(
        key="project_funds", label=_("Projects"),
        base=lambda sel: sel.scoped(Project).filter(pairing_id__in=sel.pairing_ids).exclude(
            status=ProjectStatus.CANCELLED),
        in_year=lambda year: Q(year=year), year_expr=F("year"), parts=(Part(Sum, "funds"),),
        columns=(Column(_("project"), "name"), Column(_("category"), "get_category_display"),
                 Column(_("funds (yuan)"), "funds"), Column(_("status"), "get_status_display")),
        order=("name",), unit=_("yuan"),
    ),
    "project_count": Source(
        key="project_count", label=_("Projects"),
        base=lambda sel: sel.scoped(Project).filter(pairing_id__in=sel.pairing_ids).exclude(
            status=ProjectStatus.CANCELLED),
        in_year=lambda year: Q(year=year), year_expr=F("year"), parts=(Part(Count, "pk"),),
        columns=(Column(_("project"), "name"), Column(_("category"), "get_category_display"),
                 Column(_("funds (yuan)"), "funds"), Column(_("status"), "get_status_display")),
        order=("name",),
    ),
}
LABOUR_COLUMNS = (Column(_("job fair"), "title"), Column(_("kind"), "get_kind_display"), Column(_("date"), "date"),
                  Column(_("positions offered"), "positions_offered"), Column(_("people hired"), "people_hired"))
for _key, _field in (("positions", "positions_offered"), ("hired", "people_hired")):
    SOURCES[f"labour_{_key}"] = Source(
        key=f"labour_{_key}", label=_("Labour cooperation"),
        base=lambda sel: sel.scoped(LabourCooperation).filter(pairing_id__in=sel.pairing_ids),
        in_year=lambda year: within("date", year), year_expr=ExtractYear("date"), parts=(Part(Sum, _field),),
        columns=LABOUR_COLUMNS, order=("date", "title"),
    )
SOURCES["consumption_sales"] = Source(
    key="consumption_sales", label=_("Consumption assistance"),
    base=lambda sel: sel.scoped(ConsumptionAssistance).filter(pairing_id__in=sel.pairing_ids),
    in_year=lambda year: Q(year=year), year_expr=F("year"), parts=(Part(Sum, "sales"),),
    columns=(Column(_("title"), "title"), Column(_("companies registered"), "companies_registered"),
             Column(_("co-operatives registered"), "cooperatives_registered"), Column(_("sales (yuan)"), "sales")),
    order=("title",), unit=_("yuan"),
)

# Which sources make up each measure (activity figures are added where the indicator exists).
RECIPES: dict[str, tuple[str, ...]] = {
    Measure.CADRES_SENT: ("cadres_sent",),
    Measure.CADRES_RECEIVED: ("cadres_received",),
    Measure.PROFESSIONALS_SENT: ("professionals_sent",),
    Measure.PROFESSIONALS_RECEIVED: ("professionals_received",),
    Measure.EXPERTS_ENGAGED: ("experts_engaged",),
    Measure.TRAINEES: ("trainee_people", "metric:trainees"),
    Measure.TRAINING_PERSON_TIMES: ("trainee_times", "metric:training_person_times"),
    Measure.TRAINING_SESSIONS: ("classes", "metric:training_sessions"),
    Measure.PAIRS: ("mentorship_pairs", "metric:pairs"),
    Measure.MEDICAL_SERVICES: ("metric:medical_services",),
    Measure.OUTCOMES: ("metric:outcomes",),
    Measure.BENEFICIARIES: ("metric:beneficiaries",),
    Measure.NEEDS_FILLED: ("needs_filled",),
    Measure.FUNDS: ("project_funds", "metric:funds"),
    Measure.PROJECTS: ("project_count", "metric:projects"),
    Measure.POSITIONS_OFFERED: ("labour_positions",),
    Measure.JOBS: ("labour_hired", "metric:jobs"),
    Measure.CONSUMPTION_SALES: ("consumption_sales",),
}
assert set(RECIPES) == set(Measure.values), "every measure needs a recipe"


# Measures that accepted report figures count in (a quantity fact's indicator is the measure).
REPORTED = tuple(m for m in Measure.values if m in Indicator.values)
RECIPES = {m: (*names, "report:" + m) if m in REPORTED else names for m, names in RECIPES.items()}


def sources_of(measure: str) -> list[Source]:
    found: list[Source] = []
    for name in RECIPES[measure]:
        if name.startswith("report:"):
            found.append(_report_source(name.split(":", 1)[1]))
            continue
        if name.startswith("metric:"):
            indicator = name.split(":", 1)[1]
            assert indicator in Indicator.values
            found.append(_metric_source(indicator))
        else:
            found.append(SOURCES[name])
    return found


def measure_values(sel: Selection, measures: Sequence[str], years: list[int]) -> dict[str, dict[int, Decimal]]:
    """{measure: {year: value}} for the selection, one query per source."""
    sel.cache.setdefault("window", (min(years), max(years)))
    result = {}
    for measure in measures:
        totals = dict.fromkeys(years, Decimal(0))
        for source in sources_of(measure):
            for year, value in source.values(sel, years).items():
                totals[year] += value
        result[measure] = totals
    return result


ON_POST_SOURCE = Source(
    key="on_post_people", label=_("Postings on post now"),
    base=lambda sel: postings(sel).filter(state__in=ON_POST_NOW),
    in_year=lambda year: Q(), parts=(Part(Count, "pk"),),
    columns=(Column(_("person"), "person"), Column(_("direction"), "get_direction_display"),
             Column(_("kind"), "get_kind_display"), Column(_("receiving unit"), "host"),
             Column(_("from"), "eff_start"), Column(_("until"), "eff_end")),
    order=("person__name",),
)


EXCHANGED_SOURCE = Source(
    key="exchanged_people", label=_("Postings (both directions)"),
    base=lambda sel: postings(sel).filter(state__in=TOOK_PLACE),
    in_year=lambda year: overlaps("eff_start", "eff_end", year),
    parts=(Part(Count, "person", distinct=True),),
    columns=(Column(_("person"), "person"), Column(_("direction"), "get_direction_display"),
             Column(_("kind"), "get_kind_display"), Column(_("receiving unit"), "host"),
             Column(_("from"), "eff_start"), Column(_("until"), "eff_end")),
    order=("person__name", "eff_start"), unit=_("persons"),
)

HOST, SENDER = "host__region__code", "person__organisation__region__code"


def touching(prefix: str) -> Q:
    """Postings with one end (host or the person's organisation) in the region of `prefix`."""
    return Q(**{f"{HOST}__startswith": prefix}) | Q(**{f"{SENDER}__startswith": prefix})


def between(east: str, west: str, direction: str = "") -> Q:
    """Postings between two regions (code prefixes), either way or in one direction."""
    east_west = Q(**{f"{SENDER}__startswith": east, f"{HOST}__startswith": west})
    west_east = Q(**{f"{SENDER}__startswith": west, f"{HOST}__startswith": east})
    if direction == Direction.EAST_TO_WEST:
        return east_west & Q(direction=direction)
    if direction == Direction.WEST_TO_EAST:
        return west_east & Q(direction=direction)
    return east_west | west_east


def starts(code: str | None, prefix: str) -> bool:
    return bool(code) and str(code).startswith(prefix)


def row_touching(row: dict, prefix: str) -> bool:
    """`touching` for a row of `posting_rows`."""
    return starts(row["host__region__code"], prefix) or starts(row["person__organisation__region__code"], prefix)


def row_between(row: dict, east: str, west: str) -> bool:
    """`between` (either way) for a row of `posting_rows`."""
    host, sender = row["host__region__code"], row["person__organisation__region__code"]
    return (starts(sender, east) and starts(host, west)) or (starts(sender, west) and starts(host, east))


def filtered(source: Source, condition: Q) -> Source:
    """A posting source narrowed to the postings matching `condition` (counted in the database)."""
    base = source.base
    return replace(source, base=lambda sel: base(sel).filter(condition), fast=None)


def drill_sources(key: str) -> list[Source]:
    if key == ON_POST:
        return [ON_POST_SOURCE]
    if key == EXCHANGED:
        return [EXCHANGED_SOURCE]
    if key not in RECIPES:
        raise KeyError(key)
    return sources_of(key)


def on_post_now(sel: Selection) -> int:
    return postings(sel).filter(state__in=ON_POST_NOW).count()


def source_total(source: Source, sel: Selection) -> Decimal:
    return source.values(sel, [sel.year])[sel.year]



# ---- accepted report figures -----------------------------------------------------------------

def record_sources(measure: str) -> list[Source]:
    """The sources of a measure that count records (everything but report figures)."""
    return [source for source in sources_of(measure) if not isinstance(source, ReportSource)]


def report_rows(sel: Selection, years: list[int]) -> list[dict]:
    """The accepted report figures of the selection's pairings in these years (the years
    not fetched before, in one query)."""
    fetched: dict[int, list[dict]] = sel.cache.setdefault("report_rows", {})
    missing = [year for year in years if year not in fetched]
    if missing:
        for year in missing:
            fetched[year] = []
        rows = (sel.scoped(FactRecord).filter(kind=FactKind.QUANTITY, indicator__in=REPORTED, value__isnull=False,
                                              pairing_id__in=sel.pairing_ids, period_end__year__in=missing)
                .order_by("period_end", "pk")
                .values("pk", "pairing_id", "indicator", "value", year=ExtractYear("period_end")))
        for row in rows:
            fetched[row["year"]].append(dict(row))
    return [row for year in years for row in fetched[year]]


def _pairing_parents(sel: Selection) -> dict[int, int | None]:
    if "pairing_parents" not in sel.cache:
        sel.cache["pairing_parents"] = dict(
            Pairing.objects.filter(pk__in=sel.pairing_ids).values_list("pk", "parent_id"))
    return sel.cache["pairing_parents"]


def recorded_in(sel: Selection, measure: str, pairing_id: int, year: int) -> Decimal:
    """What the records (not the reports) count for one pairing and everything under it."""
    key = ("pairing_selection", pairing_id)
    if key not in sel.cache:
        root = Pairing.objects.get(pk=pairing_id)
        sub = pairing_selection(user=sel.user, year=sel.year, root=root)
        sub.cache["window"] = sel.cache.get("window", (sel.year, sel.year))
        sel.cache[key] = sub
    sub = sel.cache[key]
    return sum((source.values(sub, [year])[year] for source in record_sources(measure)), Decimal(0))


def counted_figures(sel: Selection, measure: str, year: int) -> dict[int, Decimal]:
    """{fact record id: what it adds to the measure} for the selection and the year.

    A pairing's accepted figures are added up (the reviewer rejects a figure that repeats
    another); together with what is counted under the pairing they stand for its whole
    subtree, so they add only what goes beyond: max(0, reported − records − what the
    figures of the pairings under it already added). The part a pairing adds is given to
    its figures in order (period, then id) — each at most its own value — so the
    drill-down adds up to the figure."""
    key = ("report_counted", measure, year)
    if key in sel.cache:
        return sel.cache[key]
    rows = [row for row in report_rows(sel, [year]) if row["indicator"] == measure]
    counted: dict[int, Decimal] = {row["pk"]: Decimal(0) for row in rows}
    own: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        own[row["pairing_id"]].append(row)
    parents = _pairing_parents(sel)
    children: dict[int | None, set[int]] = defaultdict(set)
    for pairing_id in own:  # only the branches that lead to figures
        node: int | None = pairing_id
        while node is not None and node in parents:
            children[parents[node] if parents[node] in parents else None].add(node)
            node = parents[node] if parents[node] in parents else None

    def extra(pairing_id: int) -> Decimal:
        below = sum((extra(child) for child in children.get(pairing_id, ())), Decimal(0))
        if pairing_id not in own:
            return below
        reported = sum((Decimal(row["value"]) for row in own[pairing_id]), Decimal(0))
        left = max(Decimal(0), reported - recorded_in(sel, measure, pairing_id, year) - below)
        added = left
        for row in own[pairing_id]:
            counted[row["pk"]] = part = min(Decimal(row["value"]), left)
            left -= part
        return below + added

    for root in children.get(None, ()):
        extra(root)
    sel.cache[key] = counted
    return counted


@dataclass(frozen=True)
class ReportSource(Source):
    """Accepted report figures of one measure: each record with what it adds (`counted`)."""

    measure: str = ""

    def records(self, sel: Selection) -> QuerySet:
        counted = counted_figures(sel, self.measure, sel.year)
        amount = Case(*(When(pk=pk, then=Value(value)) for pk, value in counted.items()),
                      default=Value(Decimal(0)), output_field=DecimalField(max_digits=20, decimal_places=2))
        return (sel.scoped(FactRecord).filter(pk__in=list(counted)).select_related("document", "pairing")
                .annotate(counted=amount).order_by(*self.order))

    def values(self, sel: Selection, years: list[int]) -> dict[int, Decimal]:
        report_rows(sel, years)  # one query for all the years
        return {year: sum(counted_figures(sel, self.measure, year).values(), Decimal(0)) for year in years}


def _report_source(measure: str) -> ReportSource:
    return ReportSource(
        key=f"report_{measure}", label=_("Accepted report figures (beyond the records)"),
        measure=measure, base=lambda sel: sel.scoped(FactRecord), in_year=lambda year: within("period_end", year),
        parts=(Part(Sum, "counted"),),
        columns=(Column(_("source report"), "document"), Column(_("what is counted"), "subject"),
                 Column(_("pairing"), "pairing"), Column(_("period end"), "period_end"),
                 Column(_("value stated"), "value"), Column(_("counted beyond the records"), "counted")),
        order=("period_end", "pk"),
    )
