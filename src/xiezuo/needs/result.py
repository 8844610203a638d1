"""The stored result of a matching round (`Round.result`) and its pins and exclusions, typed.

This is the one reader and writer of these JSON fields: services store `to_json()`,
every consumer (the proposal on the page and in the Excel plan, the approval, the API, the
command line, the engine adapter for pins) reads `from_json()`. In Python every id is the
record's primary key as an `int`. In the stored JSON (which the API shows as it is) the
result names records as the matching engine does — a need or person as the string of its
primary key (`"12"`), a team need as `"team-<pk>"` — and pins and exclusions are
`[[need, person], …]` of ints; the reader also accepts the other spelling of an id, so
every round stored so far reads.

    {"status": "optimal", "objective": 93.1, "seconds": 0.412,
     "assignments": [{"need": "12", "person": "34", "score": 71.2, "parts": {"specialty": 35.0},
                      "team": "team-5" | null,
                      "runner_up": {"person": "35", "score": 60.1, "assigned_to": "13" | null}
                                   | null}],
     "unfilled": [{"need": "14", "slots": 1, "reason_code": "no_specialty", "reason": "…",
                   "details": {…}}],
     "offer_matches": [{"need": "15", "offer": "7", "score": 66.0, "parts": {…}}]}

An offer (供给清单) takes part in the engine as people `"offer-<pk>.<node>"` sharing its
count as capacity; its matches are kept apart (`offer_matches`: no person is named yet), and an
offer is never stored as a runner-up.

Plain Python (no Django), like the engine it reads from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xiezuo.matching import Assignment as EngineAssignment
from xiezuo.matching import Need as EngineNeed
from xiezuo.matching import Result as EngineResult
from xiezuo.matching import Unfilled as EngineUnfilled

TEAM_PREFIX = "team-"
OFFER_PREFIX = "offer-"
_DIGITS = re.compile(r"[0-9]{1,19}")


class ResultFormatError(ValueError):
    """Stored data that is not a round result (written by hand, or damaged)."""


def to_pk(value: object) -> int | None:
    """A primary key as the engine or an older version wrote it (`12` or `"12"`), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value) or None
    return None


def _pk(value: object, where: str) -> int:
    pk = to_pk(value)
    if pk is None:
        raise ResultFormatError(f"{where}: {value!r} is not a primary key")
    return pk


def _optional_pk(value: object, where: str) -> int | None:
    return None if value is None else _pk(value, where)


def _team_pk(value: object, where: str) -> int | None:
    """`"team-5"` (the engine's name of team need 5), or 5."""
    if value is None:
        return None
    if isinstance(value, str) and value.startswith(TEAM_PREFIX):
        value = value[len(TEAM_PREFIX):]
    return _pk(value, where)


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ResultFormatError(f"{where}: expected an object, not {type(value).__name__}")
    return value


