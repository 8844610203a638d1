"""Explanations name the true binding constraint (one case per reason code)."""

from __future__ import annotations

from datetime import timedelta

from xiezuo.matching import Busy, Problem, TeamNeed, Window
from xiezuo.matching.engine import solve
from xiezuo.matching.model import Pairing

from .factories import D0, need, person


def _reason(problem: Problem, nid: str = "n1") -> str:
    result = solve(problem, time_limit=10)
    found = [u for u in result.unfilled if u.need_id == nid]
    assert found, f"{nid} was filled"
    assert found[0].reason
    return found[0].reason_code


def test_no_specialty() -> None:
    p = Problem(people=(person("p1", specialty_codes=("S0200",), specialty_text="综合儿科"),),
                needs=(need("n1"),))
    assert _reason(p) == "no_specialty"


def test_related_specialty_is_a_candidate() -> None:
    p = Problem(people=(person("p1", specialty_codes=("S0101",)),), needs=(need("n1"),),
                related={"S0100": frozenset({"S0101"})})
    result = solve(p)
    assert [a.person_id for a in result.assignments] == ["p1"]
    assert result.assignments[0].parts["specialty"] < 35.0  # related < exact


def test_text_similarity_matches_uncoded_need() -> None:
    p = Problem(people=(person("p1", specialty_codes=(), specialty_text="神经外科"),
                        person("p2", specialty_codes=(), specialty_text="小学数学")),
                needs=(need("n1", specialty_code=None, specialty_text="神经外科",
                            description="神经外科手术"),))
    result = solve(p)
    assert [a.person_id for a in result.assignments] == ["p1"]


def test_title_too_low() -> None:
    p = Problem(people=(person("p1", title_level=2),), needs=(need("n1", min_title_level=3),))
    assert _reason(p) == "title_too_low"


def test_title_binds_before_mode() -> None:
    p = Problem(people=(person("p1", title_level=2, modes=frozenset({"remote"})),),
                needs=(need("n1"),))
    assert _reason(p) == "title_too_low"


def test_mode_not_accepted() -> None:
    p = Problem(people=(person("p1", modes=frozenset({"remote"})),), needs=(need("n1"),))
    assert _reason(p) == "mode_not_accepted"


def test_not_available_window() -> None:
    late = (Window(D0 + timedelta(days=100), D0 + timedelta(days=500)),)
    p = Problem(people=(person("p1", availability=late),), needs=(need("n1"),))
    assert _reason(p) == "not_available"


def test_not_available_busy() -> None:
    p = Problem(people=(person("p1"),), needs=(need("n1"),),
                busy=(Busy("p1", D0 + timedelta(days=20), D0 + timedelta(days=30)),))
    assert _reason(p) == "not_available"


def test_excluded() -> None:
    p = Problem(people=(person("p1"),), needs=(need("n1"),),
                exclusions=frozenset({("n1", "p1")}))
    assert _reason(p) == "excluded"


def test_capacity_taken_by_better_need() -> None:
    p = Problem(people=(person("p1"),), needs=(need("n0", priority=5), need("n1", priority=1)))
    result = solve(p)
    assert [a.need_id for a in result.assignments] == ["n0"]
    assert _reason(p) == "capacity"


def test_capacity_org_cap() -> None:
    p = Problem(people=(person("p1"), person("p2")), needs=(need("n1", slots=2),),
                org_caps={"o1": 1})
    result = solve(p)
    assert len(result.assignments) == 1
    u = result.unfilled[0]
    assert (u.reason_code, u.slots, u.details.get("org_caps")) == ("capacity", 1, True)


def test_source_constraint() -> None:
    p = Problem(
        people=(person("p1", org_id="oA"),
                person("p2", org_id="oB", specialty_codes=("S0200",), specialty_text="儿科")),
        needs=(need("n1"), need("n2", specialty_code="S0200", specialty_text="儿科")),
        teams=(TeamNeed("t1", ("n1", "n2"), "org"),),
    )
    assert _reason(p) == "source_constraint"
    assert _reason(p, "n2") == "source_constraint"


def test_team_incomplete() -> None:
    p = Problem(people=(person("p1"),),
                needs=(need("n1"), need("n2", specialty_code="S0200", specialty_text="儿科")),
                teams=(TeamNeed("t1", ("n1", "n2"), None),))
    assert _reason(p) == "team_incomplete"
    assert _reason(p, "n2") == "no_specialty"
    u = next(u for u in solve(p).unfilled if u.need_id == "n1")
    assert u.details["blocking_role"] == {"need_id": "n2", "reason_code": "no_specialty"}


def test_team_formed_from_one_city() -> None:
    people = (
        person("a1", city_code="370600"), person("a2", city_code="370600",
                                                 specialty_codes=("S0200",)),
        person("b1", city_code="320500", region_code="320505", title_level=5),
    )
    p = Problem(people=people,
                needs=(need("n1"), need("n2", specialty_code="S0200", specialty_text="儿科")),
                teams=(TeamNeed("t1", ("n1", "n2"), "city"),))
    result = solve(p)
    assert {(a.need_id, a.person_id) for a in result.assignments} == {("n1", "a1"), ("n2", "a2")}
    assert all(a.team_id == "t1" for a in result.assignments)


def test_breakdown_runner_up_and_pairing_preference() -> None:
    p = Problem(
        people=(person("paired"), person("other", city_code="320500", region_code="320505")),
        needs=(need("n1"),), pairings=(Pairing("370600", "500237"),),
    )
    result = solve(p)
    (a,) = result.assignments
    assert a.person_id == "paired"
    assert a.parts["pairing"] > 0
    assert sum(a.parts.values()) == __import__("pytest").approx(a.score, abs=1e-2)
    assert a.runner_up is not None and a.runner_up.person_id == "other"
    assert a.runner_up.score < a.score


def test_pairing_by_province() -> None:
    p = Problem(people=(person("p1"),), needs=(need("n1"),),
                pairings=(Pairing("370000", "500000"),))
    assert solve(p).assignments[0].parts["pairing"] > 0
