"""The world of the permission matrix: in-scope and out-of-scope records of every entity,
and one user per role. "In scope" means inside 重庆市巫山县 / 巫山县中医院."""

import datetime

from django.contrib.auth import get_user_model
from django.test import Client

from xiezuo.accounts.models import UserScope
from xiezuo.core.models import ImportBatch
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing, Region

ROLES = ["admin", "coordinator", "auditor", "org_user", "self_service", "nobody", "anonymous"]


def region(code):
    return Region.objects.get(code=code)


def build_world() -> dict:
    hospital = Organisation.objects.create(name="巫山县中医院", kind="hospital", region=region("500237"))
    other = Organisation.objects.create(name="开州区人民医院", kind="hospital", region=region("500154"))
    east = Organisation.objects.create(name="烟台山医院", kind="hospital", region=region("370602"))
    doctor = Person.objects.create(name="在内医生", organisation=hospital, domain="medical",
                                   specialty_text="骨科", phone="13912345678")
    stranger = Person.objects.create(name="在外医生", organisation=other, domain="medical",
                                     specialty_text="骨科", phone="13800000000")
    world = {
        "in": {
            "region": region("500237"),
            "organisation": hospital,
            "person": doctor,
            "pairing": Pairing.objects.create(
                level="hospital_hospital", east_region=region("370600"), west_region=region("500237"),
                east_org=east, west_org=hospital, start=datetime.date(2021, 6, 1)),
        },
        "out": {
            "region": region("500154"),
            "organisation": other,
            "person": stranger,
            "pairing": Pairing.objects.create(
                level="city_county", east_region=region("370700"), west_region=region("500154"),
                start=datetime.date(2021, 4, 1)),
        },
    }
    users = {}
    User = get_user_model()
    for role in ROLES:
        if role == "anonymous":
            continue
        user = User.objects.create_user(username=f"m-{role}", password="pw-123456!")
        if role == "admin":
            user.is_superuser = user.is_staff = True
            user.save()
        elif role != "nobody":
            UserScope.objects.create(
                user=user, role=role,
                region=region("500237") if role in ("coordinator", "auditor") else None,
                organisation=hospital if role == "org_user" else None,
                person=doctor if role == "self_service" else None,
            )
        users[role] = user
    world["users"] = users
    world["in"]["importbatch"] = {r: ImportBatch.objects.create(resource="orgs.organisation", actor=u)
                                  for r, u in users.items()}
    world["out"]["importbatch"] = ImportBatch.objects.create(resource="orgs.organisation",
                                                             actor=users["admin"])
    return world


# Which in-scope entities each role sees, and which it may change.
SEES = {
    "admin": {"region", "pairing", "organisation", "person"},
    "coordinator": {"region", "pairing", "organisation", "person"},
    "auditor": {"region", "pairing", "organisation", "person"},
    "org_user": {"pairing", "organisation", "person"},
    "self_service": {"person", "organisation"},
    "nobody": set(),
    "anonymous": set(),
}
CHANGES = {
    "admin": {"region", "pairing", "organisation", "person"},
    "coordinator": {"pairing", "organisation", "person"},
    "auditor": set(),
    "org_user": {"organisation", "person"},
    "self_service": {"person"},
    "nobody": set(),
    "anonymous": set(),
}
# Who may see a person's personal data unmasked (and export it).
PERSONAL = {"admin", "coordinator", "org_user", "self_service"}


def sees(role, entity, side):
    return role == "admin" or (side == "in" and entity in SEES[role])


def changes(role, entity, side):
    return role == "admin" or (side == "in" and entity in CHANGES[role])


def client_for(world, role):
    """A test client signed in as the world's user of this role (none for anonymous)."""
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def check(response, allowed, context):
    """`allowed` None: any answer but 401/403/404/5xx; else one of the given codes."""
    if allowed is None:
        assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
            context, response.status_code, response.content[:300])
    else:
        assert response.status_code in allowed, (context, response.status_code, response.content[:300])


