"""Solvers working on a `MatchGraph`."""

from .flow import solve_flow
from .graph import MatchGraph, Solution, TeamSpec, check_solution
from .greedy import solve_greedy
from .teams import solve_teams

__all__ = [
    "MatchGraph",
    "Solution",
    "TeamSpec",
    "check_solution",
    "solve_flow",
    "solve_greedy",
    "solve_teams",
]


def solve_graph(g: MatchGraph, time_limit: float = 60.0) -> Solution:
    """Teams -> team solver; otherwise the optimal flow."""
    if g.teams:
        return solve_teams(g, time_limit=time_limit)
    return solve_flow(g)
