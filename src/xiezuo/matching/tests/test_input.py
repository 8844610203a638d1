"""Bad input is rejected with a clear message naming the object and field."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

import pytest

from xiezuo.matching import Busy, MatchingInputError, Need, Problem, TeamNeed, Window
from xiezuo.matching.engine import solve

from .factories import D0, need, person


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"specialty_code": None, "specialty_text": " "}, "need 'n1'.specialty"),
        ({"end": D0 - timedelta(days=1), "start": D0}, "need 'n1'.end"),
        ({"slots": 0}, "need 'n1'.slots"),
        ({"slots": -2}, "need 'n1'.slots"),
        ({"min_days": -1}, "need 'n1'.min_days"),
        ({"min_title_level": 6}, "need 'n1'.min_title_level"),
        ({"priority": 0}, "need 'n1'.priority"),
        ({"mode": "holiday"}, "need 'n1'.mode"),
        ({"region_code": "5002"}, "need 'n1'.region_code"),
    ],
)
def test_bad_need(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(MatchingInputError) as err:
        need("n1", **kwargs)
    assert err.value.field == field
    assert "n1" in str(err.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"capacity": -1}, "person 'p1'.capacity"),
        ({"title_level": 0}, "person 'p1'.title_level"),
        ({"specialty_codes": (), "specialty_text": ""}, "person 'p1'.specialty"),
        ({"modes": frozenset({"x"})}, "person 'p1'.modes"),
    ],
)
def test_bad_person(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(MatchingInputError) as err:
        person("p1", **kwargs)
    assert err.value.field == field


def test_bad_window() -> None:
    with pytest.raises(MatchingInputError, match="before start"):
        Window(D0, D0 - timedelta(days=1))


def test_team_naming_a_need_twice() -> None:
    with pytest.raises(MatchingInputError, match="named twice"):
        TeamNeed("t1", ("n1", "n1"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"teams": (TeamNeed("t1", ("n1", "nx")),)}, "unknown need 'nx'"),
        ({"teams": (TeamNeed("t1", ("n1",)), TeamNeed("t2", ("n1",)))}, "already in team"),
        ({"busy": (Busy("px", D0, D0),)}, "unknown person 'px'"),
        ({"pins": frozenset({("n1", "px")})}, "unknown person"),
        ({"exclusions": frozenset({("nx", "p1")})}, "unknown need"),
        ({"org_caps": {"o1": -1}}, "must be >= 0"),
        ({"people": (person("p1"), person("p1"))}, "duplicate person id"),
        ({"pins": frozenset({("n1", "p1")}), "exclusions": frozenset({("n1", "p1")})},
         "both pinned and excluded"),
    ],
)
def test_bad_problem(change: dict[str, Any], message: str) -> None:
    base = {"people": (person("p1"),), "needs": (need("n1"),)}
    with pytest.raises(MatchingInputError, match=message):
        solve(Problem(**(base | change)))


def test_infeasible_pin_is_an_input_error() -> None:
    p = Problem(people=(person("p1", title_level=1),), needs=(need("n1"),),
                pins=frozenset({("n1", "p1")}))
    with pytest.raises(MatchingInputError, match="not a feasible candidate"):
        solve(p)


@pytest.mark.parametrize("with_team", [False, True])
def test_more_pins_than_an_organisations_cap_is_an_input_error(with_team: bool) -> None:
    """Found by hypothesis (test_hard_constraints_hold): with a team need present, the team
    solver kept an organisation's cap of 0 by dropping the pin and still said "optimal".
    Pins beyond a cap now contradict the input, whichever solver would run."""
    needs = [need("n2", specialty_code="S0200")]
    teams: tuple[TeamNeed, ...] = ()
    if with_team:
        needs += [need("n0"), need("n1")]
        teams = (TeamNeed("t0", ("n0", "n1")),)
    p = Problem(people=(person("p2", org_id="o0", specialty_codes=("S0200",)),),
                needs=tuple(needs), teams=teams, pins=frozenset({("n2", "p2")}),
                org_caps={"o0": 0})
    with pytest.raises(MatchingInputError, match="organisation 'o0'.*more pins than the "
                                                 "organisation's cap"):
        solve(p)
    within = Problem(**{**p.__dict__, "org_caps": {"o0": 1}})
    assert [(a.need_id, a.person_id) for a in solve(within).assignments] == [("n2", "p2")]


def test_pin_is_honoured_against_a_better_choice() -> None:
    p = Problem(people=(person("good", title_level=5), person("pinned")), needs=(need("n1"),),
                pins=frozenset({("n1", "pinned")}))
    assert [a.person_id for a in solve(p).assignments] == ["pinned"]


def test_empty_pool_with_free_text_need_is_explained_not_a_crash() -> None:
    """A need without a specialty code and nobody in the pool: every need unfilled,
    reason `no_specialty` (nobody has it), no exception from the text vectoriser."""
    need = Need(id="n1", org_id="o1", region_code="500237", domain="medical", specialty_code=None,
                specialty_text="神经外科", description="开展颅脑外伤手术", slots=1, min_title_level=3,
                mode="long_posting", start=datetime.date(2027, 1, 1), end=datetime.date(2027, 12, 31),
                min_days=180, priority=3)
    result = solve(Problem(people=(), needs=(need,)))
    assert result.assignments == []
    assert [u.need_id for u in result.unfilled] == ["n1"]
