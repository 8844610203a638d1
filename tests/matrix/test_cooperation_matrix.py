"""Permission matrix of the cooperation endpoints and pages (agreements with targets,
projects, labour cooperation, consumption assistance)."""

import datetime
import io

import openpyxl
import pytest

from tests.matrix import test_api_matrix, test_page_matrix
from tests.matrix.world import (
    ROLES,
    build_world,
    check_crud,
    client_for,
    crud_operations,
    page_status,
)

pytestmark = pytest.mark.django_db
D = datetime.date
ENTITIES = {"/api/agreements/": "agreement", "/api/projects/": "project", "/api/labour/": "labour",
            "/api/consumption/": "consumption"}
# Every record is placed by both sides of its pairing: the in-scope pairing joins 烟台 and
# 巫山县 (its hospitals), so 巫山's coordinator, auditor and the hospital's users see it.
SEES = {"admin", "coordinator", "auditor", "org_user"}
CHANGES = {"admin", "coordinator", "org_user"}


def build_cooperation_world():
    from xiezuo.cooperation.models import (
        Agreement,
        AgreementTarget,
        ConsumptionAssistance,
        LabourCooperation,
        Project,
    )

    world = build_world()
    for side in ("in", "out"):
        pairing = world[side]["pairing"]
        agreement = Agreement.objects.create(title=f"协议{side}", kind="health", pairing=pairing,
                                             start=D(2025, 1, 1), end=D(2026, 12, 31))
        AgreementTarget.objects.create(agreement=agreement, year=2025, measure="trainees", target=10)
        world[side].update({
            "agreement": agreement,
            "project": Project.objects.create(name=f"项目{side}", category="health", pairing=pairing,
                                              year=2025, funds=100),
            "labour": LabourCooperation.objects.create(title=f"招聘会{side}", kind="online",
                                                       pairing=pairing, date=D(2025, 3, 1)),
            "consumption": ConsumptionAssistance.objects.create(title=f"消费帮扶{side}", pairing=pairing,
                                                                year=2025),
        })
    return world


def body(entity, side, world):
    pairing = world[side]["pairing"].pk
    return {
        "agreement": {"title": "新协议", "kind": "health", "pairing": pairing, "start": "2025-01-01",
                      "end": "2025-12-31", "targets": [{"year": 2025, "measure": "funds", "target": 1}]},
        "project": {"name": "新项目", "category": "industry", "pairing": pairing, "year": 2026},
        "labour": {"title": "新招聘会", "kind": "offline", "pairing": pairing, "date": "2026-01-01"},
        "consumption": {"title": "新消费帮扶", "pairing": pairing, "year": 2026},
    }[entity]


PATCHES = {"agreement": {"note": "改"}, "project": {"status": "completed"}, "labour": {"people_hired": 0},
           "consumption": {"sales": 5}}


OPERATIONS = crud_operations(ENTITIES)
test_api_matrix.EXTRA_COVERED |= {(m, p) for m, p, _ in OPERATIONS}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "kind"), OPERATIONS)
def test_cooperation_crud(refdata, role, method, path, kind):
    world = build_cooperation_world()
    entity = ENTITIES[path.split("{")[0]]
    check_crud(client_for(world, role), world, role, method, path, kind, entity=entity,
               sees_roles=SEES, change_roles=CHANGES,
               body=lambda side: body(entity, side, world), patch=PATCHES[entity])


# ---- pages --------------------------------------------------------------------------

SEGMENTS = {"agreement": "agreements", "project": "projects", "labour": "labour",
            "consumption": "consumption"}
EXCEL = {"agreement": "agreements", "agreement_target": "agreements/targets", "project": "projects",
         "labour": "labour", "consumption": "consumption"}
DETAIL_PAGES = {f"cooperation:{k}_detail": (k, f"/cooperation/{s}/{{pk}}/") for k, s in SEGMENTS.items()}
# Lists and exports: the out-of-scope record's marker must not show (the targets export
# names the agreement of each target).
MARKERS = {"agreement": "协议out", "agreement_target": "协议out", "project": "项目out",
           "labour": "招聘会out", "consumption": "消费帮扶out"}
LIST_PAGES = {f"cooperation:{k}_list": (f"/cooperation/{s}/", MARKERS[k]) for k, s in SEGMENTS.items()}
LIST_PAGES |= {f"cooperation:{k}_export": (f"/cooperation/{s}/export.xlsx", MARKERS[k])
               for k, s in EXCEL.items()}
FORM_PAGES = {f"cooperation:{k}_create": f"/cooperation/{s}/new/" for k, s in SEGMENTS.items()}
FORM_PAGES |= {f"cooperation:{k}_template": f"/cooperation/{s}/template.xlsx" for k, s in EXCEL.items()}
FORM_PAGES |= {f"cooperation:{k}_import": f"/cooperation/{s}/import/" for k, s in EXCEL.items()}
CHANGE_PAGES = {f"cooperation:{k}_edit": (k, f"/cooperation/{s}/{{pk}}/edit/") for k, s in SEGMENTS.items()}
test_page_matrix.EXTRA_COVERED |= (set(DETAIL_PAGES) | set(LIST_PAGES) | set(FORM_PAGES)
                                   | set(CHANGE_PAGES))


def _text(response, url):
    if url.endswith(".xlsx"):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_cooperation_pages(refdata, role):
    world = build_cooperation_world()
    client = client_for(world, role)
    for name, (entity, url) in DETAIL_PAGES.items():
        for side in ("in", "out"):
            response = client.get(url.format(pk=world[side][entity].pk))
            if role == "anonymous":
                assert response.status_code == 302, name
                continue
            visible = role == "admin" or (side == "in" and role in SEES)
            assert response.status_code == (200 if visible else 404), (name, side)
    for name, (url, marker) in LIST_PAGES.items():
        response = client.get(url)
        assert response.status_code == (302 if role == "anonymous" else 200), name
        if role != "anonymous":
            assert (marker in _text(response, url)) == (role == "admin"), (name, role)
    for name, url in FORM_PAGES.items():
        response = client.get(url)
        assert response.status_code == page_status(role, name), name
    for name, (entity, url) in CHANGE_PAGES.items():
        for side in ("in", "out"):
            target = url.format(pk=world[side][entity].pk)
            for method in ("get", "post"):
                response = getattr(client, method)(target, {})
                if role == "anonymous":
                    assert response.status_code == 302, name
                elif role != "admin" and (side == "out" or role not in SEES):
                    assert response.status_code == 404, (name, side, method)
                elif role not in CHANGES:
                    assert response.status_code == 403, (name, side, method)
                else:
                    assert response.status_code < 500, (name, side, method)