def _list(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ResultFormatError(f"{where}: expected a list, not {type(value).__name__}")
    return value


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ResultFormatError(f"{where}: {value!r} is not a number")
    return value  # an int stays an int, so what was stored is written back alike


def json_default(value: object) -> Any:
    """`json.dumps(default=…)` for the engine's data: sets as sorted lists, the rest as text."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


@dataclass(frozen=True)
class RunnerUp:
    """The best other candidate for a match's need."""

    person: int
    score: float
    assigned_to: int | None = None  # the need the runner-up got instead, if any

    @classmethod
    def from_json(cls, data: object, where: str = "runner_up") -> RunnerUp:
        row = _mapping(data, where)
        return cls(person=_pk(row.get("person"), f"{where}.person"),
                   score=_number(row.get("score", 0.0), f"{where}.score"),
                   assigned_to=_optional_pk(row.get("assigned_to"), f"{where}.assigned_to"))

    def to_json(self) -> dict[str, Any]:
        return {"person": str(self.person), "score": self.score,
                "assigned_to": None if self.assigned_to is None else str(self.assigned_to)}


@dataclass(frozen=True)
class Assignment:
    """One proposed match: a person for (one slot of) a need, with the score and its parts."""

    need: int
    person: int
    score: float
    parts: Mapping[str, float] = field(default_factory=dict)
    team: int | None = None  # the team need whose role the need is
    runner_up: RunnerUp | None = None

    @classmethod
    def from_json(cls, data: object, where: str = "assignment") -> Assignment:
        row = _mapping(data, where)
        parts = _mapping(row.get("parts") or {}, f"{where}.parts")
        runner = row.get("runner_up")
        return cls(
            need=_pk(row.get("need"), f"{where}.need"),
            person=_pk(row.get("person"), f"{where}.person"),
            score=_number(row.get("score", 0.0), f"{where}.score"),
            parts={str(k): _number(v, f"{where}.parts.{k}") for k, v in parts.items()},
            team=_team_pk(row.get("team"), f"{where}.team"),
            runner_up=None if runner is None else RunnerUp.from_json(runner, f"{where}.runner_up"),
        )

    @classmethod
    def from_engine(cls, a: EngineAssignment) -> Assignment:
        runner = a.runner_up
        return cls(
            need=_pk(a.need_id, "need"), person=_pk(a.person_id, "person"),
            score=round(a.score, 3), parts={k: round(v, 3) for k, v in a.parts.items()},
            team=_team_pk(a.team_id, "team"),
            runner_up=None if runner is None or is_offer(runner.person_id) else RunnerUp(
                person=_pk(runner.person_id, "runner_up.person"), score=round(runner.score, 3),
                assigned_to=_optional_pk(runner.assigned_to, "runner_up.assigned_to")),
        )

    def part(self, name: str) -> float:
        return self.parts.get(name, 0.0)

    def to_json(self) -> dict[str, Any]:
        return {
            "need": str(self.need), "person": str(self.person), "score": self.score,
            "parts": dict(self.parts),
            "team": None if self.team is None else f"{TEAM_PREFIX}{self.team}",
            "runner_up": None if self.runner_up is None else self.runner_up.to_json(),
        }


def is_offer(engine_id: str | None) -> bool:
    """True for the engine id of an offer (`"offer-<pk>"`)."""
    return engine_id is not None and engine_id.startswith(OFFER_PREFIX)


def offer_pk(engine_id: str) -> int:
    """The offer of an engine id `"offer-<pk>.<node>"` (an offer may take part as several
    nodes: `needs/supply.py`)."""
    return _pk(engine_id[len(OFFER_PREFIX):].split(".", 1)[0], "offer")


@dataclass(frozen=True)
class OfferMatch:
    """One slot of a need proposed to an offer: a person of the offer is named later."""

    need: int
    offer: int
    score: float
    parts: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object, where: str = "offer_match") -> OfferMatch:
        row = _mapping(data, where)
        parts = _mapping(row.get("parts") or {}, f"{where}.parts")
        return cls(need=_pk(row.get("need"), f"{where}.need"),
                   offer=_pk(row.get("offer"), f"{where}.offer"),
                   score=_number(row.get("score", 0.0), f"{where}.score"),
                   parts={str(k): _number(v, f"{where}.parts.{k}") for k, v in parts.items()})

    @classmethod
    def from_engine(cls, a: EngineAssignment) -> OfferMatch:
        return cls(need=_pk(a.need_id, "need"), offer=offer_pk(a.person_id),
                   score=round(a.score, 3), parts={k: round(v, 3) for k, v in a.parts.items()})

    def part(self, name: str) -> float:
        return self.parts.get(name, 0.0)

    def to_json(self) -> dict[str, Any]:
        return {"need": str(self.need), "offer": str(self.offer), "score": self.score,
                "parts": dict(self.parts)}


@dataclass(frozen=True)
class Unfilled:
    """A need (or some of its slots) left open, and why: `reason_code` is one of the engine's
    reasons; `details` is the engine's diagnosis (counts per filter), kept as it came."""

    need: int
    slots: int
    reason_code: str
    reason: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object, where: str = "unfilled") -> Unfilled:
        row = _mapping(data, where)
        slots = row.get("slots", 0)
        if isinstance(slots, bool) or not isinstance(slots, int):
            raise ResultFormatError(f"{where}.slots: {slots!r} is not a number of slots")
        return cls(need=_pk(row.get("need"), f"{where}.need"), slots=slots,
                   reason_code=str(row.get("reason_code", "")), reason=str(row.get("reason", "")),
                   details=dict(_mapping(row.get("details") or {}, f"{where}.details")))

    @classmethod
    def from_engine(cls, u: EngineUnfilled) -> Unfilled:
        return cls(need=_pk(u.need_id, "need"), slots=u.slots, reason_code=u.reason_code,
                   reason=u.reason, details=json.loads(json.dumps(u.details, default=json_default)))

    def to_json(self) -> dict[str, Any]:
        return {"need": str(self.need), "slots": self.slots, "reason_code": self.reason_code,
                "reason": self.reason, "details": dict(self.details)}


