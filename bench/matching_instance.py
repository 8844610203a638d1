"""Instance files end to end: `xiezuo match solve FILE > PLAN` against OR-Tools.

For each size and seed: `xiezuo match generate --teams 0` writes the instance (kept in
the work folder and reused), then
- e2e: `xiezuo match solve FILE > PLAN` as a subprocess, wall clock from process start
  to the plan written (best of `--repeat` runs);
- references in this process, on the graph read from the same file:
  `ref` — OR-Tools SimpleMinCostFlow built straight from the graph arrays (source ->
  person -> need -> sink plus a zero-cost bypass, positive-score pairs) and solved;
  `ref_flow` — `solve_flow(g, split=False, prune=False, workers=1)`, the reference of
  bench/matching.py (the same network through the engine's builder);
  each the best of `--repeat` runs;
- acceptance (issue 17): e2e <= ref + 1 s and the plan's objective equals the reference's.

    .venv/bin/python bench/matching_instance.py --people 60000 --needs 25000 --seed 1

`bench_instance(people, needs, seed, workdir)` returns one row (bench/matching.py).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from ortools.graph.python import min_cost_flow

from xiezuo.matching.instance import read_instance
from xiezuo.matching.solvers import MatchGraph, solve_flow
from xiezuo.matching.solvers.graph import cost_scale


def _command() -> list[str]:
    script = Path(sys.executable).parent / "xiezuo"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "xiezuo.cli"]


def direct_reference(g: MatchGraph) -> float:
    """Build an OR-Tools min-cost flow from the graph arrays, solve it, return the
    objective (teams ignored: single needs only)."""
    act = np.flatnonzero(g.edge_score > 0)
    scale = cost_scale(g.edge_score[act])
    n_p, n_n = g.n_people, g.n_needs
    src, snk, p0 = 0, 1, 2
    n0 = p0 + n_p
    m = act.size
    total = int(min(g.capacity.sum(), g.slots.sum()))
    tails = np.concatenate([[src], p0 + g.edge_person[act], np.full(n_p, src),
                            n0 + np.arange(n_n)]).astype(np.int32)
    heads = np.concatenate([[snk], n0 + g.edge_need[act], p0 + np.arange(n_p),
                            np.full(n_n, snk)]).astype(np.int32)
    caps = np.concatenate([[total], np.ones(m, dtype=np.int64), g.capacity, g.slots])
    costs = np.concatenate([[0], -np.rint(g.edge_score[act] * scale).astype(np.int64),
                            np.zeros(n_p + n_n, dtype=np.int64)])
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps.astype(np.int64), costs)
    supplies = np.zeros(n0 + n_n, dtype=np.int64)
    supplies[src], supplies[snk] = total, -total
    smcf.set_nodes_supplies(np.arange(n0 + n_n, dtype=np.int32), supplies)
    if smcf.solve() != smcf.OPTIMAL:
        raise RuntimeError("reference min-cost flow failed")
    flows = np.asarray(smcf.flows(np.arange(1, 1 + m, dtype=np.int32)))
    return float(g.edge_score[act[flows > 0]].sum())


def _best(fn: Any, repeat: int) -> tuple[Any, float]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return out, best


def bench_instance(people: int, needs: int, seed: int, workdir: Path,
                   repeat: int = 2, shortlist: int = 0) -> dict[str, Any]:
    """One row: sizes, end-to-end `xiezuo match solve` and the in-process references."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"instance_{people}x{needs}_k{shortlist}_s{seed}.json"
    gen_s = 0.0
    if not path.exists():
        t = time.perf_counter()
        subprocess.run([*_command(), "match", "generate", "--people", str(people), "--needs",
                        str(needs), "--teams", "0", "--seed", str(seed),
                        "--shortlist", str(shortlist), str(path)],
                       check=True)
        gen_s = time.perf_counter() - t
    plan_path = workdir / f"plan_{people}x{needs}_s{seed}.json"

    def e2e() -> int:
        with open(plan_path, "wb") as out:
            return subprocess.run([*_command(), "match", "solve", str(path)], stdout=out,
                                  check=True).returncode

    _, t_e2e = _best(e2e, repeat)
    plan = json.loads(plan_path.read_bytes())
    inst, t_load = _best(lambda: read_instance(path.read_bytes()), 1)
    g = inst.graph
    ref_obj, t_ref = _best(lambda: direct_reference(g), repeat)
    ref_flow, t_ref_flow = _best(lambda: solve_flow(g, split=False, prune=False, workers=1),
                                 repeat)
    ok = (abs(plan["objective"] - ref_obj) <= 1e-6 * max(1.0, abs(ref_obj))
          and abs(ref_flow.objective - ref_obj) <= 1e-6 * max(1.0, abs(ref_obj)))
    return {
        "people": people, "needs": needs, "seed": seed, "pairs": g.n_edges,
        "file_mb": path.stat().st_size / 1e6, "gen_s": gen_s, "load_s": t_load,
        "e2e_s": t_e2e, "plan_s": plan["seconds"], "rest_s": t_e2e - plan["seconds"], "ref_s": t_ref, "ref_flow_s": t_ref_flow,
        "e2e_over_ref1": t_e2e / (t_ref + 1.0), "e2e_minus_ref": t_e2e - t_ref,
        "objective": plan["objective"], "ref_objective": ref_obj,
        "equal": "yes" if ok else "NO", "pass": "yes" if ok and t_e2e <= t_ref + 1.0 else "no",
    }


COLUMNS = [
    ("people", "people", "{}"), ("needs", "needs", "{}"), ("seed", "seed", "{}"),
    ("pairs", "pairs", "{:,}"), ("file_mb", "file MB", "{:.1f}"),
    ("e2e_s", "e2e solve s", "{:.2f}"), ("plan_s", "plan seconds", "{:.2f}"),
    ("rest_s", "e2e-plan s", "{:.2f}"),
    ("load_s", "read s", "{:.2f}"), ("ref_s", "ref s", "{:.2f}"),
    ("ref_flow_s", "ref_flow s", "{:.2f}"), ("e2e_over_ref1", "e2e/(ref+1)", "{:.2f}"),
    ("e2e_minus_ref", "e2e-ref s", "{:+.2f}"), ("equal", "obj equal", "{}"),
    ("pass", "e2e<=ref+1", "{}"),
]


def table(rows: list[dict[str, Any]]) -> str:
    cells = [[h for _, h, _ in COLUMNS]] + [[f.format(r[k]) for k, _, f in COLUMNS]
                                             for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True))
                     for row in cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=60000)
    parser.add_argument("--needs", type=int, default=25000)
    parser.add_argument("--seed", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shortlist", type=int, default=28,
                        help="each need's best K pairs (28: ~0.7M pairs, 42 MB; 0: all)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per timing (best kept)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep instances here (default: a temporary folder, removed)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="xiezuo-instance-"))
    try:
        rows = [bench_instance(args.people, args.needs, s, workdir, args.repeat, args.shortlist)
                for s in args.seed]
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(rows))
    print("ref: OR-Tools SimpleMinCostFlow built from the graph arrays and solved, in this "
          "process; e2e: `xiezuo match solve FILE > PLAN` as a subprocess; best of "
          f"{args.repeat} runs each; e2e-plan: process start, imports, reading and checking "
          "the file, writing the plan (all but the solve)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
