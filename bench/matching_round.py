"""A national matching round through the product, from the database to the stored proposal.

    .venv/bin/python bench/matching_round.py [--people 100000] [--needs 30000] [--seed 1]
                                             [--database-url postgres://…/postgres] [--keep]

Creates a fresh database (an SQLite file in a new folder under /tmp by default; with
`--database-url` a new PostgreSQL database `xiezuo_bench` on that server, dropped at the
end), migrates it, loads the reference regions and specialties, and fills it with the
instance of `xiezuo.matching.generator.generate_problem(people, needs, 0, seed)` mapped to
real rows: its 50 eastern cities and 450 western counties to real eastern cities and
western counties (one city–county pairing each, as in the generator), its 300 specialties
to the vocabulary's, one eastern organisation per generated organisation (in its city),
one western hospital per county; people with their availability windows (the person's
modes on every window; management experience as a position), published needs. Then it
creates a round of every need through `needs.services.create_round` and runs it with
`start_round(..., background=False)`, timing each stage of the run:

* DB -> Problem   `needs.adapter.build_problem`
* candidates      `matching.engine.build` (candidate generation, scores, the solver graph)
* solve           the solver
* explanations    score breakdowns, runner-ups, reasons for unfilled needs
* result          `RoundResult.from_engine`
* fingerprint     `needs.adapter.fingerprint` (the inputs' hash stored with the round)
* eastern side    `services._east_side` (who approves: the proposed people's region)
* save            the rest of `run_round`: the result as JSON, saving the round
* start           `start_round` before the run: checks, the round's needs, the pool's size

and prints a table of each stage's seconds and share, and the total against 20 s.
Loading the data is timed too but is not part of the round.

The instance is the generator's people and needs, but the candidate pairs are the
product's: the adapter takes related specialties from the vocabulary, where a medical
specialty has about 8 related ones (the generator: 2), and the generator's 200 medical
specialties share the vocabulary's 172, so the national round has ~43.5M candidate pairs
where `bench/matching.py` has ~18M. The generator's busy periods and earlier hosts are
not loaded (they would be postings).
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TARGET_SECONDS = 20.0
BENCH_DB = "xiezuo_bench"


def _prepare_database(url: str | None) -> tuple[str | None, Callable[[], None]]:
    """Set up the environment for a fresh database; returns its URL and a cleanup."""
    if not url:
        folder = tempfile.mkdtemp(prefix="xiezuo-round-bench-")
        os.environ["XIEZUO_VAR"] = folder
        os.environ.pop("DATABASE_URL", None)
        return None, lambda: shutil.rmtree(folder, ignore_errors=True)
    import psycopg  # noqa: PLC0415 — only with --database-url

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    os.environ["DATABASE_URL"] = bench_url

    def drop() -> None:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")

    return bench_url, drop


def load(people: int, needs: int, seed: int) -> dict[str, Any]:
    """Fill the database with the generated instance; returns what the round needs."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    from xiezuo.matching.generator import generate_problem  # noqa: PLC0415
    from xiezuo.needs.choices import NeedStatus  # noqa: PLC0415
    from xiezuo.needs.models import Need  # noqa: PLC0415
    from xiezuo.orgs.models import Organisation  # noqa: PLC0415
    from xiezuo.people.models import Availability, Person  # noqa: PLC0415
    from xiezuo.reference.models import Specialty  # noqa: PLC0415
    from xiezuo.regions.models import Pairing, Region  # noqa: PLC0415

    problem = generate_problem(people, needs, 0, seed)
    east = list(Region.objects.filter(role="east", level="city").order_by("code"))
    west = list(Region.objects.filter(role="west", level="county").order_by("code"))
    gen_cities = sorted({pr.east_code for pr in problem.pairings})
    gen_counties = sorted({pr.west_code for pr in problem.pairings})
    if len(east) < len(gen_cities) or len(west) < len(gen_counties):
        raise SystemExit("the reference data has too few eastern cities or western counties")
    # spread over the whole list, so several provinces take part
    city_of = {c: east[k * len(east) // len(gen_cities)] for k, c in enumerate(gen_cities)}
    county_of = {c: west[k * len(west) // len(gen_counties)] for k, c in enumerate(gen_counties)}
    medical = list(Specialty.objects.filter(domain="medical").order_by("code"))
    other = list(Specialty.objects.exclude(domain="medical").order_by("code"))
    gen_codes = sorted({c for p in problem.people for c in p.specialty_codes}
                       | {n.specialty_code for n in problem.needs if n.specialty_code}
                       | set(problem.related))
    spec_of = {}
    for c in gen_codes:
        dept, sub = int(c[1:3]), int(c[3:5])
        rows = medical if dept < 20 else other
        spec_of[c] = rows[(dept * 10 + sub) % len(rows)]
    text_spec = {s.name: s for s in medical + other}
    start = datetime.date(2021, 4, 1)
    with transaction.atomic():
        Pairing.objects.bulk_create([
            Pairing(level="city_county", east_region=city_of[pr.east_code],
                    west_region=county_of[pr.west_code], start=start, note="基准数据")
            for pr in problem.pairings], batch_size=1000)
        org_city = {p.org_id: p.city_code for p in problem.people}
        east_orgs = Organisation.objects.bulk_create([
            Organisation(name=f"基准单位{o}", kind="hospital", region=city_of[city],
                         note="基准数据") for o, city in org_city.items()], batch_size=1000)
        org_of = {o: org.pk for o, org in zip(org_city, east_orgs, strict=True)}
        west_orgs = Organisation.objects.bulk_create([
            Organisation(name=f"{county_of[c].name}基准医院", kind="hospital",
                         region=county_of[c], note="基准数据") for c in gen_counties],
            batch_size=1000)
        host_of = {c: org.pk for c, org in zip(gen_counties, west_orgs, strict=True)}
        rows = []
        for p in problem.people:
            spec = spec_of[p.specialty_codes[0]] if p.specialty_codes else None
            rows.append(Person(
                name=f"基准{p.id}", organisation_id=org_of[p.org_id],
                domain=spec.domain if spec is not None else "medical", specialty=spec,
                specialty_text="" if spec is not None else p.specialty_text,
                title_level=p.title_level, position="科主任" if p.management_experience else "",
                note="基准数据（虚构人物）"))
        made = Person.objects.bulk_create(rows, batch_size=2000)
        windows = [
            Availability(person_id=row.pk, start=w.start, end=w.end, modes=sorted(p.modes))
            for p, row in zip(problem.people, made, strict=True) for w in p.availability]
        Availability.objects.bulk_create(windows, batch_size=2000)
        need_rows = []
        for n in problem.needs:
            spec = spec_of[n.specialty_code] if n.specialty_code else None
            text = "" if spec is not None else (
                text_spec[n.specialty_text].name if n.specialty_text in text_spec
                else n.specialty_text)
            need_rows.append(Need(
                organisation_id=host_of[n.region_code],
                domain=spec.domain if spec is not None else "medical", specialty=spec,
                specialty_text=text, slots=n.slots, min_title_level=n.min_title_level,
                mode=n.mode, start=n.start, end=n.end, min_days=n.min_days,
                priority=n.priority, problem=n.description, status=NeedStatus.PUBLISHED))
        made_needs = Need.objects.bulk_create(need_rows, batch_size=2000)
        admin = get_user_model().objects.create_superuser(
            "bench-admin", password="bench-not-a-secret-2026")
    return {"admin": admin, "needs": [n.pk for n in made_needs], "people": len(made),
            "windows": len(windows)}


class Stages:
    """Seconds per stage of the run, recorded by wrapping the services' callees."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, Any] = {}

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def timed(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - t)
        return wrapper


@contextmanager
def instrumented(stages: Stages) -> Iterator[None]:
    """Time the stages of `needs.services.run_round` without changing what it does."""
    from xiezuo.matching import engine  # noqa: PLC0415
    from xiezuo.needs import services  # noqa: PLC0415
    from xiezuo.needs.result import RoundResult  # noqa: PLC0415

    saved_services = {k: getattr(services, k) for k in ("build_problem", "fingerprint",
                                                        "solve", "_east_side", "run_round")}
    saved_engine = {k: getattr(engine, k) for k in ("build", "explain_assignments",
                                                    "explain_unfilled")}
    saved_from_engine = RoundResult.__dict__["from_engine"]
    solver_names = ("solve_flow", "solve_teams", "solve_greedy")
    saved_solvers = {k: getattr(engine, k) for k in solver_names}

    def solve(problem: Any, *args: Any, **kwargs: Any) -> Any:
        result = saved_services["solve"](problem, *args, **kwargs)
        stages.counts.update(candidates=result.stats.get("candidates"),
                             assignments=len(result.assignments),
                             unfilled=len(result.unfilled), status=result.status,
                             objective=result.objective)
        return result

    services.build_problem = stages.timed("DB -> Problem", saved_services["build_problem"])
    services.fingerprint = stages.timed("fingerprint", saved_services["fingerprint"])
    services._east_side = stages.timed("eastern side", saved_services["_east_side"])
    services.run_round = stages.timed("run_round", saved_services["run_round"])
    services.solve = solve
    engine.build = stages.timed("candidates", saved_engine["build"])
    engine.explain_assignments = stages.timed("explanations", saved_engine["explain_assignments"])
    engine.explain_unfilled = stages.timed("explanations", saved_engine["explain_unfilled"])
    for k in solver_names:
        setattr(engine, k, stages.timed("solve", saved_solvers[k]))
    timed_from_engine = stages.timed("result", saved_from_engine.__func__)
    RoundResult.from_engine = classmethod(timed_from_engine)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        for k, v in saved_services.items():
            setattr(services, k, v)
        for k, v in {**saved_engine, **saved_solvers}.items():
            setattr(engine, k, v)
        RoundResult.from_engine = saved_from_engine  # type: ignore[method-assign]


def run(admin: Any, need_ids: list[int]) -> tuple[Stages, float, Any]:
    from xiezuo.needs import services  # noqa: PLC0415

    round_ = services.create_round(actor=admin, name="全国基准轮次", needs=need_ids)
    stages = Stages()
    with instrumented(stages):
        t = time.perf_counter()
        round_ = services.start_round(actor=admin, round_=round_, background=False)
        total = time.perf_counter() - t
    return stages, total, round_


def table(stages: Stages, total: float) -> str:
    sec = stages.seconds
    names = ("DB -> Problem", "candidates", "solve", "explanations", "result", "fingerprint",
             "eastern side")
    rows = [(k, sec.get(k, 0.0)) for k in names]
    rows.append(("save", sec["run_round"] - sum(sec.get(k, 0.0) for k in names)))
    rows.append(("start", total - sec["run_round"]))
    lines = ["stage | seconds | share", "----- | ------- | -----"]
    lines += [f"{name} | {sec:.2f} | {sec / total:.1%}" for name, sec in rows]
    lines.append(f"total | {total:.2f} | 100.0%")
    verdict = "under" if total < TARGET_SECONDS else "OVER"
    lines.append(f"\ntotal {total:.2f} s vs target {TARGET_SECONDS:.0f} s: {verdict} "
                 f"(ratio {total / TARGET_SECONDS:.2f})")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--needs", type=int, default=30_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--database-url", default=None,
                    help="a PostgreSQL server (its database is left alone: the bench "
                         f"creates and drops {BENCH_DB!r})")
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = ap.parse_args()
    url, cleanup = _prepare_database(args.database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.config.settings")
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from xiezuo.reference.services import load_reference  # noqa: PLC0415

    where = url or str(settings.DATABASES["default"]["NAME"])
    print(f"# database: {where}", file=sys.stderr, flush=True)
    try:
        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        load_reference()
        t_setup = time.perf_counter() - t
        t = time.perf_counter()
        data = load(args.people, args.needs, args.seed)
        t_load = time.perf_counter() - t
        print(f"# setup {t_setup:.1f} s, load {t_load:.1f} s: {data['people']} people, "
              f"{data['windows']} windows, {len(data['needs'])} needs", file=sys.stderr,
              flush=True)
        stages, total, round_ = run(data["admin"], data["needs"])
        if round_.status != "done":
            print(f"round {round_.status}: {round_.error}", file=sys.stderr)
            return 1
        c = stages.counts
        print(f"National round through the product: {data['people']:,} people x "
              f"{len(data['needs']):,} needs, {c.get('candidates') or 0:,} candidate pairs, "
              f"{c.get('assignments')} matches, {c.get('unfilled')} needs (partly) unfilled, "
              f"status {c.get('status')}, objective {c.get('objective')}; "
              f"database {'PostgreSQL' if url else 'SQLite'}")
        print(table(stages, total))
    finally:
        if not args.keep:
            cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
