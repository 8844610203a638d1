"""Instance files: validation, brute-force optimum, plan shape and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from xiezuo.matching.instance import InstanceError, graph_to_instance, load_instance, solve_instance

from .brute import brute_force, random_graph

CLI = "import sys; from xiezuo.matching.cli import main; sys.exit(main(sys.argv[1:]))"


def _instance(**extra: object) -> dict[str, Any]:
    data = {
        "people": [{"id": "p1", "capacity": 1, "group": "A"}, {"id": "p2", "group": "B"},
                   {"id": "p3", "capacity": 2, "group": "A"}],
        "needs": [{"id": "n1", "slots": 2}, {"id": "n2"}, {"id": "n3"}],
        "candidates": [
            {"need": "n1", "person": "p1", "score": 87.5},
            {"need": "n1", "person": "p2", "score": 50},
            {"need": "n2", "person": "p2", "score": 60},
            {"need": "n2", "person": "p3", "score": -5},
            {"need": "n3", "person": "p3", "score": 40},
        ],
        "teams": [{"id": "t1", "needs": ["n2", "n3"], "all_or_nothing": True,
                   "same_group": True}],
    }
    data.update(extra)
    return data


def test_plan_shape_and_negative_score_completing_a_team() -> None:
    plan = solve_instance(load_instance(_instance()), time_limit=5)
    assert list(plan) == ["status", "objective", "bound", "assignments", "unfilled", "seconds"]
    assert plan["status"] == "optimal"
    # team t1 needs p3 on n2 (score -5) and n3 (40): worth 35 > 0, p2 then goes to n1
    assert plan["objective"] == pytest.approx(87.5 + 50 + 35)
    assert plan["bound"] == pytest.approx(plan["objective"])
    got = {(a["need"], a["person"]) for a in plan["assignments"]}
    assert got == {("n1", "p1"), ("n1", "p2"), ("n2", "p3"), ("n3", "p3")}
    assert plan["unfilled"] == []


@pytest.mark.parametrize("seed", range(40))
def test_instance_objective_equals_brute_force(seed: int) -> None:
    g = random_graph(np.random.default_rng(5000 + seed), teams=seed % 2 == 0)
    pids = [f"p{i}" for i in range(g.n_people)]
    nids = [f"n{j}" for j in range(g.n_needs)]
    inst = load_instance(json.loads(json.dumps(graph_to_instance(g, pids, nids))))
    plan = solve_instance(inst, time_limit=5)
    assert plan["objective"] == pytest.approx(brute_force(inst.graph), abs=1e-6)
    filled = {n: 0 for n in nids}
    for a in plan["assignments"]:
        filled[a["need"]] += 1
    left = {u["need"]: u["slots"] for u in plan["unfilled"]}
    for j, n in enumerate(nids):
        assert left.get(n, 0) == int(g.slots[j]) - filled[n]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_instance(people=[{"id": "p1", "capacity": -1}]), "must not be negative"),
        (_instance(needs=[{"id": "n1", "slots": -2}]), "must not be negative"),
        (_instance(candidates=[{"need": "n1", "person": "px", "score": 1}]), "unknown person"),
        (_instance(candidates=[{"need": "nx", "person": "p1", "score": 1}]), "unknown need"),
        (_instance(candidates=[{"need": "n1", "person": "p1", "score": 1},
                               {"need": "n1", "person": "p1", "score": 2}]), "duplicate candidate"),
        (_instance(teams=[{"id": "t", "needs": ["n1", "n1"]}]), "twice"),
        (_instance(teams=[{"id": "t", "needs": ["n1"]}, {"id": "u", "needs": ["n1"]}]),
         "already in team"),
        (_instance(teams=[{"id": "t", "needs": ["nx"]}]), "unknown need"),
        (_instance(candidates=[{"need": "n1", "person": "p1", "score": "high"}]), "finite number"),
        ({"people": []}, "missing top-level key 'needs'"),
        ([], "JSON object"),
    ],
)
def test_invalid_instances(data: object, message: str) -> None:
    with pytest.raises(InstanceError, match=message):
        load_instance(data)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parents[4]
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True,
                          cwd=root, timeout=60)


def test_cli_solve(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(_instance()), encoding="utf-8")
    out = _run("solve", str(path), "--time-limit", "5")
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["status"] == "optimal"
    assert {"need", "person"} == set(plan["assignments"][0])


def test_cli_invalid_instance(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_instance(needs=[{"id": "n1", "slots": -1}])), encoding="utf-8")
    out = _run("solve", str(path))
    assert out.returncode == 2
    assert "slots" in out.stderr and "negative" in out.stderr
    assert out.stdout == ""
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    assert _run("solve", str(tmp_path / "junk.json")).returncode == 2
    assert _run("solve", str(tmp_path / "missing.json")).returncode == 2


def test_cli_generate_then_solve(tmp_path: Path) -> None:
    path = tmp_path / "gen.json"
    out = _run("generate", "--people", "200", "--needs", "60", "--teams", "3", "--seed", "3",
               str(path))
    assert out.returncode == 0, out.stderr
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["people"]) == 200 and len(data["teams"]) == 3
    solved = _run("solve", str(path))
    assert solved.returncode == 0, solved.stderr
    assert json.loads(solved.stdout)["status"] in ("optimal", "feasible")
