"""The values-query adapter builds the same engine problem as the model-instance one.

`reference_problem` is the adapter as it was before it read values (model instances,
`prefetch_related`, `person_to_engine` / `need_to_engine` per record), kept here to compare
against on constructed data: people with several windows, one the engine cannot use,
postings (busy periods and earlier hosts), a team need, pins and exclusions, a partly
filled need, and a pool region.
"""

from __future__ import annotations

import pytest

from xiezuo.exchange.models import Posting
from xiezuo.matching import Busy, Pairing, Problem, TeamNeed
from xiezuo.needs import services
from xiezuo.needs.adapter import (
    BUSY_STATES,
    build_problem,
    fingerprint,
    need_to_engine,
    paired,
    person_to_engine,
    pool_queryset,
    round_needs,
    weights_of,
)
from xiezuo.needs.models import Need, Round
from xiezuo.needs.result import read_pairs
from xiezuo.needs.supply import offer_supply
from xiezuo.needs.tests.world import D, build
from xiezuo.people.models import Availability, Person
from xiezuo.regions.models import Region
from xiezuo.vocab.specialties import related_specialties

pytestmark = pytest.mark.django_db


def reference_problem(round_: Round) -> Problem:
    """`build_problem` as it was: model instances all the way."""
    needs = round_needs(round_)
    people = list(pool_queryset(round_, needs).prefetch_related("availability"))
    postings = Posting.objects.filter(person_id__in=[p.pk for p in people]).values_list(
        "person_id", "host_id", "state", "planned_start", "planned_end", "actual_end")
    hosts: dict[int, set[str]] = {}
    busy = []
    for person_id, host_id, state, start, end, actual_end in postings:
        hosts.setdefault(person_id, set()).add(str(host_id))
        if state in BUSY_STATES:
            busy.append(Busy(str(person_id), start, actual_end or end))
    engine_people = []
    for p in people:
        try:
            engine_people.append(person_to_engine(p, hosts.get(p.pk, ())))
        except Exception:  # noqa: BLE001 — MatchingInputError: not a candidate
            continue
    known = {p.id for p in engine_people}
    offers, offer_barred = offer_supply(
        round_, needs, max((max(n.open_slots, 1) for n in needs), default=1))
    engine_needs = [need_to_engine(n) for n in needs]
    need_ids = {n.id for n in engine_needs}
    teams: dict[object, list[str]] = {}
    for n in needs:
        if n.team is not None:
            teams.setdefault(n.team, []).append(str(n.pk))
    codes = {n.specialty_code for n in engine_needs if n.specialty_code}
    codes |= {c for p in engine_people + offers for c in p.specialty_codes}
    pins = {(str(p.need), str(p.person)) for p in read_pairs(round_.pins)}
    pins = {(n, p) for n, p in pins if n in need_ids and p in known}
    return Problem(
        people=tuple(engine_people + offers),
        needs=tuple(engine_needs),
        teams=tuple(TeamNeed(id=f"team-{t.pk}", member_need_ids=tuple(members),  # type: ignore[attr-defined]
                             same_source=None if t.same_source == "none" else t.same_source)  # type: ignore[attr-defined]
                    for t, members in teams.items()),
        pairings=tuple({Pairing(p.east_region.code, p.west_region.code) for p in paired(needs)}),
        busy=tuple(b for b in busy if b.person_id in known),
        pins=frozenset(pins),
        exclusions=frozenset(
            (n, p) for n, p in ((str(x.need), str(x.person)) for x in read_pairs(round_.exclusions))
            if n in need_ids and p in known and (n, p) not in pins) | offer_barred,
        weights=weights_of(round_.weights),
        related={c: frozenset(related_specialties(c)) for c in codes},
    )


def assert_same(fast: Problem, slow: Problem) -> None:
    assert fast.people == slow.people  # the same records in the same order
    assert fast.needs == slow.needs
    assert fast.teams == slow.teams
    assert set(fast.pairings) == set(slow.pairings) and len(fast.pairings) == len(slow.pairings)
    assert (fast.busy, fast.pins, fast.exclusions) == (slow.busy, slow.pins, slow.exclusions)
    assert (fast.weights, fast.related, fast.org_caps) == (slow.weights, slow.related,
                                                           slow.org_caps)


@pytest.fixture
def world(refdata, make_user):
    w = build(make_user)
    east, neuro = w["east"], w["neuro"]
    # a third surgeon with two windows (different modes), no position
    third = Person.objects.create(name="丙医生", organisation=east, domain="medical",
                                  specialty=neuro, title_level=3)
    Availability.objects.create(person=third, start=D(2027, 1, 1), end=D(2027, 5, 31),
                                modes=["short_visit"])
    Availability.objects.create(person=third, start=D(2027, 6, 1), end=D(2028, 5, 31),
                                modes=["long_posting", "remote"])
    # free text only, no window, no title level
    Person.objects.create(name="丁老师", organisation=east, domain="education",
                          specialty_text="初中数学", title_level=None)
    # a record the engine cannot use: neither specialty nor text
    Person.objects.create(name="戊某", organisation=east, domain="medical", specialty_text="")
    first = w["people"]["甲医生"]
    for state, start, end in (("approved", D(2027, 4, 1), D(2027, 6, 30)),
                              ("finished", D(2025, 1, 1), D(2025, 6, 30))):
        Posting.objects.create(person=first, host=w["other"], kind="medical",
                               direction="east_west", planned_start=start, planned_end=end,
                               state=state)
    need = w["need"]
    Need.objects.filter(pk=need.pk).update(slots=3, filled=1)
    w["third"] = third
    return w


def test_the_fast_adapter_builds_the_same_problem(world):
    admin = world["admin"]
    team = services.create_team_need(
        actor=admin, name="神经外科团队", organisation=world["west"], domain="medical",
        start=D(2027, 3, 1), end=D(2027, 8, 31), min_days=90, same_source="org")
    roles = [services.add_role(actor=admin, team=team, specialty=world["neuro"], slots=1,
                               min_title_level=level, role=role, requires_management=lead)
             for role, level, lead in (("队长", 5, True), ("队员", 4, False))]
    roles = [services.publish_directly(actor=admin, need=role) for role in roles]
    round_ = services.create_round(actor=world["coordinator"], name="第一轮",
                                   needs=[world["need"], world["unfillable"], roles[0]])
    first, third = world["people"]["甲医生"], world["third"]
    round_.pins = [[world["need"].pk, third.pk]]
    round_.exclusions = [[world["need"].pk, first.pk], [roles[1].pk, 999999]]
    round_.weights = {"pairing": 40}
    round_.save()
    fast, slow = build_problem(round_), reference_problem(round_)
    assert len(fast.people) == 4 and len(fast.needs) == 4 and len(fast.teams) == 1
    assert fast.busy and fast.pins and fast.exclusions
    assert any(p.previous_hosts for p in fast.people)
    assert_same(fast, slow)
    assert fingerprint(fast) == fingerprint(slow) == fingerprint(build_problem(round_))
    changed = Round.objects.get(pk=round_.pk)
    changed.weights = {"pairing": 41}
    assert fingerprint(build_problem(changed)) != fingerprint(fast)


def test_the_same_problem_with_a_pool_region(world):
    round_ = services.create_round(actor=world["admin"], name="限定区域",
                                   needs=[world["need"], world["unfillable"]],
                                   pool_region=Region.objects.get(code="370602"))
    fast = build_problem(round_)
    assert len(fast.people) == 4
    assert_same(fast, reference_problem(round_))
