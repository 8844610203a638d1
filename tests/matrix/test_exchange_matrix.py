"""Permission matrix of the exchange endpoints and pages (postings, teams, goals …)."""

import datetime

import pytest

from tests.matrix import test_api_matrix, test_page_matrix
from tests.matrix.world import (
    ROLES,
    build_world,
    check,
    check_created,
    check_listed,
    check_post_pages,
    client_for,
    page_status,
)

pytestmark = pytest.mark.django_db
D = datetime.date
ENTITIES = {"/api/postings/": "posting", "/api/teams/": "team", "/api/goals/": "goal",
            "/api/outcomes/": "outcome", "/api/mentorships/": "mentorship",
            "/api/engagements/": "engagement", "/api/bases/": "base"}
# Coordinators, auditors and the host's organisation users see what is hosted in 巫山;
# a self-service user sees none of these (they are about another person).
SEES = {"admin", "coordinator", "auditor", "org_user"}
CHANGES = {"admin", "coordinator", "org_user"}


def build_exchange_world():
    from xiezuo.exchange.models import Base, Engagement, Goal, Mentorship, Outcome, Posting, Team
    from xiezuo.orgs.models import Organisation
    from xiezuo.people.models import Person

    world = build_world()
    east = Organisation.objects.get(name="烟台山医院")
    expert = Person.objects.create(name="东部专家", organisation=east, domain="medical",
                                   specialty_text="神经外科")
    world["expert"] = expert
    for side in ("in", "out"):
        host = world[side]["organisation"]
        posting = Posting.objects.create(person=expert, host=host, kind="medical", direction="east_west",
                                         planned_start=D(2025, 3, 1) if side == "in" else D(2027, 3, 1),
                                         planned_end=D(2026, 2, 28) if side == "in" else D(2028, 2, 28))
        goal = Goal.objects.create(posting=posting, kind="urgent_need", title=f"目标{side}")
        world[side].update({
            "posting": posting, "goal": goal,
            "outcome": Outcome.objects.create(goal=goal, kind="new_technique", title=f"新技术{side}"),
            "team": Team.objects.create(name=f"医疗队{side}", host=host, sending_org=east, domain="medical",
                                        planned_start=D(2025, 3, 1), planned_end=D(2026, 3, 1)),
            "mentorship": Mentorship.objects.create(mentor=expert, host=host, start=D(2025, 3, 1)),
            "engagement": Engagement.objects.create(person=expert, organisation=host, role="chief_expert",
                                                    start=D(2024, 1, 1)),
            "base": Base.objects.create(name=f"工作站{side}", kind="doctoral_workstation", host=host,
                                        partner=east, start=D(2022, 5, 1)),
        })
    return world


def body(entity, side, world):
    host = world[side]["organisation"].pk
    expert = world["expert"].pk
    return {
        "posting": {"person": expert, "host": host, "kind": "short_visit", "direction": "east_west",
                    "planned_start": "2030-01-01" if side == "in" else "2030-03-01",
                    "planned_end": "2030-01-10" if side == "in" else "2030-03-10"},
        "team": {"name": "新队", "host": host, "sending_org": "烟台山医院", "domain": "medical",
                 "planned_start": "2030-01-01", "planned_end": "2031-01-01"},
        "goal": {"posting": world[side]["posting"].pk, "kind": "free", "title": "新目标"},
        "outcome": {"goal": world[side]["goal"].pk, "kind": "new_technique", "title": "新技术"},
        "mentorship": {"mentor": expert, "apprentices": [world[side]["person"].pk], "host": host,
                       "start": "2030-01-01"},
        "engagement": {"person": expert, "organisation": host, "role": "advisor", "start": "2030-01-01"},
        "base": {"name": "新基地", "kind": "training_base", "host": host, "start": "2030-01-01"},
    }[entity]


def expect(role, side, write):
    if role == "anonymous":
        return {401}
    if role != "admin" and (side == "out" or role not in SEES):
        return {404}
    if write and role not in CHANGES:
        return {403}
    return None  # allowed: any answer but 401/403/404/5xx


OPERATIONS = []
for base in ENTITIES:
    OPERATIONS += [("get", base, "list"), ("post", base, "create"), ("get", base + "{pk}", "read"),
                   ("put", base + "{pk}", "replace"), ("patch", base + "{pk}", "update"),
                   ("delete", base + "{pk}", "delete")]