def check_listed(client, path, role, world, entity, visible):
    """A collection endpoint: 401 when anonymous, else the in/out record is listed
    exactly when `visible(side)`."""
    response = client.get(path)
    if role == "anonymous":
        assert response.status_code == 401
        return
    ids = {item["id"] for item in response.json()["items"]}
    for side in ("in", "out"):
        assert (world[side][entity].pk in ids) == visible(side), side


def check_created(client, path, role, body_for, allowed):
    """POST a new record inside and outside the scope: 201 where `allowed(side)`."""
    for side in ("in", "out"):
        response = client.post(path, body_for(side), content_type="application/json")
        if role == "anonymous":
            assert response.status_code == 401
        elif allowed(side):
            assert response.status_code == 201, (side, response.content[:300])
        else:
            assert response.status_code in (403, 404, 422), (side, response.status_code)


def check_post_pages(client, role, world, pages, sees, changes):
    """POST-only pages acting on one record: 404 outside the view, 403 for roles that
    only read (before any input is validated), never a 5xx otherwise."""
    for name, (entity, url) in pages.items():
        for side in ("in", "out"):
            response = client.post(url.format(pk=world[side][entity].pk), {})
            if role == "anonymous":
                assert response.status_code == 302, name
            elif role != "admin" and (side == "out" or role not in sees):
                assert response.status_code == 404, (name, side)
            elif role not in changes:
                assert response.status_code == 403, (name, side)
            else:
                assert response.status_code < 500, (name, side)


def crud_operations(bases) -> list[tuple[str, str, str]]:
    """(method, path, kind) of the generic CRUD endpoints under each collection path."""
    operations = []
    for base in bases:
        operations += [("get", base, "list"), ("post", base, "create"), ("get", base + "{pk}", "read"),
                       ("put", base + "{pk}", "replace"), ("patch", base + "{pk}", "update"),
                       ("delete", base + "{pk}", "delete")]
    return operations


def expected(role, side, write, sees_roles, change_roles):
    """What a role gets for the in/out-of-scope record of an entity seen by `sees_roles` and
    changed by `change_roles`: 401, 404, 403, or None (allowed)."""
    if role == "anonymous":
        return {401}
    if role != "admin" and (side == "out" or role not in sees_roles):
        return {404}
    if write and role not in change_roles:
        return {403}
    return None  # allowed: any answer but 401/403/404/5xx


def check_crud(client, world, role, method, path, kind, *, entity, sees_roles, change_roles, body, patch):
    """One generic CRUD operation for both the in-scope and the out-of-scope record.
    `body(side)` is a full payload, `patch` a partial one."""
    if kind == "list":
        check_listed(client, path, role, world, entity,
                     lambda side: role == "admin" or (side == "in" and role in sees_roles))
        return
    if kind == "create":
        check_created(client, path, role, body,
                      lambda side: role == "admin" or (side == "in" and role in change_roles))
        return
    for side in ("in", "out"):
        obj = world[side][entity]
        url = path.format(pk=obj.pk)
        if kind == "read":
            response = client.get(url)
        elif kind in ("replace", "update"):
            payload = body(side) if kind == "replace" else dict(patch)
            payload["version"] = obj.version
            response = getattr(client, method)(url, payload, content_type="application/json")
        else:
            response = client.delete(url)
        check(response, expected(role, side, kind != "read", sees_roles, change_roles), (kind, side))


# Who may open a page that creates a record (besides administrators): a role that may not
# add such records gets 403, not a form it could never save (issue 13).
ADDS = frozenset({"coordinator", "org_user"})


def page_status(role, name, adds=ADDS):
    """The status of a list or form page (no record in its address) for a role."""
    if role == "anonymous":
        return 302
    if name.endswith("_create"):
        return 200 if role == "admin" or role in adds else 403
    return 200
