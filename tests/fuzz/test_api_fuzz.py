"""API fuzzing with schemathesis against the OpenAPI schema, as every role (bounded for CI).

The demo data (every kind of record, one demo user per role) is loaded once for this
module, in a transaction rolled back at its end; each operation runs in a savepoint of
its own. No answer may be a 5xx, and every answer must match the schema (status code,
content type, body), for each of the roles in ROLES.

- Fuzzing phase: XIEZUO_FUZZ_EXAMPLES cases per operation (default 5), each sent as every
  role. Half of them are made hostile by the strategy below: one body field set to
  `null`, a NUL character in a body string or in a query parameter. Record ids in paths
  are drawn half of the time from records that exist (some in each role's view).
- Coverage phase: schemathesis's deterministic boundary and invalid values of every
  parameter (about 70 an operation); each goes to one role, chosen from the case's
  content, so every role gets a fifth of them and a failure replays the same way.

A summary of the cases sent per role is printed at the end of the run (conftest.py).
XIEZUO_FUZZ_EXAMPLES raises the fuzzing examples; XIEZUO_FUZZ_ROLES (comma-separated)
selects roles.
"""

import copy
import os
import zlib

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation.meta import TestPhase

from tests.fuzz.conftest import COUNTS
from xiezuo.accounts.services import create_token
from xiezuo.config.api import api
from xiezuo.config.wsgi import application

# The schema endpoint needs a signed-in user: the schema is read from the API object.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
EXAMPLES = int(os.environ.get("XIEZUO_FUZZ_EXAMPLES", "5"))
# Role → the demo user acting in it (see `xiezuo demo`).
DEMO_USERS = {"admin": "admin", "coordinator": "wushan", "auditor": "auditor",
              "org_user": "ytsh", "self_service": "doctor"}
ROLES = [r for r in os.environ.get("XIEZUO_FUZZ_ROLES", ",".join(DEMO_USERS)).split(",") if r]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
CSRF = "fuzz" * 8  # a CSRF secret of 32 characters, sent as cookie and header
NUL_TEXT = "a\x00b"
# Collection path ("/api/people/") → ids of existing records, and their versions, filled
# by `demo_world`.
KNOWN_IDS: dict[str, list[int]] = {}
KNOWN_VERSIONS: dict[tuple[str, int], int] = {}
# Role → a personal API token of its demo user, filled by `demo_world`. Where schemathesis
# sends an `Authorization` header (the schema documents the bearer token), the case goes
# with the role's real token instead of the session; the others go with the session.
TOKENS: dict[str, str] = {}


def collection(path: str) -> str:
    return path.split("{")[0]


