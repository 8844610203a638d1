"""Permission matrix over the web pages: every page × every role × in/out of scope.

`test_every_page_is_in_the_matrix` fails when a URL is added without a row here.
Admin pages are Django's: staff only, checked as a group.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix.world import PERSONAL, ROLES, build_world, client_for, sees

pytestmark = pytest.mark.django_db

# Detail pages: url name → (entity, how to build the URL from the object)
DETAIL = {
    "regions:region_detail": ("region", lambda o: f"/regions/{o.code}/"),
    "regions:pairing_detail": ("pairing", lambda o: f"/regions/pairings/{o.pk}/"),
    "orgs:organisation_detail": ("organisation", lambda o: f"/organisations/{o.pk}/"),
    "people:person_detail": ("person", lambda o: f"/people/{o.pk}/"),
}
# Lists and exports: url name → (url, entity whose out-of-scope record must not show, text)
LISTS = {
    "regions:region_list": ("/regions/?q=开州", "region"),
    "regions:pairing_list": ("/regions/pairings/", "pairing"),
    "orgs:organisation_list": ("/organisations/", "organisation"),
    "orgs:organisation_export": ("/organisations/export.xlsx", "organisation"),
    "people:person_list": ("/people/", "person"),
    "people:person_export": ("/people/export.xlsx", "person"),
    "import_batches": ("/imports/", None),
    "home": ("/", None),
}
# Pages every signed-in user may open (forms and templates carry no records).
OPEN = {
    "orgs:organisation_template": "/organisations/template.xlsx",
    "orgs:organisation_import": "/organisations/import/",
    "people:person_template": "/people/template.xlsx",
    "people:person_import": "/people/import/",
    "password_change": "/accounts/password/",  # one's own password
    "password_change_done": "/accounts/password/done/",
}
# Administrators only: setting another user's password.
ADMIN_ONLY = {"user_password_list", "user_password_reset"}
SPECIAL = {"people:person_data_export", "people:person_erase", "import_batch_revert",
           "picker_options",  # below: test_the_picker_offers_only_what_the_role_may_name
           # a round's candidate: needs/tests/test_matching_screens.py (another county: 404)
           "needs:round_candidate"}
EXEMPT = {"login", "logout", "set_language"}  # the sign-in flow and the language switch


def marker(entity, obj):
    """Text that shows a record on a list page or in an export."""
    if entity == "region":
        return obj.full_name
    if entity == "pairing":
        return obj.west_region.full_name
    return obj.name


def url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_page_is_in_the_matrix():
    import tests.matrix.test_action_visibility  # noqa: F401  (the delete pages)
    import tests.matrix.test_activities_matrix  # noqa: F401
    import tests.matrix.test_attachments_matrix  # noqa: F401
    import tests.matrix.test_cooperation_matrix  # noqa: F401
    import tests.matrix.test_documents_matrix  # noqa: F401
    import tests.matrix.test_exchange_matrix  # noqa: F401  (adds its rows)
    import tests.matrix.test_insights_matrix  # noqa: F401
    import tests.matrix.test_jobs_matrix  # noqa: F401
    import tests.matrix.test_needs_matrix  # noqa: F401  (adds its rows)
    import tests.matrix.test_notifications_matrix  # noqa: F401
    import tests.matrix.test_offers_matrix  # noqa: F401  (adds its rows)
    import tests.matrix.test_people_matrix  # noqa: F401
    import tests.matrix.test_reports_matrix  # noqa: F401
    import tests.matrix.test_tokens_matrix  # noqa: F401

    pages = {n for n in url_names() if not n.startswith(("admin:", "api:"))}
    covered = set(DETAIL) | set(LISTS) | set(OPEN) | SPECIAL | EXEMPT | ADMIN_ONLY | EXTRA_COVERED
    assert sorted(pages - covered) == [], "pages without a row in the permission matrix"


EXTRA_COVERED: set = set()


@pytest.mark.parametrize("role", ROLES)
def test_detail_pages(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for name, (entity, build) in DETAIL.items():
        for side in ("in", "out"):
            response = client.get(build(world[side][entity]))
            if role == "anonymous":
                assert response.status_code == 302, name
            else:
                expected = 200 if sees(role, entity, side) else 404
                assert response.status_code == expected, (name, side)


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_exports_leave_out_other_areas(refdata, role):
    import io

    import openpyxl

    world = build_world()
    client = client_for(world, role)
    for name, (url, entity) in LISTS.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, name
            continue
        assert response.status_code == 200, name
        if entity is None:
            continue
        if url.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
        else:
            text = response.content.decode()
        hidden = marker(entity, world["out"][entity])
        assert (hidden in text) == (role == "admin"), (name, hidden)


@pytest.mark.parametrize("role", ROLES)
def test_open_pages(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for name, url in OPEN.items():
        assert client.get(url).status_code == (302 if role == "anonymous" else 200), name


@pytest.mark.parametrize("role", ROLES)
def test_password_reset_pages_are_for_administrators(refdata, role):
    world = build_world()
    client = client_for(world, role)
    target = world["users"]["coordinator"]
    for url in ("/accounts/users/", f"/accounts/users/{target.pk}/password/"):
        status = client.get(url).status_code
        expected = 302 if role == "anonymous" else 200 if role == "admin" else 403
        assert status == expected, (url, status)
    if role == "admin":
        client.post(f"/accounts/users/{target.pk}/password/",
                    {"new_password1": "Wushan-2026-new!", "new_password2": "Wushan-2026-new!"})
        target.refresh_from_db()
        assert target.check_password("Wushan-2026-new!")
    else:
        target.refresh_from_db()
        assert target.check_password("pw-123456!")


@pytest.mark.parametrize("role", ROLES)
def test_personal_data_pages(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for side in ("in", "out"):
        person = world[side]["person"]
        export = client.get(f"/people/{person.pk}/data.json").status_code
        erase = client.post(f"/people/{person.pk}/erase/").status_code
        if role == "anonymous":
            assert (export, erase) == (302, 302)
        elif not sees(role, "person", side):
            assert (export, erase) == (404, 404)
        else:
            assert export == (200 if role in PERSONAL else 403)
            assert erase == (302 if role == "admin" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_import_revert_only_own_batches(refdata, role):
    world = build_world()
    client = client_for(world, role)
    if role == "anonymous":
        assert client.post(f"/imports/{world['out']['importbatch'].pk}/revert/").status_code == 302
        return
    own = world["in"]["importbatch"][role]
    # A user without a scope has nothing, not even their own batches.
    assert client.post(f"/imports/{own.pk}/revert/").status_code == (404 if role == "nobody" else 302)
    other = client.post(f"/imports/{world['out']['importbatch'].pk}/revert/").status_code
    assert other == (302 if role == "admin" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for url in ("/admin/", "/admin/people/person/", f"/admin/people/person/{world['in']['person'].pk}/change/"):
        expected = 200 if role == "admin" else 302
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", ROLES)
def test_the_picker_offers_only_what_the_role_may_name(refdata, role):
    world = build_world()
    client = client_for(world, role)
    for side in ("in", "out"):
        name = world[side]["person"].name
        response = client.get("/options/people.person/", {"q": name})
        if role == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 200
        offered = f'data-value="{name}' in response.content.decode()
        assert offered == sees(role, "person", side), (side, name)
