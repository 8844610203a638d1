"""The solver-level problem: a weighted bipartite candidate graph with capacities.

Both entry points (the typed `Problem` API and instance files) are reduced to a
`MatchGraph`; every solver works on it and returns a `Solution`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..arrays import BoolArray, FloatArray, IntArray

# Integer cost scaling for the flow solvers: the largest |score| becomes at most this.
MAX_INT_COST = 1_000_000_000
MAX_SCALE = 1_000_000.0


def deadline_for(time_limit: float, start: float) -> float:
    """The `time.perf_counter()` by which a solver started at `start` stops: steps that
    cannot be interrupted (a flow round, an LP) may end past it, so a margin of 10% of
    the limit is kept (at most 3 s; measured overrun at national scale: 1.8 s)."""
    limit = max(0.0, float(time_limit))
    return start + limit - min(0.1 * limit, 3.0)


@dataclass(frozen=True)
class TeamSpec:
    """A group of needs filled all-or-nothing and/or from one source group."""

    needs: IntArray  # need indices
    all_or_nothing: bool = True
    same: str | None = None  # key into MatchGraph.labels, e.g. "org", "city", "group"


@dataclass
class MatchGraph:
    capacity: IntArray  # per person
    slots: IntArray  # per need
    edge_need: IntArray
    edge_person: IntArray
    edge_score: FloatArray
    teams: list[TeamSpec] = field(default_factory=list)
    labels: dict[str, IntArray] = field(default_factory=dict)  # per-person int labels
    cap_group: IntArray | None = None  # per-person label for group caps (-1: none)
    group_cap: IntArray | None = None  # per-label cap
    forced: BoolArray | None = None  # per edge (pins)
    need_group: IntArray | None = None  # per need, e.g. department: splits round 0
    need_class: IntArray | None = None  # per need, e.g. specialty: team role classes

    @property
    def n_people(self) -> int:
        return int(self.capacity.shape[0])

    @property
    def n_needs(self) -> int:
        return int(self.slots.shape[0])

    @property
    def n_edges(self) -> int:
        return int(self.edge_need.shape[0])

    def forced_mask(self) -> BoolArray:
        if self.forced is None:
            return np.zeros(self.n_edges, dtype=bool)
        return self.forced

    def team_of_need(self) -> IntArray:
        """Team index per need (-1 for single needs)."""
        out = np.full(self.n_needs, -1, dtype=np.int64)
        for t, spec in enumerate(self.teams):
            out[spec.needs] = t
        return out


@dataclass(frozen=True)
class Duals:
    """LP prices of a flow optimum (`solve_flow(duals=True)`), in score units."""

    person_price: FloatArray  # v per person
    need_price: FloatArray  # u per need
    bound: float  # a proven upper bound from them (weak duality)


# What a solver reports about its run (solver name, timings, rounds, …): diagnostics.
Stats = dict[str, object]


@dataclass
class Solution:
    chosen: BoolArray  # per edge
    status: str
    objective: float
    bound: float
    stats: Stats = field(default_factory=dict)
    duals: Duals | None = None

    @property
    def gap(self) -> float:
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float, bound: float) -> float:
    if bound <= objective + 1e-9:
        return 0.0
    return (bound - objective) / max(abs(bound), 1e-9)


def cost_scale(scores: FloatArray) -> float:
    """Factor turning float scores into integer flow costs without overflow."""
    if scores.size == 0:
        return MAX_SCALE
    top = float(np.max(np.abs(scores)))
    if top <= 0:
        return MAX_SCALE
    return min(MAX_SCALE, MAX_INT_COST / top)


def capacities_left(g: MatchGraph, taken: BoolArray | IntArray
                    ) -> tuple[IntArray, IntArray | None]:
    """(person capacities, group caps) left once the pairs `taken` (a mask over the pairs,
    or their indices) are chosen."""
    persons = g.edge_person[taken]
    cap = g.capacity - np.bincount(persons, minlength=g.n_people)
    group_cap = g.group_cap
    if g.cap_group is not None and g.group_cap is not None:
        grp = g.cap_group[persons]
        group_cap = g.group_cap - np.bincount(grp[grp >= 0], minlength=g.group_cap.shape[0])
    return cap, group_cap


def check_solution(g: MatchGraph, chosen: BoolArray) -> list[str]:
    """Violated constraints of a solution (empty when feasible); used by tests and bench."""
    errors: list[str] = []
    used = np.bincount(g.edge_person[chosen], minlength=g.n_people)
    if np.any(used > g.capacity):
        errors.append("person capacity exceeded")
    filled = np.bincount(g.edge_need[chosen], minlength=g.n_needs)
    if np.any(filled > g.slots):
        errors.append("need slots exceeded")
    if g.forced is not None and np.any(g.forced & ~chosen):
        errors.append("pin not honoured")
    if g.cap_group is not None and g.group_cap is not None:
        grp = g.cap_group[g.edge_person[chosen]]
        grp = grp[grp >= 0]
        per = np.bincount(grp, minlength=g.group_cap.shape[0])
        if np.any(per > g.group_cap):
            errors.append("group cap exceeded")
    for spec in g.teams:
        full = filled[spec.needs] == g.slots[spec.needs]
        empty = filled[spec.needs] == 0
        if spec.all_or_nothing and not (full.all() or empty.all()):
            errors.append("team not all-or-nothing")
        if spec.same is not None:
            in_team = chosen & np.isin(g.edge_need, spec.needs)
            labs = np.unique(g.labels[spec.same][g.edge_person[in_team]])
            if labs.size > 1:
                errors.append("team mixes source groups")
    return errors