@dataclass(frozen=True)
class RoundResult:
    """What a round's run proposed: the matches and the needs left open."""

    status: str  # the engine's: "optimal" | "feasible" | "infeasible"
    objective: float = 0.0
    seconds: float = 0.0
    assignments: tuple[Assignment, ...] = ()
    unfilled: tuple[Unfilled, ...] = ()
    offer_matches: tuple[OfferMatch, ...] = ()

    @classmethod
    def from_json(cls, data: object) -> RoundResult:
        """Read a stored result; `ResultFormatError` if it is not one."""
        row = _mapping(data, "result")
        return cls(
            status=str(row.get("status", "")),
            objective=_number(row.get("objective", 0.0), "objective"),
            seconds=_number(row.get("seconds", 0.0), "seconds"),
            assignments=tuple(Assignment.from_json(a, f"assignments[{i}]")
                              for i, a in enumerate(_list(row.get("assignments"), "assignments"))),
            unfilled=tuple(Unfilled.from_json(u, f"unfilled[{i}]")
                           for i, u in enumerate(_list(row.get("unfilled"), "unfilled"))),
            offer_matches=tuple(
                OfferMatch.from_json(m, f"offer_matches[{i}]")
                for i, m in enumerate(_list(row.get("offer_matches") or [], "offer_matches"))),
        )

    @classmethod
    def read(cls, data: object) -> RoundResult | None:
        """The stored result of a round, or None when it has none (never run, or changed since)."""
        return cls.from_json(data) if data else None

    @classmethod
    def from_engine(cls, result: EngineResult) -> RoundResult:
        """The engine's `Result` (ids are strings of primary keys), rounded for storing."""
        return cls(status=result.status, objective=result.objective,
                   seconds=round(result.seconds, 3),
                   assignments=tuple(Assignment.from_engine(a) for a in result.assignments
                                     if not is_offer(a.person_id)),
                   unfilled=tuple(Unfilled.from_engine(u) for u in result.unfilled),
                   offer_matches=tuple(OfferMatch.from_engine(a) for a in result.assignments
                                       if is_offer(a.person_id)))

    @classmethod
    def empty_pool(cls, needs: Iterable[EngineNeed]) -> RoundResult:
        """The result of a round whose pool is empty: every need unfilled, saying why."""
        return cls(status="infeasible", unfilled=tuple(
            Unfilled(need=_pk(n.id, "need"), slots=n.slots, reason_code="empty_pool",
                     reason="Nobody is in the pool") for n in needs))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status, "objective": self.objective, "seconds": self.seconds,
            "assignments": [a.to_json() for a in self.assignments],
            "unfilled": [u.to_json() for u in self.unfilled],
        }
        if self.offer_matches:  # a round without offers is stored as before
            data["offer_matches"] = [m.to_json() for m in self.offer_matches]
        return data

    def need_ids(self) -> set[int]:
        """Every need the result names (matched or left open)."""
        return ({a.need for a in self.assignments} | {u.need for u in self.unfilled}
                | {m.need for m in self.offer_matches})

    def offer_ids(self) -> set[int]:
        """Every offer the result names."""
        return {m.offer for m in self.offer_matches}

    def person_ids(self) -> set[int]:
        """Every person the result names (matched or runner-up)."""
        return {a.person for a in self.assignments} | {
            a.runner_up.person for a in self.assignments if a.runner_up is not None}


# --- pins and exclusions (`Round.pins`, `Round.exclusions`) ---------------------------------


@dataclass(frozen=True)
class Pair:
    """A (need, person) pair: a pinned match or an excluded person."""

    need: int
    person: int

    def to_json(self) -> list[int]:
        return [self.need, self.person]


def read_pairs(data: object) -> tuple[Pair, ...]:
    """The stored pairs (`[[need, person], …]`, ids as ints or digits). Anything else in the
    list (e.g. typed into the admin) is not a pair and is left out."""
    pairs = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            need, person = to_pk(item[0]), to_pk(item[1])
            if need is not None and person is not None:
                pairs.append(Pair(need, person))
    return tuple(pairs)


def write_pairs(pairs: Iterable[Pair]) -> list[list[int]]:
    return [p.to_json() for p in pairs]
