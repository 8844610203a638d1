"""Permission matrix, "placement" column: every role tries to move records in and out of
its scope through the API — only the allowed moves succeed, refused ones change nothing.

For every entity with a region, organisation, parent or pairing field, three moves:

- out:    the in-scope record (巫山县 / 巫山县中医院) is moved to 开州区's place;
- into:   the out-of-scope record (开州区) is moved into 巫山县;
- within: the in-scope record is moved to another place inside 巫山县 (巫山县人民医院, or a
          second 烟台—巫山 pairing).

Administrators may make every move; the coordinator of 巫山县 only the moves within;
organisation users, self-service users and auditors none (an organisation user never
moves anything, even inside its own organisation's region).
"""

import datetime

import pytest

from tests.matrix.test_activities_matrix import build_activities_world
from tests.matrix.test_cooperation_matrix import build_cooperation_world
from tests.matrix.test_exchange_matrix import build_exchange_world
from tests.matrix.test_needs_matrix import build_needs_world
from tests.matrix.world import ROLES, build_world, client_for

pytestmark = pytest.mark.django_db
D = datetime.date

ALLOWED = {"out": {"admin"}, "into": {"admin"}, "within": {"admin", "coordinator"}}


def second_places(world):
    """Another organisation and another pairing inside 巫山县, for the moves within."""
    from xiezuo.orgs.models import Organisation
    from xiezuo.regions.models import Pairing, Region

    world["in"]["organisation2"] = Organisation.objects.create(
        name="巫山县人民医院", kind="hospital", region=Region.objects.get(code="500237"))
    world["in"]["pairing2"] = Pairing.objects.create(
        level="city_county", east_region=Region.objects.get(code="370600"),
        west_region=Region.objects.get(code="500237"), start=D(2021, 1, 1))
    return world


def org(world, side):
    return world[side]["organisation"].pk


def pairing(world, side):
    return world[side]["pairing"].pk


def region(world, side):
    return world[side]["region"].code


