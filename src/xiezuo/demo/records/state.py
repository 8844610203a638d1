"""The generator's state: the seeded random source, the years, the national pairings, the
pools of places and people they draw on, what the records give so far (for the agreement
targets) and the bulk writers every area uses."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from psycopg import sql

from xiezuo.demo.national import SYNTHETIC_ORG_NOTE
from xiezuo.demo.records.volumes import BATCH, COUNTS, DAY, SENDING_KINDS
from xiezuo.exchange.models import Posting
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing


def weighted(rng: random.Random, pairs: Sequence[tuple]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(COUNTS, 0)


class Records:
    """What every area of the generator shares. All draws come from the one `rng`, in a
    fixed order (`national_records.generate`), so the output depends only on the seed,
    `today` and what the database holds."""

    def __init__(self, *, seed: int, years: list[int], scale: float, today: datetime.date,
                 counties: list[Pairing], provinces: list[Pairing]) -> None:
        self.rng = random.Random(seed)
        self.years = years
        self.scale = scale
        self.today = today
        self.counties = counties
        self.provinces = provinces
        self.counts = empty_counts()
        # (pairing id, year, measure) → what the records give (for the agreement targets).
        self.actual: dict[tuple[int, int, str], float] = defaultdict(float)
        self.busy: dict[int, datetime.date] = {}
        # (pairing id, year) → the east→west professional postings that started.
        self.posted: dict[tuple[int, int], list[Posting]] = defaultdict(list)
        self._load_pools()

    # ---------------------------------------------------------------- pools
    def _load_pools(self) -> None:
        east_ids = {p.east_region_id for p in self.counties}
        west_ids = {p.west_region_id for p in self.counties}
        orgs = Organisation.objects.filter(
            note=SYNTHETIC_ORG_NOTE, region_id__in=east_ids | west_ids
        ).order_by("pk").values_list("pk", "name", "kind", "region_id")
        self.org_name: dict[int, str] = {}
        self.org_region: dict[int, int] = {}
        self.east_orgs: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.west_orgs: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for pk, name, kind, region_id in orgs:
            self.org_name[pk] = name
            self.org_region[pk] = region_id
            side = self.east_orgs if region_id in east_ids else self.west_orgs
            side[region_id][kind].append(pk)
            side[region_id]["*"].append(pk)
        people = Person.objects.filter(organisation_id__in=list(self.org_name)).order_by(
            "pk").values_list("pk", "name", "organisation_id", "domain", "title_level")
        self.person_org: dict[int, int] = {}
        self.person_name: dict[int, str] = {}
        self.person_domain: dict[int, str] = {}
        # region → domain → people ("*": everyone); western people also by organisation.
        self.east_people: dict[int, dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(list))
        self.senior_people: dict[int, list[int]] = defaultdict(list)
        self.west_people: dict[int, list[int]] = defaultdict(list)
        self.org_people: dict[int, list[int]] = defaultdict(list)
        for pk, name, org_id, domain, level in people:
            region_id = self.org_region[org_id]
            self.person_org[pk] = org_id
            self.person_name[pk] = name
            self.person_domain[pk] = domain
            if region_id in east_ids:
                self.east_people[region_id][domain].append(pk)
                self.east_people[region_id]["*"].append(pk)
                if (level or 0) >= 4:
                    self.senior_people[region_id].append(pk)
            else:
                self.west_people[region_id].append(pk)
                self.org_people[org_id].append(pk)
        ends = Posting.objects.filter(person_id__in=list(self.person_org)).values_list(
            "person_id", "planned_end", "actual_end")
        for person_id, planned_end, actual_end in ends:
            end = max(planned_end, actual_end or planned_end)
            self.busy[person_id] = max(self.busy.get(person_id, end), end)
        # Unlinked trainee identities (name, unit) per county, drawn as classes need them.
        self.identities: dict[int, list[tuple[str, str]]] = defaultdict(list)

    # ---------------------------------------------------------------- helpers
    def count(self, rate: float, fraction: float = 1.0) -> int:
        x = rate * self.scale * fraction
        n = int(x)
        return n + (1 if self.rng.random() < x - n else 0)

    def window(self, year: int) -> tuple[datetime.date, datetime.date, float]:
        """The part of `year` up to today, and the share of the year it is."""
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        last = min(last, self.today)
        if last < first:
            return first, last, 0.0
        return first, last, ((last - first).days + 1) / 365

    def day(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + self.rng.randrange((last - first).days + 1) * DAY

    def east_org(self, region_id: int, domain: str) -> int | None:
        orgs = self.east_orgs[region_id]
        for kind in SENDING_KINDS.get(domain, []):
            if orgs.get(kind):
                return self.rng.choice(orgs[kind])
        return self.rng.choice(orgs["*"]) if orgs.get("*") else None

    def west_org(self, region_id: int, domain: str) -> int | None:
        orgs = self.west_orgs[region_id]
        kind = {"medical": "hospital", "education": "school"}.get(domain)
        if kind and orgs.get(kind):
            return self.rng.choice(orgs[kind])
        return self.rng.choice(orgs["*"]) if orgs.get("*") else None

    def free(self, pool: Sequence[int], start: datetime.date, tries: int = 25) -> int | None:
        if not pool:
            return None
        for _ in range(tries):
            pk = pool[self.rng.randrange(len(pool))]
            if self.busy.get(pk, datetime.date.min) < start:
                return pk
        return None

    def bulk(self, model: type[Model], objects: Sequence[Model], key: str) -> None:
        """Save unsaved model instances (setting their primary keys)."""
        if not objects:
            return
        if connection.vendor != "postgresql":
            model._default_manager.bulk_create(objects, batch_size=BATCH)
            self.counts[key] += len(objects)
            return
        now = timezone.now()
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        stamped = [f.attname for f in fields if getattr(f, "auto_now_add", False)]
        rows = []
        for obj in objects:
            row = {f.attname: getattr(obj, f.attname) for f in fields}
            row.update((name, now) for name in stamped if row[name] is None)
            rows.append(row)
        for obj, pk in zip(objects, self.insert(model, rows, key, ids=True), strict=True):
            obj.pk = pk
            obj._state.adding = False

    def insert(self, model: type[Model], rows: list[dict[str, Any]], key: str, *,
               ids: bool = False) -> list[int]:
        """Insert plain rows (attname → value); returns their primary keys when asked.

        PostgreSQL gets them by COPY (ids reserved from the table's sequence): the Django
        model layer would cost more than the database for the millions of small rows.
        """
        if not rows:
            return []
        self.counts[key] += len(rows)
        if connection.vendor != "postgresql":
            objects = [model(**row) for row in rows]
            model._default_manager.bulk_create(objects, batch_size=BATCH)
            return [o.pk for o in objects]
        return copy_rows(model, rows, ids=ids)


def copy_rows(model: type[Model], rows: list[dict[str, Any]], *, ids: bool) -> list[int]:
    """COPY rows into the model's table; fields a row leaves out get their defaults."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    columns = [f.column for f in fields]
    pks: list[int] = []
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            pks = [row[0] for row in cursor.fetchall()]
            columns = [meta.pk.column, *columns]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns)))
        names = [f.attname for f in fields]
        with cursor.cursor.copy(statement) as copy:
            if ids:
                for pk, row in zip(pks, rows, strict=True):
                    copy.write_row([pk, *(row.get(n, defaults[n]) for n in names)])
            else:
                for row in rows:
                    copy.write_row([row.get(n, defaults[n]) for n in names])
    return pks
