"""Benchmark of the team solver against a joint HiGHS MIP run in the same process.

    .venv/bin/python bench/matching_teams.py [--runs 10000:4000:200:1,10000:4000:200:2]
        [--time-limit 60] [--ref-limit 300] [--no-reference]

Each run (people:needs:teams:seed) builds `generate_problem(people, needs, teams, seed)`
with `xiezuo.matching.engine.build` (teams of five roles, all from one city) and solves
it three times:

* ours — `solve_teams(g, time_limit=T)` (method auto), with its proven bound;
* ours at 5 s — `solve_teams(g, time_limit=5)`: the wall time and the status;
* the reference — one HiGHS MIP over the WHOLE candidate graph (x per pair, y per team,
  z per (team, city)), no decomposition, no warm start, `--ref-limit` seconds. Its
  status, objective and proven bound are printed; "below opt" is
  (reference bound - ours) / reference bound, the distance to the proven optimum (to the
  reference's bound when it does not finish). Too large for the reference (national
  scale: tens of millions of pairs): the gap is against our own bound only.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from xiezuo.matching.engine import build  # noqa: E402
from xiezuo.matching.generator import generate_problem  # noqa: E402
from xiezuo.matching.solvers import check_solution  # noqa: E402
from xiezuo.matching.solvers.joint import joint_mip  # noqa: E402
from xiezuo.matching.solvers.teams import solve_teams  # noqa: E402

REFERENCE_MAX_PAIRS = 2_000_000  # above this the whole-graph MIP is not attempted
RUNS = "10000:4000:200:1,10000:4000:200:2,100000:30000:1000:1"


def _formed(g: Any, chosen: np.ndarray) -> int:
    team_of = g.team_of_need()
    return len({int(t) for t in team_of[g.edge_need[chosen]] if t >= 0})


def bench_teams(people: int, needs: int, teams: int, seed: int, time_limit: float,
                reference: bool, ref_limit: float = 300.0) -> dict[str, Any]:
    """One run: ours at `time_limit`, ours at 5 s, the whole-graph MIP reference."""
    t = time.perf_counter()
    g = build(generate_problem(people, needs, teams, seed)).graph
    row: dict[str, Any] = {"size": f"{people // 1000}k x {needs // 1000}k s{seed}",
                           "teams": teams, "pairs": g.n_edges,
                           "build_s": time.perf_counter() - t}
    gc.collect()
    t = time.perf_counter()
    ours = solve_teams(g, time_limit=time_limit)
    row["ours_s"] = time.perf_counter() - t
    assert not check_solution(g, ours.chosen), "our plan breaks a constraint"
    row |= {"method": str(ours.stats.get("solver")), "obj": ours.objective,
            "bound": ours.bound, "gap": ours.gap, "formed": _formed(g, ours.chosen),
            "status": ours.status}
    gc.collect()
    t = time.perf_counter()
    quick = solve_teams(g, time_limit=5.0)
    row["tl5_s"] = time.perf_counter() - t
    assert not check_solution(g, quick.chosen), "the 5 s plan breaks a constraint"
    assert quick.bound >= quick.objective - 1e-6
    row |= {"tl5_status": quick.status, "tl5_gap": quick.gap,
            "tl5_method": str(quick.stats.get("solver"))}
    if reference and g.n_edges <= REFERENCE_MAX_PAIRS:
        gc.collect()
        t = time.perf_counter()
        team_of = g.team_of_need()
        useful = (team_of[g.edge_need] >= 0) | (g.edge_score > 0) | g.forced_mask()
        ref = joint_mip(g, np.flatnonzero(useful), time.perf_counter() + ref_limit)
        row["ref_s"] = time.perf_counter() - t
        assert not check_solution(g, ref.chosen), "the reference plan breaks a constraint"
        found = bool(ref.chosen.any())
        row |= {"ref_status": f"{ref.stats.get('mip_status')}" + ("" if found else ", no plan"),
                "ref_obj": ref.objective if found else None,
                "ref_bound": ref.bound if np.isfinite(ref.bound) else None}
        if found and ref.objective > 0:
            row["ours_ref"] = ours.objective / ref.objective
        if np.isfinite(ref.bound) and ref.bound > 0:
            row["below_opt"] = (ref.bound - ours.objective) / ref.bound
    else:
        row["ref_status"] = "not run" if reference else "skipped"
    return row


def _table(rows: list[dict[str, Any]], cols: list[tuple[str, str, str]]) -> str:
    lines = [" | ".join(title for _, title, _ in cols),
             " | ".join("-" * len(title) for _, title, _ in cols)]
    for r in rows:
        lines.append(" | ".join("-" if r.get(k) is None else format(r[k], f)
                                for k, _, f in cols))
    return "\n".join(lines)


COLUMNS = [
    ("size", "size", "s"), ("teams", "teams", "d"), ("pairs", "pairs", ",d"),
    ("method", "method", "s"), ("ours_s", "ours s", ".1f"), ("obj", "objective", ",.1f"),
    ("bound", "bound", ",.1f"), ("gap", "gap", ".4%"), ("formed", "formed", "d"),
    ("ref_status", "ref status", "s"), ("ref_s", "ref s", ".1f"),
    ("ref_obj", "ref objective", ",.1f"), ("ref_bound", "ref bound", ",.1f"),
    ("ours_ref", "ours/ref", ".6f"), ("below_opt", "below opt", ".4%"),
    ("tl5_s", "tl-5 wall s", ".2f"), ("tl5_status", "tl-5 status", "s"),
    ("tl5_gap", "tl-5 gap", ".3%"),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", default=RUNS, help="people:needs:teams:seed, comma-separated")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--ref-limit", type=float, default=300.0)
    ap.add_argument("--no-reference", action="store_true")
    args = ap.parse_args()
    rows = []
    for spec in args.runs.split(","):
        p, n, t, s = (int(x) for x in spec.split(":"))
        print(f"# {spec} ...", file=sys.stderr, flush=True)
        rows.append(bench_teams(p, n, t, s, args.time_limit, not args.no_reference,
                                args.ref_limit))
        print(f"# {rows[-1]}", file=sys.stderr, flush=True)
    print(f"Teams: ours (time limit {args.time_limit:g} s) against a whole-graph HiGHS MIP "
          f"(limit {args.ref_limit:g} s), same run")
    print(_table(rows, COLUMNS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
