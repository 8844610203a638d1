"""``xiezuo ingest extract PATH [PATH ...] [--format json|table]``.

``main`` receives the arguments after "xiezuo ingest". JSON output is JSON Lines (one
object per file, UTF-8); the default is a human-readable table. Exit status 0 when
every file was read, 2 when at least one could not be read or decoded (the message on
stderr names the file; the other files are still processed).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from xiezuo.ingest.facts import DocumentFacts
from xiezuo.ingest.pipeline import extract_paths


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xiezuo ingest", description="Report ingestion.")
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="extract report facts from text/.docx/.pdf files")
    ext.add_argument("paths", nargs="+", metavar="PATH")
    ext.add_argument("--format", choices=["json", "table"], default="table")
    return parser


def _fmt_value(v: float | int) -> str:
    return f"{v:,}" if isinstance(v, int) else f"{v:g}"


def print_table(result: DocumentFacts, out: TextIO) -> None:
    segs = result.segments
    out.write(f"== {result.source}  (script: {result.script}, "
              f"{len(result.relevant_segments)}/{len(segs)} relevant segments)\n")
    for s in segs:
        flag = "relevant" if s.relevant else "skipped "
        out.write(f"  [{s.index}] {flag} {s.title[:50]}\n")
    out.write(f"-- pairings ({len(result.pairings)})\n")
    for pair in result.pairings:
        out.write(f"  {pair.east} ({pair.east_code}) -> {pair.west} ({pair.west_code})\n")
    out.write(f"-- quantities ({len(result.quantities)})\n")
    for q in result.quantities:
        out.write(f"  {_fmt_value(q.value):>14} {q.unit:<3} {q.qualifier:<8} "
                  f"{q.indicator:<24} {q.subject}\n")
    out.write(f"-- people ({len(result.people)})\n")
    for person in result.people:
        out.write(f"  {person.name:<5} {'/'.join(person.roles):<16} "
                  f"{person.organisation or ''}\n")
    out.write(f"-- organisations ({len(result.organisations)})\n")
    for o in result.organisations:
        out.write(f"  {o.name:<24} {o.kind:<12} {o.region_code or ''}\n")
    out.write("\n")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    stdout = sys.stdout
    if hasattr(stdout, "reconfigure"):
        stdout.reconfigure(encoding="utf-8")
    status = 0
    for path, result, error in extract_paths(args.paths):
        if error is not None or result is None:
            sys.stderr.write(f"xiezuo ingest: cannot read {path}: {error.message if error else ''}\n")
            status = 2
            continue
        if args.format == "json":
            stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            print_table(result, stdout)
        stdout.flush()
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