def text_leaves(value, loc=()):
    """Locations of the strings inside a JSON body."""
    if isinstance(value, str):
        yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_leaves(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_leaves(item, (*loc, index))


def hostile(case, change):
    """A copy of `case` with one change: ("null", key) sets a body field to null,
    ("alone", key) sends that field alone as null (with the version), ("nul", loc) puts a
    NUL character into a body string, ("query", name) into a query parameter."""
    kind, where = change
    new = case.derive()
    if kind == "query":
        new.query = {**case.query, where: f"{case.query.get(where, '')}{NUL_TEXT}"}
        return new
    body = copy.deepcopy(case.body)
    if kind == "null":
        body[where] = None
    elif kind == "alone":
        body = {key: value for key, value in body.items() if key == "version"} | {where: None}
    else:
        *parents, last = where
        node = body
        for key in parents:
            node = node[key]
        node[last] = NUL_TEXT if not node[last] else node[last][:1] + "\x00" + node[last][1:]
    new.body = body
    return new


def with_record(case, pk: int):
    """`case` aimed at an existing record; an update carries the record's version."""
    new = case.derive()
    new.path_parameters = {**case.path_parameters, "pk": pk}
    version = KNOWN_VERSIONS.get((collection(case.path), pk))
    if isinstance(case.body, dict) and version is not None and case.method.upper() in ("PUT", "PATCH"):
        new.body = {**case.body, "version": version}
    return new


def declared(method: str, path: str) -> list[str]:
    """The properties the schema declares for an operation's JSON body."""
    operation = schema.raw_schema["paths"].get(path, {}).get(method.lower(), {})
    node = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    while "$ref" in node:
        node = schema.raw_schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return [name for name in node.get("properties", {}) if name != "version"]


@schema.hook
def flatmap_case(context, case):
    """Real record ids in the path (three cases in four), and `null`s and NUL characters
    in the input (two in three): a declared body field as null, alone (PATCH) or among
    the others, or a NUL in any string of the body or the query."""
    changes = [("query", name) for name, value in (case.query or {}).items() if isinstance(value, str)]
    if "q" not in (case.query or {}) and case.method.upper() == "GET":
        changes.append(("query", "q"))
    if isinstance(case.body, dict) and case.media_type == "application/json":
        fields = declared(case.method, case.path)
        changes += [("null", key) for key in fields]
        if case.method.upper() == "PATCH":
            changes += [("alone", key) for key in fields] * 2
        changes += [("nul", loc) for loc in text_leaves(case.body) if loc]
    elif isinstance(case.body, dict):  # a multipart form
        changes += [("nul", (key,)) for key, value in case.body.items() if isinstance(value, str)]
    ids = KNOWN_IDS.get(collection(case.path), []) if "pk" in case.path_parameters else []
    change = st.one_of(st.none(), st.sampled_from(changes), st.sampled_from(changes)) if changes else st.none()
    pk = st.one_of(st.none(), *[st.sampled_from(ids)] * 3) if ids else st.none()

    def build(drawn):
        change, pk = drawn
        new = with_record(case, pk) if pk is not None else case
        return hostile(new, change) if change else new

    return st.tuples(change, pk).map(build)


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo data and a session per role, for the whole module (rolled back after)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", verbosity=0)
            users = {role: get_user_model().objects.get(username=name) for role, name in DEMO_USERS.items()}
            clients = {}
            for role, user in users.items():
                clients[role] = Client()
                clients[role].force_login(user)
            admin = clients["admin"]
            need = admin.get("/api/needs/", {"page_size": 1}).json()["items"][0]["id"]
            admin.post("/api/rounds/", {"name": "模糊测试", "needs": [need]}, content_type="application/json")
            for path in schema.raw_schema["paths"]:
                if "{pk}" in path and (base := collection(path)) not in KNOWN_IDS:
                    items = [item for client in clients.values() for item in listed(client, base)]
                    KNOWN_IDS[base] = sorted({item["id"] for item in items})
                    KNOWN_VERSIONS.update({(base, item["id"]): item["version"] for item in items
                                           if "version" in item})
            TOKENS.update({role: create_token(actor=users[role], name="fuzz", lifetime_days=None)[1]
                           for role in ROLES})
            yield {role: clients[role].cookies["sessionid"].value for role in ROLES}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            KNOWN_IDS.clear()
            KNOWN_VERSIONS.clear()
            TOKENS.clear()


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly fires request_started/finished, which close the
    database connection and with it the open transaction; Django's test client avoids
    that the same way (and reconnects them after each of its requests)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def listed(client, path: str) -> list[dict]:
    """A few records of a collection as this client sees them (first and last)."""
    response = client.get(path, {"page_size": 3})
    if response.status_code != 200 or not isinstance(response.json(), dict):
        return []
    items = response.json().get("items", [])
    count = response.json().get("count", 0)
    if count > 3:
        last = client.get(path, {"page_size": 3, "page": (count + 2) // 3})
        items += last.json().get("items", []) if last.status_code == 200 else []
    return items


def roles_for(case) -> list[str]:
    if case.meta is None or case.meta.phase.name == TestPhase.FUZZING:
        return ROLES
    # Coverage and schema examples: one role, the same one whenever this case is replayed.
    key = repr((case.method, case.path, case.path_parameters, case.query, case.body)).encode()
    return [ROLES[zlib.crc32(key) % len(ROLES)]]


@pytest.mark.django_db  # each operation in a savepoint: what its cases change is undone after it
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz(case, demo_world, keep_test_connection):
    phase = "fuzzing" if case.meta is None else str(case.meta.phase.name)
    for role in roles_for(case):
        headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        if len(headers) < len(case.headers or {}):  # a bearer token: the role's own
            case.cookies = {}
            case.headers = {**headers, "Authorization": f"Bearer {TOKENS[role]}"}
            COUNTS[(role, "token")] += 1
        else:
            case.cookies = {"sessionid": demo_world[role], "csrftoken": CSRF}
            case.headers = {**headers, "X-CSRFToken": CSRF, "Referer": "http://localhost/"}
        COUNTS[(role, phase)] += 1
        try:
            response = case.call_and_validate(checks=CHECKS)
        except Exception as exc:
            exc.add_note(f"as {role} ({DEMO_USERS[role]})")
            raise
        COUNTS[(role, f"{response.status_code // 100}xx")] += 1
