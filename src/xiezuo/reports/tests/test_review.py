"""Reviewing facts: accept / correct / reject, records, period, scope and roles."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region
from xiezuo.reports.models import Fact, FactKind, FactRecord, FactStatus, ReportDocument
from xiezuo.reports.services import upload_reports
from xiezuo.reports.tests.conftest import ARTICLE, OTHER_ARTICLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(wushan):
    Pairing.objects.create(level="city_county", east_region=Region.objects.get(code="370600"),
                           west_region=Region.objects.get(code="500237"), start=datetime.date(2021, 4, 1))
    Organisation.objects.create(name="巫山县中医院", kind="hospital", region=Region.objects.get(code="500237"))
    (outcome,) = upload_reports(actor=wushan, files=[("a.txt", ARTICLE.encode())], background=False)
    return outcome.document


def quantity(doc, value):
    return doc.facts.get(kind=FactKind.QUANTITY, data__value=value)


def test_accept_makes_a_record_linked_to_pairing_organisation_and_period(report, wushan, client_for):
    fact = quantity(report, 320)
    response = client_for(wushan).post(f"/api/facts/{fact.pk}/accept")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    record = FactRecord.objects.get(fact=fact)
    assert (record.indicator, record.value, record.unit) == ("medical_services", 320, "人次")
    assert record.pairing.east_region.code == "370600" and record.document == report
    assert record.organisation.name == "巫山县中医院"
    assert record.period_start == datetime.date(2024, 6, 18)
    assert response.json()["record"] == record.pk


def test_correct_stores_the_corrected_values(report, wushan, client_for):
    fact = quantity(report, 85)
    response = client_for(wushan).post(f"/api/facts/{fact.pk}/correct", {
        "value": 86, "qualifier": "at_least", "indicator": "professionals_sent", "subject": "医疗人才"},
        content_type="application/json")
    assert response.status_code == 200, response.content
    fact.refresh_from_db()
    assert fact.status == FactStatus.CORRECTED and fact.data["value"] == 85
    assert fact.corrected["value"] == 86 and fact.corrected["qualifier"] == "at_least"
    record = FactRecord.objects.get(fact=fact)
    assert (record.value, record.qualifier, record.subject) == (86, "at_least", "医疗人才")


def test_correct_a_pairing_by_region_codes(report, wushan, client_for):
    fact = report.facts.get(kind=FactKind.PAIRING)
    client_for(wushan).post(f"/api/facts/{fact.pk}/correct", {"east_code": "370000"},
                            content_type="application/json")
    fact.refresh_from_db()
    assert fact.values["east_code"] == "370000" and fact.values["east"] == "山东省"


def test_reject_makes_no_record_and_undoes_one(report, wushan, client_for):
    client = client_for(wushan)
    fact = quantity(report, 12)
    assert client.post(f"/api/facts/{fact.pk}/reject").json()["status"] == "rejected"
    assert not FactRecord.objects.exists()
    client.post(f"/api/facts/{fact.pk}/accept")
    assert FactRecord.objects.count() == 1
    client.post(f"/api/facts/{fact.pk}/reject")
    assert not FactRecord.objects.exists()


def test_bad_correction_names_the_fields_and_stores_nothing(report, wushan, client_for):
    fact = quantity(report, 12)
    client = client_for(wushan)
    response = client.post(f"/api/facts/{fact.pk}/correct", {"value": -3, "unit": ""},
                           content_type="application/json")
    assert response.status_code == 422
    fields = {e["loc"][-1] for e in response.json()["detail"]}
    assert {"value", "unit"} <= fields
    pairing = report.facts.get(kind=FactKind.PAIRING)
    response = client.post(f"/api/facts/{pairing.pk}/correct", {"west_code": "999999"},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "west_code"
    page = client.post(f"/reports/facts/{fact.pk}/correct/", {f"fact{fact.pk}-value": "abc"})
    assert page.status_code == 422
    card = client.post(f"/reports/facts/{fact.pk}/correct/", {f"fact{fact.pk}-value": "-1"},
                       HTTP_HX_REQUEST="true")
    assert card.status_code == 200 and "errorlist" in card.content.decode()
    fact.refresh_from_db()
    assert fact.status == FactStatus.PENDING and fact.corrected == {}
    assert not FactRecord.objects.exists()


def test_review_page_highlights_the_evidence_and_htmx_buttons_work(report, wushan, client_for):
    client = client_for(wushan)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "<mark>烟台市先后选派挂职干部12人、专业技术人才85人到巫山县开展帮扶。</mark>" in page
    assert "<script>" not in page.split("</head>")[1]
    fact = quantity(report, 1050)
    card = client.post(f"/reports/facts/{fact.pk}/accept/", HTTP_HX_REQUEST="true")
    assert card.status_code == 200 and f'id="fact-{fact.pk}"' in card.content.decode()
    other = quantity(report, 6)
    response = client.post(f"/reports/facts/{other.pk}/correct/", {
        f"fact{other.pk}-value": "7", f"fact{other.pk}-qualifier": "exact",
        f"fact{other.pk}-unit": "期", f"fact{other.pk}-indicator": "training_sessions",
        f"fact{other.pk}-subject": "培训班"})
    assert response.status_code == 302
    assert FactRecord.objects.get(fact=other).value == 7
    records = client.get("/reports/records/?indicator=training_sessions").content.decode()
    assert "培训班" in records and "当地教师和医生" not in records


def test_review_pages_ask_for_the_right_to_review_once_not_per_fact(report, wushan, make_user,
                                                                   client_for):
    """The queue and a report's page decide once whether the reader may review: their
    queries do not grow with the facts shown, and the buttons still follow the right."""
    def page(client, url):
        client.get(url)  # the session and the translations are loaded once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries.captured_queries), response.content.decode()

    client = client_for(wushan)
    auditor = client_for(make_user("aud", region="500237", role="auditor"))
    first = report.facts.count()
    few, queue = page(client, "/reports/facts/?status=all")
    assert queue.count('name="accept"') == first
    upload_reports(actor=wushan, files=[("b.txt", OTHER_ARTICLE.encode())], background=False)
    assert Fact.objects.count() > first
    more, queue = page(client, "/reports/facts/?status=all")
    assert more == few and queue.count('name="accept"') == Fact.objects.count()
    _, read_only = page(auditor, "/reports/facts/?status=all")
    assert read_only.count('class="fact ') == Fact.objects.count()
    assert 'name="accept"' not in read_only
    # A report's page: one decision for the report, whatever number of facts it holds.
    other = ReportDocument.objects.exclude(pk=report.pk).get()
    big, detail = page(client, f"/reports/{report.pk}/")
    small, _ = page(client, f"/reports/{other.pk}/")
    assert big == small and detail.count('name="accept"') == first
    _, read_only = page(auditor, f"/reports/{report.pk}/")
    assert read_only.count('class="fact ') == first and 'name="accept"' not in read_only


def test_period_edit_moves_the_records(report, wushan, client_for):
    client = client_for(wushan)
    client.post(f"/api/facts/{quantity(report, 12).pk}/accept")
    response = client.patch(f"/api/reports/{report.pk}", {
        "period_start": "2024-01-01", "period_end": "2024-12-31", "version": report.version},
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert FactRecord.objects.get().period_end == datetime.date(2024, 12, 31)
    bad = client.post(f"/reports/{report.pk}/period/", {
        "period_start": "2024-05-01", "period_end": "2024-01-01", "version": report.version + 1})
    assert bad.status_code == 422
    assert ReportDocument.objects.get().period_start == datetime.date(2024, 1, 1)


def test_another_county_sees_nothing(report, make_user, client_for, wushan):
    kaizhou = make_user("kz", region="500154")
    upload_reports(actor=kaizhou, files=[("kz.txt", OTHER_ARTICLE.encode())], background=False)
    client = client_for(kaizhou)
    fact = quantity(report, 12)
    client_for(wushan).post(f"/api/facts/{fact.pk}/accept")
    record = FactRecord.objects.get()
    for url in (f"/api/reports/{report.pk}", f"/api/facts/{fact.pk}", f"/api/fact-records/{record.pk}",
                f"/reports/{report.pk}/", f"/reports/{report.pk}/file/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/api/facts/{fact.pk}/accept").status_code == 404
    assert client.post(f"/reports/facts/{fact.pk}/accept/").status_code == 404
    assert {d["original_name"] for d in client.get("/api/reports/").json()["items"]} == {"kz.txt"}
    assert all(f["document"] != report.pk for f in client.get("/api/facts/").json()["items"])
    assert client.get("/api/fact-records/").json()["items"] == []
    for url in ("/reports/", "/reports/facts/?status=all", "/reports/records/"):
        assert "烟台" not in client.get(url).content.decode(), url
    # The eastern side of the pairing the report names sees it.
    yantai = make_user("yt", region="370600")
    assert client_for(yantai).get(f"/api/reports/{report.pk}").status_code == 200


def test_auditor_reads_but_may_not_review(report, make_user, client_for):
    auditor = make_user("aud", region="500237", role="auditor")
    client = client_for(auditor)
    fact = quantity(report, 12)
    assert client.get(f"/api/facts/{fact.pk}").status_code == 200
    assert client.post(f"/api/facts/{fact.pk}/accept").status_code == 403
    assert client.post(f"/reports/facts/{fact.pk}/accept/").status_code == 403
    assert client.post(f"/api/facts/{fact.pk}/correct", {"value": 3},
                       content_type="application/json").status_code == 403
    fact.refresh_from_db()
    assert fact.status == FactStatus.PENDING and not FactRecord.objects.exists()


def test_fact_filters(report, wushan, client_for):
    client = client_for(wushan)
    items = client.get("/api/facts/", {"kind": "pairing", "document": report.pk}).json()["items"]
    assert len(items) == 1 and items[0]["kind"] == "pairing"
    client.post(f"/api/facts/{items[0]['id']}/accept")
    assert client.get("/api/facts/", {"status": "accepted"}).json()["count"] == 1
    assert Fact.objects.filter(status="pending").count() == report.facts.count() - 1


def test_a_persons_organisation_is_found_in_the_registry_by_the_end_of_its_name(wushan, client_for):
    """The report writes 巫山县中医院; the registry knows it as 重庆市巫山县中医院."""
    Organisation.objects.create(name="重庆市巫山县中医院", kind="hospital",
                                region=Region.objects.get(code="500237"))
    (outcome,) = upload_reports(actor=wushan, files=[("a.txt", ARTICLE.encode())], background=False)
    person = outcome.document.facts.get(kind=FactKind.PERSON, data__name="施宏志")
    assert person.data["organisation"] == "巫山县中医院"
    assert client_for(wushan).post(f"/api/facts/{person.pk}/accept").status_code == 200
    assert FactRecord.objects.get(fact=person).organisation.name == "重庆市巫山县中医院"


def test_a_persons_organisation_registered_twice_is_the_one_in_the_reports_region(wushan, client_for):
    for region in ("500237", "500154"):
        Organisation.objects.create(name=f"{region}巫山县中医院", kind="hospital",
                                    region=Region.objects.get(code=region))
    (outcome,) = upload_reports(actor=wushan, files=[("a.txt", ARTICLE.encode())], background=False)
    person = outcome.document.facts.get(kind=FactKind.PERSON, data__name="施宏志")
    client_for(wushan).post(f"/api/facts/{person.pk}/accept")
    # the report places 巫山县中医院 in 500237: the one registered there
    assert FactRecord.objects.get(fact=person).organisation.region.code == "500237"