# Valid bodies, so that the answer is about access, not about input.
ACTION_BODIES = {
    "/api/postings/{pk}/extend": {"new_end": "2026-06-30", "reason": "延期"},
    "/api/postings/{pk}/end-early": {"end": "2025-09-30", "reason": "提前结束"},
    "/api/postings/{pk}/hand-over": {"successor": None},
    "/api/teams/{pk}/members": {"person": None, "role": "member", "kind": "medical"},
}
ACTIONS = [("post", "/api/postings/{pk}/approve"), ("post", "/api/postings/{pk}/start"),
           ("post", "/api/postings/{pk}/complete"), ("post", "/api/postings/{pk}/extend"),
           ("post", "/api/postings/{pk}/end-early"), ("post", "/api/postings/{pk}/hand-over"),
           ("get", "/api/postings/{pk}/events"), ("post", "/api/teams/{pk}/members"),
           ("post", "/api/teams/{pk}/start"), ("post", "/api/goals/{pk}/evidence")]
PUBLIC = [("get", "/api/programmes/"), ("get", "/api/programmes/{pk}"), ("get", "/api/postings/alerts")]
test_api_matrix.EXTRA_COVERED |= {(m, p) for m, p, _ in OPERATIONS} | set(ACTIONS) | set(PUBLIC)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "kind"), OPERATIONS)
def test_exchange_crud(refdata, role, method, path, kind):
    world = build_exchange_world()
    entity = ENTITIES[path.split("{")[0]]
    client = client_for(world, role)
    if kind == "list":
        check_listed(client, path, role, world, entity,
                     lambda side: role == "admin" or (side == "in" and role in SEES))
        return
    if kind == "create":
        check_created(client, path, role, lambda side: body(entity, side, world),
                      lambda side: role == "admin" or (side == "in" and role in CHANGES))
        return
    for side in ("in", "out"):
        obj = world[side][entity]
        url = path.format(pk=obj.pk)
        if kind == "read":
            response = client.get(url)
        elif kind in ("replace", "update"):
            payload = body(entity, side, world) if kind == "replace" else {"title": "改"}
            payload["version"] = obj.version if hasattr(obj, "version") else None
            payload = {k: v for k, v in payload.items() if v is not None}
            response = getattr(client, method)(url, payload, content_type="application/json")
        else:
            response = client.delete(url)
        check(response, expect(role, side, kind != "read"), (kind, side))


@pytest.mark.parametrize("role", ROLES)
def test_exchange_actions(refdata, role):
    world = build_exchange_world()
    client = client_for(world, role)
    for method, path in ACTIONS:
        entity = {"postings": "posting", "teams": "team", "goals": "goal"}[path.split("/")[2]]
        for side in ("in", "out"):
            url = path.format(pk=world[side][entity].pk)
            payload = dict(ACTION_BODIES.get(path, {}))
            for key in ("successor", "person"):
                if key in payload:
                    payload[key] = world[side]["posting"].pk if key == "successor" else world["expert"].pk
            if path.endswith("/evidence"):
                from django.core.files.uploadedfile import SimpleUploadedFile

                response = client.post(url, {"file": SimpleUploadedFile("e.pdf", b"%PDF-1.4"), "text": "x"})
            elif method == "post":
                response = client.post(url, payload, content_type="application/json")
            else:
                response = client.get(url)
            check(response, expect(role, side, method == "post"), (path, side))


@pytest.mark.parametrize("role", ROLES)
def test_exchange_public_endpoints(refdata, role):
    from xiezuo.exchange.models import Programme

    world = build_exchange_world()
    programme = Programme.objects.create(name="鲁渝协作")
    client = client_for(world, role)
    for _method, path in PUBLIC:
        response = client.get(path.format(pk=programme.pk))
        assert response.status_code == (401 if role == "anonymous" else 200), path


# ---- pages --------------------------------------------------------------------------

