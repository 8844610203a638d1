"""DB records ↔ matching-engine dataclasses (`xiezuo.matching`), and the inputs' fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from xiezuo.exchange.models import Posting
from xiezuo.matching import (
    Busy,
    MatchingInputError,
    Need,
    Pairing,
    Person,
    Problem,
    TeamNeed,
    Weights,
    Window,
)
from xiezuo.needs.models import Need as NeedModel
from xiezuo.needs.models import Round
from xiezuo.needs.result import read_pairs
from xiezuo.needs.supply import offer_supply
from xiezuo.people.models import Availability
from xiezuo.people.models import Person as PersonModel
from xiezuo.regions.models import Pairing as PairingModel
from xiezuo.vocab.specialties import related_specialties

MANAGEMENT_WORDS = ("主任", "院长", "校长", "书记", "负责人", "队长", "局长", "经理")
BUSY_STATES = ("planned", "approved", "on_post", "extended")
WEIGHT_NAMES = tuple(f.name for f in fields(Weights))


def city_code(code: str) -> str:
    return code[:4] + "00"


def need_to_engine(need: NeedModel) -> Need:
    specialty = need.specialty
    return Need(
        id=str(need.pk), org_id=str(need.organisation_id),
        region_code=need.organisation.region.code, domain=need.domain,
        specialty_code=specialty.code if specialty is not None else None,
        specialty_text=need.specialty_text or (specialty.name if specialty is not None else ""),
        description=need.problem, slots=max(need.open_slots, 1),
        min_title_level=need.min_title_level, mode=need.mode, start=need.start, end=need.end,
        min_days=need.min_days, priority=need.priority,
        requires_management=need.requires_management,
    )


def person_to_engine(person: PersonModel, previous_hosts: Iterable[str] = frozenset()) -> Person:
    windows = list(person.availability.all())
    modes = frozenset(m for w in windows for m in (w.modes or []))
    code = person.organisation.region.code
    specialty = person.specialty
    return Person(
        id=str(person.pk), org_id=str(person.organisation_id), city_code=city_code(code),
        region_code=code,
        specialty_codes=(specialty.code,) if specialty is not None else (),
        specialty_text=person.specialty_text or (specialty.name if specialty is not None else ""),
        title_level=person.title_level or 1, modes=modes,
        availability=tuple(Window(w.start, w.end) for w in windows),
        previous_hosts=frozenset(previous_hosts),
        management_experience=any(w in (person.position or "") for w in MANAGEMENT_WORDS),
    )


def round_needs(round_: Round) -> list[NeedModel]:
    """The round's needs, with every role of a chosen team need (teams are all or nothing)."""
    return list(_round_needs_queryset(round_)
                .select_related("organisation__region", "specialty", "team").order_by("pk"))


def _round_needs_queryset(round_: Round) -> QuerySet[NeedModel]:
    """The round's needs and the other roles of their team needs, as subqueries (a round of
    tens of thousands of needs must not send their ids as parameters)."""
    chosen = round_.needs.all()
    teams = chosen.exclude(team_id=None).values("team_id")
    return NeedModel.objects.filter(Q(pk__in=chosen.values("pk")) | Q(team_id__in=teams))


def pool_queryset(round_: Round, needs: Sequence[NeedLike]) -> QuerySet[PersonModel]:
    """People of the eastern side: in the regions paired with the needs' regions (or the
    round's chosen region/organisation)."""
    people = PersonModel.objects.select_related("organisation__region", "specialty")
    return _pool_filter(round_, people, lambda: paired(needs))


def _pool_filter(round_: Round, people: QuerySet[PersonModel],
                 pairings: Callable[[], Sequence[PairingModel]]) -> QuerySet[PersonModel]:
    if round_.pool_organisation_id:
        return people.filter(organisation_id=round_.pool_organisation_id)
    if round_.pool_region is not None:
        return people.filter(organisation__region__code__startswith=round_.pool_region.prefix)
    prefixes = {p.east_region.prefix for p in pairings()}
    if not prefixes:
        return people.none()
    condition = Q()
    for prefix in sorted(prefixes):
        condition |= Q(organisation__region__code__startswith=prefix)
    return people.filter(condition)


@dataclass(frozen=True)
class NeedSpan:
    """When and where a need is: what decides its pairings and so a round's pool."""

    start: date
    end: date
    region_code: str


NeedLike = NeedModel | Need | NeedSpan  # a need as a record, the engine's, or its span


def round_need_spans(round_: Round) -> list[NeedSpan]:
    """The spans of `round_needs` (one values query: starting a national round must not
    load 30,000 records to find their pairings)."""
    return [NeedSpan(start, end, code) for start, end, code in
            _round_needs_queryset(round_).order_by("pk").values_list(
                "start", "end", "organisation__region__code")]