# (builder, API collection, entity key, field label, {move: patch(world)})
MOVES = [
    (build_world, "/api/organisations/", "organisation", "region", {
        "out": lambda w: {"region": region(w, "out")},
        "into": lambda w: {"region": region(w, "in")},
    }),
    (build_world, "/api/organisations/", "organisation", "parent", {
        "out": lambda w: {"parent": org(w, "out")},
        "into": lambda w: {"parent": org(w, "in")},
        "within": lambda w: {"parent": w["in"]["organisation2"].pk},
    }),
    (build_world, "/api/people/", "person", "organisation", {
        "out": lambda w: {"organisation": org(w, "out")},
        "into": lambda w: {"organisation": org(w, "in")},
        "within": lambda w: {"organisation": w["in"]["organisation2"].pk},
    }),
    (build_world, "/api/pairings/", "pairing", "west side", {
        "out": lambda w: {"west_region": region(w, "out"), "west_org": org(w, "out")},
        "within": lambda w: {"west_org": w["in"]["organisation2"].pk},
    }),
    (build_needs_world, "/api/needs/", "need", "organisation", {
        "out": lambda w: {"organisation": org(w, "out")},
        "into": lambda w: {"organisation": org(w, "in")},
        "within": lambda w: {"organisation": w["in"]["organisation2"].pk},
    }),
    (build_needs_world, "/api/team-needs/", "teamneed", "organisation", {
        "out": lambda w: {"organisation": org(w, "out")},
        "into": lambda w: {"organisation": org(w, "in")},
        "within": lambda w: {"organisation": w["in"]["organisation2"].pk},
    }),
    (build_exchange_world, "/api/postings/", "posting", "host", {
        "out": lambda w: {"host": org(w, "out")},
        "into": lambda w: {"host": org(w, "in")},
        "within": lambda w: {"host": w["in"]["organisation2"].pk},
    }),
    (build_exchange_world, "/api/teams/", "team", "host", {
        "out": lambda w: {"host": org(w, "out")},
        "into": lambda w: {"host": org(w, "in")},
        "within": lambda w: {"host": w["in"]["organisation2"].pk},
    }),
    (build_exchange_world, "/api/mentorships/", "mentorship", "host", {
        "out": lambda w: {"host": org(w, "out")},
        "into": lambda w: {"host": org(w, "in")},
        "within": lambda w: {"host": w["in"]["organisation2"].pk},
    }),
    (build_exchange_world, "/api/engagements/", "engagement", "organisation", {
        "out": lambda w: {"organisation": org(w, "out")},
        "into": lambda w: {"organisation": org(w, "in")},
        "within": lambda w: {"organisation": w["in"]["organisation2"].pk},
    }),
    (build_exchange_world, "/api/bases/", "base", "host", {
        "out": lambda w: {"host": org(w, "out")},
        "into": lambda w: {"host": org(w, "in")},
        "within": lambda w: {"host": w["in"]["organisation2"].pk},
    }),
    (build_activities_world, "/api/events/", "event", "host region and sending organisation", {
        "out": lambda w: {"host_region": region(w, "out"), "sending_org": org(w, "out")},
        "into": lambda w: {"host_region": region(w, "in"), "sending_org": org(w, "in")},
        "within": lambda w: {"sending_org": w["in"]["organisation2"].pk},
    }),
    (build_activities_world, "/api/activities/", "activity", "host", {
        "out": lambda w: {"host": org(w, "out")},
        "into": lambda w: {"host": org(w, "in")},
        "within": lambda w: {"host": w["in"]["organisation2"].pk},
    }),
    (build_activities_world, "/api/training-classes/", "trainingclass", "organiser", {
        "out": lambda w: {"organiser": org(w, "out")},
        "into": lambda w: {"organiser": org(w, "in")},
        "within": lambda w: {"organiser": w["in"]["organisation2"].pk},
    }),
    (build_activities_world, "/api/trainees/", "trainee", "training class", {
        "out": lambda w: {"training_class": w["out"]["trainingclass"].pk},
        "into": lambda w: {"training_class": w["in"]["trainingclass"].pk},
    }),
    (build_cooperation_world, "/api/agreements/", "agreement", "pairing", {
        "out": lambda w: {"pairing": pairing(w, "out")},
        "into": lambda w: {"pairing": pairing(w, "in")},
        "within": lambda w: {"pairing": w["in"]["pairing2"].pk},
    }),
    (build_cooperation_world, "/api/projects/", "project", "pairing", {
        "out": lambda w: {"pairing": pairing(w, "out")},
        "into": lambda w: {"pairing": pairing(w, "in")},
        "within": lambda w: {"pairing": w["in"]["pairing2"].pk},
    }),
    (build_cooperation_world, "/api/labour/", "labour", "pairing", {
        "out": lambda w: {"pairing": pairing(w, "out")},
        "into": lambda w: {"pairing": pairing(w, "in")},
        "within": lambda w: {"pairing": w["in"]["pairing2"].pk},
    }),
    (build_cooperation_world, "/api/consumption/", "consumption", "pairing", {
        "out": lambda w: {"pairing": pairing(w, "out")},
        "into": lambda w: {"pairing": pairing(w, "in")},
        "within": lambda w: {"pairing": w["in"]["pairing2"].pk},
    }),
]
CASES = [
    pytest.param(builder, path, entity, move, patch, id=f"{entity}-{label}-{move}")
    for builder, path, entity, label, moves in MOVES
    for move, patch in moves.items()
]


def placement(record, fields) -> dict:
    record.refresh_from_db()
    return {name: getattr(record, f"{name}_id", None) or getattr(record, name) for name in fields}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("builder", "path", "entity", "move", "patch"), CASES)
def test_moves(refdata, role, builder, path, entity, move, patch):
    world = second_places(builder())
    side = "out" if move == "into" else "in"
    record = world[side][entity]
    fields = patch(world)
    before = placement(record, fields)
    body = {**fields, "version": record.version} if hasattr(record, "version") else fields
    response = client_for(world, role).patch(f"{path}{record.pk}", body, content_type="application/json")
    context = (role, entity, move, response.status_code, response.content[:300])
    if role == "anonymous":
        assert response.status_code == 401, context
    elif role in ALLOWED[move]:
        assert response.status_code == 200, context
        assert placement(record, fields) != before, context
    else:
        assert response.status_code in (403, 404, 422), context
        assert placement(record, fields) == before, context


