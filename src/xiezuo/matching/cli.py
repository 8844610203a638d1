"""`xiezuo match solve INSTANCE.json [--time-limit S]` and `xiezuo match generate ...`.

`main(argv)` receives the words after "match", e.g. ["solve", "x.json", "--time-limit", "5"].
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import TYPE_CHECKING

from .instance import (
    InstanceError,
    graph_to_instance,
    plan_bytes,
    read_instance,
    shortlist,
    solve_instance,
)

if TYPE_CHECKING:
    from .engine import Built


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xiezuo match", description="matching engine")
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="solve an instance file and print the plan JSON")
    solve.add_argument("instance", help="instance JSON file ('-' for stdin)")
    solve.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    gen = sub.add_parser("generate", help="write a synthetic instance (benchmark generator)")
    gen.add_argument("--people", type=int, default=1000)
    gen.add_argument("--needs", type=int, default=300)
    gen.add_argument("--teams", type=int, default=10)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--shortlist", type=int, default=0, metavar="K",
                     help="keep each need's K best candidate pairs (default: all)")
    gen.add_argument("out", help="output JSON file ('-' for stdout)")
    return parser


def _solve(path: str, time_limit: float) -> int:
    try:
        if path == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                raw = fh.read()
    except OSError as exc:
        print(f"xiezuo match solve: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        instance = read_instance(raw)
    except json.JSONDecodeError as exc:
        print(f"xiezuo match solve: {path} is not valid JSON: {exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"xiezuo match solve: {path} is not UTF-8 text: {exc}", file=sys.stderr)
        return 2
    except InstanceError as exc:
        print(f"xiezuo match solve: invalid instance: {exc}", file=sys.stderr)
        return 2
    del raw
    plan = solve_instance(instance, time_limit=time_limit)
    sys.stdout.buffer.write(plan_bytes(plan))
    sys.stdout.flush()
    return 0


def _generate(args: argparse.Namespace) -> int:
    for name in ("people", "needs", "teams", "shortlist"):
        if getattr(args, name) < 0:
            print(f"xiezuo match generate: --{name} must not be negative", file=sys.stderr)
            return 2
    # `solve` must start fast: the engine's candidate generation and scoring (and what
    # they import) are loaded only for `generate`
    engine = importlib.import_module("xiezuo.matching.engine")
    generator = importlib.import_module("xiezuo.matching.generator")
    problem = generator.generate_problem(args.people, args.needs, args.teams, seed=args.seed)
    built: Built = engine.build(problem)
    g = built.graph
    g.labels["group"] = g.labels["city"]  # the generator's teams come from one city
    if args.shortlist:
        g = shortlist(g, args.shortlist)
    data = graph_to_instance(g, built.candidates.pa.ids, built.candidates.na.ids)
    text = json.dumps(data, ensure_ascii=False)
    if args.out == "-":
        sys.stdout.write(text + "\n")
    else:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "solve":
        if args.time_limit <= 0:
            print("xiezuo match solve: --time-limit must be positive", file=sys.stderr)
            return 2
        return _solve(args.instance, args.time_limit)
    return _generate(args)


if __name__ == "__main__":
    sys.exit(main())
