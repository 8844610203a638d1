"""Instance files: validation, brute-force optimum, plan shape and the CLI."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from xiezuo.matching import instance as instance_module
from xiezuo.matching.cli import main as cli_main
from xiezuo.matching.engine import build
from xiezuo.matching.generator import generate_problem
from xiezuo.matching.instance import (
    Instance,
    InstanceError,
    graph_to_instance,
    load_instance,
    plan_bytes,
    read_instance,
    shortlist,
    solve_instance,
)
from xiezuo.matching.solvers import MatchGraph

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


# ---- the fast path (`read_instance` on a file's bytes) -----------------------------------


def _same(a: Instance, b: Instance) -> None:
    assert a.person_ids == b.person_ids and a.need_ids == b.need_ids
    ga, gb = a.graph, b.graph
    for name in ("capacity", "slots", "edge_need", "edge_person", "edge_score"):
        got, want = getattr(ga, name), getattr(gb, name)
        assert got.dtype == want.dtype and np.array_equal(got, want), name
    assert np.array_equal(ga.labels["group"], gb.labels["group"])
    assert [(list(t.needs), t.all_or_nothing, t.same) for t in ga.teams] == [
        (list(t.needs), t.all_or_nothing, t.same) for t in gb.teams]


def _no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the slow path fail loudly: the fast path must answer by itself."""
    def refuse(data: object) -> Instance:
        raise AssertionError("read_instance fell back to load_instance")
    monkeypatch.setattr(instance_module, "load_instance", refuse)


def test_fast_path_agrees_with_load_instance_on_a_generated_instance(
        monkeypatch: pytest.MonkeyPatch) -> None:
    built = build(generate_problem(300, 90, 4, seed=7))
    g = built.graph
    g.labels["group"] = g.labels["city"]
    data = graph_to_instance(g, built.candidates.pa.ids, built.candidates.na.ids)
    data["people"][0].pop("capacity")  # defaults: capacity, slots, group, team flags
    data["people"][1].pop("group")
    data["needs"][0].pop("slots")
    data["teams"][0].pop("all_or_nothing")
    data["teams"][1]["same_group"] = False
    raw = json.dumps(data, ensure_ascii=False, indent=2).encode()
    slow = load_instance(json.loads(raw))
    _no_fallback(monkeypatch)
    fast = read_instance(raw)
    assert fast.graph.n_edges == len(data["candidates"]) > 100
    _same(fast, slow)
    assert solve_instance(fast, 5)["objective"] == solve_instance(slow, 5)["objective"]