# ---- the probe's own case, and creations ---------------------------------------------------


def test_organisation_user_cannot_move_its_organisation_into_another_county(refdata):
    """As the probe did it: 巫山县中医院's user PATCHes its own organisation into 开州区."""
    world = build_world()
    hospital = world["in"]["organisation"]
    response = client_for(world, "org_user").patch(
        f"/api/organisations/{hospital.pk}", {"region": "500154", "version": hospital.version},
        content_type="application/json")
    assert response.status_code == 403
    assert "归属" in response.json()["detail"] or "move" in response.json()["detail"]
    hospital.refresh_from_db()
    assert hospital.region.code == "500237"


@pytest.mark.parametrize(("role", "where", "allowed"), [
    ("org_user", "500237", True),     # a unit in its own organisation's county
    ("org_user", "500154", False),    # a unit of its organisation placed in another county
    ("coordinator", "500237", True),
    ("coordinator", "500154", False),
    ("auditor", "500237", False),
    ("self_service", "500237", False),
])
def test_creating_a_unit(refdata, role, where, allowed):
    from xiezuo.orgs.models import Organisation

    world = build_world()
    response = client_for(world, role).post("/api/organisations/", {
        "name": "新科室", "kind": "hospital", "region": where,
        "parent": world["in"]["organisation"].pk,
    }, content_type="application/json")
    if allowed:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code in (403, 404, 422), response.content
        assert not Organisation.objects.filter(name="新科室").exists()


def test_a_unit_placed_outside_by_an_organisation_user_is_named_by_its_field(refdata):
    world = build_world()
    response = client_for(world, "org_user").post("/api/organisations/", {
        "name": "新科室", "kind": "hospital", "region": "522700",
        "parent": world["in"]["organisation"].pk,
    }, content_type="application/json")
    assert response.status_code == 403
    assert "地区" in response.json()["detail"]


@pytest.mark.parametrize(("role", "allowed"), [
    ("org_user", False), ("coordinator", True), ("admin", True), ("self_service", False)])
def test_moving_a_person_into_a_unit_of_the_same_hospital(refdata, role, allowed):
    """Both places lie in the organisation user's own organisation, yet it does not move
    people (or anything else); the coordinator of the county does."""
    from xiezuo.orgs.models import Organisation

    world = build_world()
    hospital, person = world["in"]["organisation"], world["in"]["person"]
    unit = Organisation.objects.create(name="巫山县中医院骨科", kind="hospital", region=hospital.region,
                                       parent=hospital)
    response = client_for(world, role).patch(
        f"/api/people/{person.pk}", {"organisation": unit.pk, "version": person.version},
        content_type="application/json")
    person.refresh_from_db()
    if allowed:
        assert response.status_code == 200, response.content
        assert person.organisation_id == unit.pk
    else:  # the self-service user does not even see the unit (422 on the reference)
        assert response.status_code == (403 if role == "org_user" else 422), response.content
        assert person.organisation_id == hospital.pk


@pytest.mark.parametrize(("where", "allowed"), [("巫山县", True), ("黔南州", False)])
def test_an_organisation_user_importing_a_unit_places_it_in_its_own_county(refdata, where, allowed):
    """The Excel path of the same rule: a unit under the user's organisation, placed in
    another prefecture, is a row error and nothing is stored."""
    import io

    from tests.excel_files import workbook_bytes
    from xiezuo.orgs.models import Organisation

    world = build_world()
    data = workbook_bytes([["名称", "类型", "所在地区", "上级单位"],
                           ["新科室", "医院", where, "巫山县中医院"]])
    response = client_for(world, "org_user").post("/organisations/import/", {"file": io.BytesIO(data)})
    stored = Organisation.objects.filter(name="新科室").exists()
    assert stored == allowed, response.content.decode()[:2000]
    if not allowed:
        assert "地区" in response.content.decode()
