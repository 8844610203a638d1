"""Typed input and output of the matching engine (plain frozen dataclasses).

Nothing here imports Django: the product builds these objects through a thin adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

MODES: frozenset[str] = frozenset({"long_posting", "short_visit", "remote", "training_place"})
SOURCES: frozenset[str] = frozenset({"org", "city"})

REASON_CODES: tuple[str, ...] = (
    "no_specialty",
    "title_too_low",
    "mode_not_accepted",
    "not_available",
    "excluded",
    "source_constraint",
    "capacity",
    "team_incomplete",
)


class MatchingInputError(ValueError):
    """Invalid matching input; `field` names the offending field (with the object id)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --- region codes -------------------------------------------------------------------


def region_level(code: str) -> str:
    """'province' for ..0000, 'city' for ....00, 'county' otherwise (GB/T 2260 codes)."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def region_contains(outer: str, inner: str) -> bool:
    """True when region `outer` contains (or equals) region `inner` by code prefix."""
    level = region_level(outer)
    if level == "province":
        return inner[:2] == outer[:2]
    if level == "city":
        return inner[:4] == outer[:4]
    return inner == outer


def region_ancestors(code: str) -> tuple[str, ...]:
    """The code itself, its city and its province (deduplicated, most specific first)."""
    out: list[str] = []
    for c in (code, code[:4] + "00", code[:2] + "0000"):
        if c not in out:
            out.append(c)
    return tuple(out)


def _check_code(obj: str, name: str, code: str) -> None:
    if len(code) != 6 or not code.isdigit():
        raise MatchingInputError(f"{obj}.{name}", f"expected a six-digit region code, got {code!r}")


# --- input --------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise MatchingInputError("window", f"end {self.end} is before start {self.start}")


@dataclass(frozen=True)
class Person:
    id: str
    org_id: str
    city_code: str
    region_code: str
    specialty_codes: tuple[str, ...]
    specialty_text: str
    title_level: int
    modes: frozenset[str]
    availability: tuple[Window, ...]
    capacity: int = 1
    previous_hosts: frozenset[str] = frozenset()
    management_experience: bool = False

    def __post_init__(self) -> None:
        obj = f"person {self.id!r}"
        if not self.id:
            raise MatchingInputError("person.id", "empty id")
        if not self.specialty_codes and not self.specialty_text.strip():
            raise MatchingInputError(f"{obj}.specialty", "specialty code or text is required")
        if not 1 <= self.title_level <= 5:
            raise MatchingInputError(f"{obj}.title_level", f"must be 1..5, got {self.title_level}")
        if self.capacity < 0:
            raise MatchingInputError(f"{obj}.capacity", f"must be >= 0, got {self.capacity}")
        unknown = set(self.modes) - MODES
        if unknown:
            raise MatchingInputError(f"{obj}.modes", f"unknown modes {sorted(unknown)}")
        _check_code(obj, "city_code", self.city_code)
        _check_code(obj, "region_code", self.region_code)


@dataclass(frozen=True)
class Need:
    id: str
    org_id: str
    region_code: str
    domain: str
    specialty_code: str | None
    specialty_text: str
    description: str
    slots: int
    min_title_level: int
    mode: str
    start: date
    end: date
    min_days: int
    priority: int
    requires_management: bool = False

    def __post_init__(self) -> None:
        obj = f"need {self.id!r}"
        if not self.id:
            raise MatchingInputError("need.id", "empty id")
        if not self.specialty_code and not self.specialty_text.strip():
            raise MatchingInputError(f"{obj}.specialty", "specialty code or text is required")
        if self.end < self.start:
            raise MatchingInputError(f"{obj}.end", f"end {self.end} is before start {self.start}")
        if self.slots < 1:
            raise MatchingInputError(f"{obj}.slots", f"must be >= 1, got {self.slots}")
        if self.min_days < 0:
            raise MatchingInputError(f"{obj}.min_days", f"must be >= 0, got {self.min_days}")
        if not 1 <= self.min_title_level <= 5:
            raise MatchingInputError(
                f"{obj}.min_title_level", f"must be 1..5, got {self.min_title_level}"
            )
        if not 1 <= self.priority <= 5:
            raise MatchingInputError(f"{obj}.priority", f"must be 1..5, got {self.priority}")
        if self.mode not in MODES:
            raise MatchingInputError(f"{obj}.mode", f"unknown mode {self.mode!r}")
        _check_code(obj, "region_code", self.region_code)


@dataclass(frozen=True)
class TeamNeed:
    id: str
    member_need_ids: tuple[str, ...]
    same_source: str | None = None

    def __post_init__(self) -> None:
        obj = f"team {self.id!r}"
        if not self.member_need_ids:
            raise MatchingInputError(f"{obj}.member_need_ids", "a team needs at least one need")
        if len(set(self.member_need_ids)) != len(self.member_need_ids):
            raise MatchingInputError(f"{obj}.member_need_ids", "a need is named twice")
        if self.same_source is not None and self.same_source not in SOURCES:
            raise MatchingInputError(
                f"{obj}.same_source", f"must be 'org', 'city' or None, got {self.same_source!r}"
            )


@dataclass(frozen=True)
class Pairing:
    east_code: str
    west_code: str


@dataclass(frozen=True)
class Busy:
    person_id: str
    start: date
    end: date


@dataclass(frozen=True)
class Weights:
    """Points per score part; a part is in [0, 1] (fairness in [-1, 0]) times its weight."""

    specialty: float = 35.0
    title: float = 10.0
    pairing: float = 20.0
    availability: float = 10.0
    continuity: float = 5.0
    fairness: float = 5.0
    priority: float = 15.0


@dataclass(frozen=True)
class Problem:
    people: tuple[Person, ...]
    needs: tuple[Need, ...]
    teams: tuple[TeamNeed, ...] = ()
    pairings: tuple[Pairing, ...] = ()
    busy: tuple[Busy, ...] = ()
    pins: frozenset[tuple[str, str]] = frozenset()
    exclusions: frozenset[tuple[str, str]] = frozenset()
    org_caps: dict[str, int] = field(default_factory=dict)
    weights: Weights = field(default_factory=Weights)
    related: dict[str, frozenset[str]] = field(default_factory=dict)
    text_threshold: float = 0.35


def validate(problem: Problem) -> None:
    """Cross-object checks (ids unique and known, teams disjoint, caps non-negative)."""
    people = {}
    for p in problem.people:
        if p.id in people:
            raise MatchingInputError(f"person {p.id!r}.id", "duplicate person id")
        people[p.id] = p
    needs = {}
    for n in problem.needs:
        if n.id in needs:
            raise MatchingInputError(f"need {n.id!r}.id", "duplicate need id")
        needs[n.id] = n
    owner: dict[str, str] = {}
    team_ids: set[str] = set()
    for t in problem.teams:
        if t.id in team_ids:
            raise MatchingInputError(f"team {t.id!r}.id", "duplicate team id")
        team_ids.add(t.id)
        for nid in t.member_need_ids:
            if nid not in needs:
                raise MatchingInputError(f"team {t.id!r}.member_need_ids", f"unknown need {nid!r}")
            if nid in owner:
                raise MatchingInputError(
                    f"team {t.id!r}.member_need_ids",
                    f"need {nid!r} is already in team {owner[nid]!r}",
                )
            owner[nid] = t.id
    for b in problem.busy:
        if b.person_id not in people:
            raise MatchingInputError("busy.person_id", f"unknown person {b.person_id!r}")
        if b.end < b.start:
            raise MatchingInputError(f"busy {b.person_id!r}.end", "end is before start")
    for kind, pairs in (("pins", problem.pins), ("exclusions", problem.exclusions)):
        for nid, pid in pairs:
            if nid not in needs:
                raise MatchingInputError(kind, f"unknown need {nid!r}")
            if pid not in people:
                raise MatchingInputError(kind, f"unknown person {pid!r}")
    both = problem.pins & problem.exclusions
    if both:
        raise MatchingInputError("pins", f"pair {sorted(both)[0]} is both pinned and excluded")
    for org, cap in problem.org_caps.items():
        if cap < 0:
            raise MatchingInputError(f"org_caps[{org!r}]", f"must be >= 0, got {cap}")
    for pr in problem.pairings:
        _check_code("pairing", "east_code", pr.east_code)
        _check_code("pairing", "west_code", pr.west_code)


# --- output -------------------------------------------------------------------------


@dataclass(frozen=True)
class RunnerUp:
    person_id: str
    score: float
    assigned_to: str | None  # the need the runner-up got instead, if any


@dataclass(frozen=True)
class Assignment:
    need_id: str
    person_id: str
    score: float
    parts: dict[str, float]
    runner_up: RunnerUp | None = None
    team_id: str | None = None


@dataclass(frozen=True)
class Unfilled:
    need_id: str
    slots: int
    reason_code: str
    reason: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    status: str  # "optimal" | "feasible" | "infeasible"
    objective: float
    bound: float
    gap: float
    assignments: list[Assignment]
    unfilled: list[Unfilled]
    seconds: float
    stats: dict[str, Any] = field(default_factory=dict)