@pytest.mark.parametrize("seed", range(10))
def test_fast_path_agrees_on_random_graphs(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    g = random_graph(np.random.default_rng(7000 + seed), teams=seed % 2 == 0)
    data = graph_to_instance(g, [f"人{i}" for i in range(g.n_people)],
                             [f"n{j}" for j in range(g.n_needs)])
    raw = json.dumps(data, ensure_ascii=False).encode()
    slow = load_instance(json.loads(raw))
    _no_fallback(monkeypatch)
    _same(read_instance(raw), slow)


def test_fast_path_empty_lists() -> None:
    inst = read_instance(b'{"people": [], "needs": [{"id": "n"}], "candidates": []}')
    assert inst.graph.n_edges == 0 and inst.need_ids == ["n"]
    assert solve_instance(inst, 5)["unfilled"] == [{"need": "n", "slots": 1}]
    with pytest.raises(InstanceError, match=r"candidates\[0\]: unknown person 'p'"):
        read_instance(b'{"people": [], "needs": [{"id": "n"}], '
                      b'"candidates": [{"need": "n", "person": "p", "score": 1}]}')


def _cands(*rows: str) -> str:
    return "[" + ",".join(rows) + "]"


_PEOPLE = '[{"id": "p1", "capacity": 1, "group": "A"}, {"id": "p2"}]'
_NEEDS = '[{"id": "n1", "slots": 2}, {"id": "n2"}]'
_GOOD = '{"need": "n1", "person": "p1", "score": 1}'


def _doc(people: str = _PEOPLE, needs: str = _NEEDS, candidates: str = "[" + _GOOD + "]",
         teams: str = "[]") -> bytes:
    return (f'{{"people": {people}, "needs": {needs}, "candidates": {candidates}, '
            f'"teams": {teams}}}').encode()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        # scores: not numbers, bools, null, missing, not finite (json reads NaN, Infinity)
        (_doc(candidates=_cands(_GOOD, '{"need": "n2", "person": "p1", "score": true}')),
         r"candidates\[1\]: 'score' must be a finite number, got True"),
        (_doc(candidates=_cands('{"need": "n2", "person": "p1", "score": "9"}')),
         r"candidates\[0\]: 'score' must be a finite number, got '9'"),
        (_doc(candidates=_cands('{"need": "n2", "person": "p1", "score": null}')),
         r"candidates\[0\]: 'score' must be a finite number, got None"),
        (_doc(candidates=_cands('{"need": "n2", "person": "p1"}')),
         r"candidates\[0\]: 'score' must be a finite number, got None"),
        (_doc(candidates=_cands(_GOOD, '{"need": "n2", "person": "p1", "score": NaN}')),
         r"candidates\[1\]: 'score' must be a finite number, got nan"),
        (_doc(candidates=_cands('{"need": "n2", "person": "p1", "score": -Infinity}')),
         r"candidates\[0\]: 'score' must be a finite number, got -inf"),
        (_doc(candidates=_cands('{"need": "n2", "person": "p1", "score": 1e999}')),
         r"candidates\[0\]: 'score' must be a finite number, got inf"),
        # unknown ids: the first bad pair is named, need before person
        (_doc(candidates=_cands(_GOOD, '{"need": "n1", "person": "px", "score": 1}')),
         r"candidates\[1\]: unknown person 'px'"),
        (_doc(candidates=_cands(_GOOD, '{"need": "nx", "person": "px", "score": 1}',
                                '{"need": "ny", "person": "p1", "score": 1}')),
         r"candidates\[1\]: unknown need 'nx'"),
        (_doc(candidates=_cands('{"need": "", "person": "p1", "score": 1}')),
         r"candidates\[0\]: 'need' must be a non-empty string, got ''"),
        # ids not strings
        (_doc(candidates=_cands(_GOOD, '{"need": 1, "person": "p1", "score": 1}')),
         r"candidates\[1\]: 'need' must be a non-empty string, got 1"),
        (_doc(candidates=_cands('{"need": "n1", "person": ["p1"], "score": 1}')),
         r"candidates\[0\]: 'person' must be a non-empty string, got \['p1'\]"),
        (_doc(people='[{"id": "p1"}, {"id": 2}]'), r"people\[1\]: 'id' must be a non-empty string, got 2"),
        (_doc(needs='[{"id": null}]'), r"needs\[0\]: 'id' must be a non-empty string, got None"),
        (_doc(people='[{"id": "p1"}, "p2"]'), r"people\[1\]: expected an object, got 'p2'"),
        (_doc(teams='[{"id": "t", "needs": ["n1", 5]}]'), r"team 't': unknown need 5"),
        # duplicates
        (_doc(candidates=_cands(_GOOD, '{"need": "n2", "person": "p1", "score": 1}',
                                '{"need": "n1", "person": "p1", "score": 3}')),
         r"candidates\[0\]: duplicate candidate pair \(need 'n1', person 'p1'\)"),
        (_doc(people='[{"id": "p1"}, {"id": "p2"}, {"id": "p1"}]'),
         r"people\[2\]: duplicate person id 'p1'"),
        (_doc(needs='[{"id": "n1"}, {"id": "n1"}]'), r"needs\[1\]: duplicate need id 'n1'"),
        (_doc(teams='[{"id": "t", "needs": ["n1"]}, {"id": "t", "needs": ["n2"]}]'),
         r"teams\[1\]: duplicate team id 't'"),
        # bools and negatives where counts belong
        (_doc(people='[{"id": "p1", "capacity": true}]'),
         r"person 'p1': 'capacity' must be an integer, got True"),
        (_doc(needs='[{"id": "n1", "slots": false}]'),
         r"need 'n1': 'slots' must be an integer, got False"),
        (_doc(people='[{"id": "p1", "capacity": 1.0}]'),
         r"person 'p1': 'capacity' must be an integer, got 1.0"),
        (_doc(people='[{"id": "p1"}, {"id": "p2", "capacity": -1}]'),
         r"person 'p2': 'capacity' must not be negative, got -1"),
        (_doc(needs='[{"id": "n1", "slots": -3}]'), r"need 'n1': 'slots' must not be negative"),
        (_doc(people='[{"id": "p1", "group": 3}]'), r"person 'p1': 'group' must be a string"),
        (_doc(teams='[{"id": "t", "needs": ["n1"], "same_group": 1}]'),
         r"team 't': 'same_group' must be true or false, got 1"),
        # document shape
        (b'{"people": [], "needs": []}', "missing top-level key 'candidates'"),
        (b'{"people": {}, "needs": [], "candidates": []}', "'people' must be a list"),
        (b'[1, 2]', "an instance must be a JSON object"),
    ],
)
def test_fast_path_errors(raw: bytes, message: str) -> None:
    with pytest.raises(InstanceError, match=f"^{message}") as fast:
        read_instance(raw)
    with pytest.raises(InstanceError) as slow:
        load_instance(json.loads(raw))
    assert str(fast.value) == str(slow.value)


def test_fast_path_invalid_json() -> None:
    with pytest.raises(json.JSONDecodeError):
        read_instance(b'{"people": [')
    with pytest.raises(ValueError):
        read_instance(b"\xff\xfe{")


def test_plan_bytes_round_trip() -> None:
    plan = solve_instance(read_instance(json.dumps(_instance()).encode()), time_limit=5)
    text = plan_bytes(plan)
    assert text.endswith(b"\n") and b"\n" not in text[:-1]
    assert json.loads(text) == plan


def test_cli_solve_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
                               ) -> None:
    class Stdin:
        buffer = io.BytesIO(json.dumps(_instance(), ensure_ascii=False).encode())
    monkeypatch.setattr(sys, "stdin", Stdin)
    assert cli_main(["solve", "-"]) == 0
    plan = json.loads(capsysbinary.readouterr().out)
    assert plan["objective"] == pytest.approx(87.5 + 50 + 35)


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


def test_shortlist_keeps_each_needs_best_pairs() -> None:
    g = MatchGraph(capacity=np.ones(3, dtype=np.int64), slots=np.ones(2, dtype=np.int64),
                   edge_need=np.array([0, 0, 0, 1, 1], dtype=np.int64),
                   edge_person=np.array([0, 1, 2, 0, 2], dtype=np.int64),
                   edge_score=np.array([5.0, 9.0, 7.0, 1.0, 3.0]))
    short = shortlist(g, 2)
    assert sorted(zip(short.edge_need.tolist(), short.edge_person.tolist(), strict=True)) == [
        (0, 1), (0, 2), (1, 0), (1, 2)]
    one = shortlist(g, 1)
    assert one.edge_person.tolist() == [1, 2] and one.edge_need.tolist() == [0, 1]
