"""The API fuzzing's case counts per role and phase, printed at the end of the run (also
when the tests ran in pytest-xdist workers: each worker hands its counts over), and a
distinct test id per API operation.

schemathesis 4.32 names its items `test_api_fuzz[GET /api/people/]` but, under pytest 9,
gives them all one node id (`…::test_api_fuzz`); pytest-xdist schedules by node id, so
with `-n 2` all but one operation were silently dropped. The operation is put into the
id here.
"""

from collections import Counter

import pytest

COUNTS: Counter = Counter()  # (role, phase) → requests sent; (role, "2xx") → answers
KEY = "xiezuo_fuzz_counts"


def pytest_collection_modifyitems(items):
    from schemathesis.pytest.plugin import SchemathesisFunction

    for item in items:
        if isinstance(item, SchemathesisFunction) and item.id.params is None and item.name.endswith("]"):
            item._id = item.id.with_params(item.name[len(item.originalname) + 1:-1])


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[KEY] = [[role, phase, n] for (role, phase), n in COUNTS.items()]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for role, phase, n in getattr(node, "workeroutput", {}).get(KEY, []):
        COUNTS[(role, phase)] += n


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    terminalreporter.write_sep("-", "API fuzzing: requests per role")
    columns = sorted({kind for _, kind in COUNTS}, key=lambda k: (k[0].isdigit(), k))
    phases = [c for c in columns if not c[0].isdigit() and c != "token"]  # "token": sent with a token
    roles = sorted({role for role, _ in COUNTS},
                   key=lambda r: -sum(COUNTS[(r, phase)] for phase in phases))
    for role in roles:
        total = sum(COUNTS[(role, phase)] for phase in phases)
        parts = ", ".join(f"{column} {COUNTS[(role, column)]}" for column in columns)
        terminalreporter.write_line(f"{role:>13}: {total:6d} requests ({parts})")
    grand = sum(n for (_, kind), n in COUNTS.items() if kind in phases)
    terminalreporter.write_line(f"{'all roles':>13}: {grand:6d} requests")
