"""Every PATCH and PUT endpoint of the API, every field of its body: an explicit `null`,
and for text fields a string holding a NUL byte, sent by the administrator to a real
record of the demo data, is never a server error (issue 11, finding 6): a null is
taken (200) or refused with 422 naming the field, a NUL is refused with 422 naming it.

PostgreSQL cannot store NUL in text, SQLite can: the NUL cases matter on PostgreSQL, the
`null` cases on both. Each request runs in its own savepoint, so a server error is
counted once and does not spoil the requests after it. Before issue 11, 42 of the cases
were server errors on SQLite (39 on PostgreSQL, which answered NUL with a misleading 422).
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

pytestmark = pytest.mark.django_db


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def kinds(schema: dict, prop: dict) -> set[str]:
    """The JSON types a property accepts (`anyOf`, `allOf` and references unfolded)."""
    prop = resolve(schema, prop)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in prop:
            return set().union(*(kinds(schema, p) for p in prop[combined]))
    if "enum" in prop and "type" not in prop:
        return {"string"}
    return {prop.get("type", "object")}


def nul_value(schema: dict, prop: dict):
    """A value carrying a NUL byte in its text (a string, a list of them, objects in a
    list), or None where the property takes no text."""
    types = kinds(schema, prop)
    if "string" in types:
        return "a\x00b"
    node = resolve(schema, prop)
    for combined in ("anyOf", "oneOf", "allOf"):
        for option in node.get(combined, []):
            if (value := nul_value(schema, option)) is not None:
                return value
    if "array" in types and (item := nul_value(schema, node.get("items", {}))) is not None:
        return [item]
    if "object" in types and node.get("properties"):
        texts = {name: nul_value(schema, p) for name, p in node["properties"].items()}
        texts = {name: value for name, value in texts.items() if value is not None}
        return texts or None
    return None


def body_properties(schema: dict, operation: dict) -> dict:
    content = operation["requestBody"]["content"]["application/json"]["schema"]
    return resolve(schema, content).get("properties", {})


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in ("put", "patch") and "requestBody" in operation:
                yield method, path, operation


def answered_well(response, field: str, label: str) -> bool:
    """A NUL is refused with 422 naming the field; a null is taken (200) or refused (422:
    the field itself, or a rule it breaks with another field)."""
    if label == "NUL":
        return response.status_code == 422 and any(
            field in item.get("loc", []) for item in response.json()["detail"])
    return response.status_code in (200, 422)


def as_input(schema: dict, prop: dict, value):
    """A value as read, as the input takes it: records listed as objects go by id."""
    items = resolve(schema, resolve(schema, prop).get("items", {}))
    if (isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value)
            and "object" not in kinds(schema, items)):
        return [v["id"] for v in value]
    return value


def unchanged(schema: dict, method: str, props: dict, record: dict) -> dict:
    """PUT: the record as read (a valid replacement); PATCH: only its version."""
    if method == "put":
        return {name: as_input(schema, props[name], record[name]) for name in props if name in record}
    return {"version": record["version"]} if "version" in props else {}


def send(client, method, url, body):
    """One request in a savepoint, rolled back after a server error."""
    savepoint = transaction.savepoint()
    response = getattr(client, method)(url, body, content_type="application/json")
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response


def test_null_and_nul_in_every_update_field(refdata):
    from django.contrib.auth import get_user_model

    call_command("demo", verbosity=0)
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="admin"))
    schema = client.get("/api/openapi.json").json()
    # The demo has no matching round: one over the demo's first need.
    need = client.get("/api/needs/", {"page_size": 1}).json()["items"][0]["id"]
    assert client.post("/api/rounds/", {"name": "试配", "needs": [need]},
                       content_type="application/json").status_code == 201

    failures, without_record, cases = [], [], 0
    for method, path, operation in operations(schema):
        listing = client.get(path.replace("{pk}", ""), {"page_size": 1})
        items = listing.json().get("items", []) if listing.status_code == 200 else []
        if not items:
            without_record.append(path)
            continue
        url = path.replace("{pk}", str(items[0]["id"]))
        props = body_properties(schema, operation)
        current = client.get(url).json()
        if method == "put":
            response = send(client, method, url, unchanged(schema, method, props, current))
            if response.status_code != 200:
                failures.append(f"PUT {path} as read: {response.status_code} {response.content[:300]!r}")
            current = client.get(url).json()
        for field, prop in props.items():
            if field == "version":
                continue
            values = [("null", None)]
            if (nul := nul_value(schema, prop)) is not None:
                values.append(("NUL", nul))
            for label, value in values:
                response = send(client, method, url, {**unchanged(schema, method, props, current), field: value})
                cases += 1
                if response.status_code == 200:
                    current = client.get(url).json()  # a new version
                if not answered_well(response, field, label):
                    failures.append(f"{method.upper()} {path} {field}={label}: "
                                    f"{response.status_code} {response.content[:200]!r}")
    print(f"\n{cases} endpoint/field/value cases, {len(failures)} wrong answers")
    assert failures == [], f"{len(failures)} wrong answers:\n" + "\n".join(failures)
    assert without_record == [], "update endpoints without a record to change"


@pytest.fixture
def world(refdata):
    from tests.matrix.world import build_world

    return build_world()


def admin_client(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["admin"])
    return client


def test_null_for_blank_text_is_stored_as_empty_text(world):
    """The probe's `AttributeError` for phone and ID number, and NOT NULL failures."""
    person = world["in"]["person"]
    client = admin_client(world)
    response = client.patch(f"/api/people/{person.pk}",
                            {"version": person.version, "phone": None, "id_number": None, "note": None},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "" and response.json()["note"] == ""
    person.refresh_from_db()
    assert (person.phone, person.id_number, person.note) == ("", "", "")
    organisation = world["in"]["organisation"]
    body = {"name": organisation.name, "kind": "hospital", "region": "500237", "note": None,
            "version": organisation.version}
    response = client.put(f"/api/organisations/{organisation.pk}", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["note"] == ""
    body = {"name": "新医院", "kind": "hospital", "region": "500237", "note": None}
    response = client.post("/api/organisations/", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["note"] == ""


@pytest.mark.parametrize(("path", "entity", "field"), [
    ("/api/people/{pk}", "person", "name"), ("/api/people/{pk}", "person", "domain"),
    ("/api/people/{pk}", "person", "availability"), ("/api/organisations/{pk}", "organisation", "kind"),
    ("/api/organisations/{pk}", "organisation", "version"), ("/api/pairings/{pk}", "pairing", "start"),
])
def test_null_for_a_field_without_null_is_named(world, path, entity, field):
    record = world["in"][entity]
    body = {"version": record.version, field: None}
    response = admin_client(world).patch(path.format(pk=record.pk), body, content_type="application/json")
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"][-1] == field and error["msg"] == "此项不能为空。"
    before = record.version
    record.refresh_from_db()
    assert record.version == before


def test_a_patch_keeps_the_field_constraints(world):
    """ninja's PatchDict dropped lengths and ranges; the model caught some of them later."""
    person = world["in"]["person"]
    client = admin_client(world)
    for body in ({"name": ""}, {"name": "长" * 65}, {"availability": [
            {"start": "2025-01-01", "end": "2025-02-01", "modes": []}]}):
        response = client.patch(f"/api/people/{person.pk}", {"version": person.version, **body},
                                content_type="application/json")
        assert response.status_code == 422, (body, response.content)
