"""The OpenAPI schema and Swagger UI need a signed-in user (issue 11, finding 14): an
anonymous visitor of /api/docs is sent to the login page, of /api/openapi.json gets 401.
Checked with the production settings (`XIEZUO_PRODUCTION=1`) and with the defaults."""

import pytest
from django.test import Client

from tests.matrix.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["production", "development"])
def mode(request, settings):
    if request.param == "production":
        settings.DEBUG = False
        settings.ALLOWED_HOSTS = ["xiezuo.example.gov.cn"]
        settings.SECURE_SSL_REDIRECT = True
        settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
        return {"secure": True, "HTTP_HOST": "xiezuo.example.gov.cn"}
    return {}


def test_anonymous_gets_no_schema(mode):
    client = Client()
    docs = client.get("/api/docs", **mode)
    assert docs.status_code == 302
    assert docs["Location"].startswith("/accounts/login/?next=/api/docs")
    schema = client.get("/api/openapi.json", **mode)
    assert schema.status_code == 401
    assert "登录" in schema.json()["detail"]
    assert b"paths" not in schema.content


@pytest.mark.parametrize("role", ["admin", "self_service", "nobody"])
def test_signed_in_users_read_the_schema(refdata, mode, role):
    client = Client()
    client.force_login(build_world()["users"][role])
    assert client.get("/api/docs", **mode).status_code == 200
    schema = client.get("/api/openapi.json", **mode)
    assert schema.status_code == 200 and "/api/people/" in schema.json()["paths"]


def test_login_leads_back_to_the_docs(refdata, mode):
    build_world()
    client = Client()
    response = client.post("/accounts/login/?next=/api/docs",
                           {"username": "m-coordinator", "password": "pw-123456!", "next": "/api/docs"},
                           **mode)
    assert response.status_code == 302 and response["Location"] == "/api/docs"
    assert client.get("/api/docs", **mode).status_code == 200


def test_schema_names_are_unique():
    """Two schemas of one name are one component in the OpenAPI document, so one of them
    is described wrongly (a posting's events were documented as activity events)."""
    import pydantic

    from xiezuo.config.api import api

    def nested(annotation):
        yield annotation
        for argument in getattr(annotation, "__args__", None) or ():
            yield from nested(argument)

    names: dict[str, set[str]] = {}
    seen: set = set()

    def walk(model):
        if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)) or model in seen:
            return
        seen.add(model)
        names.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
        for field in model.model_fields.values():
            for annotation in nested(field.annotation):
                walk(annotation)

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    walk(model)
    assert {name: where for name, where in names.items() if len(where) > 1} == {}
