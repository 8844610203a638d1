"""API: CRUD round trips with nested targets, filters, errors naming the field, scope."""

import pytest

from xiezuo.cooperation.models import Agreement, AgreementTarget, Project
from xiezuo.cooperation.tests.world import build

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def world(refdata, make_user):
    return build(make_user)


def test_agreement_round_trip_with_targets(world, client_for):
    client = client_for(world["coordinator"])
    body = {"title": "巫山教育协议", "kind": "education", "pairing": "烟台市—巫山县",
            "east_party": "烟台山医院", "west_party": world["west"].pk,
            "start": "2025-01-01", "end": "2027-12-31", "reference": "烟巫〔2025〕3号",
            "targets": [{"year": 2025, "measure": "trainees", "target": "300"},
                        {"year": 2026, "measure": "funds", "target": 1200000.5}]}
    created = client.post("/api/agreements/", body, content_type=JSON)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["pairing"] == world["yt_ws"].pk and data["pairing_name"] == "烟台市—巫山县"
    assert data["east_party_name"] == "烟台山医院"
    assert sorted((t["year"], t["measure"]) for t in data["targets"]) == [(2025, "trainees"),
                                                                         (2026, "funds")]
    pk = data["id"]
    read = client.get(f"/api/agreements/{pk}").json()
    assert read == data
    patched = client.patch(f"/api/agreements/{pk}", {"version": 1, "targets": [
        {"year": 2027, "measure": "cadres_sent", "target": 5}]}, content_type=JSON)
    assert patched.status_code == 200, patched.content
    assert [(t["year"], t["measure"]) for t in patched.json()["targets"]] == [(2027, "cadres_sent")]
    assert patched.json()["version"] == 2
    stale = client.patch(f"/api/agreements/{pk}", {"version": 1, "note": "x"}, content_type=JSON)
    assert stale.status_code == 409
    kept = client.patch(f"/api/agreements/{pk}", {"version": 2, "note": "备注"}, content_type=JSON)
    assert kept.json()["note"] == "备注" and len(kept.json()["targets"]) == 1
    replaced = client.put(f"/api/agreements/{pk}", {**body, "version": 3}, content_type=JSON)
    assert replaced.status_code == 200 and len(replaced.json()["targets"]) == 2
    listed = client.get("/api/agreements/?year=2027&kind=education").json()["items"]
    assert [a["id"] for a in listed] == [pk]
    assert client.get("/api/agreements/?year=2024").json()["items"] == []
    assert client.delete(f"/api/agreements/{pk}").status_code == 204
    assert not AgreementTarget.objects.filter(agreement_id=pk).exists()


