"""xiezuo.matching — the matching engine (no Django).

Entry points: `solve(problem, time_limit)` for the typed API (`model.py`), and
`load_instance` / `solve_instance` for instance files (`instance.py`).
"""

from .engine import solve
from .instance import InstanceError, load_instance, solve_instance
from .model import (
    Assignment,
    Busy,
    MatchingInputError,
    Need,
    Pairing,
    Person,
    Problem,
    Result,
    RunnerUp,
    TeamNeed,
    Unfilled,
    Weights,
    Window,
)

__all__ = [
    "Assignment",
    "Busy",
    "InstanceError",
    "MatchingInputError",
    "Need",
    "Pairing",
    "Person",
    "Problem",
    "Result",
    "RunnerUp",
    "TeamNeed",
    "Unfilled",
    "Weights",
    "Window",
    "load_instance",
    "solve",
    "solve_instance",
]
