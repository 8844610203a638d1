"""Random small problems and an independent checker of the hard constraints."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import strategies as st

from xiezuo.matching.model import Busy, Pairing, Problem, Result, TeamNeed, Window

from .factories import D0, need, person

CODES = ["S0100", "S0101", "S0200"]
RELATED = {"S0100": frozenset({"S0101"}), "S0101": frozenset({"S0100"})}
MODES = ["long_posting", "short_visit", "remote", "training_place"]


@st.composite
def problems(draw: Any, teams: bool = True, max_people: int = 5, max_needs: int = 3,
             dense: bool = False) -> Problem:
    """`dense` makes most pairs feasible (for brute-force comparisons)."""
    n_p = draw(st.integers(1, max_people))
    n_n = draw(st.integers(1, max_needs))
    people = []
    for i in range(n_p):
        start = 0 if dense else draw(st.integers(0, 60))
        people.append(person(
            f"p{i}", org_id=f"o{draw(st.integers(0, 1))}",
            city_code=draw(st.sampled_from(["370600", "320500"])),
            region_code=draw(st.sampled_from(["370602", "320505"])),
            specialty_codes=(draw(st.sampled_from(CODES[:2] if dense else CODES)),),
            title_level=draw(st.integers(3 if dense else 1, 5)),
            modes=frozenset(MODES[:2]) if dense else frozenset(
                draw(st.lists(st.sampled_from(MODES), min_size=1, max_size=3))),
            availability=(Window(D0 + timedelta(start),
                                 D0 + timedelta(start + draw(st.integers(300 if dense else 30, 400)))),),
            capacity=draw(st.integers(0, 2)),
            management_experience=draw(st.booleans()),
        ))
    needs = []
    for j in range(n_n):
        start = draw(st.integers(0, 90))
        needs.append(need(
            f"n{j}", specialty_code=draw(st.sampled_from(CODES[:2] if dense else CODES)),
            slots=draw(st.integers(1, 2)), min_title_level=draw(st.integers(1, 3 if dense else 4)),
            mode=draw(st.sampled_from(MODES[:2])), start=D0 + timedelta(start),
            end=D0 + timedelta(start + draw(st.integers(10, 200))),
            min_days=draw(st.integers(0, 120)), priority=draw(st.integers(1, 5)),
            requires_management=not dense and draw(st.booleans()),
        ))
    team_list: tuple[TeamNeed, ...] = ()
    if teams and n_n >= 2 and draw(st.booleans()):
        k = draw(st.integers(2, n_n))
        team_list = (TeamNeed("t0", tuple(f"n{j}" for j in range(k)),
                              draw(st.sampled_from([None, "org", "city"]))),)
    busy = tuple(Busy(f"p{i}", D0 + timedelta(40), D0 + timedelta(60))
                 for i in range(n_p) if not dense and draw(st.booleans()))
    excl = frozenset((f"n{draw(st.integers(0, n_n - 1))}", f"p{draw(st.integers(0, n_p - 1))}")
                     for _ in range(draw(st.integers(0, 2))))
    caps = {"o0": draw(st.integers(0, 2))} if draw(st.booleans()) else {}
    return Problem(people=tuple(people), needs=tuple(needs), teams=team_list,
                   pairings=(Pairing("370600", "500237"),), busy=busy, exclusions=excl,
                   org_caps=caps, related=RELATED)


def feasible_pair(problem: Problem, nid: str, pid: str) -> bool:
    """Independent re-implementation of the hard filters for one pair."""
    n = next(x for x in problem.needs if x.id == nid)
    p = next(x for x in problem.people if x.id == pid)
    codes = set(p.specialty_codes)
    related = problem.related.get(n.specialty_code, frozenset()) if n.specialty_code else frozenset()
    if n.specialty_code not in codes and not (codes & related):
        return False
    if p.title_level < n.min_title_level or (n.requires_management and not p.management_experience):
        return False
    if n.mode not in p.modes:
        return False
    req_end = min(n.end, n.start + timedelta(days=max(n.min_days - 1, 0)))
    if not any(w.start <= n.start and w.end >= req_end for w in p.availability):
        return False
    if any(b.person_id == pid and b.start <= req_end and b.end >= n.start for b in problem.busy):
        return False
    return (nid, pid) not in problem.exclusions


def violations(problem: Problem, result: Result) -> list[str]:
    errs: list[str] = []
    people = {p.id: p for p in problem.people}
    needs = {n.id: n for n in problem.needs}
    pairs = [(a.need_id, a.person_id) for a in result.assignments]
    if len(set(pairs)) != len(pairs):
        errs.append("pair twice")
    for pid, p in people.items():
        if sum(1 for _, q in pairs if q == pid) > p.capacity:
            errs.append(f"capacity {pid}")
    for nid, n in needs.items():
        if sum(1 for m, _ in pairs if m == nid) > n.slots:
            errs.append(f"slots {nid}")
    for nid, pid in pairs:
        if not feasible_pair(problem, nid, pid):
            errs.append(f"infeasible pair {nid} {pid}")
    for pin in problem.pins:
        if pin not in pairs:
            errs.append(f"pin {pin}")
    for org, cap in problem.org_caps.items():
        if sum(1 for _, q in pairs if people[q].org_id == org) > cap:
            errs.append(f"org cap {org}")
    for t in problem.teams:
        filled = [sum(1 for m, _ in pairs if m == nid) for nid in t.member_need_ids]
        full = all(f == needs[nid].slots for f, nid in zip(filled, t.member_need_ids, strict=True))
        if not (full or all(f == 0 for f in filled)):
            errs.append(f"team {t.id} partial")
        if t.same_source:
            attr = "org_id" if t.same_source == "org" else "city_code"
            srcs = {getattr(people[q], attr) for m, q in pairs if m in t.member_need_ids}
            if len(srcs) > 1:
                errs.append(f"team {t.id} mixed sources")
    return errs
