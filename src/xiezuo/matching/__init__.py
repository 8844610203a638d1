"""xiezuo.matching — the matching engine (no Django).

The package holds the typed input and output (`model.py`). Entry points:
`xiezuo.matching.engine.solve(problem, time_limit)` for the typed API, and
`xiezuo.matching.instance` (`read_instance` / `load_instance` / `solve_instance`) for
instance files. They are not imported here: `xiezuo match solve` starts without loading
candidate generation, scoring and the team solver (and what they import).
"""

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
]
