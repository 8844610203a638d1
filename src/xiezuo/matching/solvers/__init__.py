"""Solvers working on a `MatchGraph`. The team solver (`solvers.teams`, with HiGHS and
scipy.optimize) is imported where it is used, not here: a graph without teams is solved
without loading it."""

import time

from .flow import solve_flow
from .graph import MatchGraph, Solution, TeamSpec, check_solution, deadline_for
from .greedy import solve_greedy

__all__ = [
    "MatchGraph",
    "Solution",
    "TeamSpec",
    "check_solution",
    "deadline_for",
    "solve_flow",
    "solve_greedy",
]


def solve_graph(g: MatchGraph, time_limit: float = 60.0) -> Solution:
    """Teams -> team solver; otherwise the optimal flow."""
    if g.teams:
        from .teams import solve_teams  # only for graphs with teams (HiGHS, scipy.optimize)

        return solve_teams(g, time_limit=time_limit)
    return solve_flow(g, deadline=deadline_for(time_limit, time.perf_counter()))
