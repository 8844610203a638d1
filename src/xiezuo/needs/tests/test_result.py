"""Issue 12, typed seams: the stored result of a round and its pins and exclusions have one
typed reader and writer (`needs/result.py`); ids are ints in Python whatever spelling
was stored, and every consumer — the proposal (page, Excel plan, command line), the
approval, the API — reads through it."""

import copy
import re
from io import StringIO

import pytest
from django.core.management import call_command

from xiezuo.exchange.models import Posting
from xiezuo.matching import Assignment as EngineAssignment
from xiezuo.matching import Need as EngineNeed
from xiezuo.matching import Result as EngineResult
from xiezuo.matching import RunnerUp as EngineRunnerUp
from xiezuo.matching import Unfilled as EngineUnfilled
from xiezuo.needs import services
from xiezuo.needs.adapter import build_problem
from xiezuo.needs.models import Round
from xiezuo.needs.result import (
    Assignment,
    Pair,
    ResultFormatError,
    RoundResult,
    RunnerUp,
    Unfilled,
    read_pairs,
    write_pairs,
)
from xiezuo.needs.selectors import proposal
from xiezuo.needs.tests.world import D, build

# A result as the code before issue 12 stored it (ids as the engine's strings).
STORED = {
    "status": "optimal", "objective": 93.1, "seconds": 0.412,
    "assignments": [
        {"need": "12", "person": "34", "score": 71.2,
         "parts": {"specialty": 35.0, "title": 10.0, "pairing": 20.0}, "team": "team-5",
         "runner_up": {"person": "35", "score": 60.1, "assigned_to": "13"}},
        {"need": "13", "person": "35", "score": 55.0, "parts": {"specialty": 30.0},
         "team": None, "runner_up": None},
    ],
    "unfilled": [
        {"need": "14", "slots": 1, "reason_code": "no_specialty", "reason": "Nobody has it",
         "details": {"pool": {"specialty": 0}, "slots": 1}},
    ],
}


# ---- the reader and writer, alone -----------------------------------------------------------


def test_a_stored_result_reads_with_int_ids_and_writes_back_unchanged():
    result = RoundResult.from_json(STORED)
    first, second = result.assignments
    assert first == Assignment(need=12, person=34, score=71.2,
                               parts={"specialty": 35.0, "title": 10.0, "pairing": 20.0},
                               team=5, runner_up=RunnerUp(person=35, score=60.1, assigned_to=13))
    assert (second.team, second.runner_up) == (None, None)
    assert result.unfilled == (Unfilled(need=14, slots=1, reason_code="no_specialty",
                                        reason="Nobody has it",
                                        details={"pool": {"specialty": 0}, "slots": 1}),)
    assert result.need_ids() == {12, 13, 14} and result.person_ids() == {34, 35}
    assert first.part("title") == 10.0 and first.part("fairness") == 0.0
    assert result.to_json() == STORED


def test_ids_stored_as_ints_read_alike_and_missing_optional_keys_default():
    as_ints = copy.deepcopy(STORED)
    for row in as_ints["assignments"] + as_ints["unfilled"]:
        row["need"] = int(row["need"])
        if "person" in row:
            row["person"] = int(row["person"])
    as_ints["assignments"][0]["team"] = 5
    assert RoundResult.from_json(as_ints) == RoundResult.from_json(STORED)
    bare = RoundResult.from_json({"assignments": [{"need": "1", "person": "2", "score": 5}]})
    assert bare == RoundResult(status="", assignments=(Assignment(need=1, person=2, score=5),))
    assert RoundResult.read(None) is None and RoundResult.read({}) is None


@pytest.mark.parametrize("damage", [
    lambda r: r["assignments"][0].update(need="abc"),
    lambda r: r["assignments"][0].update(person=None),
    lambda r: r["assignments"][0].update(person=True),
    lambda r: r["assignments"][0].update(person="0"),
    lambda r: r["assignments"][0].update(score="high"),
    lambda r: r["assignments"][0].update(team="team-x"),
    lambda r: r["assignments"][0]["runner_up"].update(person=[1]),
    lambda r: r.update(assignments={"need": "1"}),
    lambda r: r.update(unfilled=["14"]),
    lambda r: r["unfilled"][0].update(slots="1"),
])
def test_a_damaged_result_is_refused_by_name(damage):
    data = copy.deepcopy(STORED)
    damage(data)
    with pytest.raises(ResultFormatError):
        RoundResult.from_json(data)
    with pytest.raises(ResultFormatError):
        RoundResult.from_json(["not", "a", "result"])


def test_pairs_read_any_spelling_of_an_id_and_leave_out_what_is_not_a_pair():
    stored = [[1, 2], ["3", "4"], [5], ["x", 1], "junk", [0, 1], [6, 7, 8], [9, True]]
    assert read_pairs(stored) == (Pair(1, 2), Pair(3, 4))
    assert read_pairs(None) == () and read_pairs({"1": 2}) == ()
    assert write_pairs(read_pairs(stored)) == [[1, 2], [3, 4]]