def paired(needs: Sequence[NeedLike]) -> list[PairingModel]:
    """Pairings active in the needs' period whose western side contains a need's region
    (needs as records, or as the engine's needs of a built problem or their spans: no
    records to load)."""
    if not needs:
        return []
    return _paired(min(n.start for n in needs), max(n.end for n in needs),
                   {n.region_code if isinstance(n, Need | NeedSpan) else n.organisation.region.code
                    for n in needs})


def _paired(first: date, last: date, codes: set[str]) -> list[PairingModel]:
    active = PairingModel.objects.filter(start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gte=first)).select_related("east_region", "west_region")
    # a pairing counts when its western prefix (2, 4 or 6 digits) begins a need's region
    heads = {c[:k] for c in codes for k in (2, 4, 6)}
    return [p for p in active if p.west_region.prefix in heads]


@dataclass
class NeedRow:
    """What the round's run reads of a need record (one query, no model instances)."""

    pk: int
    team_id: int | None
    team_same_source: str | None
    requires_management: bool
    start: date
    end: date
    region_code: str
    engine: Need


NEED_COLUMNS = ("pk", "organisation_id", "organisation__region__code", "domain", "specialty__code",
                "specialty__name", "specialty_text", "problem", "slots", "filled",
                "min_title_level", "mode", "start", "end", "min_days", "priority",
                "requires_management", "team_id", "team__same_source")
PERSON_COLUMNS = ("pk", "organisation_id", "organisation__region__code", "specialty__code",
                  "specialty__name", "specialty_text", "title_level", "position")


def _need_rows(round_: Round) -> list[NeedRow]:
    """The round's needs as `need_to_engine` makes them, read with one values query."""
    rows = []
    for (pk, org, region, domain, s_code, s_name, s_text, problem, slots, filled, min_title,
         mode, start, end, min_days, priority, management, team, same_source
         ) in _round_needs_queryset(round_).order_by("pk").values_list(*NEED_COLUMNS):
        engine = Need(
            id=str(pk), org_id=str(org), region_code=region, domain=domain,
            specialty_code=s_code, specialty_text=s_text or (s_name or ""),
            description=problem, slots=max(slots - filled, 1), min_title_level=min_title,
            mode=mode, start=start, end=end, min_days=min_days, priority=priority,
            requires_management=management)
        rows.append(NeedRow(pk, team, same_source, management, start, end, region, engine))
    return rows


def _engine_people(people: QuerySet[PersonModel], hosts: Mapping[int, set[str]]
                   ) -> list[Person]:
    """The pool as `person_to_engine` makes it, read with two values queries (the people
    in the pool's order, their windows by start)."""
    windows: dict[int, list[tuple[Window, str | None]]] = {}
    availability = (Availability.objects.filter(person__in=people.values("pk"))
                    .order_by("person_id", "start", "pk")
                    .annotate(modes_json=Cast("modes", TextField()))
                    .values_list("person_id", "start", "end", "modes_json"))
    # many people share windows and mode lists: one engine object each
    made: dict[tuple[date, date], Window] = {}
    for person_id, start, end, text in availability:
        window = made.get((start, end))
        if window is None:
            window = made[(start, end)] = Window(start, end)
        windows.setdefault(person_id, []).append((window, text))
    modes_of: dict[tuple[str | None, ...], frozenset[str]] = {}
    out = []
    no_hosts: frozenset[str] = frozenset()
    for pk, org, code, s_code, s_name, s_text, level, position in (
            people.values_list(*PERSON_COLUMNS)):
        own = windows.get(pk, ())
        texts = tuple(t for _, t in own)
        modes = modes_of.get(texts)
        if modes is None:
            modes = modes_of[texts] = frozenset(
                m for t in texts for m in (json.loads(t) if t is not None else None) or [])
        try:
            out.append(Person(
                id=str(pk), org_id=str(org), city_code=city_code(code), region_code=code,
                specialty_codes=(s_code,) if s_code is not None else (),
                specialty_text=s_text or (s_name or ""), title_level=level or 1,
                modes=modes, availability=tuple(w for w, _ in own),
                previous_hosts=frozenset(hosts[pk]) if pk in hosts else no_hosts,
                management_experience=any(w in (position or "") for w in MANAGEMENT_WORDS),
            ))
        except MatchingInputError:
            continue  # a record the engine cannot use (no specialty): not a candidate
    return out


