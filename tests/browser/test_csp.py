"""The pages satisfy the Content-Security-Policy: a real browser reports no violation."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/regions/", "/regions/500237/", "/regions/pairings/", "/organisations/",
         "/people/", "/people/{person}/", "/organisations/import/", "/imports/", "/api/docs",
         "/exchange/", "/exchange/postings/", "/exchange/timeline/?region=500237",
         "/admin/", "/admin/people/person/", "/admin/people/person/{person}/change/",
         "/insights/", "/insights/coverage/", "/insights/report/", "/insights/map/"]


def test_no_csp_violations(live_server, page):
    call_command("demo", verbosity=0)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text else None)
    page.on("pageerror", lambda err: violations.append(str(err)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "xiezuo-demo-2026")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url(f"{live_server.url}/")
    from xiezuo.people.models import Person

    person = Person.objects.order_by("pk").first().pk
    for url in PAGES:
        response = page.goto(f"{live_server.url}{url.format(person=person)}")
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
    if "/api/docs" in PAGES:
        page.goto(f"{live_server.url}/api/docs")
        page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert violations == []