def test_the_engine_result_becomes_int_ids_rounded():
    engine = EngineResult(
        status="optimal", objective=93.123456, bound=95.0, gap=0.02, seconds=0.41234,
        assignments=[EngineAssignment(
            need_id="12", person_id="34", score=71.23456, parts={"specialty": 35.00049},
            runner_up=EngineRunnerUp(person_id="35", score=60.12345, assigned_to=None),
            team_id="team-5")],
        unfilled=[EngineUnfilled(need_id="14", slots=2, reason_code="capacity", reason="Taken",
                                 details={"sources": frozenset({"b", "a"}), "n": 3})])
    result = RoundResult.from_engine(engine)
    assert result.assignments == (Assignment(
        need=12, person=34, score=71.235, parts={"specialty": 35.0}, team=5,
        runner_up=RunnerUp(person=35, score=60.123, assigned_to=None)),)
    assert result.unfilled[0].details == {"sources": ["a", "b"], "n": 3}
    assert result.to_json()["assignments"][0]["need"] == "12"
    assert result.seconds == 0.412 and result.objective == 93.123456
    needs = [EngineNeed(id="7", org_id="1", region_code="500237", domain="medical",
                        specialty_code=None, specialty_text="骨科", description="", slots=2,
                        min_title_level=3, mode="long_posting", start=D(2027, 1, 1),
                        end=D(2027, 2, 1), min_days=0, priority=3)]
    assert RoundResult.empty_pool(needs).to_json() == {
        "status": "infeasible", "objective": 0.0, "seconds": 0.0, "assignments": [],
        "unfilled": [{"need": "7", "slots": 2, "reason_code": "empty_pool",
                      "reason": "Nobody is in the pool", "details": {}}]}


# ---- every consumer reads through it ----------------------------------------------------------


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def ran(world):
    round_ = services.create_round(actor=world["coordinator"], name="第一轮",
                                   needs=[world["need"], world["unfillable"]])
    return services.start_round(actor=world["coordinator"], round_=round_, background=False)


@pytest.mark.django_db
def test_what_a_run_stores_is_what_the_reader_reads_and_the_api_shows(world, client_for):
    round_ = ran(world)
    result = RoundResult.from_json(round_.result)
    [match] = result.assignments
    assert (match.need, match.person) == (world["need"].pk, world["people"]["甲医生"].pk)
    assert match.runner_up is not None and match.runner_up.person == world["people"]["乙医生"].pk
    assert [u.need for u in result.unfilled] == [world["unfillable"].pk]
    assert result.to_json() == round_.result
    api = client_for(world["coordinator"]).get(f"/api/rounds/{round_.pk}").json()
    assert api["result"] == round_.result
    shown = proposal(round_, world["coordinator"])
    assert shown.result == result
    assert [(m.need, m.person, m.runner_up) for m in shown.matches] == [
        (world["need"], world["people"]["甲医生"], world["people"]["乙医生"])]


@pytest.mark.django_db
def test_pins_stored_as_digits_are_the_same_pins_everywhere(world, client_for):
    """A pin whose ids were stored as strings (the admin's JSON editor) is one pin: the
    engine keeps it, the page marks the match pinned, the API shows ints, and unpinning
    takes it away (before, the page showed it unpinned and unpinning left it stored)."""
    round_ = ran(world)
    need, second = world["need"].pk, world["people"]["乙医生"].pk
    Round.objects.filter(pk=round_.pk).update(pins=[[str(need), str(second)]])
    round_.refresh_from_db()
    assert build_problem(round_).pins == frozenset({(str(need), str(second))})
    round_ = services.start_round(actor=world["coordinator"], round_=round_, background=False)
    client = client_for(world["coordinator"])
    page = client.get(f"/needs/rounds/{round_.pk}/").content.decode()
    row = re.search(r'<article class="match-card match" data-person="乙医生">.*?</article>', page, re.S)
    assert row and 'class="pinned badge"' in row.group(0)
    assert client.get(f"/api/rounds/{round_.pk}").json()["pins"] == [[need, second]]
    services.set_pin(actor=world["coordinator"], round_=round_, need_id=need, person_id=second,
                     pinned=False)
    assert Round.objects.get(pk=round_.pk).pins == []


@pytest.mark.django_db
def test_excluding_a_pinned_pair_unpins_it_and_stores_ints(world):
    round_ = ran(world)
    need, first = world["need"].pk, world["people"]["甲医生"].pk
    services.set_pin(actor=world["coordinator"], round_=round_, need_id=str(need),
                     person_id=f" {first} ")
    round_ = services.set_exclusion(actor=world["coordinator"], round_=round_, need_id=need,
                                    person_id=first)
    stored = Round.objects.get(pk=round_.pk)
    assert (stored.pins, stored.exclusions) == ([], [[need, first]])


@pytest.mark.django_db
def test_a_result_stored_with_int_ids_shows_exports_and_approves(world, client_for):
    """The reader takes either spelling: a round whose ids were stored as ints is shown on
    the page, in the command line's listing and approved like any other."""
    round_ = ran(world)
    data = copy.deepcopy(round_.result)
    for row in data["assignments"]:
        row["need"], row["person"] = int(row["need"]), int(row["person"])
        row["runner_up"]["person"] = int(row["runner_up"]["person"])
    Round.objects.filter(pk=round_.pk).update(result=data)
    page = client_for(world["coordinator"]).get(f"/needs/rounds/{round_.pk}/").content.decode()
    assert 'data-person="甲医生"' in page
    out = StringIO()
    call_command("match_round", "show", str(round_.pk), "--as", "wushan-coord", stdout=out)
    assert re.search(rf"need {world['need'].pk} 巫山县中医院 神经外科专业 ← 甲医生 烟台山医院 "
                     r"score \d+\.\d \(runner-up 乙医生\)", out.getvalue()), out.getvalue()
    assert re.search(rf"need {world['unfillable'].pk} 巫山县中医院 高压氧舱: 1 open · ",
                     out.getvalue()), out.getvalue()
    services.approve_round(actor=world["coordinator"], round_=Round.objects.get(pk=round_.pk))
    [posting] = services.approve_round(actor=world["east_coordinator"],
                                       round_=Round.objects.get(pk=round_.pk)).postings
    assert posting.person == world["people"]["甲医生"] and Posting.objects.count() == 1
