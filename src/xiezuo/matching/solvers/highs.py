"""HiGHS MIP with a starting solution, through the HiGHS that scipy bundles.

scipy's `milp` cannot take a starting solution (an incumbent); the HiGHS binding that
scipy ships (`scipy.optimize._highspy._core`, private but fixed by the pinned scipy
version) can (`setSolution`). The starting plan prunes the search from the first node
on. If that binding is missing (another scipy), `milp` solves without the start.
ortools and a separately installed highspy cannot share a process (MATCHING-NOTES);
scipy's bundled HiGHS can.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csc_matrix

from ..arrays import FloatArray

try:  # the private binding of the pinned scipy
    from scipy.optimize._highspy import _core as _h
except ImportError:  # pragma: no cover - another scipy version
    _h = None

INF = 1e30


@dataclass
class MipResult:
    """Solution of `min c @ x` (x None when none was found), HiGHS's bound and status."""

    x: FloatArray | None
    status: str  # "optimal", "limit" (stopped with or without a solution), "infeasible"
    objective: float  # c @ x, +inf without x
    dual_bound: float  # a proven lower bound on min c @ x (-inf when unknown)
    nodes: int


def solve_mip(c: FloatArray, a: Any, lo: FloatArray, hi: FloatArray, lb: FloatArray,
              ub: FloatArray, *, time_limit: float, start: FloatArray | None = None,
              rel_gap: float = 1e-9) -> MipResult:
    """Binary/integer MIP: every variable integral, lo <= a @ x <= hi, lb <= x <= ub."""
    if _h is None:  # pragma: no cover
        return _by_milp(c, a, lo, hi, lb, ub, time_limit, rel_gap)
    n = int(c.size)
    m = csc_matrix(a)
    lp = _h.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = int(m.shape[0])
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = int(m.shape[0])
    lp.a_matrix_.format_ = _h.MatrixFormat.kColwise
    lp.a_matrix_.start_ = m.indptr.astype(np.int32)
    lp.a_matrix_.index_ = m.indices.astype(np.int32)
    lp.a_matrix_.value_ = m.data.astype(np.float64)
    lp.col_cost_ = np.asarray(c, dtype=np.float64)
    lp.col_lower_ = np.asarray(lb, dtype=np.float64)
    lp.col_upper_ = np.asarray(ub, dtype=np.float64)
    lp.row_lower_ = np.clip(np.asarray(lo, dtype=np.float64), -INF, INF)
    lp.row_upper_ = np.clip(np.asarray(hi, dtype=np.float64), -INF, INF)
    lp.integrality_ = [_h.HighsVarType.kInteger] * n
    highs = _h._Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(max(0.05, time_limit)))
    highs.setOptionValue("mip_rel_gap", float(rel_gap))
    if highs.passModel(lp) == _h.HighsStatus.kError:
        return MipResult(None, "limit", float("inf"), -float("inf"), 0)
    if start is not None:
        sol = _h.HighsSolution()
        sol.col_value = np.asarray(start, dtype=np.float64)
        sol.value_valid = True
        highs.setSolution(sol)
    highs.run()
    model = highs.getModelStatus()
    info = highs.getInfo()
    obj = float(info.objective_function_value)
    has_x = info.primal_solution_status == _h.kSolutionStatusFeasible and abs(obj) < INF
    x = np.asarray(highs.getSolution().col_value, dtype=np.float64) if has_x else None
    bound = float(info.mip_dual_bound)
    if model == _h.HighsModelStatus.kOptimal:
        status = "optimal"
    elif model == _h.HighsModelStatus.kInfeasible:
        status = "infeasible"
    else:
        status = "limit"
    if not np.isfinite(bound) or abs(bound) >= INF:
        bound = obj if status == "optimal" else -float("inf")
    return MipResult(x, status, obj if x is not None else float("inf"), bound,
                     int(info.mip_node_count))


def _by_milp(c: FloatArray, a: Any, lo: FloatArray, hi: FloatArray, lb: FloatArray,
             ub: FloatArray, time_limit: float, rel_gap: float) -> MipResult:  # pragma: no cover
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = milp(c, constraints=LinearConstraint(a, lo, hi), integrality=np.ones(c.size),
                   bounds=Bounds(lb, ub),
                   options={"time_limit": max(0.05, time_limit), "mip_rel_gap": rel_gap})
    status = {0: "optimal", 2: "infeasible"}.get(int(res.status), "limit")
    dual = getattr(res, "mip_dual_bound", None)
    x = None if res.x is None else np.asarray(res.x, dtype=np.float64)
    obj = float(c @ x) if x is not None else float("inf")
    bound = float(dual) if dual is not None and np.isfinite(dual) else (
        obj if status == "optimal" else -float("inf"))
    return MipResult(x, status, obj, bound, int(getattr(res, "mip_node_count", 0) or 0))
