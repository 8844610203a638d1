"""Coverage (全覆盖): which western county has support in which domain (and, for education,
which school stage) in a year, and where the gaps are.

Support is a posting that took place at a host in the county (its domain is the posted
person's), an activity hosted there, or a training class for the county's people (its
domain follows the class category). A gap is a cell with nothing in it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from xiezuo.activities.models import TrainingCategory, TrainingClass
from xiezuo.insights.measures import (
    POSTING_COLUMNS,
    TOOK_PLACE,
    Column,
    Part,
    Source,
    activities,
    class_q,
    overlaps,
    posting_rows_of_year,
    postings,
    within,
)
from xiezuo.insights.selection import Selection
from xiezuo.reference.models import Domain, SchoolStage
from xiezuo.regions.models import Pairing, Region, RegionLevel

DOMAINS = (Domain.MEDICAL, Domain.EDUCATION, Domain.AGRICULTURE, Domain.SCIENCE_TECH,
           Domain.CULTURE_TOURISM, Domain.LABOUR, Domain.MANAGEMENT)
STAGES = (SchoolStage.KINDERGARTEN, SchoolStage.PRIMARY, SchoolStage.JUNIOR, SchoolStage.SENIOR,
          SchoolStage.SECONDARY_VOCATIONAL)
CATEGORY_DOMAIN = {
    TrainingCategory.CADRE: Domain.MANAGEMENT, TrainingCategory.RURAL_DOCTOR: Domain.MEDICAL,
    TrainingCategory.HOSPITAL_MANAGER: Domain.MEDICAL, TrainingCategory.MEDICAL_STAFF: Domain.MEDICAL,
    TrainingCategory.TEACHER: Domain.EDUCATION, TrainingCategory.REMOTE_TEACHER: Domain.EDUCATION,
    TrainingCategory.HERITAGE_CRAFT: Domain.CULTURE_TOURISM, TrainingCategory.LABOUR_SKILLS: Domain.LABOUR,
    TrainingCategory.AGRICULTURE: Domain.AGRICULTURE,
}


@dataclass
class CoverageColumn:
    domain: str
    stage: str = ""

    @property
    def label(self) -> str:
        if self.stage:
            return str(SchoolStage(self.stage).label)
        return str(Domain(self.domain).label)


def columns() -> list[CoverageColumn]:
    return [CoverageColumn(d) for d in DOMAINS] + [CoverageColumn(Domain.EDUCATION, s) for s in STAGES]


@dataclass
class Coverage:
    counties: list[Region]
    columns: list[CoverageColumn]
    cells: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (county, domain, stage)

    def count(self, county: str, column: CoverageColumn) -> int:
        return self.cells.get((county, column.domain, column.stage), 0)

    def rows(self) -> Iterator[tuple[Region, list[tuple[CoverageColumn, int]]]]:
        for county in self.counties:
            yield county, [(column, self.count(county.code, column)) for column in self.columns]

    @property
    def gaps(self) -> int:
        return sum(1 for _county, cells in self.rows() for _col, n in cells if n == 0)

    @property
    def cell_count(self) -> int:
        return len(self.counties) * len(self.columns)


def counties(sel: Selection) -> list[Region]:
    """The western counties of the selection: county parties, and the counties of city parties."""
    west = Region.objects.filter(
        pk__in=Pairing.objects.filter(pk__in=sel.pairing_ids).values("west_region"))
    direct = Q(pk__in=west.filter(level=RegionLevel.COUNTY).values("pk"))
    under_cities = Q(parent__in=west.filter(level=RegionLevel.CITY), level=RegionLevel.COUNTY)
    return list(Region.objects.filter(direct | under_cities).order_by("code"))


def _county_of(code: str, prefixes: list[tuple[str, str]]) -> str | None:
    for prefix, county in prefixes:
        if code.startswith(prefix):
            return county
    return None


def coverage(sel: Selection) -> Coverage:
    places = counties(sel)
    result = Coverage(counties=places, columns=columns())
    prefixes = [(c.prefix, c.code) for c in places]
    if not prefixes:
        return result
    # (region code, domain, school stage) → support, from the three kinds of records.
    support: Counter = Counter()
    for row in posting_rows_of_year(sel, sel.year):
        support[(row["host__region__code"], row["person__domain"], row["host__school_stage"])] += 1
    for code, domain, stage, n in (activities(sel).filter(within("date", sel.year))
                                   .values_list("host__region__code", "domain", "host__school_stage")
                                   .annotate(n=Count("pk"))):
        support[(code, domain, stage)] += n
    for code, category, n in (sel.scoped(TrainingClass).filter(class_q(sel), within("start", sel.year))
                              .values_list("trainee_region__code", "category").annotate(n=Count("pk"))):
        support[(code, CATEGORY_DOMAIN.get(category, category), "")] += n
    tally: dict[tuple[str, str, str], int] = defaultdict(int)
    for (code, domain, stage), n in support.items():
        county = _county_of(code or "", prefixes)
        if county is None:
            continue
        tally[(county, domain, "")] += n
        if domain == Domain.EDUCATION and stage:
            tally[(county, domain, stage)] += n
    result.cells = dict(tally)
    return result




def cell_sources(county: Region, domain: str, stage: str = "") -> list[Source]:
    """The records behind one cell of the matrix (the drill-down of a coverage figure)."""
    stage_q = Q(host__school_stage=stage) if stage else Q()
    categories = [c for c, d in CATEGORY_DOMAIN.items() if d == domain]
    sources = [
        Source(key="coverage_postings", label=_("Postings"),
               base=lambda sel: postings(sel).filter(stage_q, state__in=TOOK_PLACE, person__domain=domain,
                                                     host__region__code__startswith=county.prefix),
               in_year=lambda year: overlaps("eff_start", "eff_end", year), parts=(Part(Count, "pk"),),
               columns=POSTING_COLUMNS, order=("eff_start",)),
        Source(key="coverage_activities", label=_("Activities"),
               base=lambda sel: activities(sel).filter(stage_q, domain=domain,
                                                       host__region__code__startswith=county.prefix),
               in_year=lambda year: within("date", year), parts=(Part(Count, "pk"),),
               columns=(Column(_("activity"), "title"), Column(_("kind"), "get_kind_display"),
                        Column(_("date"), "date"), Column(_("host"), "host")),
               order=("date",)),
    ]
    if not stage:
        sources.append(Source(
            key="coverage_classes", label=_("Training classes"),
            base=lambda sel: sel.scoped(TrainingClass).filter(
                class_q(sel), category__in=categories, trainee_region__code__startswith=county.prefix),
            in_year=lambda year: within("start", year), parts=(Part(Count, "pk"),),
            columns=(Column(_("class"), "name"), Column(_("category"), "get_category_display"),
                     Column(_("from"), "start")),
            order=("start",)))
    return sources
