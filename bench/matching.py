"""Benchmark of the matching engine on seeded national-structure instances.

    .venv/bin/python bench/matching.py [--sizes 1k,10k,national] [--seed 1] [--time-limit 60]

For every size (people; needs = 0.3 x people; team needs = people / 100) it builds two
instances with `xiezuo.matching.generator`: single-post needs only, and the same with
team needs. Single-post: our flow (certified pruning, components, 2 processes) against
the reference — OR-Tools min-cost flow on the FULL candidate graph as one network, no
splitting, no pruning — and the greedy baseline. Teams: our team solver (joint MIP or
two-stage, with its proven bound) against greedy. Prints one table per instance kind.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import matching_instance  # bench/ (the script's folder is on the path)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from xiezuo.matching.engine import build  # noqa: E402
from xiezuo.matching.generator import generate_problem  # noqa: E402
from xiezuo.matching.solvers import (  # noqa: E402
    check_solution,
    solve_flow,
    solve_greedy,
)
from xiezuo.matching.solvers.teams import solve_teams  # noqa: E402

SIZES = {"1k": 1_000, "10k": 10_000, "30k": 30_000, "national": 100_000}


def peak_mb() -> float:
    """Peak resident memory of this process and its finished children (MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    gc.collect()
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def bench_single(name: str, people: int, seed: int, reference: bool) -> dict:
    problem, t_gen = timed(generate_problem, people, int(people * 0.3), 0, seed)
    built, t_cand = timed(build, problem)
    g = built.graph
    mem_cand = peak_mb()
    ours, t_ours = timed(solve_flow, g)
    assert not check_solution(g, ours.chosen)
    row = {
        "size": name, "people": people, "needs": g.n_needs, "pairs": g.n_edges,
        "gen_s": t_gen, "cand_s": t_cand, "ours_s": t_ours, "ours_obj": ours.objective,
        "rounds": ours.stats.get("rounds"), "certified": ours.stats.get("certified", True),
        "mem_mb": mem_cand,
    }
    if reference:
        ref, t_ref = timed(solve_flow, g, split=False, prune=False, workers=1)
        row.update(ref_s=t_ref, ref_obj=ref.objective, ratio=t_ref / t_ours)
    greedy, t_greedy = timed(solve_greedy, g)
    assert not check_solution(g, greedy.chosen)
    row.update(greedy_s=t_greedy, greedy_obj=greedy.objective, mem_mb=peak_mb())
    return row


def bench_teams(name: str, people: int, seed: int, time_limit: float) -> dict:
    n_teams = max(1, people // 100)
    problem = generate_problem(people, int(people * 0.3), n_teams, seed)
    built, t_cand = timed(build, problem)
    g = built.graph
    ours, t_ours = timed(solve_teams, g, time_limit=time_limit)
    assert not check_solution(g, ours.chosen)
    greedy, t_greedy = timed(solve_greedy, g)
    assert not check_solution(g, greedy.chosen)
    team_of = g.team_of_need()
    formed = len({int(t) for t in team_of[g.edge_need[ours.chosen]] if t >= 0})
    g_formed = len({int(t) for t in team_of[g.edge_need[greedy.chosen]] if t >= 0})
    return {
        "size": name, "teams": n_teams, "pairs": g.n_edges, "cand_s": t_cand,
        "method": ours.stats.get("solver"), "ours_s": t_ours, "obj": ours.objective,
        "bound": ours.bound, "gap": ours.gap, "formed": formed, "greedy_obj": greedy.objective,
        "greedy_formed": g_formed, "greedy_s": t_greedy, "mem_mb": peak_mb(),
    }


def _table(rows: list[dict], cols: list[tuple[str, str, str]]) -> str:
    head = " | ".join(title for _, title, _ in cols)
    lines = [head, " | ".join("-" * len(title) for _, title, _ in cols)]
    for r in rows:
        cells = []
        for key, _, fmt in cols:
            v = r.get(key)
            cells.append("-" if v is None else format(v, fmt))
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="1k,10k,national")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=60.0, help="team solver limit (s)")
    ap.add_argument("--no-reference", action="store_true", help="skip the full-graph reference")
    ap.add_argument("--no-teams", action="store_true")
    ap.add_argument("--instance", action="store_true", help=(
        "also the instance file end to end (`xiezuo match solve` on 60,000 x 25,000, each "
        "need's 28 best pairs, seeds 1 and 2) against OR-Tools building and solving the "
        "same graph (bench/matching_instance.py)"))
    args = ap.parse_args()
    if args.instance:
        workdir = Path(tempfile.mkdtemp(prefix="xiezuo-instance-"))
        try:
            rows = [matching_instance.bench_instance(60_000, 25_000, seed, workdir, 2, 28)
                    for seed in (args.seed, args.seed + 1)]
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        print("Instance file end to end (e2e = process start to plan written; ref = OR-Tools "
              "min-cost flow built and solved in this process; goal e2e <= ref + 1 s)")
        print(matching_instance.table(rows))
        print()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    single: list[dict] = []
    teams: list[dict] = []
    for s in sizes:
        people = SIZES.get(s) or int(s.replace("k", "000"))
        print(f"# {s}: single-post ...", file=sys.stderr, flush=True)
        single.append(bench_single(s, people, args.seed, not args.no_reference))
        print(f"# {single[-1]}", file=sys.stderr, flush=True)
        if not args.no_teams:
            print(f"# {s}: teams ...", file=sys.stderr, flush=True)
            teams.append(bench_teams(s, people, args.seed, args.time_limit))
            print(f"# {teams[-1]}", file=sys.stderr, flush=True)
    for r in single:
        r["ours_rel"] = r["ours_obj"] / r["ref_obj"] if r.get("ref_obj") else None
        r["greedy_rel"] = r["greedy_obj"] / (r.get("ref_obj") or r["ours_obj"])
    print("Single-post needs (objective relative to the full-graph optimum)")
    print(_table(single, [
        ("size", "size", "s"), ("people", "people", "d"), ("needs", "needs", "d"),
        ("pairs", "candidate pairs", ",d"), ("cand_s", "cand gen s", ".2f"),
        ("ours_s", "ours solve s", ".2f"), ("rounds", "rounds", "d"),
        ("ref_s", "reference s", ".2f"), ("ratio", "ref/ours", ".2f"),
        ("ours_obj", "objective", ",.1f"), ("ours_rel", "ours/opt", ".6f"),
        ("greedy_rel", "greedy/opt", ".4f"), ("greedy_s", "greedy s", ".2f"),
        ("mem_mb", "peak MiB", ".0f"),
    ]))
    if teams:
        for r in teams:
            r["greedy_rel"] = r["greedy_obj"] / r["obj"] if r["obj"] else None
        print()
        print("Team needs (all-or-nothing, one source city) with single needs competing")
        print(_table(teams, [
            ("size", "size", "s"), ("teams", "teams", "d"), ("pairs", "candidate pairs", ",d"),
            ("cand_s", "cand gen s", ".2f"), ("method", "method", "s"),
            ("ours_s", "solve s", ".2f"), ("obj", "objective", ",.1f"),
            ("bound", "bound", ",.1f"), ("gap", "gap", ".4%"), ("formed", "teams formed", "d"),
            ("greedy_rel", "greedy/ours", ".4f"), ("greedy_formed", "greedy formed", "d"),
            ("mem_mb", "peak MiB", ".0f"),
        ]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
