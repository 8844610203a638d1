"""DB records ↔ matching-engine dataclasses (`xiezuo.matching`), and the inputs' fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, fields
from typing import Any

from django.db.models import Q, QuerySet

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
from xiezuo.needs.models import TeamNeed as TeamNeedModel
from xiezuo.needs.result import json_default, read_pairs
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
    chosen = list(round_.needs.values_list("pk", "team_id"))
    ids = {pk for pk, _team in chosen}
    teams = {team for _pk, team in chosen if team}
    return list(
        NeedModel.objects.filter(Q(pk__in=ids) | Q(team_id__in=teams))
        .select_related("organisation__region", "specialty", "team").order_by("pk")
    )


def pool_queryset(round_: Round, needs: Sequence[NeedModel]) -> QuerySet[PersonModel]:
    """People of the eastern side: in the regions paired with the needs' regions (or the
    round's chosen region/organisation)."""
    people = PersonModel.objects.select_related("organisation__region", "specialty")
    if round_.pool_organisation_id:
        return people.filter(organisation_id=round_.pool_organisation_id)
    if round_.pool_region is not None:
        return people.filter(organisation__region__code__startswith=round_.pool_region.prefix)
    prefixes = {p.east_region.prefix for p in paired(needs)}
    if not prefixes:
        return people.none()
    condition = Q()
    for prefix in prefixes:
        condition |= Q(organisation__region__code__startswith=prefix)
    return people.filter(condition)


def paired(needs: Sequence[NeedModel]) -> list[PairingModel]:
    """Pairings active in the needs' period whose western side contains a need's region."""
    if not needs:
        return []
    first, last = min(n.start for n in needs), max(n.end for n in needs)
    codes = {n.organisation.region.code for n in needs}
    active = PairingModel.objects.filter(start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gte=first)).select_related("east_region", "west_region")
    return [p for p in active if any(c.startswith(p.west_region.prefix) for c in codes)]


def build_problem(round_: Round) -> Problem:
    needs = round_needs(round_)
    people = list(pool_queryset(round_, needs).prefetch_related("availability"))
    ids = [p.pk for p in people]
    postings = Posting.objects.filter(person_id__in=ids).values_list(
        "person_id", "host_id", "state", "planned_start", "planned_end", "actual_end")
    hosts: dict[int, set[str]] = {}
    busy: list[Busy] = []
    for person_id, host_id, state, start, end, actual_end in postings:
        hosts.setdefault(person_id, set()).add(str(host_id))
        if state in BUSY_STATES:
            busy.append(Busy(str(person_id), start, actual_end or end))
    engine_people = []
    for p in people:
        try:
            engine_people.append(person_to_engine(p, hosts.get(p.pk, ())))
        except MatchingInputError:
            continue  # a record the engine cannot use (no specialty): not a candidate
    known = {p.id for p in engine_people}
    engine_needs = [need_to_engine(n) for n in needs]
    need_ids = {n.id for n in engine_needs}
    teams: dict[TeamNeedModel, list[str]] = {}
    for n in needs:
        if n.team is not None:
            teams.setdefault(n.team, []).append(str(n.pk))
    codes = {n.specialty_code for n in engine_needs if n.specialty_code}
    codes |= {c for p in engine_people for c in p.specialty_codes}
    # The engine names records by the strings of their primary keys.
    pins = {(str(p.need), str(p.person)) for p in read_pairs(round_.pins)}
    pins = {(n, p) for n, p in pins if n in need_ids and p in known}
    return Problem(
        people=tuple(engine_people),
        needs=tuple(engine_needs),
        teams=tuple(
            TeamNeed(id=f"team-{t.pk}", member_need_ids=tuple(members),
                     same_source=None if t.same_source == "none" else t.same_source)
            for t, members in teams.items()
        ),
        pairings=tuple({Pairing(p.east_region.code, p.west_region.code) for p in paired(needs)}),
        busy=tuple(b for b in busy if b.person_id in known),
        pins=frozenset(pins),
        exclusions=frozenset(
            (n, p) for n, p in ((str(x.need), str(x.person)) for x in read_pairs(round_.exclusions))
            if n in need_ids and p in known and (n, p) not in pins
        ),
        weights=weights_of(round_.weights),
        related={c: frozenset(related_specialties(c)) for c in codes},
    )


def weights_of(data: Mapping[str, Any] | None) -> Weights:
    data = data or {}
    return Weights(**{k: float(v) for k, v in data.items() if k in WEIGHT_NAMES})


def fingerprint(problem: Problem) -> str:
    """A stable hash of everything the round ran on, so a run can be reproduced."""
    data = asdict(problem)
    text = json.dumps(data, sort_keys=True, default=json_default, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()