@pytest.mark.parametrize(("change", "loc"), [
    ({"targets": [{"year": 2030, "measure": "trainees", "target": 1}]}, "targets.1.year"),
    ({"east_party": "巫山县中医院"}, "east_party"),
    ({"end": "2020-01-01"}, "end"),
    ({"pairing": "烟台市—开州区"}, "pairing"),
    ({"pairing": 999999}, "pairing"),
    ({"east_party": "没有这家单位"}, "east_party"),
])
def test_agreement_errors_name_the_field(world, client_for, change, loc):
    client = client_for(world["coordinator"])
    body = {"title": "错", "kind": "health", "pairing": world["yt_ws"].pk, "start": "2025-01-01",
            "end": "2026-12-31", **change}
    before = (Agreement.objects.count(), AgreementTarget.objects.count())
    response = client.post("/api/agreements/", body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert ["body", loc] in [e["loc"] for e in response.json()["detail"]], response.json()
    assert (Agreement.objects.count(), AgreementTarget.objects.count()) == before


def test_negative_target_is_refused_by_the_schema(world, client_for):
    response = client_for(world["coordinator"]).post("/api/agreements/", {
        "title": "x", "kind": "health", "pairing": world["yt_ws"].pk, "start": "2025-01-01",
        "end": "2025-12-31", "targets": [{"year": 2025, "measure": "funds", "target": -1}]},
        content_type=JSON)
    assert response.status_code == 422
    assert "target" in response.json()["detail"][0]["loc"]


@pytest.mark.parametrize(("path", "body", "patch", "filters"), [
    ("/api/projects/", {"name": "巫山冷链", "category": "industry", "pairing": "烟台—巫山",
                        "organisation": "巫山县中医院", "year": 2026, "funds": "18000000",
                        "status": "in_progress"}, {"status": "completed"},
     "?year=2026&category=industry&status=in_progress"),
    ("/api/labour/", {"title": "网络招聘会", "kind": "online", "pairing": "烟台市-巫山县",
                      "date": "2026-02-10", "positions_offered": 100, "people_hired": 10,
                      "employed_locally": 4, "employed_in_east": 6}, {"people_hired": 12},
     "?year=2026&kind=online"),
    ("/api/consumption/", {"title": "消费帮扶2026", "pairing": "烟台市↔巫山县", "year": 2026,
                           "companies_registered": 3, "cooperatives_registered": 2,
                           "sales": 1000}, {"sales": "2000.50"}, "?year=2026"),
])
def test_record_round_trips(world, client_for, path, body, patch, filters):
    client = client_for(world["coordinator"])
    created = client.post(path, body, content_type=JSON)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["pairing"] == world["yt_ws"].pk
    pk = data["id"]
    assert client.get(f"{path}{pk}").json() == data
    assert [r["id"] for r in client.get(path + filters).json()["items"]] == [pk]
    assert [r["id"] for r in client.get(f"{path}?pairing={world['yt_ws'].pk}&region=500237")
            .json()["items"]].count(pk) == 1
    changed = client.patch(f"{path}{pk}", {"version": 1, **patch}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    assert client.put(f"{path}{pk}", {**body, "version": 2}, content_type=JSON).status_code == 200
    assert client.delete(f"{path}{pk}").status_code == 204
    assert client.get(f"{path}{pk}").status_code == 404


def test_labour_employed_beyond_hired(world, client_for):
    response = client_for(world["coordinator"]).post("/api/labour/", {
        "title": "x", "kind": "online", "pairing": world["yt_ws"].pk, "date": "2026-01-01",
        "people_hired": 1, "employed_locally": 1, "employed_in_east": 1}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "people_hired"]


def test_scope(world, client_for):
    stranger = client_for(world["stranger"])
    for path, key in (("/api/agreements/", "agreement"), ("/api/projects/", "project"),
                      ("/api/labour/", "labour"), ("/api/consumption/", "consumption")):
        record = world[key]
        ids = {r["id"] for r in stranger.get(path).json()["items"]}
        assert record.pk not in ids and world[f"other_{key}"].pk in ids
        assert stranger.get(f"{path}{record.pk}").status_code == 404
        assert stranger.patch(f"{path}{record.pk}", {"version": 1}, content_type=JSON).status_code == 404
        assert stranger.delete(f"{path}{record.pk}").status_code == 404
    # The other county cannot name our pairing.
    response = stranger.post("/api/projects/", {"name": "x", "category": "health",
                                                 "pairing": world["yt_ws"].pk, "year": 2025},
                             content_type=JSON)
    assert response.status_code == 422
    auditor = client_for(world["auditor"])
    assert auditor.get(f"/api/projects/{world['project'].pk}").status_code == 200
    assert auditor.patch(f"/api/projects/{world['project'].pk}", {"version": 1, "funds": 1},
                         content_type=JSON).status_code == 403
    assert auditor.delete(f"/api/agreements/{world['agreement'].pk}").status_code == 403
    assert auditor.post("/api/consumption/", {"title": "x", "pairing": world["yt_ws"].pk,
                                              "year": 2025}, content_type=JSON).status_code == 403
    # The hospital's own user sees the agreement and project that name it, not the rest.
    org_user = client_for(world["org_user"])
    assert {a["id"] for a in org_user.get("/api/agreements/").json()["items"]} == {world["agreement"].pk}
    assert {p["id"] for p in org_user.get("/api/projects/").json()["items"]} == {world["project"].pk}
    assert org_user.get("/api/labour/").json()["items"] == []
    assert Project.objects.get(pk=world["project"].pk).funds == 3500000