DETAIL_PAGES = {
    "exchange:posting_detail": ("posting", "/exchange/postings/{pk}/"),
    "exchange:team_detail": ("team", "/exchange/teams/{pk}/"),
    "exchange:mentorship_detail": ("mentorship", "/exchange/mentorships/{pk}/"),
    "exchange:engagement_detail": ("engagement", "/exchange/engagements/{pk}/"),
    "exchange:base_detail": ("base", "/exchange/bases/{pk}/"),
    "exchange:host_timeline": ("organisation", "/exchange/hosts/{pk}/"),
}
LIST_PAGES = {
    "exchange:overview": "/exchange/", "exchange:timeline": "/exchange/timeline/?region=500237",
    "exchange:calendar": "/exchange/calendar.ics", "exchange:posting_list": "/exchange/postings/",
    "exchange:posting_export": "/exchange/postings/export.xlsx", "exchange:team_list": "/exchange/teams/",
    "exchange:mentorship_list": "/exchange/mentorships/", "exchange:engagement_list": "/exchange/engagements/",
    "exchange:base_list": "/exchange/bases/",
}
FORM_PAGES = {
    "exchange:posting_create": "/exchange/postings/new/", "exchange:team_create": "/exchange/teams/new/",
    "exchange:posting_template": "/exchange/postings/template.xlsx",
    "exchange:posting_import": "/exchange/postings/import/",
    "exchange:mentorship_create": "/exchange/mentorships/new/",
    "exchange:engagement_create": "/exchange/engagements/new/",
    "exchange:base_create": "/exchange/bases/new/",
}
# POST-only pages acting on one record: (entity, url)
POST_PAGES = {
    "exchange:posting_goal_create": ("posting", "/exchange/postings/{pk}/goals/"),
    "exchange:posting_action": ("posting", "/exchange/postings/{pk}/approve/"),
    "exchange:team_member": ("team", "/exchange/teams/{pk}/members/"),
    "exchange:team_start": ("team", "/exchange/teams/{pk}/start/"),
    "exchange:team_goal_create": ("team", "/exchange/teams/{pk}/goals/"),
    "exchange:goal_update": ("goal", "/exchange/goals/{pk}/"),
    "exchange:outcome_create": ("goal", "/exchange/goals/{pk}/outcomes/"),
    "exchange:mentorship_note": ("mentorship", "/exchange/mentorships/{pk}/notes/"),
    "exchange:engagement_session": ("engagement", "/exchange/engagements/{pk}/sessions/"),
    "exchange:base_service_team": ("base", "/exchange/bases/{pk}/teams/"),
}
# Edit forms of one record: like a detail page, but read-only roles get 403 (GET and POST).
EDIT_PAGES = {
    "exchange:posting_edit": ("posting", "/exchange/postings/{pk}/edit/"),
    "exchange:mentorship_edit": ("mentorship", "/exchange/mentorships/{pk}/edit/"),
    "exchange:engagement_edit": ("engagement", "/exchange/engagements/{pk}/edit/"),
    "exchange:base_edit": ("base", "/exchange/bases/{pk}/edit/"),
}
# Evidence files are downloaded (GET) by those who see the goal; none is attached here.
GET_PAGES = {"exchange:evidence": ("goal", "/exchange/goals/{pk}/evidence/")}
test_page_matrix.EXTRA_COVERED |= (set(DETAIL_PAGES) | set(LIST_PAGES) | set(FORM_PAGES)
                                   | set(POST_PAGES) | set(GET_PAGES) | set(EDIT_PAGES))


@pytest.mark.parametrize("role", ROLES)
def test_exchange_pages(refdata, role):
    world = build_exchange_world()
    client = client_for(world, role)
    for name, (entity, url) in DETAIL_PAGES.items():
        for side in ("in", "out"):
            response = client.get(url.format(pk=world[side][entity].pk))
            if role == "anonymous":
                assert response.status_code == 302, name
            elif entity == "organisation":
                visible = role == "admin" or (side == "in" and role in SEES | {"self_service"})
                assert response.status_code == (200 if visible else 404), (name, side)
            else:
                visible = role == "admin" or (side == "in" and role in SEES)
                assert response.status_code == (200 if visible else 404), (name, side)
    for name, url in {**LIST_PAGES, **FORM_PAGES}.items():
        response = client.get(url)
        assert response.status_code == page_status(role, name), name
        if name in LIST_PAGES and role not in ("anonymous", "admin") and not url.endswith(".xlsx"):
            assert "新技术out" not in response.content.decode() and "工作站out" not in response.content.decode()
    for name, (entity, url) in GET_PAGES.items():
        for side in ("in", "out"):
            response = client.get(url.format(pk=world[side][entity].pk))
            assert response.status_code == (302 if role == "anonymous" else 404), (name, side)
    check_post_pages(client, role, world, POST_PAGES, SEES, CHANGES)


@pytest.mark.parametrize("role", ROLES)
def test_exchange_edit_pages(refdata, role):
    world = build_exchange_world()
    client = client_for(world, role)
    for name, (entity, url) in EDIT_PAGES.items():
        for side in ("in", "out"):
            record = world[side][entity]
            path = url.format(pk=record.pk)
            for method in ("get", "post"):
                data = {"version": record.version} if method == "post" else None
                response = getattr(client, method)(path, data)
                if role == "anonymous":
                    assert response.status_code == 302, (name, method)
                elif role != "admin" and (side == "out" or role not in SEES):
                    assert response.status_code == 404, (name, side, method)
                elif role not in CHANGES:
                    assert response.status_code == 403, (name, side, method)
                elif method == "get":
                    assert response.status_code == 200, (name, side)
                else:  # incomplete input: the form again with field errors
                    assert response.status_code == 200, (name, side, response.status_code)
            record.refresh_from_db()
            assert record.version == 1, (name, side)
