"""Permission matrix of the reports endpoints and pages (reports, facts, fact records)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import test_api_matrix, test_page_matrix
from tests.matrix.world import ROLES, build_world, check, check_post_pages, client_for

pytestmark = pytest.mark.django_db
D = datetime.date
# Reports placed in 巫山县 (region) and with 巫山县中医院 (organisation); no self-service access.
SEES = {"admin", "coordinator", "auditor", "org_user"}
CHANGES = {"admin", "coordinator", "org_user"}
ARTICLE = ("烟台市与巫山县东西部协作\n\n本报讯 烟台市与重庆市巫山县深化东西部协作，"
           "烟台市选派挂职干部12人到巫山县开展帮扶。\n")


def build_reports_world(settings, tmp_path):
    from xiezuo.reports.models import Fact, FactRecord, ReportDocument

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    for side in ("in", "out"):
        doc = ReportDocument(
            original_name=f"{side}.txt", sha256=side * 20, script="hans", title=f"开州报告{side}",
            text=f"开州证据{side}。", segments=[{"index": 0, "title": "", "relevant": True,
                                              "start": 0, "end": 7}],
            region=world[side]["region"],
            organisation=world[side]["organisation"] if side == "in" else None,
            period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
        doc.file.save(f"{side}.txt", ContentFile(b"x"), save=False)
        doc.save()
        fact = Fact.objects.create(document=doc, kind="quantity", segment=0, evidence=f"开州证据{side}。",
                                   data={"value": 3, "qualifier": "exact", "unit": "人",
                                         "subject": "干部", "indicator": "cadres_sent"})
        accepted = Fact.objects.create(document=doc, kind="organisation", segment=0, status="accepted",
                                       data={"name": "单位", "kind": "hospital", "region_code": None})
        record = FactRecord.objects.create(kind="organisation", subject=f"开州记录{side}", document=doc,
                                           fact=accepted, period_start=D(2024, 1, 1),
                                           period_end=D(2024, 12, 31))
        world[side].update({"report": doc, "fact": fact, "factrecord": record})
    return world


def expect(role, side, write):
    if role == "anonymous":
        return {401}
    if role != "admin" and (side == "out" or role not in SEES):
        return {404}
    if write and role not in CHANGES:
        return {403}
    return None


ITEMS = {  # (method, path) → (entity, body)
    ("get", "/api/reports/{pk}"): ("report", None),
    ("patch", "/api/reports/{pk}"): ("report", "period"),
    ("get", "/api/facts/{pk}"): ("fact", None),
    ("post", "/api/facts/{pk}/accept"): ("fact", None),
    ("post", "/api/facts/{pk}/correct"): ("fact", {"value": 4}),
    ("post", "/api/facts/{pk}/reject"): ("fact", None),
    ("get", "/api/fact-records/{pk}"): ("factrecord", None),
}
LISTS = {"/api/reports/": "report", "/api/facts/": "fact", "/api/fact-records/": "factrecord"}
UPLOAD = ("post", "/api/reports/")
test_api_matrix.EXTRA_COVERED |= set(ITEMS) | {("get", p) for p in LISTS} | {UPLOAD}


@pytest.mark.parametrize("role", ROLES)
def test_reports_api(refdata, settings, tmp_path, role):
    world = build_reports_world(settings, tmp_path)
    client = client_for(world, role)
    for path, entity in LISTS.items():
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 401
            continue
        ids = {item["id"] for item in response.json()["items"]}
        for side in ("in", "out"):
            visible = role == "admin" or (side == "in" and role in SEES)
            assert (world[side][entity].pk in ids) == visible, (path, side)
    for (method, path), (entity, body) in ITEMS.items():
        for side in ("in", "out"):
            obj = world[side][entity]
            obj.refresh_from_db()
            if body == "period":
                body = {"period_start": "2024-02-01", "period_end": "2024-11-30"}
            payload = {**body, "version": obj.version} if isinstance(body, dict) else None
            url = path.format(pk=obj.pk)
            if method == "get":
                response = client.get(url)
            else:
                response = getattr(client, method)(url, payload or {}, content_type="application/json")
            check(response, expect(role, side, method != "get"), (method, path, side))
            body = ITEMS[(method, path)][1]
    response = client.post("/api/reports/", {"files": [SimpleUploadedFile("r.txt", ARTICLE.encode())]})
    expected = {"anonymous": 401, "admin": 201, "coordinator": 201, "org_user": 201}.get(role, 403)
    assert response.status_code == expected, response.content[:300]


# ---- pages --------------------------------------------------------------------------

DETAIL_PAGES = {
    "reports:document_detail": ("report", "/reports/{pk}/"),
    "reports:document_file": ("report", "/reports/{pk}/file/"),
    "reports:document_status": ("report", "/reports/{pk}/status/"),
}
LIST_PAGES = {"reports:document_list": "/reports/", "reports:fact_queue": "/reports/facts/?status=all",
              "reports:record_list": "/reports/records/"}
FORM_PAGES = {"reports:upload": "/reports/upload/"}
POST_PAGES = {
    "reports:document_period": ("report", "/reports/{pk}/period/"),
    "reports:fact_review": ("fact", "/reports/facts/{pk}/accept/"),
}
test_page_matrix.EXTRA_COVERED |= set(DETAIL_PAGES) | set(LIST_PAGES) | set(FORM_PAGES) | set(POST_PAGES)


@pytest.mark.parametrize("role", ROLES)
def test_reports_pages(refdata, settings, tmp_path, role):
    world = build_reports_world(settings, tmp_path)
    client = client_for(world, role)
    for name, (entity, url) in DETAIL_PAGES.items():
        for side in ("in", "out"):
            response = client.get(url.format(pk=world[side][entity].pk))
            if role == "anonymous":
                assert response.status_code == 302, name
            else:
                visible = role == "admin" or (side == "in" and role in SEES)
                assert response.status_code == (200 if visible else 404), (name, side)
    for name, url in {**LIST_PAGES, **FORM_PAGES}.items():
        response = client.get(url)
        assert response.status_code == (302 if role == "anonymous" else 200), name
        if name in LIST_PAGES and role not in ("anonymous", "admin"):
            text = response.content.decode()
            assert "开州报告out" not in text and "开州证据out" not in text and "开州记录out" not in text, name
    check_post_pages(client, role, world, POST_PAGES, SEES, CHANGES)
    upload = client.post("/reports/upload/", {"files": [SimpleUploadedFile("r.txt", ARTICLE.encode())]})
    expected = {"anonymous": 302, "admin": 200, "coordinator": 200, "org_user": 200}.get(role, 403)
    assert upload.status_code == expected, role


ACCEPT_SHOWN = "reports:accept_shown"
test_page_matrix.EXTRA_COVERED |= {ACCEPT_SHOWN}


@pytest.mark.parametrize("role", ROLES)
def test_accept_shown_takes_only_the_roles_own_pending_facts(refdata, settings, tmp_path, role):
    """Accept-all-shown: read-only roles 403; a fact outside the scope among those posted
    makes the whole batch refused (nothing accepted); in scope, every one accepted."""
    from xiezuo.reports.models import Fact, FactStatus

    world = build_reports_world(settings, tmp_path)
    client = client_for(world, role)
    ours, theirs = world["in"]["fact"], world["out"]["fact"]
    both = client.post("/reports/facts/accept-shown/", {"fact": [ours.pk, theirs.pk]})
    if role == "anonymous":
        assert both.status_code == 302 and "/accounts/login/" in both["Location"]
        return
    if role not in CHANGES:
        assert both.status_code == 403
        assert Fact.objects.filter(status=FactStatus.PENDING).count() == 2
        return

    def accepted():
        return set(Fact.objects.filter(pk__in=(ours.pk, theirs.pk), status=FactStatus.ACCEPTED)
                   .values_list("pk", flat=True))

    assert both.status_code == 302
    if role == "admin":
        assert accepted() == {ours.pk, theirs.pk}
        return
    assert accepted() == set()  # one was not theirs: nothing written
    assert client.post("/reports/facts/accept-shown/", {"fact": [ours.pk]}).status_code == 302
    assert accepted() == {ours.pk}
