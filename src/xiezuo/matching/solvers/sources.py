"""Per-source team MIPs: a better pick of the team fills at adjusted weights.

When a team takes all its people from one source group (a city, an organisation), the
people of a source serve only the teams formed from it. So once every team is given one
source, the team problem at adjusted weights w - v (v: the singles' person prices)
splits into one small exact MIP per source (`joint.py`): which of the teams given to
that source to form, and with whom. The set packing over one best fill per (team,
source) cannot see that a city's second and third teams can take its second- and
third-best people; these MIPs can.

`improve_by_source` starts from a feasible pick. In each round every team that is formed
keeps its source and every other team is proposed to one: in the first round the source
of its best fill (`opts`), later the source of its best fill on the people still free
(at most `NEW_PER_SOURCE` proposals to one source, best fills first). Each source that
got proposals is solved again with its formed and proposed teams, started from the
current plan, so the plan never gets worse. Teams with pins and teams without a
one-source rule keep what they have.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from ..arrays import BoolArray, FloatArray, IntArray
from .graph import MatchGraph, Stats, capacities_left
from .joint import joint_mip
from .options import Options, team_options

SOURCE_PASSES = 3  # rounds of proposals: each team not formed to its best source (by the
# first fills, then by fills on the people still free)
NEW_PER_SOURCE = 30  # teams proposed to one source in one round, at most
SOURCE_MAX_EDGES = 20_000  # a source's MIP above this many pairs is not tried


def improve_by_source(g: MatchGraph, v: FloatArray, opts: Options, chosen: BoolArray,
                      deadline: float) -> tuple[BoolArray, Stats]:
    """(team pairs chosen, stats): `chosen` (team pairs only, feasible) improved at the
    weights w - v by one exact MIP per source, until `deadline`."""
    t0 = time.perf_counter()
    team_of = g.team_of_need()
    et = team_of[g.edge_need]
    pinned = np.zeros(len(g.teams) + 1, dtype=bool)
    pinned[et[g.forced_mask() & (et >= 0)]] = True
    adj = replace(g, edge_score=g.edge_score - v[g.edge_person])
    plan = chosen.copy()
    before = float(adj.edge_score[plan].sum())
    n_mips = 0
    for key in sorted({s.same for s in g.teams if s.same is not None}):
        in_key = np.array([s.same == key and not pinned[t] for t, s in enumerate(g.teams)]
                          + [False])
        pairs = _KeyPairs.of(g, et, key, in_key)
        for step in range(SOURCE_PASSES):
            if time.perf_counter() >= deadline:
                break
            unformed = pairs.unformed(plan)
            if step:  # fills on the people still free: where each team fits now
                used = np.bincount(g.edge_person[plan], minlength=g.n_people)
                opts = team_options(g, v, blocked=used >= g.capacity, teams=unformed,
                                    deadline=deadline)
            todo = pairs.to_solve(_proposals(opts, unformed), plan)
            if not todo:
                break
            for k, idx in enumerate(todo):
                now = time.perf_counter()
                if now >= deadline:
                    break
                if idx.size > SOURCE_MAX_EDGES:
                    continue
                limit = min(deadline, now + 2 * (deadline - now) / (len(todo) - k))
                plan = _solve_source(adj, idx, plan, limit)
                n_mips += 1
    after = float(adj.edge_score[plan].sum())
    return plan, {"source_mips": n_mips, "source_gain": round(after - before, 1),
                  "source_seconds": round(time.perf_counter() - t0, 2)}


def _proposals(opts: Options, teams: list[int]) -> dict[int, int]:
    """Team -> source: each of `teams` to the source of its best fill worth more than
    nothing, at most `NEW_PER_SOURCE` teams to one source (the best fills first)."""
    wanted = set(teams)
    best: dict[int, tuple[float, int]] = {}
    for val, t, lab in zip(opts.value, opts.team, opts.label, strict=True):
        if t in wanted and val > 0 and lab >= 0 and val > best.get(t, (0.0, -1))[0]:
            best[t] = (val, lab)
    out: dict[int, int] = {}
    per_source: dict[int, int] = {}
    for t, (_, lab) in sorted(best.items(), key=lambda r: -r[1][0]):
        if per_source.get(lab, 0) < NEW_PER_SOURCE:
            per_source[lab] = per_source.get(lab, 0) + 1
            out[t] = lab
    return out


@dataclass
class _KeyPairs:
    """The candidate pairs of the teams of one source key: pair index, team, source."""

    n_teams: int
    edge: IntArray
    team: IntArray
    source: IntArray

    @classmethod
    def of(cls, g: MatchGraph, et: IntArray, key: str, in_key: BoolArray) -> _KeyPairs:
        """`et`: the team of every pair (-1: a single need); `in_key`: per team, and -1
        last, whether it is one of this key's teams taking part."""
        edge = np.flatnonzero(in_key[et])
        return cls(len(g.teams), edge, et[edge], g.labels[key][g.edge_person[edge]])

    def unformed(self, plan: BoolArray) -> list[int]:
        formed = np.zeros(self.n_teams, dtype=bool)
        formed[self.team[plan[self.edge]]] = True
        return [t for t in np.unique(self.team).tolist() if not formed[t]]

    def to_solve(self, proposals: dict[int, int], plan: BoolArray) -> list[IntArray]:
        """The pairs of every source given a new team (`proposals`: team -> source):
        the teams formed there and the new ones, one array per source."""
        if not proposals:
            return []
        source = np.full(self.n_teams, -1, dtype=np.int64)
        on = plan[self.edge]
        source[self.team[on]] = self.source[on]
        source[np.fromiter(proposals, dtype=np.int64)] = np.fromiter(proposals.values(),
                                                                      dtype=np.int64)
        mine = self.source == source[self.team]
        mine &= np.isin(self.source, np.unique(np.fromiter(proposals.values(), np.int64)))
        cand = np.flatnonzero(mine)
        cand = cand[np.argsort(self.source[cand], kind="stable")]
        cuts = np.flatnonzero(np.diff(self.source[cand])) + 1
        return [self.edge[part] for part in np.split(cand, cuts) if part.size]


def _solve_source(adj: MatchGraph, idx: IntArray, plan: BoolArray, limit: float
                  ) -> BoolArray:
    """`plan` with the pairs `idx` (one source's teams) solved again exactly: every
    other chosen pair stays and keeps its people."""
    on = np.flatnonzero(plan)
    mine = np.isin(on, idx)
    outside = on[~mine]
    cap, group_cap = capacities_left(adj, outside)
    sub = replace(adj, capacity=np.maximum(cap, 0), group_cap=group_cap)
    mip = joint_mip(sub, idx, limit, start=plan)
    old = float(adj.edge_score[on[mine]].sum())
    if mip.stats.get("mip_status") == "infeasible" or mip.objective <= old + 1e-9:
        return plan
    new = mip.chosen  # a fresh array: the source's pairs as the MIP chose them
    new[outside] = True
    return new