def build_problem(round_: Round) -> Problem:
    """The round as the engine's `Problem`: values queries straight into the engine's
    dataclasses (a national round reads 100,000 people and 30,000 needs)."""
    needs = _need_rows(round_)
    pairings = (_paired(min(n.start for n in needs), max(n.end for n in needs),
                        {n.region_code for n in needs}) if needs else [])
    pool = _pool_filter(round_, PersonModel.objects.all(), lambda: pairings)
    postings = Posting.objects.filter(person__in=pool.values("pk")).order_by("pk").values_list(
        "person_id", "host_id", "state", "planned_start", "planned_end", "actual_end")
    hosts: dict[int, set[str]] = {}
    busy: list[Busy] = []
    for person_id, host_id, state, start, end, actual_end in postings:
        hosts.setdefault(person_id, set()).add(str(host_id))
        if state in BUSY_STATES:
            busy.append(Busy(str(person_id), start, actual_end or end))
    engine_people = _engine_people(pool, hosts)
    known = {p.id for p in engine_people}
    # offers: people with a capacity (`offer_supply` reads pk, team_id, requires_management)
    offers, offer_barred = offer_supply(
        round_, needs, max((n.engine.slots for n in needs), default=1))
    engine_needs = [n.engine for n in needs]
    need_ids = {n.id for n in engine_needs}
    teams: dict[int, tuple[str | None, list[str]]] = {}
    for n in needs:
        if n.team_id is not None:
            teams.setdefault(n.team_id, (n.team_same_source, []))[1].append(str(n.pk))
    codes = {n.specialty_code for n in engine_needs if n.specialty_code}
    codes |= {c for p in engine_people + offers for c in p.specialty_codes}
    # The engine names records by the strings of their primary keys.
    pins = {(str(p.need), str(p.person)) for p in read_pairs(round_.pins)}
    pins = {(n, p) for n, p in pins if n in need_ids and p in known}
    return Problem(
        people=tuple(engine_people + offers),
        needs=tuple(engine_needs),
        teams=tuple(
            TeamNeed(id=f"team-{t}", member_need_ids=tuple(members),
                     same_source=None if same == "none" else same)
            for t, (same, members) in teams.items()
        ),
        pairings=tuple(sorted({Pairing(p.east_region.code, p.west_region.code)
                               for p in pairings}, key=lambda p: (p.east_code, p.west_code))),
        busy=tuple(b for b in busy if b.person_id in known),
        pins=frozenset(pins),
        exclusions=frozenset(
            (n, p) for n, p in ((str(x.need), str(x.person)) for x in read_pairs(round_.exclusions))
            if n in need_ids and p in known and (n, p) not in pins
        ) | offer_barred,
        weights=weights_of(round_.weights),
        related={c: _related(c) for c in codes},
    )


_RELATED: dict[str, frozenset[str]] = {}


def _related(code: str) -> frozenset[str]:
    """`related_specialties` (the vocabulary ships with the code: the same in a process)."""
    found = _RELATED.get(code)
    if found is None:
        found = _RELATED[code] = frozenset(related_specialties(code))
    return found


def weights_of(data: Mapping[str, Any] | None) -> Weights:
    data = data or {}
    return Weights(**{k: float(v) for k, v in data.items() if k in WEIGHT_NAMES})


def fingerprint(problem: Problem) -> str:
    """A stable hash of everything the round ran on, so a run can be reproduced: every
    field of the problem in a canonical JSON (records as lists of their fields in
    declaration order, under a header naming them; sets sorted; dates ISO)."""
    data = {name: _with_header(getattr(problem, name)) for name in _field_names(Problem)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


_FIELDS: dict[type, tuple[str, ...]] = {}
_GETTERS: dict[type, Callable[[Any], Any]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(kind))
    return names


def _plain(value: object) -> Any:
    """`json.dumps(default=…)` of the engine's input: a record as the tuple of its fields,
    a set sorted, a date in ISO (the encoder does the rest, quickly)."""
    kind = type(value)
    getter = _GETTERS.get(kind)
    if getter is not None:
        return getter(value)
    if kind is date:
        return value.isoformat()  # type: ignore[attr-defined]
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if is_dataclass(value):
        names = _field_names(kind)
        _GETTERS[kind] = attrgetter(*names) if len(names) > 1 else (
            lambda v: (getattr(v, names[0]),))
        return _GETTERS[kind](value)
    return str(value)


def _with_header(value: object) -> object:
    """Records under a header of their field names."""
    if isinstance(value, (tuple, frozenset)) and value:
        first = next(iter(value))
        if is_dataclass(first):
            rows = sorted(value, key=_plain) if isinstance(value, frozenset) else value
            return {"fields": _field_names(type(first)), "rows": rows}
    return value
