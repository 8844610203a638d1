"""Permission matrix over the JSON API: every endpoint × every role × in/out of scope.

`test_every_endpoint_is_in_the_matrix` fails when an endpoint is added without a row here.
"""

import pytest

from tests.matrix.world import ROLES, build_world, changes, client_for, sees

pytestmark = pytest.mark.django_db

# Entity name per collection path, and bodies for creating (in and out of scope).
ENTITIES = {"/api/regions/": "region", "/api/pairings/": "pairing",
            "/api/organisations/": "organisation", "/api/people/": "person"}


def create_body(entity, side, world):
    county = "500237" if side == "in" else "500154"
    org = world[side]["organisation"].pk
    return {
        "region": {"code": "500299" if side == "in" else "500199", "name": "测试县", "level": "county",
                   "full_name": "重庆市测试县", "role": "west", "parent": "500000"},
        "pairing": {"level": "city_county", "east_region": "370800", "west_region": county,
                    "start": "2031-01-01"},
        "organisation": {"name": "新建单位", "kind": "school", "region": county},
        "person": {"name": "新人", "organisation": org, "domain": "medical", "specialty_text": "骨科"},
    }[entity]


def put_body(entity, obj):
    return PUT_BODIES[entity](obj)


PUT_BODIES = {
    "region": lambda obj: {"code": obj.code, "name": obj.name, "full_name": obj.full_name, "level": obj.level,
                   "kind": obj.kind, "role": obj.role, "parent": obj.parent.code},
    "pairing": lambda obj: {"level": obj.level, "east_region": obj.east_region.code,
                    "west_region": obj.west_region.code, "east_org": obj.east_org_id,
                    "west_org": obj.west_org_id, "start": str(obj.start), "note": "checked",
                    "version": obj.version},
    "organisation": lambda obj: {"name": obj.name, "kind": obj.kind, "region": obj.region.code,
                         "note": "checked", "version": obj.version},
    "person": lambda obj: {"name": obj.name, "organisation": obj.organisation_id, "domain": obj.domain,
                   "specialty_text": obj.specialty_text, "note": "checked", "version": obj.version},
}


def search_term(entity, obj):
    return obj.west_region.name if entity == "pairing" else obj.name


def creates(role, entity, side):
    """A self-service user changes their own profile but adds no one; an organisation
    user adds people to their organisation but no new organisations."""
    if (role, entity) in {("self_service", "person"), ("org_user", "organisation")}:
        return False
    return changes(role, entity, side)


def patch_body(entity, obj):
    if entity == "region":
        return {"name": obj.name}
    return {"note": "patched", "version": obj.version}


def expected_item(role, entity, side, write, kind=None):
    if role == "anonymous":
        return {401}
    if not sees(role, entity, side):
        return {404}
    if not write:
        return {200}
    if kind == "delete" and role == "self_service":
        return {403}  # a person keeps their profile up to date but does not delete it
    return {200, 204, 409} if changes(role, entity, side) else {403}


OPERATIONS = []  # (method, path template, kind)
for base in ENTITIES:
    OPERATIONS += [("get", base, "list"), ("post", base, "create"), ("get", base + "{pk}", "read"),
                   ("put", base + "{pk}", "replace"), ("patch", base + "{pk}", "update"),
                   ("delete", base + "{pk}", "delete")]
SPECIAL = {
    ("get", "/api/people/{pk}/personal-data"), ("post", "/api/people/{pk}/erase"),
    ("get", "/api/reference/specialties"), ("get", "/api/reference/specialties/{code}"),
}


def test_every_endpoint_is_in_the_matrix():
    import tests.matrix.test_activities_matrix  # noqa: F401
    import tests.matrix.test_attachments_matrix  # noqa: F401
    import tests.matrix.test_cooperation_matrix  # noqa: F401
    import tests.matrix.test_exchange_matrix  # noqa: F401  (adds its rows)
    import tests.matrix.test_insights_matrix  # noqa: F401
    import tests.matrix.test_jobs_matrix  # noqa: F401
    import tests.matrix.test_needs_matrix  # noqa: F401  (adds its rows)
    import tests.matrix.test_offers_matrix  # noqa: F401  (adds its rows)
    import tests.matrix.test_reports_matrix  # noqa: F401
    from xiezuo.config.api import api

    listed = {(m, p) for m, p, _ in OPERATIONS} | SPECIAL | EXTRA_COVERED
    schema = api.get_openapi_schema()
    missing = sorted((method, path) for path, ops in schema["paths"].items() for method in ops
                     if (method, path) not in listed)
    assert missing == [], "endpoints without a row in the permission matrix"


EXTRA_COVERED: set = set()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "kind"), OPERATIONS)
def test_crud_endpoints(refdata, role, method, path, kind):
    world = build_world()
    entity = ENTITIES[path.split("{")[0]]
    client = client_for(world, role)
    if kind == "list":
        for side in ("in", "out"):
            response = client.get(path, {"q": search_term(entity, world[side][entity])})
            if role == "anonymous":
                assert response.status_code == 401
                continue
            assert response.status_code == 200
            ids = {item["id"] for item in response.json()["items"]}
            assert (world[side][entity].pk in ids) == sees(role, entity, side), side
        return
    if kind == "create":
        for side in ("in", "out"):
            response = client.post(path, create_body(entity, side, world), content_type="application/json")
            if role == "anonymous":
                assert response.status_code == 401
            elif creates(role, entity, side):
                assert response.status_code == 201, (side, response.content)
            else:
                assert response.status_code in (403, 422), (side, response.status_code)
        return
    for side in ("in", "out"):
        obj = world[side][entity]
        url = path.format(pk=obj.pk)
        body = {"replace": put_body, "update": patch_body}.get(kind)
        payload = body(entity, obj) if body else None
        if payload is not None:
            payload = {k: v for k, v in payload.items() if v is not None}
            response = getattr(client, method)(url, payload, content_type="application/json")
        else:
            response = getattr(client, method)(url)
        assert response.status_code in expected_item(role, entity, side, kind != "read", kind), (
            side, response.status_code, response.content[:300])


@pytest.mark.parametrize("role", ROLES)
def test_personal_data_endpoints(refdata, role):
    from tests.matrix.world import PERSONAL

    world = build_world()
    client = client_for(world, role)
    for side in ("in", "out"):
        person = world[side]["person"]
        export = client.get(f"/api/people/{person.pk}/personal-data")
        erase = client.post(f"/api/people/{person.pk}/erase")
        if role == "anonymous":
            assert (export.status_code, erase.status_code) == (401, 401)
        elif not sees(role, "person", side):
            assert (export.status_code, erase.status_code) == (404, 404)
        else:
            assert export.status_code == (200 if role in PERSONAL else 403)
            assert erase.status_code == (204 if role == "admin" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_reference_endpoints(refdata, role):
    world = build_world()
    client = client_for(world, role)
    expected = 401 if role == "anonymous" else 200
    assert client.get("/api/reference/specialties").status_code == expected
    assert client.get("/api/reference/specialties/med:04.03").status_code == expected
