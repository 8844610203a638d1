"""API fuzzing with schemathesis against the OpenAPI schema (bounded for CI).

Every operation is called with generated input as a signed-in coordinator of 巫山县;
no answer may be a 5xx, and every answer must match the schema (status code, content
type, body). Set XIEZUO_FUZZ_EXAMPLES to run more examples per operation.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from xiezuo.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
EXAMPLES = int(os.environ.get("XIEZUO_FUZZ_EXAMPLES", "5"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly fires request_finished, which closes the database
    connection and with it the test's transaction; Django's test client avoids that the
    same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(refdata, make_user, keep_test_connection):
    from django.test import Client

    from tests.matrix.world import build_world

    build_world()
    client = Client()
    client.force_login(make_user("fuzzer", region="500237"))
    token = "fuzz" * 8  # a CSRF secret of 32 characters, sent as cookie and header
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz(case, session_cookie):
    case.cookies = {**(case.cookies or {}), **session_cookie}
    case.headers = {**(case.headers or {}), "X-CSRFToken": session_cookie["csrftoken"],
                    "Referer": "http://localhost/"}
    case.call_and_validate(checks=CHECKS)
